/**
 * `npm run lint:tests`: every `assert.ok(...)` / `assert(...)` in test/node carries a message.
 *
 * Why: when a message-less `assert.ok` fails, Node 20 rebuilds the expression from the
 * source file at the call site's line and column. tsx runs a test file compiled onto one line, so
 * that column lies far past the original line, and Node's source lookup re-parses the rest of the
 * file token by token (nodejs/node#52962, privatenumber/tsx#548): on test/node/emulator.test.ts it
 * spins for minutes, the per-test timeout cannot fire in the blocked event loop, and the runner
 * kills the whole file at 240 s without showing the failing assertion. With a message, Node reads
 * no source at all.
 *
 * Parsed with the TypeScript compiler, so nested parentheses, commas in strings and multi-line
 * calls count right. Usage: `node --import tsx scripts/check-tests.ts [files or folders...]`
 * (default test/node). Exits 1 and lists `file:line:col` for each call without a message.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ASSERT_MODULES = new Set(['assert', 'assert/strict', 'node:assert', 'node:assert/strict']);

export interface Finding {
  file: string;
  line: number;
  column: number;
  call: string;
}

/** The calls in one source text that fail without a message: `assert(x)`, `assert.ok(x)`, `ok(x)`. */
export function findMessageless(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // Local names bound to node:assert: objects that are callable and have .ok / .strict, and `ok`.
  const objects = new Set<string>();
  const oks = new Set<string>();
  for (const stmt of source.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier) || !ASSERT_MODULES.has(stmt.moduleSpecifier.text)) continue;
    const clause = stmt.importClause;
    if (!clause) continue;
    if (clause.name) objects.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) objects.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) {
        const imported = (el.propertyName ?? el.name).text;
        if (imported === 'ok') oks.add(el.name.text);
        if (imported === 'strict' || imported === 'default') objects.add(el.name.text);
      }
    }
  }
  const isAssertObject = (e: ts.Expression): boolean =>
    (ts.isIdentifier(e) && objects.has(e.text)) || (ts.isPropertyAccessExpression(e) && e.name.text === 'strict' && isAssertObject(e.expression));
  const needsMessage = (callee: ts.Expression): boolean =>
    isAssertObject(callee) || (ts.isIdentifier(callee) && oks.has(callee.text)) || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'ok' && isAssertObject(callee.expression));

  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && needsMessage(node.expression)) {
      const spread = node.arguments.some((a) => ts.isSpreadElement(a));
      if (!spread && node.arguments.length < 2) {
        const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ file, line: line + 1, column: character + 1, call: node.getText(source).replace(/\s+/g, ' ').slice(0, 100) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((d) => d.name !== 'node_modules' && !d.name.startsWith('.'))
    .flatMap((d) => (d.isDirectory() ? tsFiles(join(path, d.name)) : /\.(c|m)?tsx?$/.test(d.name) ? [join(path, d.name)] : []))
    .sort();
}

export function checkTests(paths: string[] = [join(ROOT, 'test', 'node')]): { files: number; findings: Finding[] } {
  const files = paths.flatMap((p) => tsFiles(resolve(p)));
  return { files: files.length, findings: files.flatMap((f) => findMessageless(relative(ROOT, f), readFileSync(f, 'utf8'))) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const { files, findings } = checkTests(args.length ? args : undefined);
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.call}`);
  if (findings.length) {
    console.error(`\n${findings.length} assertion(s) without a message. Add one: a failing message-less assert.ok can hang node --test under tsx (see scripts/check-tests.ts).`);
    process.exit(1);
  }
  console.log(`lint:tests: every assert.ok / assert() in ${files} file(s) has a message`);
}
