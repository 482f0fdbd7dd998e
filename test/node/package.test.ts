/**
 * What the packages promise their users: custom-elements.json (and the editor data and API reference
 * made from it) current and complete, a React prop for every `ct-` event, the package shapes, two
 * tarballs that install apart (the elements without DuckDB, the emulator with its command), and a
 * brand-new vite app that installs both and type-checks (scripts/check-pack.ts).
 */
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementsOf, GENERATED, publicMembers, ROOT, staleFiles } from '../../scripts/manifest.js';
import { checkPack } from '../../scripts/check-pack.js';
import { elementsOnlyDir, emulatorOnlyDir, hostsDir, npm, packed, run } from './helpers/hosts.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const manifest = JSON.parse(read('custom-elements.json'));
const elements = elementsOf(manifest);
const eventNames = [...read('src/elements/events.ts').matchAll(/extends ctEvent\('([^']+)'/g)].map((m) => m[1]!);

test('custom-elements.json, the editor data and docs/api.md are current; a stale copy is caught', () => {
  assert.deepEqual(staleFiles(), [], 'run `npm run analyze` after changing the JSDoc in src/elements');
  const copy = mkdtempSync(join(ROOT, '.tmp', 'stale-'));
  try {
    for (const path of GENERATED) cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    writeFileSync(join(copy, 'web-types.json'), read('web-types.json').replace('"ct-event-table"', '"ct-event-tabel"'));
    assert.deepEqual(staleFiles(copy), ['web-types.json']);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('the manifest describes every tag, attribute, property, method, event, slot, part and CSS property', () => {
  assert.deepEqual(elements.map((e) => e.tagName), ['ct-event-detail', 'ct-event-facets', 'ct-event-history', 'ct-event-table', 'ct-event-timeline', 'ct-lookup-filter', 'ct-lookup-provider']);
  const undescribed: string[] = [];
  for (const el of elements) {
    if (!el.summary?.trim()) undescribed.push(`${el.tagName} (summary)`);
    const lists = {
      attribute: el.attributes, property: publicMembers(el, 'field'), method: publicMembers(el, 'method'),
      event: el.events, slot: el.slots, part: el.cssParts, 'CSS property': el.cssProperties,
    };
    for (const [kind, list] of Object.entries(lists)) {
      for (const x of list ?? []) if (!x.description?.trim()) undescribed.push(`${el.tagName} ${kind} ${x.name || '(default)'}`);
    }
    for (const e of el.events ?? []) {
      assert.ok(eventNames.includes(e.name), `${el.tagName} lists an unknown event ${e.name}`);
      assert.match(e.type?.text ?? '', /^Ct\w+Event$/, `${el.tagName} ${e.name} has its event class as type`);
      assert.match(e.description ?? '', /Payload: `event\.\w+`|No payload\./, `${el.tagName} ${e.name} names its payload`);
    }
  }
  assert.deepEqual(undescribed, []);
  // Every event is documented on the element that fires it, and on the drop-in it bubbles out of.
  const history = elements.find((e) => e.tagName === 'ct-event-history')!;
  assert.deepEqual(history.events!.map((e) => e.name).sort(), [...eventNames].sort());
  const table = elements.find((e) => e.tagName === 'ct-event-table')!;
  assert.deepEqual(table.attributes!.find((a) => a.name === 'time-zone')?.fieldName, 'timeZone');
});

test('the manifest shows users what they can use: descriptions, public members, spelt-out types, values as defaults', () => {
  const problems: string[] = [];
  for (const el of elements) {
    if (!el.description?.trim()) problems.push(`${el.tagName}: empty description`);
    if (!el.description?.startsWith(el.summary ?? '\u0000')) problems.push(`${el.tagName}: the description does not begin with the summary`);
    for (const m of el.members ?? []) {
      if (m.privacy && m.privacy !== 'public') problems.push(`${el.tagName}: ${m.privacy} member ${m.name}`);
      if (m.name.startsWith('#') || m.name.startsWith('_')) problems.push(`${el.tagName}: internal member ${m.name}`);
    }
    for (const a of el.attributes ?? []) {
      if (/TimeZoneMode|ColumnId/.test(a.type?.text ?? '')) problems.push(`${el.tagName} ${a.name}: type ${a.type?.text} is an alias`);
      if (a.default !== undefined && (/^'.*'$/.test(a.default) || /^[A-Z_]+$/.test(a.default))) problems.push(`${el.tagName} ${a.name}: default ${a.default} is code`);
    }
  }
  assert.deepEqual(problems, []);
  const history = elements.find((e) => e.tagName === 'ct-event-history')!;
  assert.equal(history.attributes!.find((a) => a.name === 'region')?.default, 'us-east-1');
  assert.deepEqual(history.attributes!.find((a) => a.name === 'time-zone')?.type?.text, "'utc' | 'local' | undefined");
  assert.ok(history.cssParts!.some((p) => p.name === 'filter-base'), 'the parts <ct-event-history> re-exports (exportparts) are listed');
  // The colour tokens' defaults are the light theme's (the dark ones apply only with prefers-color-scheme or theme="dark").
  const surface = history.cssProperties!.find((p) => p.name === '--ct-color-surface');
  assert.equal(surface?.default, '#ffffff');
});

test('the editor data lists every tag with its attributes and values', () => {
  const vscode = JSON.parse(read('vscode.html-custom-data.json'));
  const history = vscode.tags.find((t: { name: string }) => t.name === 'ct-event-history');
  assert.ok(history.description.length > 20, `ct-event-history description: ${JSON.stringify(history.description)}`);
  const timeZone = history.attributes.find((a: { name: string }) => a.name === 'time-zone');
  assert.deepEqual(timeZone.values.map((v: { name: string }) => v.name), ['utc', 'local']);
  assert.equal(history.attributes.find((a: { name: string }) => a.name === 'no-auto-run').valueSet, 'v');
  const webTypes = JSON.parse(read('web-types.json'));
  assert.deepEqual(webTypes.contributions.html.elements.map((e: { name: string }) => e.name), elements.map((e) => e.tagName));
  const table = webTypes.contributions.html.elements.find((e: { name: string }) => e.name === 'ct-event-table');
  assert.ok(table.js.events.some((e: { name: string; type: string }) => e.name === 'ct-event-select' && e.type === 'CtEventSelectEvent'), 'web-types lists ct-event-select on ct-event-table, typed CtEventSelectEvent');
  assert.ok(table.css.parts.some((p: { name: string }) => p.name === 'failed-row'), 'web-types lists the failed-row part of ct-event-table');
  // VS Code's CSS data: every --ct-* property of every tag once, described, with the light default where there is one.
  const css = JSON.parse(read('vscode.css-custom-data.json'));
  const names = [...new Set(elements.flatMap((e) => (e.cssProperties ?? []).map((p) => p.name)))].sort();
  assert.deepEqual(css.properties.map((p: { name: string }) => p.name), names);
  assert.deepEqual(css.properties.filter((p: { description: string }) => !p.description.trim()).map((p: { name: string }) => p.name), [], 'every CSS property is described');
  assert.match(css.properties.find((p: { name: string }) => p.name === '--ct-color-surface').description, /Default: #ffffff\./);
});

test('the React wrappers have an onCt... prop for every ct- event', () => {
  const react = read('src/react/index.ts');
  const camel = (name: string) => `on${name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;
  assert.equal(eventNames.length, 19);
  for (const name of eventNames) assert.ok(react.includes(`${camel(name)}: '${name}'`), `${camel(name)} for ${name}`);
});

test('package.json: exports, side effects, editor data and files', () => {
  const pkg = JSON.parse(read('package.json'));
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.equal(pkg['web-types'], './web-types.json');
  for (const subpath of ['.', './define', './react', './custom-elements.json', './package.json', ...elements.map((e) => `./define/${e.tagName}.js`)]) {
    assert.ok(pkg.exports[subpath], `exports ${subpath}`);
  }
  assert.equal(pkg.exports['./emulator'], undefined, 'the emulator is a package of its own');
  const emulator = JSON.parse(read('packages/emulator/package.json'));
  assert.deepEqual(Object.keys(emulator.exports['.']), ['types', 'node'], 'the emulator resolves in Node only');
  assert.ok(pkg.sideEffects.includes('./dist/define/*.js'), 'the define modules are side effects');
  assert.ok(!pkg.sideEffects.some((p: string) => p.includes('index.js') && !p.includes('react')), 'the main entry has no side effects');
  assert.ok(existsSync(join(ROOT, 'LICENSE')), 'LICENSE exists');
});

/** The package.json inside a tarball, as a registry would serve it. */
const packageJsonOf = (tarball: string) => JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, Record<string, string> | undefined>;
const EMULATOR_ONLY = /^(@duckdb\/|dt-sql-parser$)/;

test('two tarballs: the elements depend on no DuckDB and install without it; the emulator installs alone and runs its command', { timeout: 900_000 }, async () => {
  const { elements, emulator } = packed();
  const pkg = packageJsonOf(elements.tarball);
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    assert.deepEqual(Object.keys(pkg[field] ?? {}).filter((name) => EMULATOR_ONLY.test(name)), [], `the elements' ${field} name no DuckDB or dt-sql-parser`);
  }
  assert.equal(pkg.bin, undefined, 'the command ships with the emulator, not the elements');
  assert.deepEqual(elements.files.filter((p) => p.startsWith('dist/emulator/')), [], 'the elements ship no emulator code');
  const emulatorPkg = packageJsonOf(emulator.tarball);
  assert.ok(emulatorPkg.dependencies?.['@duckdb/node-api'], 'the emulator depends on DuckDB for its Athena');
  assert.match(emulatorPkg.bin?.['cloudtrail-elements-emulator'] ?? '', /^(\.\/)?dist\/bin\.js$/, 'the emulator has its command');

  const browserHost = await elementsOnlyDir();
  assert.ok(existsSync(join(browserHost, 'node_modules', 'cloudtrail-elements', 'dist', 'index.js')), 'the elements installed');
  assert.equal(existsSync(join(browserHost, 'node_modules', '@duckdb')), false, 'a host that installs the elements gets no @duckdb folder');
  assert.equal(existsSync(join(browserHost, 'node_modules', 'dt-sql-parser')), false, 'nor dt-sql-parser');

  const emulatorUser = await emulatorOnlyDir();
  const { code, out } = await run(npm, ['exec', '--offline', '--', 'cloudtrail-elements-emulator', '--help'], emulatorUser);
  assert.equal(code, 0, out);
  assert.match(out, /Usage: cloudtrail-elements-emulator \[options\]/, out);
});

test('a new vite + TypeScript app installs the packed tarballs, type-checks and builds', { timeout: 240_000 }, async () => {
  // Both tarballs installed once beside vite, React and TypeScript (shared with the host-app tests);
  // packed() builds dist/ first when it is missing.
  const installed = await hostsDir();
  const { seconds } = checkPack({ build: false, installed });
  assert.ok(seconds > 0, `checkPack reported ${seconds} s`);
});
