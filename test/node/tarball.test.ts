/**
 * What the two tarballs hold, as the registry would serve them: a package.json without what only
 * this repository uses, `sideEffects` naming shipped files, no source maps, types for every entry
 * (the one-file bundle's included), the manifest at the current schema, the elements within their
 * packed-size budget, and publint (strict) and arethetypeswrong clean on each.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MANIFEST_SCHEMA_VERSION, ROOT } from '../../scripts/manifest.js';
import { npm, packed, run } from './helpers/hosts.js';

/** The elements' packed size budget (npm pack's `size`: the gzipped tarball). */
const PACKED_BUDGET_BYTES = 450_000;

const unpacked = new Map<string, string>();
after(() => { for (const dir of unpacked.values()) rmSync(dir, { recursive: true, force: true }); });

/** The tarball's files, unpacked in a temp folder (its `package/`). */
function contents(tarball: string): string {
  let dir = unpacked.get(tarball);
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'ct-tarball-'));
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    unpacked.set(tarball, dir);
  }
  return join(dir, 'package');
}

const manifestOf = (tarball: string) => JSON.parse(readFileSync(join(contents(tarball), 'package.json'), 'utf8')) as Record<string, unknown>;
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

test('the published package.json of each package has no scripts, dev dependencies, workspaces or file: specs; the repository keeps its own', () => {
  const repository = readFileSync(join(ROOT, 'package.json'), 'utf8');
  for (const [name, { tarball }] of Object.entries(packed())) {
    const pkg = manifestOf(tarball);
    for (const field of ['scripts', 'devDependencies', 'workspaces', 'overrides']) assert.equal(pkg[field], undefined, `${name}: ${field} is not published`);
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      const specs = Object.entries((pkg[field] ?? {}) as Record<string, string>).filter(([, spec]) => /^(file|link|workspace):/.test(spec));
      assert.deepEqual(specs, [], `${name}: ${field} name nothing on this disk`);
    }
  }
  // The pack put the repository's package.json back as it was.
  assert.equal(readFileSync(join(ROOT, 'package.json'), 'utf8'), repository);
  assert.ok((JSON.parse(repository) as { scripts?: object }).scripts, 'the repository keeps its scripts');
  assert.equal(existsSync(join(ROOT, '.package.json.repository')), false, 'no kept copy is left behind');
});

test('sideEffects names only files the elements ship, and every define module is one', () => {
  const { elements } = packed();
  const sideEffects = manifestOf(elements.tarball).sideEffects as string[];
  const matches = (pattern: string) => {
    const re = new RegExp(`^${pattern.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return elements.files.filter((f) => re.test(f));
  };
  assert.deepEqual(sideEffects.filter((p) => matches(p).length === 0), [], `each entry names a shipped file: ${JSON.stringify(sideEffects)}`);
  const defines = elements.files.filter((f) => /^dist\/define\/ct-[\w-]+\.js$/.test(f));
  assert.ok(defines.length >= 7, `the define modules ship: ${defines.join(', ')}`);
  assert.deepEqual(defines.filter((f) => !sideEffects.some((p) => matches(p).includes(f))), [], 'every define module is a side effect');
});

test('no source maps ship, and no module points to one', () => {
  for (const [name, { tarball, files }] of Object.entries(packed())) {
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], `${name} ships no .map files`);
    const dir = contents(tarball);
    const pointing = files.filter((f) => /\.(js|d\.ts)$/.test(f) && readFileSync(join(dir, f), 'utf8').includes('sourceMappingURL'));
    assert.deepEqual(pointing, [], `${name}: no module names a source map`);
  }
});

test('the one-file bundle has its types, in exports and for node10 resolution', () => {
  const { elements } = packed();
  const pkg = manifestOf(elements.tarball) as { exports: Record<string, { types?: string; default?: string }>; typesVersions: Record<string, Record<string, string[]>> };
  const entry = pkg.exports['./cloudtrail-elements.bundle.js']!;
  assert.equal(entry.types, './dist/cloudtrail-elements.bundle.d.ts');
  assert.equal(entry.default, './dist/cloudtrail-elements.bundle.js');
  assert.deepEqual(pkg.typesVersions['*']!['cloudtrail-elements.bundle.js'], ['./dist/cloudtrail-elements.bundle.d.ts']);
  const types = readFileSync(join(contents(elements.tarball), 'dist', 'cloudtrail-elements.bundle.d.ts'), 'utf8');
  // What the bundle exports, no more: the classes, the store, the events.
  for (const name of ['CtEventHistory', 'CtEventTable', 'InvestigationStore', 'LookupController']) assert.match(types, new RegExp(`\\b${name}\\b`), `the bundle's types export ${name}`);
});

test('custom-elements.json says the current schema version', () => {
  const { elements } = packed();
  const manifest = JSON.parse(readFileSync(join(contents(elements.tarball), 'custom-elements.json'), 'utf8')) as { schemaVersion: string };
  assert.equal(manifest.schemaVersion, MANIFEST_SCHEMA_VERSION);
  assert.equal(MANIFEST_SCHEMA_VERSION, '2.1.0');
});

test(`the elements pack to at most ${PACKED_BUDGET_BYTES / 1000} kB (npm pack --dry-run)`, () => {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [report] = JSON.parse(out) as { name: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }[];
  assert.equal(report!.name, 'cloudtrail-elements');
  const largest = [...report!.files].sort((a, b) => b.size - a.size).slice(0, 8).map((f) => `${f.path} ${(f.size / 1000).toFixed(1)} kB`);
  assert.ok(report!.size <= PACKED_BUDGET_BYTES, `packed ${(report!.size / 1000).toFixed(1)} kB (unpacked ${(report!.unpackedSize / 1000).toFixed(1)} kB); largest: ${largest.join(', ')}`);
});

test('publint (strict) and arethetypeswrong find nothing in either tarball', { timeout: 240_000 }, async () => {
  for (const [name, { tarball }] of Object.entries(packed())) {
    const lint = await run(bin('publint'), ['--strict', tarball], ROOT);
    assert.equal(lint.code, 0, `publint ${name}:\n${lint.out}`);
    assert.match(lint.out, /All good/, `publint ${name}:\n${lint.out}`);
    // Every entry, node10 included, and the imports inside the declarations; the packages are ES
    // modules only, so a require() from CommonJS is not a goal.
    const types = await run(bin('attw'), [tarball, '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii'], ROOT);
    assert.equal(types.code, 0, `arethetypeswrong ${name}:\n${types.out}`);
  }
});

