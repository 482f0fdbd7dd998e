/**
 * The event store behind LookupEvents: request validation, filtering, the retention window, and
 * paging with opaque, HMAC-signed NextTokens bound to the query that produced them.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoredEvent } from './dataset.js';
import { badRequest } from './errors.js';
import type { LookupAttributeKey, WireEvent } from './types.js';

export const ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
];
const INSIGHT_KEYS: readonly LookupAttributeKey[] = ['EventId', 'EventName', 'EventSource'];
const MAX_VALUE_LENGTH = 2000;
/** Largest epoch second accepted (9999-12-31T23:59:59Z); beyond it the range is "outside the possible values". */
const MAX_EPOCH = 253402300799;

/** A validated LookupEvents request. */
export interface Query {
  key?: LookupAttributeKey;
  value?: string;
  start?: number;
  end?: number;
  insight: boolean;
  maxResults: number;
  nextToken?: string;
}

/**
 * AWS counts `_`, space, `,` and newline twice toward the 2000-character limit. Characters are
 * UTF-16 code units (the service is Java; an emoji counts two), as the library's `valueLength`.
 */
export function weightedLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5f || c === 0x20 || c === 0x2c || c === 0x0a) n++;
  }
  return n;
}

function time(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw badRequest('SerializationException', `${name} must be a number of epoch seconds; got ${JSON.stringify(v)}`);
  }
  if (v < 0 || v > MAX_EPOCH) {
    throw badRequest('InvalidTimeRangeException', `${name} ${v} is outside the range of possible values (0 to ${MAX_EPOCH} epoch seconds)`);
  }
  return v;
}

/** Validate a decoded LookupEvents body; throws the error AWS would return. */
export function validateLookup(body: Record<string, unknown>, opts: { paging?: boolean } = {}): Query {
  const paging = opts.paging ?? true;
  let maxResults = 50;
  if (paging && body.MaxResults !== undefined && body.MaxResults !== null) {
    const m = body.MaxResults;
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 50) {
      throw badRequest('InvalidMaxResultsException', `MaxResults must be an integer between 1 and 50; got ${JSON.stringify(m)}`);
    }
    maxResults = m;
  }
  let insight = false;
  if (body.EventCategory !== undefined && body.EventCategory !== null) {
    if (body.EventCategory !== 'insight') {
      throw badRequest('InvalidEventCategoryException', `EventCategory must be "insight" (or omitted for management events); got ${JSON.stringify(body.EventCategory)}`);
    }
    insight = true;
  }
  const q: Query = { insight, maxResults };
  const attrs = body.LookupAttributes;
  if (attrs !== undefined && attrs !== null) {
    if (!Array.isArray(attrs)) throw badRequest('SerializationException', 'LookupAttributes must be a list of {AttributeKey, AttributeValue}');
    if (attrs.length > 1) {
      throw badRequest('InvalidLookupAttributesException', `LookupAttributes takes at most one attribute; got ${attrs.length}`);
    }
    if (attrs.length === 1) {
      const a = (attrs[0] ?? {}) as Record<string, unknown>;
      const key = a.AttributeKey;
      if (typeof key !== 'string' || !key) throw badRequest('InvalidLookupAttributesException', `AttributeKey is required; allowed: ${ATTRIBUTE_KEYS.join(', ')}`);
      if (!ATTRIBUTE_KEYS.includes(key as LookupAttributeKey)) {
        throw badRequest('InvalidLookupAttributesException', `AttributeKey "${key}" is not supported; allowed: ${ATTRIBUTE_KEYS.join(', ')}`);
      }
      if (insight && !INSIGHT_KEYS.includes(key as LookupAttributeKey)) {
        throw badRequest('InvalidLookupAttributesException', `AttributeKey "${key}" is not supported for Insights events; allowed: ${INSIGHT_KEYS.join(', ')}`);
      }
      const value = a.AttributeValue;
      if (typeof value !== 'string' || value === '') throw badRequest('InvalidLookupAttributesException', `AttributeValue is required for AttributeKey "${key}" and must not be empty`);
      const len = weightedLength(value);
      if (len > MAX_VALUE_LENGTH) {
        throw badRequest('InvalidLookupAttributesException', `AttributeValue is too long: ${len} of at most ${MAX_VALUE_LENGTH} characters ('_', space, ',' and newline count as two)`);
      }
      q.key = key as LookupAttributeKey;
      q.value = value;
    }
  }
  q.start = time('StartTime', body.StartTime);
  q.end = time('EndTime', body.EndTime);
  if (q.start !== undefined && q.end !== undefined && q.start > q.end) {
    throw badRequest('InvalidTimeRangeException', `StartTime (${q.start}) must not be after EndTime (${q.end})`);
  }
  if (paging && body.NextToken !== undefined && body.NextToken !== null) {
    if (typeof body.NextToken !== 'string' || !body.NextToken) throw badRequest('InvalidNextTokenException', 'NextToken must be a non-empty string returned by a previous LookupEvents call');
    q.nextToken = body.NextToken;
  }
  return q;
}

