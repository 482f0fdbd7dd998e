/**
 * `npm run analyze`: regenerates custom-elements.json with `cem analyze --litelement`
 * (custom-elements-manifest.config.mjs), and from it the editor data (vscode.html-custom-data.json,
 * web-types.json, vscode.css-custom-data.json), the API reference (docs/api.md) and the framework
 * types (types/*.d.ts, scripts/framework-types.ts).
 * `npm run check:manifest` (part of `npm test`): regenerates them all into a temporary folder and
 * fails, naming the files, when the committed ones differ.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cssCustomData, reactTypes, svelteTypes, vueTypes } from './framework-types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED = [
  'custom-elements.json', 'vscode.html-custom-data.json', 'vscode.css-custom-data.json', 'web-types.json', 'docs/api.md',
  'types/react.d.ts', 'types/vue.d.ts', 'types/svelte.d.ts',
] as const;

interface Typed { text: string }
interface Attribute { name: string; description?: string; type?: Typed; default?: string; fieldName?: string }
export interface Member { kind: 'field' | 'method'; name: string; description?: string; type?: Typed; default?: string; static?: boolean; privacy?: string; attribute?: string; readonly?: boolean; return?: { type?: Typed }; parameters?: { name: string; type?: Typed }[] }
export interface Named { name: string; description?: string; type?: Typed; default?: string }
export interface ElementDoc {
  tagName: string; name: string; summary?: string; description?: string;
  attributes?: Attribute[]; members?: Member[]; events?: Named[]; slots?: Named[]; cssParts?: Named[]; cssProperties?: Named[];
}
interface Manifest { schemaVersion: string; modules: { path: string; declarations?: (ElementDoc & { customElement?: boolean; kind: string })[] }[] }

/** The elements of a manifest, by tag name. */
export function elementsOf(manifest: Manifest): ElementDoc[] {
  return manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/** Public instance fields and methods (what a host page may use). */
export const publicMembers = (el: ElementDoc, kind: Member['kind']) =>
  (el.members ?? []).filter((m) => m.kind === kind && !m.static && !m.privacy && !m.name.startsWith('_'));

const oneLine = (s = '') => s.replace(/\s+/g, ' ').trim();

/** String-literal type aliases of src (`export type TimeZoneMode = 'utc' | 'local'`), for editors' value lists. */
function literalAliases(): Map<string, string[]> {
  const aliases = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/export type (\w+) =\s*((?:\s*\|?\s*'[^']*')+);/g)) {
          aliases.set(m[1]!, [...m[2]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!));
        }
      }
    }
  };
  walk(join(ROOT, 'src', 'elements'));
  walk(join(ROOT, 'src', 'state'));
  return aliases;
}

/** The values an attribute takes, when its type is a union of string literals. */
function valuesOf(type: string | undefined, aliases: Map<string, string[]>): string[] | undefined {
  if (!type) return undefined;
  const parts = type.split('|').map((s) => s.trim()).filter((s) => s !== 'undefined' && s !== 'null');
  const values = parts.flatMap((p) => (/^'[^']*'$/.test(p) ? [p.slice(1, -1)] : aliases.get(p) ?? [`\u0000${p}`]));
  return values.length && values.every((v) => !v.startsWith('\u0000')) ? values : undefined;
}

const isBoolean = (type?: string) => type === 'boolean';

function vscodeData(elements: ElementDoc[], aliases: Map<string, string[]>): object {
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elements.map((el) => ({
      name: el.tagName,
      description: [oneLine(el.summary), ...(el.events?.length ? ['', `Events: ${el.events.map((e) => e.name).join(', ')}.`] : [])].join('\n'),
      attributes: (el.attributes ?? []).map((a) => {
        const values = valuesOf(a.type?.text, aliases);
        return {
          name: a.name,
          description: oneLine(a.description) + (a.default ? ` Default: ${a.default}.` : ''),
          ...(isBoolean(a.type?.text) ? { valueSet: 'v' } : {}),
          ...(values ? { values: values.map((name) => ({ name })) } : {}),
        };
      }),
      references: [{ name: 'API reference', url: `https://www.npmjs.com/package/cloudtrail-elements#api-reference` }],
    })),
  };
}

