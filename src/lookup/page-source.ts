/**
 * Where pages come from. The controller talks to a {@link PageSource}: one attempt per call, rate
 * limited, abortable. Retries, de-duplication and filters stay in the controller, so a source for
 * several Regions at once (or a recorded data set) only has to fetch.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { LookupEventsInput as LookupEventsCommandInput } from './wire.js';
import type { RefreshableCredentials } from './credentials.js';
import type { LookupPlan } from './query.js';
import type { ConditionField } from './conditions.js';
import { CtEvent } from './events.js';
import { LookupError } from './errors.js';
import { RateLimiter, rateLimitKey, sharedRateLimiter, spacingMs } from './rate-limiter.js';
import type { BudgetUsage, RateLimitOptions } from './rate-limiter.js';
import type { LaneId, MergeOptions, RegionMergeSource, RegionStatus } from './region-merge.js';
import { accountName } from './account-names.js';

/** A budget meter's reading: the limiter's usage and the limit it keeps (requests per second). */
export interface BudgetReading extends BudgetUsage {
  limit: number;
  /** With several Regions: the Region read, the busiest one ("us-east-1"; "Prod us-east-1" with several accounts). */
  region?: string;
}

export interface PageRequest {
  /** The plan's input plus NextToken for every page after the first. */
  input: LookupEventsCommandInput;
  signal: AbortSignal;
  /** Called when the rate limiter holds the request; `until` is epoch ms. */
  onQueued?: (until: number) => void;
  /** Called when the request leaves (after the rate limiter let it go). */
  onSent?: () => void;
  /** The validated query the input was made from (a source that speaks SQL builds from it). */
  plan?: LookupPlan;
  /** A source that retries by itself (several Regions) says each throttle it met. */
  onThrottled?: () => void;
  /** A source of several Regions says how each stands whenever that changes within one call. */
  onRegions?: (regions: readonly RegionStatus[]) => void;
}

/** The LookupEvents input fields a source may read. */
export type LookupLikeInput = LookupEventsCommandInput;

export interface Page {
  events: CtEvent[];
  nextToken?: string;
  requestId?: string;
  /** How each Region stands, from a source that merges several (see region-merge.ts). */
  regions?: readonly RegionStatus[];
  /** Bytes the service read to answer (Athena's DataScannedInBytes), when it bills by them. */
  scannedBytes?: number;
  /** The query was cancelled (see {@link PageSource.cancel}); nextToken loads from where it stopped. */
  cancelled?: boolean;
  /**
   * Events that belong among those of earlier pages (a Region set aside caught up): put each in its
   * place by time. Never the same event as one of `events`.
   */
  late?: CtEvent[];
  /** The position after this page, even when it was the last (see {@link PageSource.revive}). */
  position?: string;
  /** What the status line should say about how the source reads (a table read whole, for one). */
  notice?: string;
}

/** A lane as messages name it: its Region, after its account's name when several accounts are read. */
export const laneName = (r: RegionStatus): string => (r.account ? `${accountName(r.account)} ${r.region}` : r.region);

/** A Region whose events are not all read: refused for good, or set aside before its end. */
export const regionLacking = (r: RegionStatus): boolean => Boolean(r.error) || (r.behind && !r.done);

/**
 * Several Regions, and none can move on in this call: each reached its end, was refused or is set
 * aside (tried again on a later call). False for a source of one Region (no statuses).
 */
export const onlyStalled = (regions: readonly RegionStatus[] | undefined): boolean =>
  Boolean(regions?.length) && regions!.every((r) => r.done || r.error || r.behind);

/** One time bucket of a plan's whole range: its start (epoch ms), its events and how many of them failed. */
export interface BucketCount {
  start: number;
  count: number;
  errors: number;
}

/** Counts over a plan's whole range on the service side: one query each, cached per query. */
export interface ServiceCounter {
  /** How many events have each value of a single-valued field, most first, at most `limit`. */
  facet(plan: LookupPlan, field: ConditionField, limit: number, signal?: AbortSignal): Promise<{ value: string; count: number }[]>;
  /** Events per bucket of `widthMs` (buckets start at multiples of the width since the epoch); empty buckets left out. */
  timeline(plan: LookupPlan, widthMs: number, signal?: AbortSignal): Promise<BucketCount[]>;
  /** How many events of the whole range each loaded rule flags, and the rules it cannot count, with the reason. */
  findings?(plan: LookupPlan, signal?: AbortSignal): Promise<FindingCounts>;
}

/** Findings over a plan's whole range: per rule id the events it flags (rules flagging none left out). */
export interface FindingCounts {
  counts: { id: string; count: number }[];
  /** Rules the service cannot count (an aggregate window, a path SQL cannot follow), with the reason in words. */
  refused: { id: string; reason: string }[];
}