/** Newest first; same-second events in load order. */
const before = (a: StoredEvent, b: StoredEvent) => b.time - a.time || a.seq - b.seq;

interface Cursor {
  t: number;
  s: number;
}

/** What a NextToken carries besides its cursor: the page's position, for the short-page draw. */
interface TokenState {
  cursor: Cursor | null;
  /** Index of the page this token asks for. */
  page: number;
  /** Whether the page that returned this token was empty (two empty pages never follow each other). */
  empty: boolean;
}

/**
 * Short pages: the service returns fewer than MaxResults events, sometimes none, with a NextToken,
 * on some pages. The draw is a hash of the seed, the filter, the page index and how many events
 * came before the page, so the same query pages the same way on every run and a retried request
 * gets the same page.
 */
export interface PagingOptions {
  /** Fraction of pages cut short (0 turns short pages off). Default 0.1. */
  shortPageRate?: number;
  seed?: number;
}
export const DEFAULT_SHORT_PAGE_RATE = 0.1;
/** Of the short pages, the share that is empty. */
const EMPTY_SHARE = 0.3;

function draw(...parts: unknown[]): [number, number] {
  const h = createHash('sha256').update(JSON.stringify(parts)).digest();
  return [h.readUInt32BE(0) / 2 ** 32, h.readUInt32BE(4) / 2 ** 32];
}

const b64 = (b: Buffer) => b.toString('base64url');

export class EventStore {
  readonly management: StoredEvent[];
  readonly insights: StoredEvent[];
  private readonly indexes = new Map<string, Map<string, StoredEvent[]>>();
  private readonly secret = randomBytes(32);
  private serial = 0;

  private readonly shortPageRate: number;
  private readonly seed: number;

  constructor(
    events: StoredEvent[],
    private readonly retentionDays = 90,
    paging: PagingOptions = {},
  ) {
    this.shortPageRate = paging.shortPageRate ?? DEFAULT_SHORT_PAGE_RATE;
    this.seed = paging.seed ?? 0;
    const sorted = [...events].sort(before);
    this.management = sorted.filter((e) => !e.insight);
    this.insights = sorted.filter((e) => e.insight);
    this.buildIndex('m', this.management, ATTRIBUTE_KEYS);
    this.buildIndex('i', this.insights, INSIGHT_KEYS);
  }

  /** Adds events (delivered late, in any order): each takes its place by time, and the indexes follow. */
  add(events: StoredEvent[]): void {
    if (!events.length) return;
    for (const e of events) (e.insight ? this.insights : this.management).push(e);
    this.management.sort(before);
    this.insights.sort(before);
    this.buildIndex('m', this.management, ATTRIBUTE_KEYS);
    this.buildIndex('i', this.insights, INSIGHT_KEYS);
  }

  private buildIndex(prefix: string, list: StoredEvent[], keys: readonly LookupAttributeKey[]): void {
    for (const key of keys) this.indexes.set(`${prefix}:${key}`, new Map());
    const add = (key: string, value: string | undefined, e: StoredEvent) => {
      if (value === undefined) return;
      const m = this.indexes.get(`${prefix}:${key}`)!;
      const arr = m.get(value);
      // Several resources of one event can share a value; keep the event once.
      if (!arr) m.set(value, [e]);
      else if (arr[arr.length - 1] !== e) arr.push(e);
    };
    for (const e of list) {
      const ev = e.event;
      for (const key of keys) {
        if (key === 'ResourceType' || key === 'ResourceName') {
          for (const r of ev.Resources) add(key, key === 'ResourceType' ? r.ResourceType : r.ResourceName, e);
        } else {
          add(key, ev[key], e);
        }
      }
    }
  }

  /** The sorted candidates of a query and the [from, to) slice inside the time window. */
  private range(q: Query, nowMs: number): { list: StoredEvent[]; from: number; to: number } {
    const list = q.key ? this.indexes.get(`${q.insight ? 'i' : 'm'}:${q.key}`)?.get(q.value!) ?? [] : q.insight ? this.insights : this.management;
    const cutoff = Math.floor(nowMs / 1000) - this.retentionDays * 86400;
    const lower = Math.max(q.start ?? -Infinity, cutoff);
    // Nothing from the future: records dated after the instance clock are not served (yet).
    const upper = Math.min(q.end ?? Infinity, Math.floor(nowMs / 1000));
    // First index with time <= upper, first index with time < lower (the list is descending).
    const from = firstIndex(list, (e) => e.time <= upper);
    const to = firstIndex(list, (e) => e.time < lower);
    return { list, from, to: Math.max(from, to) };
  }

  /** Every matching event in order, without paging (for tests and the control API). */
  truth(q: Query, nowMs: number): WireEvent[] {
    const { list, from, to } = this.range(q, nowMs);
    return list.slice(from, to).map((e) => e.event);
  }

