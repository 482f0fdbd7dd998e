/**
 * Text search over the events already loaded: no request is sent. A query is split on spaces and
 * every term must appear, case-insensitively, in one of the event's searchable fields (event name,
 * user name, source, resource types and names, error code, source IP, user agent, access key,
 * event id); `errors only` keeps failed calls.
 *
 * The index is built for the loaded events the first time a search needs them, and extended as
 * pages are appended (the controller's array only grows). It is compact, because 100,000 events
 * must fit in 1.5 times their raw records: most fields repeat (names, sources, user agents, IPs),
 * so each is a dictionary of distinct lowercase values plus one Uint32 id per event; a search tests
 * each distinct value once, then scans the ids. Event ids are unique, so they go into one
 * lowercase text per block of events instead of 100,000 small strings.
 */
import type { CtEvent } from './events.js';
import { hasInvisible, revealInvisible, stripInvisible } from './invisible.js';
import { searchTerms } from './search-terms.js';

export interface SearchOptions {
  /** Keep only failed calls (events whose record has an errorCode). */
  errorsOnly?: boolean;
}

/** What the index reads from each event, in this order. */
const FIELDS = ['eventName', 'username', 'eventSource', 'resources', 'errorCode', 'sourceIp', 'userAgent', 'accessKeyId'] as const;
const ERROR_FIELD = FIELDS.indexOf('errorCode');
const BLOCK = 4096;
/** Between event ids in a block's text: never typed into a search box, so no match spans two events. */
const SEP = '\u0001';

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');


/**
 * What a search reads of a value: the value as the table shows it, each invisible or bidirectional
 * character as its token (so "U+202E" finds overrides), and, after a line break no term can span,
 * the value without those characters (so "admin" finds `ad\u200Bmin`).
 */
function searchable(value: string): string {
  return hasInvisible(value) ? `${revealInvisible(value)}\n${stripInvisible(value)}`.toLowerCase() : value.toLowerCase();
}

/** The three fields LookupEvents leaves inside the record, read without caching a parsed copy on the event. */
function recordFields(e: CtEvent): { errorCode: string; sourceIp: string; userAgent: string } {
  let record: Json | undefined;
  try {
    const parsed: unknown = e.CloudTrailEvent ? JSON.parse(e.CloudTrailEvent) : undefined;
    record = parsed !== null && typeof parsed === 'object' ? (parsed as Json) : undefined;
  } catch {
    record = undefined;
  }
  return { errorCode: str(record?.errorCode), sourceIp: str(record?.sourceIPAddress), userAgent: str(record?.userAgent) };
}

class Dictionary {
  readonly values: string[] = [''];
  readonly #ids = new Map<string, number>([['', 0]]);
  id(value: string): number {
    const v = value.toLowerCase();
    let id = this.#ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(searchable(v));
      this.#ids.set(v, id);
    }
    return id;
  }
  /** 1 for every value that contains `term`. */
  matches(term: string): Uint8Array {
    const out = new Uint8Array(this.values.length);
    for (let i = 1; i < this.values.length; i++) if (this.values[i].includes(term)) out[i] = 1;
    return out;
  }
}

/**
 * A search index over one append-only list of events. Give it the list on every call: it indexes
 * what was appended since, and starts over when the list is a different array or got shorter.
 */
export class EventSearchIndex {
  #source: readonly CtEvent[] | undefined;
  #count = 0;
  readonly #dicts = FIELDS.map(() => new Dictionary());
  #ids: Uint32Array[] = FIELDS.map(() => new Uint32Array(0));
  /** Event ids, lowercase, SEP-joined per block of BLOCK events, with where each starts; the last block grows. */
  #blocks: { text: string; starts: Uint32Array }[] = [];
  #pending: string[] = [];

  /** Events indexed so far. */
  get size(): number {
    return this.#count;
  }

