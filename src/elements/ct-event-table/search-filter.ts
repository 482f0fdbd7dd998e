/**
 * The table's "Search loaded events" box: filters the rows already loaded, in the browser, without
 * a request (see src/lookup/search.ts). The table keeps the state; this module keeps the cached
 * state and renders the controls; the filtering itself (row-filter.ts, with the search index) loads
 * after the first rows.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { searchTerms } from '../../lookup/search-terms.js';

export interface SearchState {
  query: string;
  errorsOnly: boolean;
}

export const isSearching = (s: SearchState): boolean => s.errorsOnly || searchTerms(s.query).length > 0;

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
