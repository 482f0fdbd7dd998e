/**
 * The rows that match the search box, over the table's loaded events, with the cached result
 * extended rather than recomputed when a page is appended. Loaded by the table after the first rows.
 */
import type { CtEvent } from '../../lookup/events.js';
import { EventSearchIndex } from '../../lookup/search.js';
import type { SearchState } from './search-filter.js';

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