  /**
   * Indexes events appended to `events` since the last call; all of them for a different list. A
   * new array that starts with the same events (a host that sets `[...old, ...page]`) counts as
   * the same list grown: its first and last indexed events are checked, not every one.
   * Returns whether the index was kept (`'kept'`) or started over (`'reset'`). With `limit`, indexes
   * at most that many new events (idle-time indexing goes a slice at a time); `size` tells how far.
   */
  sync(events: readonly CtEvent[], limit = Infinity): 'kept' | 'reset' {
    const total = events.length;
    let result: 'kept' | 'reset' = 'kept';
    if (events !== this.#source) {
      const old = this.#source;
      const grown = old !== undefined && total >= this.#count && (this.#count === 0 || (events[0] === old[0] && events[this.#count - 1] === old[this.#count - 1]));
      if (grown) this.#source = events;
      else { this.#reset(events); result = 'reset'; }
    } else if (total < this.#count) {
      this.#reset(events);
      result = 'reset';
    }
    const n = Math.min(total, this.#count + Math.max(0, limit));
    if (n === this.#count) return result;
    this.#grow(n);
    for (let i = this.#count; i < n; i++) {
      const e = events[i];
      const { errorCode, sourceIp, userAgent } = recordFields(e);
      let resources = '';
      for (const r of e.Resources) resources += `${r.type ?? ''} ${r.name ?? ''}\n`;
      const values = [e.EventName ?? '', e.Username ?? '', e.EventSource ?? '', resources, errorCode, sourceIp, userAgent, e.AccessKeyId ?? ''];
      for (let f = 0; f < FIELDS.length; f++) this.#ids[f][i] = this.#dicts[f].id(values[f]);
      this.#pending.push(searchable(e.EventId ?? ''));
      if (this.#pending.length === BLOCK) this.#flush(i);
    }
    this.#count = n;
    // The last block stays open: its text is rebuilt from the parts kept until it is full.
    if (this.#pending.length) this.#flush(n - 1, false);
    return result;
  }

  /**
   * Indexes of the events in `[from, to)` that match `query`, ascending. An empty query with no
   * options matches everything. Call `sync` first.
   */
  search(query: string, options: SearchOptions = {}, from = 0, to = this.#count): number[] {
    to = Math.min(to, this.#count);
    const terms = searchTerms(query);
    const out: number[] = [];
    if (from >= to) return out;
    const errors = options.errorsOnly ? this.#ids[ERROR_FIELD] : undefined;
    if (!terms.length) {
      for (let i = from; i < to; i++) if (!errors || errors[i] !== 0) out.push(i);
      return out;
    }
    // One mark per event and term; an event matches when every term marked it.
    const hits = new Uint8Array(to - from);
    for (let t = 0; t < terms.length; t++) {
      const mark = t + 1;
      const want = t;
      for (let f = 0; f < FIELDS.length; f++) {
        const ok = this.#dicts[f].matches(terms[t]);
        if (!ok.includes(1)) continue;
        const ids = this.#ids[f];
        for (let i = from; i < to; i++) if (hits[i - from] === want && ok[ids[i]] === 1) hits[i - from] = mark;
      }
      this.#searchIds(terms[t], hits, from, to, want, mark);
    }
    const all = terms.length;
    for (let i = from; i < to; i++) if (hits[i - from] === all && (!errors || errors[i] !== 0)) out.push(i);
    return out;
  }

  /** Marks events in range whose id contains `term`, scanning each block's text once. */
  #searchIds(term: string, hits: Uint8Array, from: number, to: number, want: number, mark: number): void {
    if (term.includes(SEP)) return;
    for (let b = Math.floor(from / BLOCK); b * BLOCK < to; b++) {
      const block = this.#blocks[b];
      if (!block) continue;
      const { text, starts } = block;
      let at = text.indexOf(term);
      while (at >= 0) {
        const k = lastAtOrBefore(starts, at);
        const index = b * BLOCK + k;
        if (index >= from && index < to && hits[index - from] === want) hits[index - from] = mark;
        if (k + 1 >= starts.length) break;
        at = text.indexOf(term, starts[k + 1]);
      }
    }
  }

  /** Writes the block holding event `last` from the pending ids; a full block drops its parts. */
  #flush(last: number, full = true): void {
    const parts = this.#pending;
    const starts = new Uint32Array(parts.length);
    for (let k = 1; k < parts.length; k++) starts[k] = starts[k - 1] + parts[k - 1].length + 1;
    this.#blocks[Math.floor(last / BLOCK)] = { text: parts.join(SEP), starts };
    if (full) this.#pending = [];
  }

  #grow(n: number): void {
    if (this.#ids[0].length >= n) return;
    const size = Math.max(n, Math.ceil(this.#ids[0].length * 1.5), 1024);
    this.#ids = this.#ids.map((old) => {
      const next = new Uint32Array(size);
      next.set(old.subarray(0, this.#count));
      return next;
    });
  }

  #reset(events: readonly CtEvent[]): void {
    this.#source = events;
    this.#count = 0;
    this.#ids = FIELDS.map(() => new Uint32Array(0));
    this.#dicts.splice(0, this.#dicts.length, ...FIELDS.map(() => new Dictionary()));
    this.#blocks = [];
    this.#pending = [];
  }
}

/** The largest k with starts[k] <= at (starts ascending, starts[0] = 0). */
function lastAtOrBefore(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