export interface PageSource {
  /** Where requests go, for messages (an endpoint URL or a description). */
  readonly endpoint: string;
  /** One LookupEvents call. Rejects with whatever the transport threw; the caller maps it. */
  fetchPage(request: PageRequest): Promise<Page>;
  /** The service said the session expired: drop the credentials held. */
  invalidateCredentials(): void;
  /** The service throttled: hold every request to the same account and Region for `ms`. */
  backOff(ms: number): void;
  /** Ms until the next request could be sent. */
  nextSlotIn(): number;
  /** The rate budget now (for a meter); sources without a limiter leave it out or return undefined. */
  budget?(): BudgetReading | undefined;
  /** Calls `listener` when the budget changes (a request queued, let go, paused); returns the unsubscribe function. */
  watchBudget?(listener: () => void): () => void;
  /** How far back the source reaches (ms); Event history's 90 days when absent. */
  readonly retentionMs?: number;
  /** What counts over a plan's whole range on the service side (Athena's GROUP BY), for a source that can. */
  counter?(): Promise<ServiceCounter>;
  /** The service bills by bytes read (Athena): the lookup's counts report `bytesScanned` from the start. */
  readonly billsScans?: boolean;
  /** Stop asked for: end the service-side work of the request in flight (a running query) now. */
  cancel?(): void;
  /** The source retries transient failures itself (per Region): a caller must not retry the whole page. */
  readonly retries?: boolean;
  /** The source looks nothing up: it holds the events a page gave an element standing alone. */
  readonly held?: boolean;
  /**
   * A NextToken that carries on from `position` (a page's {@link Page.position}) with the Regions
   * named (all by default) tried again after they were refused or set aside.
   */
  revive?(position: string, regions?: readonly string[]): string | undefined;
  /**
   * Starts, without waiting, what the first request needs (its credentials, its client), so that
   * sources asked together (the Regions of a merge) resolve them while the others are set up, not
   * each when its own request gets to them.
   */
  prepare?(): void;
  dispose(): void;
}

export interface CloudTrailSourceOptions {
  region: string;
  /** The account the credentials read, when known (several accounts): its own rate budget per Region. */
  account?: string;
  endpoint?: string;
  credentials: RefreshableCredentials;
  rateLimit?: RateLimitOptions;
  limiter?: RateLimiter;
}

/** LookupEvents through the AWS SDK, one Region, through the page-wide rate limiter. */
export class CloudTrailPageSource implements PageSource {
  readonly endpoint: string;
  readonly #region: string;
  readonly #sdkEndpoint: string | undefined;
  #client: Promise<{ client: CloudTrailClient; sdk: typeof import('./sdk.js') }> | undefined;
  #disposed = false;
  readonly #credentials: RefreshableCredentials;
  readonly #limiter: RateLimiter;
  readonly #key: string;
  readonly #spacing: number;
  readonly #rate: number;

  constructor(options: CloudTrailSourceOptions) {
    const { region, endpoint, credentials } = options;
    this.endpoint = endpoint ?? `https://cloudtrail.${region}.amazonaws.com`;
    this.#credentials = credentials;
    this.#limiter = options.limiter ?? sharedRateLimiter;
    this.#key = rateLimitKey(region, endpoint, options.account);
    this.#spacing = spacingMs(options.rateLimit);
    this.#rate = options.rateLimit?.requestsPerSecond ?? 2;
    this.#region = region;
    this.#sdkEndpoint = endpoint;
  }

  /**
   * The SDK client, created on the first request: the SDK is most of the library's weight, so it
   * is imported only when a lookup runs and the tags paint without it.
   */
  #sdk() {
    this.#client ??= import('./sdk.js').then((sdk) => {
      const endpoint = this.#sdkEndpoint;
      // maxAttempts 1: the SDK's own retries would bypass the rate limiter; the controller retries.
      const client = new sdk.CloudTrailClient({ region: this.#region, credentials: this.#credentials, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
      if (this.#disposed) client.destroy();
      return { client, sdk };
    }, (err: unknown) => {
      // A failed load (a chunk the network refused, in split builds) is tried again next time.
      this.#client = undefined;
      throw err;
    });
    return this.#client;
  }

  prepare(): void {
    // Failures surface on the request itself, with its Region's name.
    void this.#credentials().catch(() => {});
    void this.#sdk().catch(() => {});
  }

  async fetchPage({ input, signal, onQueued, onSent }: PageRequest): Promise<Page> {
    const { client, sdk } = await this.#sdk();
    const command = new sdk.LookupEventsCommand(input);
    const limiter = this.#limiter;
    const key = this.#key;
    const spacing = this.#spacing;
    // Wait for the slot as late as possible (credentials resolved, request built), so the slot's
    // time is the time the request leaves.
    command.middlewareStack.add(
      (next) => async (args) => {
        const wait = limiter.nextSlotIn(key, spacing);
        if (wait > 0) onQueued?.(Date.now() + wait);
        await limiter.acquire(key, signal, spacing);
        onSent?.();
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'ctRateLimitMiddleware' },
    );
    const out = await client.send(command, { abortSignal: signal });
    return {
      events: (out.Events ?? []).map((e) => new CtEvent(e)),
      nextToken: out.NextToken || undefined,
      requestId: out.$metadata.requestId,
    };
  }

