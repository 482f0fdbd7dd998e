/**
 * What a lookup is made of, apart from the controller that runs it: its options, the state it
 * publishes, and the session of one query (its events, de-duplication, tokens and counts) with the
 * pure steps that take a page into it. Plain TypeScript: no Lit, no DOM.
 */
import type { EventColumns } from './columns.js';
import type { CredentialsSource, RefreshableCredentials } from './credentials.js';
import type { LookupError } from './errors.js';
import { insertByTime, type CtEvent } from './events.js';
import { CloudTrailPageSource, lazySource, mergedSource, type Page, type PageSource } from './page-source.js';
import type { RegionStatus } from './region-merge.js';
import { RETENTION_MS, type EventFilter, type LookupPlan } from './query.js';
import type { LimiterClock, RateLimiter, RateLimitOptions } from './rate-limiter.js';
import type { RetryOptions } from './retry.js';
import type { FollowGap } from './follow.js';
import type { LookupEventsInput as LookupEventsCommandInput } from './wire.js';
import type { LookupCounts, LookupQuery, LookupStatus, WaitingInfo } from './types.js';
import type { AccountConfig } from './account-names.js';

export interface LookupControllerOptions {
  region: string;
  /**
   * Several Regions looked up at once, merged newest first (each with its own rate budget); the
   * first is `region`'s stand-in in messages. Default: `[region]`.
   */
  regions?: readonly string[];
  /** A CloudTrail endpoint (emulator, proxy); AWS's for the Region by default. */
  endpoint?: string;
  /** Static keys, any AWS credential provider, or a Cognito identity pool; needed unless `source` is given. */
  credentials?: CredentialsSource | RefreshableCredentials;
  rateLimit?: RateLimitOptions;
  retry?: RetryOptions;
  /** Requests one run()/loadMore() may send to find `pageSize` rows when pages come back empty or short; default 5. */
  maxRequestsPerLoad?: number;
  /**
   * When the browser applies a filter the API cannot (Read-only beside another attribute), one
   * run()/loadMore() keeps paging until it has `pageSize` matches or has scanned this many events;
   * default 2,000 (40 full pages, 20 s at the rate limit). stop() ends a scan early.
   */
  scanLimit?: number;
  /** Clock for validation and relative ranges (epoch ms). */
  now?: () => number;
  /** Where pages come from; a CloudTrail source for `region`/`endpoint` by default. */
  source?: PageSource;
  /** Makes the source from the controller's own credentials (which it then owns, with the source). */
  makeSource?: (credentials: RefreshableCredentials) => PageSource;
  limiter?: RateLimiter;
  /** Timers for retry waits and follow polls (ms); the monotonic clock by default. Tests pass a fake one. */
  clock?: LimiterClock;
  /**
   * Several accounts, each read in every Region through its role, with credentials from
   * `credentials` (an identity pool's basic flow, or AssumeRole with the host's): see accounts.ts.
   */
  accounts?: readonly AccountConfig[];
  /** STS endpoint for the accounts' roles (an emulator, a proxy); AWS's regional one by default. */
  stsEndpoint?: string;
  /** The Region STS is called in (and signed for); `region` by default. */
  stsRegion?: string;
  /** With an identity pool: its basic flow into each role (`web-identity`, default) or its own role's AssumeRole (`assume-role`). */
  accountsVia?: 'web-identity' | 'assume-role';
  /** Follow (live tail): ms between polls (default 5,000) and how far back each poll looks again for late events (default 10 min). */
  follow?: { intervalMs?: number; overlapMs?: number };
}

export interface LookupState {
  readonly status: LookupStatus;
  /** Generation of the query these events belong to; 0 before the first run. */
  readonly queryId: number;
  readonly query: LookupQuery | null;
  /** What is sent for `query`, with its resolved time range. */
  readonly plan: LookupPlan | null;
  /** Append-only within one `queryId` (see the module comment). */
  readonly events: readonly CtEvent[];
  readonly eventsVersion: number;
  readonly hasMore: boolean;
  readonly error: LookupError | null;
  readonly waiting: WaitingInfo | null;
  readonly counts: Readonly<LookupCounts>;
  /** Per Region, when several are looked up: what each loaded, and which failed while the others went on. */
  readonly regions: readonly RegionStatus[];
  /** pause() holds every request of this controller until resume(). */
  readonly paused: boolean;
  /** follow(true) is polling for newer events. */
  readonly following: boolean;
  /** Events follow() put at the top of this query's events (they come before the first page's). */
  readonly followed: number;
  /** While following: the span a failed poll could not read yet (the next successful poll reads it). */
  readonly followGap: FollowGap | null;
  /** What the source said about how it reads (see Page.notice), from its latest page. */
  readonly notice: string | null;
}

