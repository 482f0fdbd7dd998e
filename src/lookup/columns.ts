/**
 * Columns of value ids beside a list of events: for a few low-cardinality fields, each event's
 * value as a small integer, in typed arrays indexed like the events. Filtering 100,000 loaded
 * events by a condition, or counting their values, then scans integers in order instead of
 * visiting 100,000 objects scattered over the heap (most of the time went in cache misses).
 *
 * Built lazily (only when facets or a narrowing ask for them), appended page by page, and
 * compacted with the events when a condition narrows them. Dictionaries (value <-> id) are shared
 * by every compacted copy, so ids stay stable for one query.
 */
import { MULTI_FIELDS, fieldValue, fieldValues, type Condition, type ConditionField } from './conditions.js';
import type { CtEvent } from './events.js';

/** Fields kept as columns: few distinct values each. Others (EventId, ErrorMessage, UserAgent) are tested per event. */
export const COLUMN_FIELDS: readonly ConditionField[] = [
  'EventName', 'Username', 'EventSource', 'SourceIPAddress', 'ErrorCode', 'AwsRegion', 'ResourceType', 'AccessKeyId',
  'ReadOnly', 'Errors', 'AccountId', 'IdentityType',
];

const NONE = -1;

/** value <-> id for one field. */
class Dictionary {
  readonly #ids = new Map<string, number>();
  readonly values: string[] = [];

  idOf(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }

  find(value: string): number {
    return this.#ids.get(value) ?? NONE;
  }
}

/** A growable Int32Array. */
class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

interface SingleColumn { kind: 'single'; ids: IntList }
/** Several values per event (one per resource): the event's distinct ids are `values[offsets[i]..offsets[i + 1]]`. */
interface MultiColumn { kind: 'multi'; offsets: IntList; values: IntList }
type Column = SingleColumn | MultiColumn;

/** The columns of every event one query has loaded, in arrival order, and the dictionaries; append-only. */
class ColumnStore {
  length = 0;
  readonly columns = new Map<ConditionField, Column>();
  readonly dictionaries = new Map<ConditionField, Dictionary>();

  constructor(fields: readonly ConditionField[], capacity: number) {
    for (const f of fields) {
      this.dictionaries.set(f, new Dictionary());
      if (MULTI_FIELDS.includes(f)) {
        const offsets = new IntList(capacity + 1);
        offsets.push(0);
        this.columns.set(f, { kind: 'multi', offsets, values: new IntList(capacity) });
      } else {
        this.columns.set(f, { kind: 'single', ids: new IntList(capacity) });
      }
    }
  }

  /** Adds one event; returns its row. */
  add(e: CtEvent): number {
    for (const [field, col] of this.columns) {
      const dict = this.dictionaries.get(field)!;
      if (col.kind === 'single') {
        const v = fieldValue(e, field);
        col.ids.push(v === undefined || v === '' ? NONE : dict.idOf(v));
      } else {
        for (const v of new Set(fieldValues(e, field))) col.values.push(dict.idOf(v));
        col.offsets.push(col.values.length);
      }
    }
    return this.length++;
  }
}

/**
 * Columns in step with one list of events: row `i` of the view is event `i` of the list. A view
 * either is the whole store (a query never narrowed) or names its store rows (after a narrowing),
 * so narrowing copies one array of row numbers, not every column.
 */
export class EventColumns {
  #length = 0;
  readonly #store: ColumnStore;
  /** Store row of each view row; `null` while the view is the store itself. */
  #rows: IntList | null = null;

  constructor(readonly fields: readonly ConditionField[] = COLUMN_FIELDS, capacity = 64, store?: ColumnStore) {
    this.#store = store ?? new ColumnStore(fields, capacity);
  }

  /** How many events the columns hold (the first `length` of the list they were built from). */
  get length(): number {
    return this.#length;
  }

  has(field: ConditionField): boolean {
    return this.#store.columns.has(field);
  }

  /** Adds `events[length..]`: the list is append-only while these columns follow it. */
  extend(events: readonly CtEvent[]): void {
    if (events.length <= this.#length) return;
    if (!this.#rows && this.#store.length !== this.#length) {
      // Another view grew the store: name this view's rows from now on.
      const rows = new IntList(events.length);
      for (let i = 0; i < this.#length; i++) rows.push(i);
      this.#rows = rows;
    }
    for (let i = this.#length; i < events.length; i++) {
      const row = this.#store.add(events[i]);
      this.#rows?.push(row);
    }
    this.#length = events.length;
  }

  /**
   * A test of row `i` against the condition, reading only the columns; `undefined` when the
   * condition's field is not a column (the caller tests the event itself).
   */
  matcher(c: Condition): ((i: number) => boolean) | undefined {
    const col = this.#store.columns.get(c.field);
    if (!col) return undefined;
    const id = this.#store.dictionaries.get(c.field)!.find(c.value);
    const want = !c.exclude;
    // A value never seen matches no row: "is" keeps none, "is not" keeps all.
    if (id === NONE) return () => !want;
    const rows = this.#rows?.data;
    if (col.kind === 'single') {
      const ids = col.ids.data;
      return rows ? (i) => (ids[rows[i]] === id) === want : (i) => (ids[i] === id) === want;
    }
    const { offsets: { data: offsets }, values: { data: values } } = col;
    return (i) => {
      const row = rows ? rows[i] : i;
      let has = false;
      for (let k = offsets[row]; k < offsets[row + 1]; k++) if (values[k] === id) { has = true; break; }
      return has === want;
    };
  }

  /** The rows at `keep` (ascending indexes into this view), as a view over the same store. */
  select(keep: ArrayLike<number>): EventColumns {
    const next = new EventColumns(this.fields, 0, this.#store);
    const rows = new IntList(keep.length);
    const mine = this.#rows?.data;
    for (let k = 0; k < keep.length; k++) rows.push(mine ? mine[keep[k]] : keep[k]);
    next.#rows = rows;
    next.#length = keep.length;
    return next;
  }

  /** Adds one to `counts[id]` for each value of `field` in rows `from..to`; returns the (possibly grown) counts. */
  count(field: ConditionField, counts: Int32Array, from = 0, to = this.#length): Int32Array {
    const col = this.#store.columns.get(field);
    if (!col) return counts;
    const size = this.#store.dictionaries.get(field)!.values.length;
    if (counts.length < size) {
      const grown = new Int32Array(Math.max(size, counts.length * 2, 16));
      grown.set(counts);
      counts = grown;
    }
    const rows = this.#rows?.data;
    if (col.kind === 'single') {
      const ids = col.ids.data;
      for (let i = from; i < to; i++) {
        const id = ids[rows ? rows[i] : i];
        if (id !== NONE) counts[id]++;
      }
    } else {
      const { offsets: { data: offsets }, values: { data: values } } = col;
      for (let i = from; i < to; i++) {
        const row = rows ? rows[i] : i;
        for (let k = offsets[row]; k < offsets[row + 1]; k++) counts[values[k]]++;
      }
    }
    return counts;
  }

  /** The value an id stands for in `field`. */
  value(field: ConditionField, id: number): string {
    return this.#store.dictionaries.get(field)!.values[id];
  }
}