  /** One page. `pageLimit` (from a short-pages fault) caps the page below MaxResults. */
  lookup(q: Query, nowMs: number, pageLimit?: number): { Events: WireEvent[]; NextToken?: string } {
    const hash = queryHash(q);
    const { list, from, to } = this.range(q, nowMs);
    let start = from;
    const state: TokenState = q.nextToken !== undefined ? this.openToken(q.nextToken, hash) : { cursor: null, page: 0, empty: false };
    const cursor = state.cursor;
    if (cursor) start = Math.max(from, firstIndex(list, (e) => e.time < cursor.t || (e.time === cursor.t && e.seq > cursor.s)));
    const size = Math.max(0, Math.min(q.maxResults, pageLimit ?? this.shortPage(q, state, start - from)));
    const end = Math.min(to, start + size);
    const page = list.slice(start, end);
    const out: { Events: WireEvent[]; NextToken?: string } = { Events: page.map((e) => e.event) };
    if (end < to) {
      const last = page[page.length - 1];
      out.NextToken = this.sealToken({ cursor: last ? { t: last.time, s: last.seq } : cursor, page: state.page + 1, empty: page.length === 0 }, hash);
    }
    return out;
  }

  /** The page size the service would use for this page: usually MaxResults, sometimes fewer or none. */
  private shortPage(q: Query, state: TokenState, served: number): number {
    const maxResults = q.maxResults;
    if (this.shortPageRate <= 0) return maxResults;
    // Positions, not times: the same data pages the same way whenever it was loaded or rebased.
    const [u, v] = draw(this.seed, q.key ?? null, q.value ?? null, q.insight, state.page, served);
    if (u >= this.shortPageRate) return maxResults;
    if (!state.empty && (maxResults === 1 || v < EMPTY_SHARE)) return 0;
    if (maxResults === 1) return 1;
    const w = v < EMPTY_SHARE ? v / EMPTY_SHARE : (v - EMPTY_SHARE) / (1 - EMPTY_SHARE);
    return 1 + Math.floor(w * (maxResults - 1));
  }

  private sealToken(state: TokenState, hash: string): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, c: state.cursor, p: state.page, e: state.empty, q: hash, n: ++this.serial, r: b64(randomBytes(6)) }));
    const mac = createHmac('sha256', this.secret).update(payload).digest().subarray(0, 18);
    return `${b64(payload)}.${b64(mac)}`;
  }

  private openToken(token: string, hash: string): TokenState {
    const invalid = () => badRequest('InvalidNextTokenException', 'The NextToken is not valid: it was not issued by this endpoint or it was altered');
    const [p, m, extra] = token.split('.');
    if (!p || !m || extra !== undefined) throw invalid();
    const payload = Buffer.from(p, 'base64url');
    const mac = Buffer.from(m, 'base64url');
    const expected = createHmac('sha256', this.secret).update(payload).digest().subarray(0, 18);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw invalid();
    const data = JSON.parse(payload.toString('utf8')) as { c: Cursor | null; p?: number; e?: boolean; q: string };
    if (data.q !== hash) {
      throw badRequest('InvalidNextTokenException', 'The NextToken belongs to a different query: LookupAttributes, StartTime, EndTime and EventCategory must be the same as in the request that returned it');
    }
    return { cursor: data.c, page: data.p ?? 1, empty: data.e ?? false };
  }

  /** Counts, time span and the most common values per attribute key (to build tests and demos). */
  info(nowMs: number, samples = 5) {
    const all = [...this.management, ...this.insights];
    const nowSec = Math.floor(nowMs / 1000);
    const cutoff = nowSec - this.retentionDays * 86400;
    const visible = (e: StoredEvent) => e.time >= cutoff && e.time <= nowSec;
    const sampleValues = (prefix: string, keys: readonly LookupAttributeKey[]) =>
      Object.fromEntries(
        keys.map((k) => [
          k,
          [...this.indexes.get(`${prefix}:${k}`)!.entries()]
            .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
            .slice(0, samples)
            .map(([value, list]) => ({ value, count: list.length })),
        ]),
      );
    const newest = all.reduce((m, e) => Math.max(m, e.time), -Infinity);
    const oldest = all.reduce((m, e) => Math.min(m, e.time), Infinity);
    return {
      eventCount: this.management.length,
      insightCount: this.insights.length,
      visibleEventCount: this.management.filter(visible).length,
      visibleInsightCount: this.insights.filter(visible).length,
      retentionDays: this.retentionDays,
      newest: Number.isFinite(newest) ? new Date(newest * 1000).toISOString() : null,
      oldest: Number.isFinite(oldest) ? new Date(oldest * 1000).toISOString() : null,
      samples: sampleValues('m', ATTRIBUTE_KEYS),
      insightSamples: sampleValues('i', INSIGHT_KEYS),
    };
  }
}

/** Binary search: first index where `pred` holds, for a predicate that is monotone false→true. */
function firstIndex<T>(list: T[], pred: (x: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(list[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Binds a token to the filter, the time bounds and the category (page size may change between pages). */
function queryHash(q: Query): string {
  return createHash('sha256')
    .update(JSON.stringify([q.key ?? null, q.value ?? null, q.start ?? null, q.end ?? null, q.insight]))
    .digest('base64url')
    .slice(0, 16);
}