function webTypes(elements: ElementDoc[], aliases: Map<string, string[]>, pkg: { name: string; version: string }): object {
  return {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    'js-types-syntax': 'typescript',
    contributions: {
      html: {
        elements: elements.map((el) => ({
          name: el.tagName,
          description: oneLine(el.summary),
          source: { module: `${pkg.name}/define/${el.tagName}.js`, symbol: el.name },
          attributes: (el.attributes ?? []).map((a) => {
            const values = valuesOf(a.type?.text, aliases);
            return {
              name: a.name,
              description: oneLine(a.description),
              ...(a.default ? { default: a.default } : {}),
              value: isBoolean(a.type?.text)
                ? { type: 'boolean', required: false }
                : { type: values ? values.map((v) => `'${v}'`).join(' | ') : (a.type?.text ?? 'string').replace(/ \| undefined$/, ''), required: false },
            };
          }),
          slots: (el.slots ?? []).map((s) => ({ name: s.name, description: oneLine(s.description) })),
          js: {
            properties: publicMembers(el, 'field').map((m) => ({ name: m.name, description: oneLine(m.description), type: m.type?.text ?? 'unknown' })),
            events: (el.events ?? []).map((e) => ({ name: e.name, description: oneLine(e.description), ...(e.type ? { type: e.type.text } : {}) })),
          },
          css: {
            parts: (el.cssParts ?? []).map((p) => ({ name: p.name, description: oneLine(p.description) })),
            properties: (el.cssProperties ?? []).map((p) => ({ name: p.name, description: oneLine(p.description) })),
          },
        })),
      },
    },
  };
}

const cell = (s = '') => oneLine(s).replace(/\|/g, '\\|') || ' ';
const code = (s?: string) => (s ? `\`${s.replace(/\|/g, '\\|')}\`` : ' ');

function apiMarkdown(elements: ElementDoc[]): string {
  const out: string[] = [
    '# API reference',
    '',
    '<!-- Generated from custom-elements.json by `npm run analyze` (scripts/manifest.ts). Do not edit: edit the JSDoc in src/elements, docs/store.md for the store and docs/package-root.md for the package root. -->',
    '',
    elements.map((el) => `[\`<${el.tagName}>\`](#${el.tagName})`).join(' · '),
    '',
  ];
  for (const el of elements) {
    out.push(`## ${el.tagName}`, '', `\`<${el.tagName}>\`, class \`${el.name}\`: ${oneLine(el.summary)}`, '');
    // The description is the summary paragraph and the ones after it.
    for (const paragraph of (el.description ?? '').split('\n\n').slice(1)) out.push(oneLine(paragraph), '');
    out.push(`Register with \`import 'cloudtrail-elements/define/${el.tagName}.js'\` (or \`cloudtrail-elements/define\` for every tag).`, '');
    const fields = publicMembers(el, 'field');
    if (fields.length) {
      out.push('### Properties', '', '| Property | Attribute | Type | Default | Description |', '| --- | --- | --- | --- | --- |');
      for (const f of fields) {
        const attr = (el.attributes ?? []).find((a) => a.fieldName === f.name)?.name;
        out.push(`| \`${f.name}\` | ${attr ? `\`${attr}\`` : '(property only)'} | ${code(f.type?.text)} | ${code(f.default)} | ${cell(f.description)} |`);
      }
      out.push('');
    }
    const methods = publicMembers(el, 'method');
    if (methods.length) {
      out.push('### Methods', '', '| Method | Returns | Description |', '| --- | --- | --- |');
      for (const m of methods) out.push(`| \`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})\` | ${code(m.return?.type?.text)} | ${cell(m.description)} |`);
      out.push('');
    }
    const sections: [string, Named[] | undefined, string][] = [
      ['Events', el.events, 'Event'],
      ['Slots', el.slots, 'Slot'],
      ['CSS parts', el.cssParts, 'Part'],
      ['CSS custom properties', el.cssProperties, 'Property'],
    ];
    for (const [title, list, head] of sections) {
      if (!list?.length) continue;
      const typed = title === 'Events';
      out.push(`### ${title}`, '', typed ? `| ${head} | Type | Description |` : `| ${head} | Description |`, typed ? '| --- | --- | --- |' : '| --- | --- |');
      for (const x of list) {
        const name = x.name ? `\`${x.name}\`` : '(default)';
        out.push(typed ? `| ${name} | ${code(x.type?.text)} | ${cell(x.description)} |` : `| ${name} | ${cell(x.description)} |`);
      }
      out.push('');
    }
  }
  // The store is plain TypeScript, not an element: its reference is written by hand beside this file.
  out.push(readFileSync(join(ROOT, 'docs', 'store.md'), 'utf8').trim());
  out.push('', readFileSync(join(ROOT, 'docs', 'package-root.md'), 'utf8').trim());
  return out.join('\n');
}

