/**
 * Framework type declarations generated from custom-elements.json (by scripts/manifest.ts, so
 * `npm run analyze` writes them and `npm run check:manifest` catches them stale):
 * - types/react.d.ts: React 19 JSX (`IntrinsicElements`) for every tag: its settable properties
 *   typed as the class types them, its dashed attributes (`scan-limit`) typed as the property each
 *   sets, React's HTML attributes, `ref` to the element class, and one `onct-...` handler per
 *   event, typed with the event's class;
 * - types/vue.d.ts: Vue 3 `GlobalComponents` (the shape Vue's guide gives for custom elements):
 *   props, and `@ct-...` events with their classes;
 * - types/svelte.d.ts: Svelte 5 `SvelteHTMLElements`: properties and `onct-...` handlers;
 * - vscode.css-custom-data.json: the `--ct-*` custom properties for VS Code's CSS editor.
 * Property and event types come from the package's own .d.ts (dist/index.d.ts), so they never
 * drift from the classes; the manifest only says which tags, properties and events there are.
 */
import type { ElementDoc } from './manifest.js';

const HEADER = '// Generated from custom-elements.json by `npm run analyze` (scripts/framework-types.ts). Do not edit.';

/** Settable public properties: what a framework may pass. */
function props(el: ElementDoc): string[] {
  return (el.members ?? [])
    .filter((m) => m.kind === 'field' && !m.static && !m.readonly && (!m.privacy || m.privacy === 'public') && !m.name.startsWith('_'))
    .map((m) => m.name);
}

/**
 * `{ 'scan-limit': 'scanLimit'; ... }`: the attributes spelt with a dash, by the settable property
 * each sets. TypeScript checks a JSX attribute with a dash only when the props type names it.
 */
function dashedAttributes(el: ElementDoc, indent: string): string {
  const settable = props(el);
  const dashed = (el.attributes ?? []).filter((a) => a.name.includes('-') && a.fieldName && settable.includes(a.fieldName));
  if (!dashed.length) return '{}';
  return `{\n${dashed.map((a) => `${indent}  '${a.name}': '${a.fieldName}';`).join('\n')}\n${indent}}`;
}

const union = (names: string[]) => (names.length ? names.map((n) => `'${n}'`).join(' | ') : 'never');
const classes = (elements: ElementDoc[]) =>
  [...new Set([...elements.map((e) => e.name), ...elements.flatMap((e) => (e.events ?? []).map((x) => x.type?.text).filter((t): t is string => !!t))])].sort();

/** `{ 'ct-x': CtXEvent; ... }` for a tag's events. */
function eventMap(el: ElementDoc, indent: string): string {
  const events = (el.events ?? []).filter((e) => e.type?.text);
  if (!events.length) return '{}';
  return `{\n${events.map((e) => `${indent}  '${e.name}': ${e.type!.text};`).join('\n')}\n${indent}}`;
}

function doc(el: ElementDoc, indent: string): string {
  return `${indent}/** \`<${el.tagName}>\`: ${(el.summary ?? '').replace(/\*\//g, '*\\/')} */`;
}