export type LookupListener = (state: LookupState) => void;

export interface Session {
  readonly id: number;
  readonly plan: LookupPlan;
  readonly abort: AbortController;
  /** Grows at the end as pages arrive; replaced by a new array when follow() inserts newer events. */
  events: CtEvent[];
  readonly seen: Set<string>;
  readonly sentTokens: Set<string>;
  readonly counts: LookupCounts;
  token: string | undefined;
  /** Where the last page left the source (several Regions), for retrying Regions after the end. */
  position?: string;
  finished: boolean;
  /** stop() was called: the load in progress ends after the page in flight. */
  stopping: boolean;
  error: LookupError | null;
  inflight: Promise<void> | null;
  /** Value-id columns of `events`, once something asked for them (see columns()). */
  columns?: EventColumns;
}

export const zeroCounts = (): LookupCounts => ({ loaded: 0, scanned: 0, pages: 0, requests: 0, filteredOut: 0, duplicates: 0, throttled: 0 });

export const INITIAL: LookupState = Object.freeze({
  status: 'idle', queryId: 0, query: null, plan: null, events: Object.freeze([]) as readonly CtEvent[],
  eventsVersion: 0, hasMore: false, error: null, waiting: null, counts: Object.freeze(zeroCounts()), regions: Object.freeze([]),
  paused: false, following: false, followed: 0, followGap: null, notice: null,
});

/**
 * The session's events that pass `added`, and their columns when the session has them: the
 * conditions the columns hold are tested on integers, in order; the rest on the events.
 */
export function narrow(s: Session, added: readonly EventFilter[]): { events: CtEvent[]; columns?: EventColumns } {
  const columns = s.columns;
  if (!columns) return { events: s.events.filter((e) => added.every((f) => f.test(e))) };
  columns.extend(s.events);
  const tests = added.map((f) => (f.condition && columns.matcher(f.condition)) || ((i: number) => f.test(s.events[i])));
  const passes = tests.length === 1 ? tests[0] : (i: number) => tests.every((t) => t(i));
  // Row numbers first, then an array of exactly the kept length: growing two arrays row by row
  // cost more than the test itself on 100,000 rows.
  const all = s.events;
  const kept = new Int32Array(all.length);
  let n = 0;
  for (let i = 0; i < all.length; i++) if (passes(i)) kept[n++] = i;
  const keep = kept.subarray(0, n);
  const events = new Array<CtEvent>(n);
  for (let k = 0; k < n; k++) events[k] = all[keep[k]];
  return { events, columns: columns.select(keep) };
}


/** Adds a page's events after de-duplication and the browser's filters; returns how many. */
export function acceptPage(s: Session, page: Page): number {
  s.counts.pages++;
  s.counts.scanned += page.events.length + (page.late?.length ?? 0);
  if (page.scannedBytes !== undefined) s.counts.bytesScanned = (s.counts.bytesScanned ?? 0) + page.scannedBytes;
  let added = admit(s, page.events, s.events);
  if (page.late?.length) {
    // A Region set aside caught up: its events go to their place by time, in a new array (as
    // follow() does); the value columns start over with it.
    const fresh: CtEvent[] = [];
    if (admit(s, page.late, fresh)) {
      s.events = insertByTime(s.events, fresh);
      s.columns = undefined;
      added += fresh.length;
    }
  }
  s.counts.loaded = s.events.length;
  if (page.position !== undefined) s.position = page.position;
  // A token seen before would loop forever (botocore's paginator refuses it too).
  const token = page.nextToken;
  if (!token || s.sentTokens.has(token)) {
    s.token = undefined;
    s.finished = true;
  } else {
    s.token = token;
  }
  return added;
}

