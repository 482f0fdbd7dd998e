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
import type { EventColumns } from './columns.js';
import { toRefreshable, type RefreshableCredentials } from './credentials.js';
import { LookupError, LookupValidationError, toLookupError } from './errors.js';
import type { CtEvent } from './events.js';
import { onlyStalled, regionLacking, type BudgetReading, type Page, type PageSource, type ServiceCounter } from './page-source.js';
import { validateQuery, type LookupPlan } from './query.js';
import { systemClock, type LimiterClock } from './rate-limiter.js';
import { defaultRetry, fetchPageWithRetry, type PageAttempts, type RetryOptions } from './retry.js';
import type { ExportOptions, ExportProgress } from './export-all.js';
import type { LookupEventsInput as LookupEventsCommandInput } from './wire.js';
import type { LookupAttributeKey, LookupQuery } from './types.js';
import type { AccountRef } from './account-names.js';
import {
  INITIAL, acceptPage, findById, narrow, ownSource, zeroCounts,
  type ControllerInside, type LookupControllerOptions, type LookupListener, type LookupState, type Session,
} from './lookup-session.js';

export class LookupController {
  /** The Region looked up (the first, when several are). */
  readonly region: string;
  /** Every Region looked up. */
  readonly regions: readonly string[];
  /** The accounts looked up through their roles (none: the signed-in identity's own account). */
  readonly accounts: readonly AccountRef[];
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
  readonly #clock: LimiterClock;
  readonly #inside: ControllerInside;
  /** Resolves the wait of every request held by pause(). */
  #resume?: { promise: Promise<void>; resolve: () => void };
  readonly #maxRequestsPerLoad: number;
  #scanLimit: number;
  /** The credentials this controller made for its own source (dropped on dispose). */
  readonly #credentials?: RefreshableCredentials;
  /** Each account's credentials, with several accounts (dropped on dispose). */
  readonly #accountCredentials: RefreshableCredentials[] = [];

