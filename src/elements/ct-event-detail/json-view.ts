/**
 * A formatted, collapsible, colour-coded JSON view. Every key and value is rendered as text by
 * Lit (never as HTML): CloudTrail records carry attacker-controlled strings. Collapsed branches
 * are not rendered until opened, so a 1 MB record costs only what is on screen.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { visible } from '../shared/visible.js';

export interface JsonViewState {
  /** Paths (`$.a.b[0]`) the user opened or closed, overriding the default depth rule. */
  toggled: Map<string, boolean>;
  /** Branches at a depth below this are open by default. */
  openDepth: number;
  onToggle: (path: string, open: boolean) => void;
  /** Children shown per branch path, where the user asked for more than the first `CHILD_CHUNK`. */
  shown: ReadonlyMap<string, number>;
  onShowMore: (path: string, count: number) => void;
}

const MAX_INLINE_STRING = 10_000;
/** Children of a branch rendered at first; "Show more" adds as many again. */
const CHILD_CHUNK = 100;

/** An object's or array's entries, or undefined for a scalar. */
export function entriesOf(value: unknown): [string | number, unknown][] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
}

export const childPath = (path: string, k: string | number): string => (typeof k === 'number' ? `${path}[${k}]` : `${path}.${k}`);

/** How many of a branch's `total` children are rendered. */
export const shownCount = (path: string, total: number, state: Pick<JsonViewState, 'shown'>): number => Math.min(total, state.shown.get(path) ?? CHILD_CHUNK);

export function renderJson(value: unknown, state: JsonViewState): TemplateResult {
  return html`<div class="json">${renderNode(value, '$', 0, state, undefined)}</div>`;
}

function isOpen(path: string, depth: number, state: JsonViewState): boolean {
  return state.toggled.get(path) ?? depth < state.openDepth;
}

function renderKey(key: string | number | undefined) {
  if (key === undefined) return nothing;
  return typeof key === 'number'
    ? html`<span class="index">${key}</span><span class="punct">: </span>`
    : html`<span class="key">"${visible(key)}"</span><span class="punct">: </span>`;
}

function renderNode(value: unknown, path: string, depth: number, state: JsonViewState, key: string | number | undefined): TemplateResult {
  const entries = entriesOf(value);
  if (entries) {
    const isArray = Array.isArray(value);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      return html`<div class="line">${renderKey(key)}<span class="punct">${open}${close}</span></div>`;
    }
    const expanded = isOpen(path, depth, state);
    const summary = `${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`;
    const count = expanded ? shownCount(path, entries.length, state) : 0;
    return html`<details
      class="branch"
      ?open=${expanded}
      @toggle=${(e: Event) => {
        const nowOpen = (e.currentTarget as HTMLDetailsElement).open;
        if (nowOpen !== expanded) state.onToggle(path, nowOpen);
      }}
    >
      <summary>${renderKey(key)}<span class="punct">${open}</span>${expanded ? nothing : html`<span class="count"> ${summary} </span><span class="punct">${close}</span>`}</summary>
      ${expanded
        ? html`<div class="children">
              ${entries.slice(0, count).map(([k, v]) => renderNode(v, childPath(path, k), depth + 1, state, k))}
              ${count < entries.length
                ? html`<button type="button" class="more" @click=${() => state.onShowMore(path, count + CHILD_CHUNK)}>Show ${
                  Math.min(CHILD_CHUNK, entries.length - count)} more (${(entries.length - count).toLocaleString('en-US')} not shown)</button>`
                : nothing}
            </div>
            <span class="punct">${close}</span>`
        : nothing}
    </details>`;
  }
  return html`<div class="line">${renderKey(key)}${renderScalar(value)}</div>`;
}

function renderScalar(value: unknown): TemplateResult {
  if (typeof value === 'string') {
    const shown = value.length > MAX_INLINE_STRING ? `${value.slice(0, MAX_INLINE_STRING)}… (${value.length - MAX_INLINE_STRING} more characters)` : value;
    return html`<span class="string">${visible(JSON.stringify(shown))}</span>`;
  }
  if (typeof value === 'number') return html`<span class="number">${String(value)}</span>`;
  if (typeof value === 'boolean') return html`<span class="boolean">${String(value)}</span>`;
  if (value === null) return html`<span class="null">null</span>`;
  return html`<span class="null">${String(value)}</span>`;
}
