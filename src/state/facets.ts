/**
 * Facets: the most frequent values of a few fields among the loaded, matched events, with counts.
 * Counted incrementally: the lookup's events array is append-only within one query, so a page
 * costs a count of that page only; a new array (a new query, a refine) starts over.
 */
import { MULTI_FIELDS, fieldValue, fieldValues, type ConditionField } from '../lookup/conditions.js';
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

  /**
   * Counts what `events` added since the last call. A new array is counted afresh, unless it keeps
   * some of the counted events in their order (a condition narrowed the rows): then whichever is
   * fewer, the events dropped or the events kept, is counted, so narrowing 100,000 rows stays cheap.
   */
  sync(events: readonly CtEvent[]): void {
    const old = this.#source;
    if (old && events !== old && events.length <= this.#counted && this.#narrowed(old, events)) {
      this.#source = events;
      this.#counted = events.length;
      return;
    }
    if (events !== old || events.length < this.#counted) {
      this.#source = events;
      this.#counted = 0;
      this.#counts.clear();
    }
    for (const f of this.fields) if (!this.#counts.has(f)) this.#counts.set(f, new Map());
    for (let i = this.#counted; i < events.length; i++) this.#add(events[i], 1);
    this.#counted = events.length;
  }

  /** If `next` is `old`'s counted events with some dropped (order kept), updates the counts and returns true. */
  #narrowed(old: readonly CtEvent[], next: readonly CtEvent[]): boolean {
    const dropped: CtEvent[] = [];
    let j = 0;
    for (let i = 0; i < this.#counted; i++) {
      if (j < next.length && old[i] === next[j]) j++;
      else dropped.push(old[i]);
    }
    if (j !== next.length) return false;
    if (dropped.length <= next.length) {
      for (const e of dropped) this.#add(e, -1);
    } else {
      this.#counts.clear();
      for (const f of this.fields) this.#counts.set(f, new Map());
      for (const e of next) this.#add(e, 1);
    }
    return true;
  }

  #add(e: CtEvent, by: 1 | -1): void {
    for (const f of this.fields) {
      const map = this.#counts.get(f)!;
      if (MULTI_FIELDS.includes(f)) {
        // An event counts once per value (two resources of one type are one event of that type).
        for (const v of new Set(fieldValues(e, f))) bump(map, v, by);
      } else {
        const v = fieldValue(e, f);
        if (v !== undefined && v !== '') bump(map, v, by);
      }
    }
  }

  /** The top values of every field. */
  facets(limit = 10): Facet[] {
    return this.fields.map((field) => {
      const map = this.#counts.get(field) ?? new Map<string, number>();
      return { field, top: topValues(map, limit), distinct: map.size };
    });
  }
}

function bump(map: Map<string, number>, value: string, by: 1 | -1): void {
  const n = (map.get(value) ?? 0) + by;
  if (n > 0) map.set(value, n);
  else map.delete(value);
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
