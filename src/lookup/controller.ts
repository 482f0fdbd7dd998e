/**
 * The lookup controller owns one query at a time: it validates it, pages through LookupEvents on
 * demand, and publishes an immutable {@link LookupState} after every change.
 *
 * Modelled on Lit's Task: every query is a generation with its own AbortController; results that
 * come back for an older generation are dropped. At most one request is in flight; each NextToken
 * is only ever sent with the exact input (resolved times included) of the page that returned it.
 * Retries go through the shared rate limiter (the SDK's own are off), and all of them are bounded.
 *
 * Events: `state.events` is one append-only array per query, shared by every state of that query,
 * so a page costs O(page), not O(total). Each change that appends bumps `state.eventsVersion`;
 * compare the state object (or that version), not the array, to notice new rows, and `slice()` it
 * if you need a snapshot. A new query gets a new array.
 */
import { toRefreshable } from './credentials.js';
import type { CredentialsSource, RefreshableCredentials } from './credentials.js';
import { LookupError, LookupValidationError, toLookupError } from './errors.js';
import type { CtEvent } from './events.js';
import { CloudTrailPageSource } from './page-source.js';
import type { Page, PageSource } from './page-source.js';
import { RETENTION_MS, validateQuery } from './query.js';
import type { LookupPlan } from './query.js';
import { abortReason } from './rate-limiter.js';
import type { RateLimiter, RateLimitOptions } from './rate-limiter.js';
import type { ConditionField } from './conditions.js';
import type { LookupAttributeKey, LookupCounts, LookupQuery, LookupStatus, WaitingInfo } from './types.js';

export interface RetryOptions {
  /** Attempts per page on throttling, 5xx and network errors, the first included; default 5. */
  maxAttempts?: number;
  /** First backoff, doubled per attempt, with jitter; default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface LookupControllerOptions {
  region: string;
  /** A CloudTrail endpoint (emulator, proxy); AWS's for the Region by default. */
  endpoint?: string;
  /** Static keys, any AWS credential provider, or a Cognito identity pool. */
  credentials: CredentialsSource | RefreshableCredentials;
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
}

export type LookupListener = (state: LookupState) => void;

interface Session {
  readonly id: number;
  readonly plan: LookupPlan;
  readonly abort: AbortController;
  readonly events: CtEvent[];
  readonly seen: Set<string>;
  readonly sentTokens: Set<string>;
  readonly counts: LookupCounts;
  token: string | undefined;
  finished: boolean;
  /** stop() was called: the load in progress ends after the page in flight. */
  stopping: boolean;
  error: LookupError | null;
  inflight: Promise<void> | null;
}

const zeroCounts = (): LookupCounts => ({ loaded: 0, scanned: 0, pages: 0, requests: 0, filteredOut: 0, duplicates: 0, throttled: 0 });

