/**
 * Facets: the most frequent values of a few fields among the loaded, matched events, with counts.
 * Counted incrementally: the lookup's events array is append-only within one query, so a page
 * costs a count of that page only; a new array (a new query, a refine) starts over.
 */
import { fieldValues, type ConditionField } from '../lookup/conditions.js';
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
  #source?: readonly CtEvent[];
  #counted = 0;
  readonly #counts = new Map<ConditionField, Map<string, number>>();

  constructor(readonly fields: readonly ConditionField[] = FACET_FIELDS) {}

  /** Counts what `events` added since the last call (all of it if it is a new array). */
  sync(events: readonly CtEvent[]): void {
    if (events !== this.#source || events.length < this.#counted) {
      this.#source = events;
      this.#counted = 0;
      this.#counts.clear();
    }
    for (const f of this.fields) if (!this.#counts.has(f)) this.#counts.set(f, new Map());
    for (let i = this.#counted; i < events.length; i++) {
      const e = events[i];
      for (const f of this.fields) {
        const map = this.#counts.get(f)!;
        // An event counts once per value (two resources of one type are one event of that type).
        for (const v of new Set(fieldValues(e, f))) map.set(v, (map.get(v) ?? 0) + 1);
      }
    }
    this.#counted = events.length;
  }

  /** The top values of every field. */
  facets(limit = 10): Facet[] {
    return this.fields.map((field) => {
      const map = this.#counts.get(field) ?? new Map<string, number>();
      return { field, top: topValues(map, limit), distinct: map.size };
    });
  }
}

/** The `limit` largest counts, without sorting every value: one pass with a small sorted buffer. */
function topValues(map: ReadonlyMap<string, number>, limit: number): FacetValue[] {
  const top: FacetValue[] = [];
  const before = (a: FacetValue, b: FacetValue) => a.count > b.count || (a.count === b.count && a.value < b.value);
  for (const [value, count] of map) {
    const item = { value, count };
    if (top.length === limit && !before(item, top[limit - 1])) continue;
    let i = top.length;
    while (i > 0 && before(item, top[i - 1])) i--;
    top.splice(i, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}