  invalidateCredentials(): void {
    this.#credentials.invalidate();
  }

  backOff(ms: number): void {
    this.#limiter.pause(this.#key, ms);
  }

  nextSlotIn(): number {
    return this.#limiter.nextSlotIn(this.#key, this.#spacing);
  }

  budget(): BudgetReading {
    return { ...this.#limiter.usage(this.#key, this.#spacing), limit: this.#rate };
  }

  watchBudget(listener: () => void): () => void {
    return this.#limiter.watch(this.#key, listener);
  }

  dispose(): void {
    this.#disposed = true;
    // Signing keys derived from this session's secret stay in the signer's module cache otherwise.
    void this.#client?.then(({ client, sdk }) => { client.destroy(); sdk.clearCredentialCache(); }, () => {});
  }
}

/**
 * Several Regions' sources as one, merged newest first (see region-merge.ts). The merging code is
 * imported on the first page: one Region, the common case, never loads it.
 */
export function mergedSource(regions: readonly (string | LaneId)[], sources: readonly PageSource[], options?: MergeOptions): PageSource {
  let merge: Promise<RegionMergeSource> | undefined;
  let loaded: RegionMergeSource | undefined;
  const each = (f: (s: PageSource) => void) => sources.forEach(f);
  const load = () => {
    if (merge) return merge;
    // The Regions' credentials and clients get going while the merge's code loads (a chunk, in the bundle).
    each((s) => s.prepare?.());
    return (merge = import('./region-merge.js').then((m) => (loaded = new m.RegionMergeSource(regions, sources, options)), (err: unknown) => {
      merge = undefined;
      throw err;
    }));
  };
  return {
    endpoint: [...new Set(sources.map((s) => s.endpoint))].join(', '),
    fetchPage: async (request) => (await load()).fetchPage(request),
    retries: true,
    // Positions exist only once the merge has loaded (with the first page).
    revive: (position, names) => loaded?.revive(position, names),
    cancel: () => loaded?.cancel(),
    invalidateCredentials: () => each((s) => s.invalidateCredentials()),
    backOff: (ms) => each((s) => s.backOff(ms)),
    nextSlotIn: () => Math.min(...sources.map((s) => s.nextSlotIn())),
    // The busiest Region's budget once the merge has loaded (it loads with the first page).
    budget: () => loaded?.budget(),
    watchBudget: (listener) => {
      const stops = sources.map((s) => s.watchBudget?.(listener));
      return () => { for (const stop of stops) stop?.(); };
    },
    dispose: () => each((s) => s.dispose()),
  };
}

/**
 * The source of a controller that looks nothing up: an element standing alone shows the events its
 * host gives it ({@link LookupController.show}). A lookup asked of it fails with words, sending nothing.
 */
export function heldEventsSource(): PageSource {
  return {
    endpoint: 'none (the events the page gave)',
    held: true,
    fetchPage: () => Promise.reject(new LookupError(
      'This element has no lookup of its own: it shows the events the page gives it. Place it in a <ct-lookup-provider>, or name one in its provider attribute, to look events up.',
      { code: 'NoSource' },
    )),
    invalidateCredentials() {},
    backOff() {},
    nextSlotIn: () => 0,
    dispose() {},
  };
}

/**
 * A source made on the first page by `make` (a module loaded with import(), say): until then it
 * holds nothing and sends nothing. Budget listeners given before are passed on once it exists.
 */
export function lazySource(make: () => Promise<PageSource>, endpoint: string): PageSource {
  let made: Promise<PageSource> | undefined;
  let loaded: PageSource | undefined;
  let disposed = false;
  const listeners = new Map<() => void, (() => void) | undefined>();
  const load = () => (made ??= make().then((source) => {
    loaded = source;
    if (disposed) source.dispose();
    for (const listener of listeners.keys()) listeners.set(listener, source.watchBudget?.(listener));
    return source;
  }, (err: unknown) => {
    made = undefined;
    throw err;
  }));
  return {
    endpoint,
    retries: true,
    fetchPage: async (request) => (await load()).fetchPage(request),
    revive: (position, names) => loaded?.revive?.(position, names),
    cancel: () => loaded?.cancel?.(),
    invalidateCredentials: () => loaded?.invalidateCredentials(),
    backOff: (ms) => loaded?.backOff(ms),
    nextSlotIn: () => loaded?.nextSlotIn() ?? 0,
    budget: () => loaded?.budget?.(),
    watchBudget: (listener) => {
      listeners.set(listener, loaded?.watchBudget?.(listener));
      return () => {
        listeners.get(listener)?.();
        listeners.delete(listener);
      };
    },
    dispose: () => {
      disposed = true;
      loaded?.dispose();
    },
  };
}
