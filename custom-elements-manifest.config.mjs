/**
 * `cem analyze` (@custom-elements-manifest/analyzer 0.11) settings: custom-elements.json at the
 * repository root, from the JSDoc of src/elements and the registrations in src/define.
 * `packagejson: false`: package.json is edited with `npm pkg` only (its `customElements` field
 * points here); the CLI flag form of it crashes.
 *
 * One plugin fills in what the analyzer cannot see in this code base:
 * - tags are registered by our guarded `define('ct-x', CtX)` helper, not `customElements.define`;
 * - elements extend a shared base class (`CtSessionElement`), not LitElement directly;
 * - events are classes (src/elements/events.ts) whose payload is constructor `readonly` fields;
 *   each element's `@fires` gets the class as its type and the payload in its description;
 * - paths name what the package ships (dist/*.js), not src/*.ts;
 * - what tools show users: each tag's summary is its JSDoc's first paragraph and its description the
 *   whole text; private and protected members are left out; the tokens' defaults are the light
 *   theme's; string-literal aliases (`TimeZoneMode`) are spelt out as their unions; attribute
 *   defaults are values (`us-east-1`, not `'us-east-1'`; a constant's value, not its name); parts a
 *   tag re-exports from an inner element (`exportparts`) are listed as its parts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS_MODULE = 'src/elements/events.ts';
const TOKENS_MODULE = 'src/elements/shared/tokens.styles.ts';

/** Each `.ts` file under `dir`, with its text. */
function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [[p, readFileSync(p, 'utf8')]] : [];
  });
}

