/**
 * `npm run lint:tests` (scripts/check-tests.ts): a message-less assert.ok / assert() in test/node is
 * an error, because its failure can hang node --test under tsx.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTests, findMessageless } from '../../scripts/check-tests.js';

const calls = (text: string) => findMessageless('x.test.ts', text).map((f) => `${f.line}:${f.column} ${f.call}`);

test('finds assert.ok and assert() without a message, whatever the arguments hold', () => {
  const text = [
    "import assert from 'node:assert/strict';",
    'assert.ok(f(a, b));',
    "assert.ok(xs.some((x) => x === ',' || g(x, ')')));",
    'assert(',
    '  a > (b, c),',
    ');',
    "assert.strict.ok(s.includes('a, b'));",
    'assert.equal(a, b);',
    "assert.ok(f(a, b), 'has a message');",
    "assert(x, `also ${x}`);",
    'other.ok(x);',
  ].join('\n');
  assert.deepEqual(calls(text), [
    '2:1 assert.ok(f(a, b))',
    "3:1 assert.ok(xs.some((x) => x === ',' || g(x, ')')))",
    '4:1 assert( a > (b, c), )',
    "7:1 assert.strict.ok(s.includes('a, b'))",
  ], 'exactly the four calls without a message');
});

test('follows the names node:assert is imported under', () => {
  const text = [
    "import * as A from 'node:assert';",
    "import { ok, ok as check, strict } from 'assert';",
    'A.ok(1); A(1); ok(1); check(1); strict(1); strict.ok(1);',
    "ok(1, 'm'); check(1, 'm'); A.ok(...args);",
  ].join('\n');
  assert.deepEqual(calls(text).map((c) => c.split(' ')[1]), ['A.ok(1)', 'A(1)', 'ok(1)', 'check(1)', 'strict(1)', 'strict.ok(1)'], 'six calls; a spread may carry the message');
  assert.deepEqual(calls("const assert = (x: unknown) => x;\nassert(1);"), [], 'an `assert` that is not node:assert is left alone');
});

test('test/node has no message-less assertion', () => {
  const { files, findings } = checkTests();
  assert.ok(files >= 5, `${files} files checked`);
  assert.deepEqual(findings, [], 'every assert.ok / assert() has a message');
});
