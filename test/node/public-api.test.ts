/**
 * One public API: every name the package root exports (src/index.ts) is documented in docs/api.md,
 * and the one-file bundle exports nothing the root does not. (That no module exports what nothing
 * imports is `npm run check:exports`, knip.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The names of `export { a, b as c }` and `export type { … }` statements of a module's text. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()!.replace(/^type\s+/, '').trim();
      if (name) names.add(name);
    }
  }
  return names;
}

test('every name the package root exports is documented in docs/api.md', () => {
  const api = read('docs/api.md');
  const root = exportedNames(read('src/index.ts'));
  assert.ok(root.size > 30, `the root's exports were read (${root.size})`);
  const undocumented = [...root].filter((name) => !api.includes(`\`${name}\``) && !api.includes(`\`${name}(`));
  assert.deepEqual(undocumented, [], 'each export is named in docs/api.md');
});

test('the one-file bundle exports only what the package root exports', () => {
  const root = exportedNames(read('src/index.ts'));
  const extra = [...exportedNames(read('src/bundle.ts'))].filter((name) => !root.has(name));
  assert.deepEqual(extra, [], 'no export of the bundle is missing from the root');
});