/** Appends to `into` the events of `found` not seen before (by EventId) that pass the browser's filters; returns how many. */
function admit(s: Session, found: readonly CtEvent[], into: CtEvent[]): number {
  const filters = s.plan.filters;
  let added = 0;
  for (const event of found) {
    const id = event.EventId;
    if (id !== undefined) {
      if (s.seen.has(id)) { s.counts.duplicates++; continue; }
      s.seen.add(id);
    }
    if (filters.length > 0 && !filters.every((f) => f.test(event))) { s.counts.filteredOut++; continue; }
    into.push(event);
    added++;
  }
  return added;
}


/**
 * What the parts loaded on demand (follow.ts, export-all.ts) use of a controller: its current
 * query's session, its state, and pages fetched the way its own are (rate limit, retries, pause).
 */
export interface ControllerInside {
  state(): LookupState;
  /** The current query's session while it is live (not replaced, aborted or disposed). */
  session(): Session | null;
  set(patch: Partial<LookupState>): void;
  fetch(input: LookupEventsCommandInput, signal: AbortSignal): Promise<Page>;
  paused(): boolean;
  readonly clock: LimiterClock;
  readonly now: () => number;
  readonly follow: { intervalMs?: number; overlapMs?: number };
}

/**
 * The event with this id, with EventId lookups over the last 90 days (a few pages: they may come
 * back empty with a NextToken); null when Event history does not hold it.
 */
export async function findById(source: PageSource, eventId: string, now: number, tries: number, signal: AbortSignal): Promise<CtEvent | null> {
  const base = {
    StartTime: new Date(now - RETENTION_MS + 60_000), EndTime: new Date(now), MaxResults: 50,
    LookupAttributes: [{ AttributeKey: 'EventId' as const, AttributeValue: eventId }],
  };
  let token: string | undefined;
  for (let i = 0; i < tries; i++) {
    const page = await source.fetchPage({ input: token ? { ...base, NextToken: token } : base, signal });
    const found = page.events.find((e) => e.EventId === eventId);
    if (found) return found;
    if (!page.nextToken || page.nextToken === token) return null;
    token = page.nextToken;
  }
  return null;
}

/**
 * The source a controller makes for itself: every Region of every account with accounts, else its
 * Regions merged, else its one Region, each read with `credentials`.
 */
export function ownSource(options: LookupControllerOptions, regions: readonly string[], credentials: RefreshableCredentials, held: RefreshableCredentials[], merge: MergeOptions): PageSource {
  const sourceFor = (region: string) => new CloudTrailPageSource({ region, endpoint: options.endpoint, credentials, rateLimit: options.rateLimit, limiter: options.limiter });
  return accountsSource(options, regions, held, merge) ?? (regions.length > 1 ? mergedSource(regions, regions.map(sourceFor), merge) : sourceFor(regions[0]));
}

type MergeOptions = { clock: LimiterClock; retry: Required<RetryOptions> };

/**
 * With accounts: every Region of every account merged, each account with credentials of its own
 * role (accounts.ts, loaded with the first page), kept in `held` so the controller drops them.
 */
function accountsSource(options: LookupControllerOptions, regions: readonly string[], held: RefreshableCredentials[], merge: MergeOptions): PageSource | undefined {
  const { accounts, credentials: base } = options;
  // Without a source the constructor has checked that credentials were given.
  if (!accounts?.length || !base) return undefined;
  return lazySource(async () => {
    // The chunks of the first page at once, not one after the other: STS's and the merge's with the accounts'.
    const [m] = await Promise.all([import('./accounts.js'), import('./sts.js'), import('./region-merge.js')]);
    held.push(...m.accountCredentials(accounts, { base, region: options.stsRegion ?? options.region, stsEndpoint: options.stsEndpoint, via: options.accountsVia }));
    const { lanes, sources } = m.accountSources(accounts, held, regions, options);
    return mergedSource(lanes, sources, merge);
  }, options.endpoint ?? regions.map((r) => `https://cloudtrail.${r}.amazonaws.com`).join(', '));
}