export function reactTypes(elements: ElementDoc[]): string {
  return `${HEADER}
// React 19 renders custom elements natively and sets these props as properties. Load with
// \`import type {} from 'cloudtrail-elements/types/react';\` (once, e.g. in a .d.ts of the app).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ${classes(elements).join(', ')} } from '../dist/index.js';

/** One \`onct-...\` prop per event, typed with the event's class. */
type CtHandlers<Events> = { [Name in keyof Events & string as \`on\${Name}\`]?: (event: Events[Name]) => void };

/**
 * What an attribute spelt with a dash takes. React 19 sets it with setAttribute, as text, so a
 * number may also be written as text and a list as its comma-separated text.
 */
type CtAttributeValue<T> = T extends number ? T | \`\${number}\` : T extends readonly unknown[] ? T | string : T;

/** The dashed attributes (\`scan-limit\`), each typed as the property it sets. */
type CtAttributes<Element, Names extends Record<string, keyof Element>> = { [Name in keyof Names]?: CtAttributeValue<Element[Names[Name]]> };

/**
 * React's props for a tag: its HTML attributes, \`ref\` and \`key\`, its settable properties, its
 * dashed attributes and its events.
 */
export type CtReactProps<Element extends HTMLElement, Props extends keyof Element, Events, Attributes extends Record<string, Props> = {}> =
  Omit<DetailedHTMLProps<HTMLAttributes<Element>, Element>, Props> & Partial<Pick<Element, Props>> & CtAttributes<Element, Attributes> & CtHandlers<Events>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${elements.map((el) => `${doc(el, '      ')}\n      '${el.tagName}': CtReactProps<${el.name}, ${union(props(el))}, ${eventMap(el, '      ')}, ${dashedAttributes(el, '      ')}>;`).join('\n')}
    }
  }
}
`;
}

export function vueTypes(elements: ElementDoc[]): string {
  return `${HEADER}
// Vue 3 GlobalComponents for the tags (templates type-check with vue-tsc and Volar). Load with
// \`import type {} from 'cloudtrail-elements/types/vue';\` and tell Vue's compiler the \`ct-\` tags are
// custom elements (\`isCustomElement: (tag) => tag.startsWith('ct-')\`).
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ${classes(elements).join(', ')} } from '../dist/index.js';

/** As in Vue's guide (Web Components, TypeScript): template types for a custom element. */
export type CtVueElement<Element extends HTMLElement, Props extends keyof Element, Events extends Record<string, Event>> = new () => Element & {
  /** @deprecated Template prop types only: not a property of the element. */
  $props: HTMLAttributes & Partial<Pick<Element, Props>> & PublicProps;
  /** @deprecated Template event types only: not a property of the element. */
  $emit: EmitFn<{ [Name in keyof Events]: (event: Events[Name]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
${elements.map((el) => `${doc(el, '    ')}\n    '${el.tagName}': CtVueElement<${el.name}, ${union(props(el))}, ${eventMap(el, '    ')}>;`).join('\n')}
  }
}
`;
}

export function svelteTypes(elements: ElementDoc[]): string {
  return `${HEADER}
// Svelte 5 element types for the tags (svelte-check). Svelte sets these as properties and listens
// with \`onct-...\`. Load with \`import type {} from 'cloudtrail-elements/types/svelte';\` (e.g. in src/app.d.ts).
import type { HTMLAttributes } from 'svelte/elements';
import type { ${classes(elements).join(', ')} } from '../dist/index.js';

/** One \`onct-...\` attribute per event, typed with the event's class. */
type CtHandlers<Events> = { [Name in keyof Events & string as \`on\${Name}\`]?: (event: Events[Name]) => void };

/** Svelte's attributes for a tag: its HTML attributes, settable properties and events. */
export type CtSvelteProps<Element extends HTMLElement, Props extends keyof Element, Events> =
  Omit<HTMLAttributes<Element>, Props> & Partial<Pick<Element, Props>> & CtHandlers<Events>;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
${elements.map((el) => `${doc(el, '    ')}\n    '${el.tagName}': CtSvelteProps<${el.name}, ${union(props(el))}, ${eventMap(el, '    ')}>;`).join('\n')}
  }
}
`;
}

/** VS Code's CSS custom data: every `--ct-*` property once, with its description and default. */
export function cssCustomData(elements: ElementDoc[]): object {
  const seen = new Map<string, { name: string; description: string }>();
  for (const el of elements) {
    for (const p of el.cssProperties ?? []) {
      if (seen.has(p.name)) continue;
      const description = `${(p.description ?? '').replace(/\s+/g, ' ').trim()}${p.default ? ` Default: ${p.default}.` : ''}`;
      seen.set(p.name, { name: p.name, description });
    }
  }
  return {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-css-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    properties: [...seen.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