const INITIAL: LookupState = Object.freeze({
  status: 'idle', queryId: 0, query: null, plan: null, events: Object.freeze([]) as readonly CtEvent[],
  eventsVersion: 0, hasMore: false, error: null, waiting: null, counts: Object.freeze(zeroCounts()),
});

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = () => { clearTimeout(timer); reject(abortReason(signal)); };
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class LookupController {
  /** The Region looked up. */
  readonly region: string;
  /** Where requests go (the endpoint option, or AWS's endpoint for the Region). */
  readonly endpoint: string;
  #state: LookupState = INITIAL;
  #session: Session | null = null;
  #generation = 0;
  #disposed = false;
  readonly #listeners = new Set<LookupListener>();
  readonly #source: PageSource;
  readonly #ownsSource: boolean;
  readonly #now: () => number;
  readonly #retry: Required<RetryOptions>;
  readonly #maxRequestsPerLoad: number;
  #scanLimit: number;
  /** The credentials this controller made for its own source (dropped on dispose). */
  readonly #credentials?: RefreshableCredentials;

  constructor(options: LookupControllerOptions) {
    this.region = options.region;
    this.#now = options.now ?? Date.now;
    this.#retry = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, ...options.retry };
    this.#maxRequestsPerLoad = Math.max(1, options.maxRequestsPerLoad ?? 5);
    this.#scanLimit = Math.max(1, options.scanLimit ?? 2000);
    this.#ownsSource = !options.source;
    if (!options.source) this.#credentials = toRefreshable(options.credentials);
    this.#source = options.source ?? options.makeSource?.(this.#credentials!) ?? new CloudTrailPageSource({
      region: options.region,
      endpoint: options.endpoint,
      credentials: this.#credentials!,
      rateLimit: options.rateLimit,
      limiter: options.limiter,
    });
    this.endpoint = this.#source.endpoint;
  }

  get state(): LookupState {
    return this.#state;
  }

  /** How far back this controller's source reaches (ms); undefined: Event history's 90 days. */
  get retentionMs(): number | undefined {
    return this.#source.retentionMs;
  }

  /** Events one load may scan when the browser filters pages (see the `scanLimit` option); applies from the next load. */
  get scanLimit(): number {
    return this.#scanLimit;
  }

  set scanLimit(value: number) {
    if (Number.isFinite(value) && value >= 1) this.#scanLimit = Math.floor(value);
  }

  /** Calls `listener` now and after every change; returns the unsubscribe function. */
  subscribe(listener: LookupListener): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Replaces the current query and loads its first page. Throws {@link LookupValidationError} on
   * invalid input, without sending anything or dropping the rows already shown. Service and network
   * failures do not throw: they land in `state.error`. Resolves with the state after the first page
   * (or with the current state if another run() replaced this one meanwhile).
   */
  async run(query: LookupQuery): Promise<LookupState> {
    if (this.#disposed) throw new LookupError('This lookup controller was disposed.', { code: 'Aborted' });
    const result = validateQuery(query, this.#now(), { retentionMs: this.#source.retentionMs });
    if (!result.ok) {
      const error = new LookupValidationError(result.issues);
      this.#set({ status: 'error', error, waiting: null });
      throw error;
    }
    this.#session?.abort.abort();
    const session: Session = {
      id: ++this.#generation, plan: result.plan, abort: new AbortController(), events: [], seen: new Set(),
      sentTokens: new Set(), counts: { ...zeroCounts(), ...(this.#source.billsScans ? { bytesScanned: 0 } : {}) }, token: undefined, finished: false, stopping: false, error: null, inflight: null,
    };
    this.#session = session;
    this.#state = { ...INITIAL, queryId: session.id, query, plan: session.plan, events: session.events, hasMore: true };
    await this.#continue(session);
    return this.#state;
  }

  /**
   * Narrows the current lookup to `query` without starting over when it can: when `query` sends
   * LookupEvents the same input (same attribute, range, category, page size) and only adds
   * conditions the browser applies, the loaded events are filtered at once, with no request, and
   * the next loadMore() carries on from the same NextToken. Otherwise it is run() (the rows the new query wants
   * may not have been fetched).
   */
  async refine(query: LookupQuery): Promise<LookupState> {
    const s = this.#session;
    if (!s || this.#disposed || s.error) return this.run(query);
    const old = s.plan;
    const sent = old.input.LookupAttributes?.[0];
    const keepAttribute = sent ? { key: sent.AttributeKey as LookupAttributeKey, value: sent.AttributeValue ?? '' } : null;
    const result = validateQuery(query, this.#now(), { keepAttribute, retentionMs: this.#source.retentionMs });
    if (!result.ok) return this.run(query);
    const sameRange = JSON.stringify(query.timeRange) === JSON.stringify(old.query.timeRange);
    const attributes = (p: LookupPlan) => JSON.stringify([p.input.LookupAttributes ?? null, p.input.EventCategory ?? null, p.input.MaxResults]);
    const plan: LookupPlan = { ...result.plan, start: old.start, end: old.end, input: { ...result.plan.input, StartTime: old.start, EndTime: old.end } };
    const kept = new Set(plan.filters.map((f) => f.id));
    if (!sameRange || attributes(plan) !== attributes(old) || !old.filters.every((f) => kept.has(f.id))) return this.run(query);
    if (s.inflight) await s.inflight.catch(() => {});
    if (this.#session !== s || this.#disposed) return this.#state;
    // The loaded events already pass the old filters: test only what the narrower query adds.
    const had = new Set(old.filters.map((f) => f.id));
    const added = plan.filters.filter((f) => !had.has(f.id));
    const events = s.events.filter((e) => added.every((f) => f.test(e)));
    const counts = { ...s.counts, loaded: events.length, filteredOut: s.counts.filteredOut + s.events.length - events.length };
    const next: Session = { ...s, id: ++this.#generation, plan, events, counts, abort: new AbortController(), inflight: null, stopping: false };
    s.abort.abort();
    this.#session = next;
    // No request here: the rows update at once; paging carries on (with the new conditions) when asked.
    this.#set({ status: 'done', queryId: next.id, query, plan, events, eventsVersion: this.#state.eventsVersion + 1, counts: { ...counts }, hasMore: !next.finished });
    return this.#state;
  }

  /** Loads the next page of the current query. Concurrent calls share one request; no-op when done or failed (see retry()). */
  loadMore(): Promise<void> {
    const s = this.#session;
    if (!s || this.#disposed) return Promise.resolve();
    if (s.inflight) return s.inflight;
    if (s.finished || s.error) return Promise.resolve();
    return this.#continue(s);
  }

  /**
   * After an error, resumes from the last page received: rows already loaded stay. When the service
   * rejected the NextToken itself (InvalidNextTokenException), resuming cannot work: the query runs
   * again from its first page instead, as the error message tells the user.
   */
  retry(): Promise<void> {
    const s = this.#session;
    if (!s || this.#disposed) return Promise.resolve();
    if (s.inflight) return s.inflight;
    if (!s.error && this.#state.error instanceof LookupValidationError) return Promise.resolve();
    if (s.finished && !s.error) return Promise.resolve();
    if (s.error?.code === 'InvalidNextTokenException' && this.#state.query) {
      return this.run(this.#state.query).then(() => undefined, () => undefined);
    }
    s.error = null;
    return this.#continue(s);
  }

  /**
   * Ends the load in progress (a scan through pages the browser's filters thin out, say) after the
   * page in flight; what was loaded stays and loadMore() carries on from there. No-op when idle.
   */
  stop(): Promise<void> {
    const s = this.#session;
    if (!s?.inflight) return Promise.resolve();
    s.stopping = true;
    this.#source.cancel?.();
    if (this.#state.status !== 'stopping') this.#set({ status: 'stopping' });
    return s.inflight;
  }

  /**
   * The event with this id: from the loaded events, or else with one EventId lookup over the last
   * 90 days (through the same rate limiter). Resolves null when Event history does not hold it.
   * Used to open a deep link to one event.
   */
  async findEvent(eventId: string, signal?: AbortSignal): Promise<CtEvent | null> {
    const held = this.#session?.events.find((e) => e.EventId === eventId);
    if (held) return held;
    if (this.#disposed) return null;
    const now = this.#now();
    const base = {
      StartTime: new Date(now - RETENTION_MS + 60_000), EndTime: new Date(now), MaxResults: 50,
      LookupAttributes: [{ AttributeKey: 'EventId' as const, AttributeValue: eventId }],
    };
    let token: string | undefined;
    // Pages may come back empty with a NextToken; a few are enough for one id.
    for (let i = 0; i < this.#maxRequestsPerLoad; i++) {
      const page = await this.#source.fetchPage({ input: token ? { ...base, NextToken: token } : base, signal: signal ?? new AbortController().signal });
      const found = page.events.find((e) => e.EventId === eventId);
      if (found) return found;
      if (!page.nextToken || page.nextToken === token) return null;
      token = page.nextToken;
    }
    return null;
  }

  /**
   * Counts over the whole range of the current query, by the service (one query per field, cached
   * by the source), when the source can count; undefined otherwise (count the loaded events).
   */
  countValues(field: ConditionField, limit: number): Promise<{ value: string; count: number }[]> | undefined {
    const s = this.#session;
    if (!s || this.#disposed || !this.#source.facet) return undefined;
    return this.#source.facet(s.plan, field, limit, s.abort.signal);
  }

  /** Stops everything: the request in flight is aborted, listeners and held credentials are dropped. */
  dispose(): void {
    this.#disposed = true;
    this.#session?.abort.abort();
    this.#session = null;
    this.#listeners.clear();
    if (this.#ownsSource) this.#source.dispose();
    this.#credentials?.invalidate();
  }

  /** True once dispose() ran: the controller sends nothing more. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Whether this controller's credential provider holds credentials right now (false after dispose). */
  get holdsCredentials(): boolean {
    return this.#credentials?.holding ?? false;
  }

  #set(patch: Partial<LookupState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }

  #current(s: Session): boolean {
    return this.#session === s && !s.abort.signal.aborted && !this.#disposed;
  }

  #continue(s: Session): Promise<void> {
    s.inflight = this.#load(s).finally(() => { s.inflight = null; });
    return s.inflight;
  }

  async #load(s: Session): Promise<void> {
    s.stopping = false;
    this.#set({ status: 'loading', error: null, waiting: null, hasMore: true, counts: { ...s.counts } });
    let added = 0;
    let requests = 0;
    const scannedBefore = s.counts.scanned;
    // With a browser-side filter, matches may be rare: keep scanning (never silently showing an
    // empty page with "Load more") up to the scan limit. Empty pages count against a request bound.
    const filtering = s.plan.filters.length > 0;
    const pageSize = s.plan.query.pageSize;
    const maxRequests = filtering ? Math.ceil(this.#scanLimit / pageSize) + this.#maxRequestsPerLoad : this.#maxRequestsPerLoad;
    const more = () => !s.finished && !s.stopping && added < pageSize && requests < maxRequests
      && (!filtering || s.counts.scanned - scannedBefore < this.#scanLimit);
    try {
      do {
        requests++;
        const page = await this.#fetchWithRetry(s);
        if (!this.#current(s)) return;
        added += this.#accept(s, page);
        this.#set({
          status: s.stopping ? 'stopping' : 'loading', waiting: null, events: s.events, eventsVersion: this.#state.eventsVersion + 1,
          hasMore: !s.finished, counts: { ...s.counts },
        });
      } while (more());
      s.stopping = false;
      this.#set({ status: 'done', waiting: null });
    } catch (err) {
      if (!this.#current(s)) return;
      s.error = toLookupError(err, { endpoint: this.#source.endpoint });
      this.#set({ status: 'error', error: s.error, waiting: null, hasMore: true, counts: { ...s.counts } });
    }
  }

  /** Adds a page's events after de-duplication and the browser's filters; returns how many. */
  #accept(s: Session, page: Page): number {
    s.counts.pages++;
    s.counts.scanned += page.events.length;
    if (page.scannedBytes !== undefined) s.counts.bytesScanned = (s.counts.bytesScanned ?? 0) + page.scannedBytes;
    let added = 0;
    const filters = s.plan.filters;
    for (const event of page.events) {
      const id = event.EventId;
      if (id !== undefined) {
        if (s.seen.has(id)) { s.counts.duplicates++; continue; }
        s.seen.add(id);
      }
      if (filters.length > 0 && !filters.every((f) => f.test(event))) { s.counts.filteredOut++; continue; }
      s.events.push(event);
      added++;
    }
    s.counts.loaded = s.events.length;
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

  async #fetchWithRetry(s: Session): Promise<Page> {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.#retry;
    const signal = s.abort.signal;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = s.token;
      try {
        return await this.#source.fetchPage({
          input: token ? { ...s.plan.input, NextToken: token } : { ...s.plan.input },
          signal,
          plan: s.plan,
          onQueued: (until) => {
            if (this.#current(s) && !s.stopping && until - Date.now() > 50) this.#set({ status: 'waiting', waiting: { reason: 'rate-limit', until } });
          },
          onSent: () => {
            if (!this.#current(s)) return;
            if (token) s.sentTokens.add(token);
            s.counts.requests++;
            this.#set({ status: s.stopping ? 'stopping' : 'loading', waiting: null, counts: { ...s.counts } });
          },
        });
      } catch (raw) {
        if (!this.#current(s)) throw raw;
        const err = toLookupError(raw, { endpoint: this.#source.endpoint });
        if (err.code === 'Aborted') throw err;
        const throttled = err.code === 'ThrottlingException';
        if (throttled) s.counts.throttled++;
        if ((err.code === 'ExpiredTokenException' || err.code === 'ExpiredToken') && !refreshed) {
          // The service's clock decides expiry, so refresh on its word, once.
          refreshed = true;
          this.#source.invalidateCredentials();
          continue;
        }
        if (!err.retryable || attempt >= maxAttempts) throw err;
        const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(cap / 2 + (Math.random() * cap) / 2);
        if (throttled) this.#source.backOff(delay);
        this.#set({ status: 'waiting', waiting: { reason: throttled ? 'throttled' : 'retry', until: Date.now() + delay }, counts: { ...s.counts } });
        await sleep(delay, signal);
      }
    }
  }
}