/**
 * The current custom-elements-manifest schema version (https://github.com/webcomponents/custom-elements-manifest#schema-versioning).
 */
export const MANIFEST_SCHEMA_VERSION = '2.1.0';

/**
 * The modules a user of the tags needs described: those declaring a tag, the registrations
 * (src/define), the event classes, and every module a kept declaration names (its base class, an
 * inherited member's origin), however deep. The elements' internal helpers (column sizing, the
 * splitter, the chart's buckets...) are not part of the API and are left out: half the manifest.
 */
function publicModules<M extends { path: string; declarations?: object[]; exports?: object[] }>(modules: M[]): M[] {
  const keep = new Set(modules.filter((m) => m.path.startsWith('dist/define/') || m.path === 'dist/elements/events.js'
    || (m.declarations ?? []).some((d) => (d as { customElement?: boolean }).customElement)).map((m) => m.path));
  for (let grew = true; grew;) {
    grew = false;
    for (const m of modules.filter((x) => keep.has(x.path))) {
      for (const ref of JSON.stringify(m.declarations ?? []).matchAll(/"module":"(dist\/[^"]+)"/g)) {
        if (!keep.has(ref[1]!) && modules.some((x) => x.path === ref[1])) {
          keep.add(ref[1]!);
          grew = true;
        }
      }
    }
  }
  return modules.filter((m) => keep.has(m.path));
}

/** Runs the analyzer into `outdir` and returns every generated file's text, by path. */
export function generate(outdir: string): Map<string, string> {
  const cem = join(ROOT, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js');
  // The analyzer joins --outdir to the working directory, so it must lie inside the repository.
  const run = spawnSync(process.execPath, [cem, 'analyze', '--litelement', '--outdir', relative(ROOT, outdir)], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cem analyze failed:\n${run.stdout}\n${run.stderr}`);
  const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8')) as Manifest;
  // The analyzer lists modules in the order its glob walks the folders, which is not stable across
  // file systems and runs (a fresh clone once came out in another order): sort them by path.
  manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The analyzer (0.11) still writes 1.0.0, though what it writes is schema 2 (fields with their
  // attributes): the manifest says the schema it follows, which it validates against.
  manifest.schemaVersion = MANIFEST_SCHEMA_VERSION;
  manifest.modules = publicModules(manifest.modules);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const elements = elementsOf(manifest);
  const aliases = literalAliases();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const json = (o: object) => `${JSON.stringify(o, null, 2)}\n`;
  return new Map<string, string>([
    ['custom-elements.json', manifestText],
    ['vscode.html-custom-data.json', json(vscodeData(elements, aliases))],
    ['web-types.json', json(webTypes(elements, aliases, pkg))],
    ['docs/api.md', `${apiMarkdown(elements)}\n`],
    ['vscode.css-custom-data.json', json(cssCustomData(elements))],
    ['types/react.d.ts', reactTypes(elements)],
    ['types/vue.d.ts', vueTypes(elements)],
    ['types/svelte.d.ts', svelteTypes(elements)],
  ]);
}

/** A scratch folder under .tmp/ (git-ignored). */
function scratch(): string {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  return mkdtempSync(join(ROOT, '.tmp', 'manifest-'));
}

/** The generated files whose copy under `dir` differs from a fresh generation (missing counts). */
export function staleFiles(dir = ROOT): string[] {
  const tmp = scratch();
  try {
    const fresh = generate(tmp);
    return [...fresh].filter(([path, text]) => {
      const file = join(dir, path);
      return !existsSync(file) || readFileSync(file, 'utf8') !== text;
    }).map(([path]) => path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    if (stale.length) {
      console.error(`Stale: ${stale.join(', ')}. The JSDoc in src/elements changed; run \`npm run analyze\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${GENERATED.join(', ')}: current.`);
  } else {
    const tmp = scratch();
    try {
      for (const [path, text] of generate(tmp)) {
        mkdirSync(dirname(join(ROOT, path)), { recursive: true });
        writeFileSync(join(ROOT, path), text);
        console.log(`wrote ${path}`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}
