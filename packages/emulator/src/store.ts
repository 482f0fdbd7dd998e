/**
 * The event store behind LookupEvents: request validation, filtering, the retention window, and
 * paging with opaque, HMAC-signed NextTokens bound to the query that produced them.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { attributeValueLength } from './derive.js';
import type { StoredEvent } from './dataset.js';
import { badRequest } from './errors.js';
import type { LookupAttributeKey, WireEvent } from './types.js';

const ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = [
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
  /** The Region signed for: only its events are served. Undefined means every Region (info only). */
  region?: string;
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
      const len = attributeValueLength(value);
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

/** The events of one Region (or of all), sorted, with an index per lookup key. */
class Partition {
  readonly management: StoredEvent[];
  readonly insights: StoredEvent[];
  readonly indexes = new Map<string, Map<string, StoredEvent[]>>();

  constructor(sorted: StoredEvent[]) {
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

  candidates(q: Query): StoredEvent[] {
    return q.key ? this.indexes.get(`${q.insight ? 'i' : 'm'}:${q.key}`)?.get(q.value!) ?? [] : q.insight ? this.insights : this.management;
  }
}

const EMPTY = new Partition([]);

export class EventStore {
  /** Every Region's events (for counts and samples). */
  private readonly all: Partition;
  /** Each Region's own, by `awsRegion` (a record without one belongs to the home Region). */
  private readonly regions = new Map<string, Partition>();
  private readonly secret = randomBytes(32);
  private serial = 0;

  private readonly shortPageRate: number;
  private readonly seed: number;
  private readonly home: string;

  constructor(
    events: StoredEvent[],
    private readonly retentionDays = 90,
    paging: PagingOptions & { homeRegion?: string } = {},
  ) {
    this.shortPageRate = paging.shortPageRate ?? DEFAULT_SHORT_PAGE_RATE;
    this.seed = paging.seed ?? 0;
    const sorted = [...events].sort(before);
    this.all = new Partition(sorted);
    const home = paging.homeRegion ?? 'us-east-1';
    this.home = home;
    const byRegion = new Map<string, StoredEvent[]>();
    for (const e of sorted) {
      const r = e.region ?? home;
      const list = byRegion.get(r);
      if (list) list.push(e);
      else byRegion.set(r, [e]);
    }
    for (const [r, list] of byRegion) this.regions.set(r, new Partition(list));
  }

  get management(): readonly StoredEvent[] {
    return this.all.management;
  }

  /** Adds events (delivered late, in any order) to every Region's history and to each one's own. */
  add(events: StoredEvent[]): void {
    this.all.add(events);
    const byRegion = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const r = e.region ?? this.home;
      byRegion.set(r, [...(byRegion.get(r) ?? []), e]);
    }
    for (const [r, list] of byRegion) {
      const part = this.regions.get(r);
      if (part) part.add(list);
      else this.regions.set(r, new Partition([...list].sort(before)));
    }
  }

  get insights(): readonly StoredEvent[] {
    return this.all.insights;
  }

  /** Regions that hold events, most events first. */
  regionCounts(): { region: string; eventCount: number }[] {
    return [...this.regions].map(([region, p]) => ({ region, eventCount: p.management.length })).sort((a, b) => b.eventCount - a.eventCount || (a.region < b.region ? -1 : 1));
  }

  /** The sorted candidates of a query and the [from, to) slice inside the time window. */
  private range(q: Query, nowMs: number): { list: StoredEvent[]; from: number; to: number } {
    const partition = q.region === undefined ? this.all : this.regions.get(q.region) ?? EMPTY;
    const list = partition.candidates(q);
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

  /**
   * Every matching event of several Regions, merged newest first; events of the same second in the
   * order the Regions are listed, then in each Region's own order (what a client merging the
   * Regions' pages can reproduce).
   */
  mergedTruth(q: Query, regions: readonly string[], nowMs: number): WireEvent[] {
    const tagged = [...new Set(regions)].flatMap((region, r) => {
      const { list, from, to } = this.range({ ...q, region }, nowMs);
      return list.slice(from, to).map((e, i) => ({ e, r, i }));
    });
    tagged.sort((a, b) => b.e.time - a.e.time || a.r - b.r || a.i - b.i);
    return tagged.map((t) => t.e.event);
  }

  /**
   * One page. `pageLimit` (from a short-pages fault) caps the page below MaxResults; `repeat` (a
   * fault) starts it with that many events the previous page ended with, within the page's size.
   */
  lookup(q: Query, nowMs: number, pageLimit?: number, repeat = 0): { Events: WireEvent[]; NextToken?: string } {
    const hash = queryHash(q);
    const { list, from, to } = this.range(q, nowMs);
    let start = from;
    const state: TokenState = q.nextToken !== undefined ? this.openToken(q.nextToken, hash) : { cursor: null, page: 0, empty: false };
    const cursor = state.cursor;
    if (cursor) start = Math.max(from, firstIndex(list, (e) => e.time < cursor.t || (e.time === cursor.t && e.seq > cursor.s)));
    const size = Math.max(0, Math.min(q.maxResults, pageLimit ?? this.shortPage(q, state, start - from)));
    // Repeated events take slots of the page, so it still holds at most MaxResults and moves on.
    if (cursor) start -= Math.max(0, Math.min(repeat, start - from, size - 1));
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
      throw badRequest('InvalidNextTokenException', 'The NextToken belongs to a different query: LookupAttributes, StartTime, EndTime, EventCategory and the Region must be the same as in the request that returned it');
    }
    return { cursor: data.c, page: data.p ?? 1, empty: data.e ?? false };
  }

  /**
   * Counts and time span of every Region's events, and the most common values per attribute key
   * among `samplesRegion`'s (what a lookup signed for that Region can find; to build tests and demos).
   */
  info(nowMs: number, samples = 5, samplesRegion?: string) {
    const sampled = samplesRegion === undefined ? this.all : this.regions.get(samplesRegion) ?? EMPTY;
    const all = [...this.all.management, ...this.all.insights];
    const nowSec = Math.floor(nowMs / 1000);
    const cutoff = nowSec - this.retentionDays * 86400;
    const visible = (e: StoredEvent) => e.time >= cutoff && e.time <= nowSec;
    const sampleValues = (prefix: string, keys: readonly LookupAttributeKey[]) =>
      Object.fromEntries(
        keys.map((k) => [
          k,
          [...sampled.indexes.get(`${prefix}:${k}`)!.entries()]
            .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
            .slice(0, samples)
            .map(([value, list]) => ({ value, count: list.length })),
        ]),
      );
    const newest = all.reduce((m, e) => Math.max(m, e.time), -Infinity);
    const oldest = all.reduce((m, e) => Math.min(m, e.time), Infinity);
    return {
      eventCount: this.all.management.length,
      insightCount: this.all.insights.length,
      visibleEventCount: this.all.management.filter(visible).length,
      visibleInsightCount: this.all.insights.filter(visible).length,
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

/** Binds a token to the filter, the time bounds, the category and the Region (page size may change between pages). */
function queryHash(q: Query): string {
  return createHash('sha256')
    .update(JSON.stringify([q.key ?? null, q.value ?? null, q.start ?? null, q.end ?? null, q.insight, q.region ?? null]))
    .digest('base64url')
    .slice(0, 16);
}