/** `export type X = 'a' | 'b'` of src: alias name -> its union spelt out. */
function literalAliases() {
  const out = new Map();
  for (const [, text] of sources('src')) {
    for (const m of text.matchAll(/export type (\w+) =\s*((?:\s*\|?\s*'[^']*')+);/g)) {
      out.set(m[1], [...m[2].matchAll(/'[^']*'/g)].map((x) => x[0]).join(' | '));
    }
  }
  return out;
}

/** `export const X: ... = <array or string literal>;` of src: name -> its value's text on one line. */
function literalConstants() {
  const out = new Map();
  for (const [, text] of sources('src')) {
    for (const m of text.matchAll(/export const ([A-Z][A-Z0-9_]*)(?::[^=]+)?=\s*(\[[^\]]*\]|'[^']*'|\d+);/g)) {
      out.set(m[1], m[2].replace(/\s+/g, ' ').replace(/,\s*\]/, ']'));
    }
  }
  return out;
}

/** A type's text with string-literal aliases replaced by their unions (`readonly (...)[]` for arrays). */
function expandAliases(text, aliases) {
  return text.replace(/\b([A-Z]\w*)(\[\])?/g, (whole, name, array) => {
    const union = aliases.get(name);
    if (!union) return whole;
    return array ? `(${union})[]` : union;
  });
}

/** An attribute's default as the value the attribute takes: unquoted strings, constants resolved. */
function literalDefault(text, constants) {
  if (text === undefined) return undefined;
  const resolved = constants.get(text) ?? text;
  const str = /^'([^']*)'$/.exec(resolved);
  return str ? str[1] : resolved;
}

function ctManifestPlugin() {
  /** class name -> tag name, from src/define. */
  const tags = new Map();
  /** tag name -> define module path. */
  const defineModules = new Map();
  /** event class name -> { name, payload: [{ name, type, description }] } */
  const eventClasses = new Map();
  /** The public custom properties of src/elements/shared/tokens.styles.ts (its JSDoc `@cssprop`s). */
  const tokenProps = [];
  /** Element folders whose styles use those tokens. */
  const tokenUsers = new Set();
  /** Parts a class re-exports from an inner element: { cls, name, description }. */
  const exportedParts = [];

  const jsDocText = (ts, node) =>
    (ts.getJSDocCommentsAndTags(node) ?? [])
      .map((d) => (typeof d.comment === 'string' ? d.comment : ''))
      .join(' ')
      .trim();

  return {
    name: 'cloudtrail-elements',
    analyzePhase({ ts, node, moduleDoc }) {
      if (ts.isClassDeclaration(node) && node.name && moduleDoc.path.startsWith('src/elements/')) {
        // `<ct-x part="p" exportparts="inner: outer, ...">` in a render(): the tag's own parts too.
        for (const m of node.getText().matchAll(/<(ct-[\w-]+)[^>]*?exportparts="([^"]+)"/g)) {
          for (const pair of m[2].split(',')) {
            const [inner, outer = inner] = pair.split(':').map((x) => x.trim());
            exportedParts.push({ cls: node.name.text, name: outer, description: `The \`${inner}\` part of the inner \`<${m[1]}>\` (exported).` });
          }
        }
      }
      if (moduleDoc.path.startsWith('src/define/') && ts.isCallExpression(node)
        && ts.isIdentifier(node.expression) && node.expression.text === 'define') {
        const [tag, cls] = node.arguments;
        if (tag && cls && ts.isStringLiteral(tag) && ts.isIdentifier(cls)) {
          tags.set(cls.text, tag.text);
          defineModules.set(tag.text, moduleDoc.path);
        }
      }
      if (moduleDoc.path === TOKENS_MODULE && ts.isVariableStatement(node)) {
        for (const tag of ts.getJSDocTags(node)) {
          if (tag.tagName.text !== 'cssprop') continue;
          const text = typeof tag.comment === 'string' ? tag.comment : '';
          const match = /^(--[\w-]+)\s+-\s+(.+)$/s.exec(text.trim());
          if (match) tokenProps.push({ name: match[1], description: match[2].replace(/\s+/g, ' ') });
        }
        // The defaults are the light theme's, in the `:host` block of `tokens` (the dark ones come first in the file).
        const full = node.getSourceFile().text;
        const source = full.slice(full.indexOf('export const tokens'));
        for (const p of tokenProps) {
          const fallback = new RegExp(`var\\(${p.name},\\s*([^;]+?)\\);`).exec(source);
          if (fallback) p.default = fallback[1];
        }
      }
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.endsWith('/shared/tokens.styles.js')) {
        tokenUsers.add(moduleDoc.path.replace(/\/[^/]+$/, ''));
      }
      if (moduleDoc.path === EVENTS_MODULE && ts.isClassDeclaration(node) && node.name) {
        const info = { name: undefined, payload: [] };
        // The name is the argument of the base in `extends ctEvent('ct-…')`.
        for (const clause of node.heritageClauses ?? []) {
          for (const type of clause.types) {
            const call = type.expression;
            if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'ctEvent' && call.arguments[0] && ts.isStringLiteral(call.arguments[0])) {
              info.name = call.arguments[0].text;
            }
          }
        }
        for (const member of node.members) {
          if (ts.isConstructorDeclaration(member)) {
            for (const p of member.parameters) {
              if (!p.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword)) continue;
              info.payload.push({ name: p.name.getText(), type: p.type?.getText() ?? 'unknown' });
            }
          }
        }
        eventClasses.set(node.name.text, info);
        const decl = moduleDoc.declarations?.find((d) => d.name === node.name.text);
        if (decl) {
          decl.members ??= [];
          for (const p of info.payload) {
            if (!decl.members.some((m) => m.name === p.name)) {
              decl.members.push({ kind: 'field', name: p.name, type: { text: p.type }, readonly: true, description: `The event's payload (\`${info.name}\`).` });
            }
          }
        }
      }
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      const aliases = literalAliases();
      const constants = literalConstants();
      /** What a user of the tag sees: descriptions, public members only, spelt-out types, literal defaults, exported parts. */
      const tidy = (decl) => {
        const text = (decl.summary || decl.description || '').trim();
        const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
        decl.summary = paragraphs[0] ?? '';
        decl.description = paragraphs.join('\n\n');
        decl.members = (decl.members ?? []).filter((m) => !m.privacy || m.privacy === 'public').filter((m) => !m.name.startsWith('#') && !m.name.startsWith('_'));
        for (const x of [...decl.members, ...(decl.attributes ?? [])]) {
          if (x.type?.text) x.type.text = expandAliases(x.type.text, aliases);
          for (const p of x.parameters ?? []) if (p.type?.text) p.type.text = expandAliases(p.type.text, aliases);
        }
        for (const a of decl.attributes ?? []) {
          const value = literalDefault(a.default, constants);
          if (value !== undefined) a.default = value;
        }
        for (const m of decl.members) {
          if (m.default !== undefined && constants.has(m.default)) m.default = constants.get(m.default);
        }
        for (const part of exportedParts.filter((p) => p.cls === decl.name)) {
          decl.cssParts ??= [];
          if (!decl.cssParts.some((c) => c.name === part.name)) decl.cssParts.push({ name: part.name, description: part.description });
        }
      };
      const byName = new Map([...eventClasses].map(([cls, info]) => [info.name, { cls, ...info }]));
      const eventsModule = manifest.modules.find((m) => m.path === EVENTS_MODULE);
      const classDoc = (cls) => eventsModule?.declarations?.find((d) => d.name === cls)?.description ?? '';
      // The event classes extend `ctEvent('ct-…')`: shown as the Events they are, each with its name.
      for (const decl of eventsModule?.declarations ?? []) {
        const info = eventClasses.get(decl.name);
        if (decl.kind !== 'class' || !info?.name) continue;
        delete decl.mixins;
        delete decl.superclass;
        decl.members = [{ kind: 'field', name: 'eventName', type: { text: 'string' }, static: true, readonly: true, default: `'${info.name}'` }, ...(decl.members ?? []).filter((m) => m.name !== 'eventName')];
        decl.superclass = { name: 'Event', module: 'dist/elements/events.js' };
      }

      for (const mod of manifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const tag = tags.get(decl.name);
          if (tag) {
            decl.customElement = true;
            decl.tagName = tag;
          } else if (decl.customElement) {
            // A base class (CtSessionElement): its members are inherited by the tags.
            delete decl.customElement;
          }
          if (tag && tokenUsers.has(mod.path.replace(/\/[^/]+$/, ''))) {
            decl.cssProperties ??= [];
            for (const p of tokenProps) {
              if (!decl.cssProperties.some((c) => c.name === p.name)) decl.cssProperties.push({ ...p });
            }
          }
          if (tag) tidy(decl);
          if (!decl.events) continue;
          const merged = new Map();
          for (const e of decl.events) {
            // The analyzer also reports `dispatchEvent(new X(...))` calls, unnamed or named after a variable.
            const name = e.name?.startsWith('ct-') ? e.name : [...eventClasses].find(([cls]) => cls === e.type?.text)?.[1].name;
            if (!name) continue;
            const known = merged.get(name) ?? { name };
            if (e.description) known.description = e.description;
            if (e.inheritedFrom) known.inheritedFrom = e.inheritedFrom;
            merged.set(name, known);
          }
          decl.events = [...merged.values()].map((e) => {
            const info = byName.get(e.name);
            if (!info) return e;
            const payload = info.payload.length
              ? ` Payload: ${info.payload.map((p) => `\`event.${p.name}\` (\`${p.type}\`)`).join(', ')}.`
              : ' No payload.';
            const description = (e.description || classDoc(info.cls)).trim();
            return { ...e, type: { text: info.cls }, description: description.includes('Payload:') ? description : description + payload };
          });
        }
      }

      // Registration exports, so tools find each tag's define module (and not the helper's own call).
      for (const mod of manifest.modules) {
        if (mod.exports) mod.exports = mod.exports.filter((x) => x.kind !== 'custom-element-definition' || defineModules.has(x.name));
      }
      for (const [tag, path] of defineModules) {
        const mod = manifest.modules.find((m) => m.path === path);
        const cls = [...tags].find(([, t]) => t === tag)?.[0];
        const decl = manifest.modules.find((m) => m.declarations?.some((d) => d.name === cls));
        if (!mod || !decl) continue;
        mod.exports ??= [];
        if (!mod.exports.some((x) => x.kind === 'custom-element-definition' && x.name === tag)) {
          mod.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name: cls, module: decl.path } });
        }
      }

      // Style modules were read for their tokens only.
      manifest.modules = manifest.modules.filter((m) => !m.path.endsWith('.styles.ts'));

      // Name the shipped files.
      const toDist = (p) => (typeof p === 'string' ? p.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js') : p);
      const walk = (value) => {
        if (Array.isArray(value)) return value.forEach(walk);
        if (!value || typeof value !== 'object') return;
        for (const [k, v] of Object.entries(value)) {
          if ((k === 'path' || k === 'module') && typeof v === 'string') value[k] = toDist(v);
          else walk(v);
        }
      };
      walk(manifest.modules);
    },
  };
}

export default {
  globs: ['src/elements/**/*.ts', 'src/define/*.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  dev: false,
  plugins: [ctManifestPlugin()],
};
