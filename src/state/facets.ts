/**
 * Facets: the most frequent values of a few fields among the loaded, matched events, with counts.
 * Counted from value-id columns (src/lookup/columns.ts): the controller's when bound to one, so a
 * page costs a count of that page only and a narrowing a scan of a few typed arrays.
 */
import { EventColumns } from '../lookup/columns.js';
import type { ConditionField } from '../lookup/conditions.js';
import type { CtEvent } from '../lookup/events.js';

export const FACET_FIELDS: readonly ConditionField[] = [
  'EventName', 'Username', 'EventSource', 'SourceIPAddress', 'ErrorCode', 'AwsRegion', 'ResourceType', 'AccessKeyId',
];

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facet {
  field: ConditionField;
  /** Most frequent first (ties by value), at most `limit`. */
  top: readonly FacetValue[];
  /** How many distinct values the field has among the events. */
  distinct: number;
}

export class FacetCounter {
  /** The columns counted so far, and how many of their rows. */
  #columns?: EventColumns;
  #counted = 0;
  /** Columns built here, for a list that came without them (standalone use). */
  #own?: { events: readonly CtEvent[]; columns: EventColumns };
  readonly #counts = new Map<ConditionField, Int32Array>();

  constructor(readonly fields: readonly ConditionField[] = FACET_FIELDS) {}

  /**
   * Counts what `events` added since the last call. With `columns` (the controller's, in step with
   * `events`), counting reads integers only; a new columns object (a new query, or a condition that
   * narrowed the rows) is counted afresh, which on 100,000 rows is a scan of a few typed arrays.
   * Without, the counter keeps columns of its own, grown while the list only grows.
   */
  sync(events: readonly CtEvent[], given?: EventColumns): void {
    const columns = given && given.length === events.length && this.fields.every((f) => given.has(f)) ? given : this.#ownColumns(events);
    if (columns !== this.#columns || columns.length < this.#counted) {
      this.#columns = columns;
      this.#counted = 0;
      this.#counts.clear();
    }
    for (const f of this.fields) this.#counts.set(f, columns.count(f, this.#counts.get(f) ?? new Int32Array(16), this.#counted));
    this.#counted = columns.length;
  }

  #ownColumns(events: readonly CtEvent[]): EventColumns {
    const own = this.#own;
    const n = own?.columns.length ?? 0;
    // The same list grown, or a new array that starts with the same events (a host that sets `[...old, ...page]`).
    const grown = own && events.length >= n && (events === own.events || n === 0 || (events[0] === own.events[0] && events[n - 1] === own.events[n - 1]));
    const columns = grown ? own.columns : new EventColumns(this.fields);
    columns.extend(events);
    this.#own = { events, columns };
    return columns;
  }

  /** The top values of every field. */
  facets(limit = 10): Facet[] {
    return this.fields.map((field) => {
      const counts = this.#counts.get(field);
      const columns = this.#columns;
      if (!counts || !columns) return { field, top: [], distinct: 0 };
      return { field, ...topValues(counts, (id) => columns.value(field, id), limit) };
    });
  }
}

/** The `limit` largest counts, without sorting every value: one pass with a small sorted buffer. */
function topValues(counts: Int32Array, valueOf: (id: number) => string, limit: number): { top: FacetValue[]; distinct: number } {
  const top: FacetValue[] = [];
  let distinct = 0;
  const before = (a: FacetValue, b: FacetValue) => a.count > b.count || (a.count === b.count && a.value < b.value);
  for (let id = 0; id < counts.length; id++) {
    const count = counts[id];
    if (count <= 0) continue;
    distinct++;
    if (top.length === limit && count < top[limit - 1].count) continue;
    const item = { value: valueOf(id), count };
    if (top.length === limit && !before(item, top[limit - 1])) continue;
    let i = top.length;
    while (i > 0 && before(item, top[i - 1])) i--;
    top.splice(i, 0, item);
    if (top.length > limit) top.pop();
  }
  return { top, distinct };
}
