/**
 * The table's "Search loaded events" box: filters the rows already loaded, in the browser, without
 * a request (see src/lookup/search.ts). The table keeps the state; this module keeps the cached
 * result, extended rather than recomputed when a page is appended, and renders the controls.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import { EventSearchIndex, searchTerms } from '../../lookup/search.js';

export interface SearchState {
  query: string;
  errorsOnly: boolean;
}

export const isSearching = (s: SearchState): boolean => s.errorsOnly || searchTerms(s.query).length > 0;

export class RowFilter {
  readonly #index = new EventSearchIndex();
  #last?: { source: readonly CtEvent[]; length: number; query: string; errorsOnly: boolean; rows: CtEvent[] };

  /**
   * Indexes up to `limit` more events of `source` ahead of a search (in idle time, page by page),
   * so the first search costs only the search. Returns true when all of `source` is indexed.
   */
  prepare(source: readonly CtEvent[], limit: number): boolean {
    this.#index.sync(source, limit);
    return this.#index.size >= source.length;
  }

  /** The events of `source` that match; the same array while nothing changed. */
  apply(source: readonly CtEvent[], { query, errorsOnly }: SearchState): readonly CtEvent[] {
    const last = this.#last;
    if (last && last.source === source && last.length === source.length && last.query === query && last.errorsOnly === errorsOnly) return last.rows;
    const kept = this.#index.sync(source) === 'kept';
    if (kept && last && last.query === query && last.errorsOnly === errorsOnly && last.length <= source.length) {
      // The same list, grown by a page: search only the new events.
      const added = this.#index.search(query, { errorsOnly }, last.length).map((i) => source[i]);
      const rows = last.rows.concat(added);
      this.#last = { source, length: source.length, query, errorsOnly, rows };
      return rows;
    }
    const rows = this.#index.search(query, { errorsOnly }).map((i) => source[i]);
    this.#last = { source, length: source.length, query, errorsOnly, rows };
    return rows;
  }
}

export interface SearchBoxOptions extends SearchState {
  id: string;
  shown: number;
  loaded: number;
  onInput: (query: string) => void;
  onErrorsOnly: (on: boolean) => void;
  onClear: () => void;
}

export function renderSearchBox(o: SearchBoxOptions): TemplateResult {
  const active = isSearching(o);
  const n = (v: number) => v.toLocaleString('en-US');
  return html`<div class="search" part="search" role="search">
    <label for="${o.id}-search">Search loaded events</label>
    <input id="${o.id}-search" type="search" autocomplete="off" spellcheck="false" .value=${o.query}
      placeholder="name, user, source, resource, error, IP, key, id…" aria-describedby="${o.id}-matches"
      @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
      @keydown=${(e: KeyboardEvent) => { if (e.key === 'Escape' && o.query) { e.preventDefault(); o.onClear(); } }} />
    <label class="inline"><input type="checkbox" .checked=${o.errorsOnly}
      @change=${(e: Event) => o.onErrorsOnly((e.target as HTMLInputElement).checked)} />Errors only</label>
    ${active ? html`<button type="button" class="clear" @click=${o.onClear}>Clear search</button>` : nothing}
    <span id="${o.id}-matches" class="matches" role="status">${active
      ? `${n(o.shown)} of ${n(o.loaded)} loaded ${o.loaded === 1 ? 'event matches' : 'events match'}`
      : ''}</span>
  </div>`;
}
