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
  #indexing?: number;

  /**
   * Builds the search index in idle time as pages arrive, so the first search is as fast as the
   * rest: small slices while the browser has time to spare, never a long task (a scroll keeps its
   * frames); when no idle time comes within a second, one small slice anyway. Stops once `host`
   * leaves the page; `source` is read at each slice (the table's loaded rows).
   */
  indexWhenIdle(host: { readonly isConnected: boolean }, source: () => readonly CtEvent[]): void {
    if (this.#indexing !== undefined || !host.isConnected) return;
    const idle = globalThis.requestIdleCallback
      ?? ((fn: (d: { timeRemaining(): number; didTimeout: boolean }) => void) => setTimeout(() => fn({ timeRemaining: () => 8, didTimeout: false }), 16) as unknown as number);
    this.#indexing = idle((deadline) => {
      this.#indexing = undefined;
      if (!host.isConnected) return;
      let done = false;
      do done = this.prepare(source(), 250);
      while (!done && !deadline.didTimeout && deadline.timeRemaining() > 4);
      if (!done) this.indexWhenIdle(host, source);
    }, { timeout: 1000 });
  }

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