  constructor(options: LookupControllerOptions) {
    this.regions = [...new Set(options.regions?.length ? options.regions : [options.region])];
    this.region = this.regions[0];
    this.accounts = options.accounts ?? [];
    this.#now = options.now ?? Date.now;
    this.#retry = defaultRetry(options.retry);
    this.#clock = options.clock ?? systemClock;
    this.#inside = {
      state: () => this.#state,
      session: () => (this.#session && this.#current(this.#session) ? this.#session : null),
      set: (patch) => this.#set(patch),
      fetch: (input, signal) => this.#fetch(signal, () => input),
      paused: () => !!this.#resume,
      clock: this.#clock, now: this.#now, follow: options.follow ?? {},
    };
    this.#maxRequestsPerLoad = Math.max(1, options.maxRequestsPerLoad ?? 5);
    this.#scanLimit = Math.max(1, options.scanLimit ?? 2000);
    this.#ownsSource = !options.source;
    if (!options.source) {
      if (!options.credentials) throw new TypeError('LookupController: give credentials (or a page source) to look events up with.');
      this.#credentials = toRefreshable(options.credentials);
    }
    this.#source = options.source ?? options.makeSource?.(this.#credentials!)
      ?? ownSource(options, this.regions, this.#credentials!, this.#accountCredentials, { clock: this.#clock, retry: this.#retry });
    this.endpoint = this.#source.endpoint;
  }

  get state(): LookupState {
    return this.#state;
  }

  /** Whether this controller looks events up (false: it shows the events a page gave, see show()). */
  get looksUp(): boolean {
    return !this.#source.held;
  }

  /** Whether this controller's source counts whole ranges on the service (Athena): see {@link countWith}. */
  get countsOnService(): boolean {
    return Boolean(this.#source.counter);
  }

  /** How far back this controller's source reaches (ms); undefined: Event history's 90 days. */
  get retentionMs(): number | undefined {
    return this.#source.retentionMs;
  }

  /** The credentials of this controller's own source, for the other calls of its investigation (EC2's Region list); undefined when the host gave a source. */
  get credentials(): RefreshableCredentials | undefined {
    return this.#credentials;
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
    const { paused, following } = this.#state;
    this.#state = { ...INITIAL, queryId: session.id, query, plan: session.plan, events: session.events, hasMore: true, paused, following };
    await this.#continue(session);
    return this.#state;
  }

  /**
   * Shows `events` as the whole result, with no query and nothing more to load: what an element
   * standing alone shows of the events its host gave it. Ends the current lookup, if any.
   */
  show(events: readonly CtEvent[]): void {
    if (this.#disposed) return;
    this.#session?.abort.abort();
    this.#session = null;
    const { paused, following } = this.#state;
    this.#state = { ...INITIAL, queryId: ++this.#generation, status: 'done', events, eventsVersion: this.#state.eventsVersion + 1, counts: { ...zeroCounts(), loaded: events.length }, paused, following };
    for (const listener of this.#listeners) listener(this.#state);
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
    const { events, columns } = narrow(s, added);
    const counts = { ...s.counts, loaded: events.length, filteredOut: s.counts.filteredOut + s.events.length - events.length };
    const next: Session = { ...s, id: ++this.#generation, plan, events, columns, counts, abort: new AbortController(), inflight: null, stopping: false };
    s.abort.abort();
    this.#session = next;
    // No request here: the rows update at once; paging carries on (with the new conditions) when asked.
    this.#set({ status: 'done', queryId: next.id, query, plan, events, eventsVersion: this.#state.eventsVersion + 1, counts: { ...counts }, hasMore: !next.finished });
    return this.#state;
  }

  /**
   * Columns of value ids beside `state.events` (see columns.ts), for counting values (facets)
   * without visiting every event. Built on the first call by `create` (so the columns' code loads
   * with whatever asks for them, not with the first rows), then grown with each page; a narrowing
   * compacts them with the rows. `undefined` before any lookup.
   */
  columns(create: (capacity: number) => EventColumns): EventColumns | undefined {
    const s = this.#session;
    if (!s) return undefined;
    s.columns ??= create(s.events.length);
    s.columns.extend(s.events);
    return s.columns;
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
   * again from its first page instead, as the error message tells the user. With several Regions,
   * it also tries again the Regions that were refused or set aside (only `region`, when given), from
   * where each stopped, even after the others reached their end.
   */
  retry(region?: string): Promise<void> {
    const s = this.#session;
    if (!s || this.#disposed) return Promise.resolve();
    if (s.inflight) return s.inflight;
    if (!s.error && this.#state.error instanceof LookupValidationError) return Promise.resolve();
    const unfinished = this.#state.regions.some((r) => regionLacking(r) && (!region || (r.key ?? r.region) === region));
    if (unfinished && s.position && this.#source.revive) {
      const token = this.#source.revive(s.position, region ? [region] : undefined);
      if (token) {
        s.token = token;
        s.finished = false;
        s.error = null;
        return this.#continue(s);
      }
    }
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
    if (held || this.#disposed) return held ?? null;
    return findById(this.#source, eventId, this.#now(), this.#maxRequestsPerLoad, signal ?? new AbortController().signal);
  }


  /**
   * Counts over the whole range of the current query by the service, when the source can count
   * (Athena's GROUP BY: one query each, cached by the source); undefined otherwise (count the loaded
   * events). `count` asks the counter, with the query's plan and its abort signal.
   */
  countWith<T>(count: (counter: ServiceCounter, plan: LookupPlan, signal: AbortSignal) => Promise<T>): Promise<T> | undefined {
    const s = this.#session;
    if (!s || this.#disposed || !this.#source.counter) return undefined;
    return this.#source.counter().then((c) => count(c, s.plan, s.abort.signal));
  }

  /** Stops everything: the request in flight is aborted, listeners and held credentials are dropped. */
  dispose(): void {
    if (this.#state.following) void this.follow(false);
    this.#disposed = true;
    this.#session?.abort.abort();
    this.#session = null;
    this.#listeners.clear();
    if (this.#ownsSource) this.#source.dispose();
    this.#credentials?.invalidate();
    for (const c of this.#accountCredentials) c.invalidate();
  }

  /** True once dispose() ran: the controller sends nothing more. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Whether this controller's credential provider holds credentials right now (false after dispose). */
  get holdsCredentials(): boolean {
    return (this.#credentials?.holding ?? false) || this.#accountCredentials.some((c) => c.holding);
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
        added += acceptPage(s, page);
        this.#set({
          status: s.stopping ? 'stopping' : 'loading', waiting: null, events: s.events, eventsVersion: this.#state.eventsVersion + 1,
          hasMore: !s.finished, counts: { ...s.counts }, ...(page.regions ? { regions: page.regions } : {}), notice: page.notice ?? null,
        });
        // Only Regions set aside are left, and they failed again: Load more (or Retry) tries later.
        if (!page.events.length && !page.late?.length && onlyStalled(page.regions)) break;
      } while (more());
      s.stopping = false;
      this.#set({ status: 'done', waiting: null });
    } catch (err) {
      if (!this.#current(s)) return;
      s.error = toLookupError(err, { endpoint: this.#source.endpoint });
      this.#set({ status: 'error', error: s.error, waiting: null, hasMore: true, counts: { ...s.counts } });
    }
  }

  #fetchWithRetry(s: Session): Promise<Page> {
    let token: string | undefined;
    return this.#fetch(s.abort.signal, () => ((token = s.token) ? { ...s.plan.input, NextToken: token } : { ...s.plan.input }), {
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
      onThrottled: () => { s.counts.throttled++; },
      onRegions: (regions) => { if (this.#current(s)) this.#set({ regions, counts: { ...s.counts } }); },
      onBackoff: (waiting) => { if (this.#current(s)) this.#set({ status: 'waiting', waiting, counts: { ...s.counts } }); },
    });
  }

  /** One page with retries, through the rate limiter and the pause. */
  #fetch(signal: AbortSignal, input: () => LookupEventsCommandInput, hooks?: Partial<PageAttempts>): Promise<Page> {
    return fetchPageWithRetry({ source: this.#source, retry: this.#retry, signal, clock: this.#clock, ready: this.#ready, input, ...hooks });
  }

  // Reach: pausing, the rate budget, following newer events, exporting every match.

  /** Holds every request of this controller (paging, a follow poll, an export) until resume(); the one in flight finishes. */
  pause(): void {
    if (this.#resume || this.#disposed) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#resume = { promise, resolve };
    this.#set({ paused: true });
  }

  resume(): void {
    const held = this.#resume;
    if (!held) return;
    this.#resume = undefined;
    this.#set({ paused: false });
    held.resolve();
  }

  /** Resolves at once, or when resume() is called (rejects if `signal` aborts first). */
  #ready = (signal: AbortSignal): Promise<void> | undefined => {
    const held = this.#resume;
    if (!held) return undefined;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void held.promise.then(() => { signal.removeEventListener('abort', onAbort); resolve(); });
    });
  };

  /** The rate budget of the account and Region (shared by every controller on the page that uses them), or null. */
  get budget(): BudgetReading | null {
    return this.#source.budget?.() ?? null;
  }

  /** Calls `listener` when the budget changes; returns the unsubscribe function. */
  watchBudget(listener: () => void): () => void {
    return this.#source.watchBudget?.(listener) ?? (() => {});
  }

  /**
   * Follows the lookup (a live tail): polls for events newer than the newest held, through the
   * same rate budget, and puts them at the top of `state.events` (see `state.followed`). Polls
   * wait while a page loads or the controller is paused. follow(false) stops at once.
   */
  follow(on: boolean): Promise<void> {
    on &&= !this.#disposed;
    if (on !== this.#state.following) this.#set({ following: on });
    return import('./follow.js').then((m) => m.follow(this.#inside, on));
  }

  /**
   * Writes every event of the current query to `sink`: the rows held, then the rest of the query,
   * page by page at the rate limit (only one page is held at a time). Resolves with the final
   * progress (`error` when there is no lookup to export); aborting `signal` stops requests at once
   * and aborts the sink.
   */
  exportAll(options: ExportOptions): Promise<ExportProgress> {
    return import('./export-all.js').then((m) => m.exportAll(this.#inside, options));
  }
}
