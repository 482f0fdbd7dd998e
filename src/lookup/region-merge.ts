/**
 * Several Regions (and accounts) as one {@link PageSource}. Event history is per account and
 * Region; an investigation rarely is. One source per lane, a Region of one account (each with its
 * own rate budget: the limiter keys by endpoint, Region and account, so three lanes page three
 * times as fast), their pages merged newest first. Below, "Region" is a lane: with several
 * accounts, one Region of one account.
 *
 * The merge is a k-way merge that never shows an event while another Region's next page could
 * still hold a newer one: an event is released only when it is at least as new as every unfinished
 * Region's oldest fetched event (ties between Regions go to the Region listed first, so the order
 * is the same on every run). Each call fetches, in parallel, only the Regions that hold the merge
 * back.
 *
 * Faults cost time, never events. A transient failure (throttling, 5xx, a dropped connection) is
 * retried by the merge itself, per Region, with backoff inside that Region's own rate budget, while
 * the other Regions go on. After `maxAttempts` failures in a row a Region is set aside ("behind"):
 * it no longer holds the others back, and it is tried again on every later call once its backoff
 * has passed; the events it then brings that belong among those already released come back in
 * {@link Page.late}, for the caller to put in their place. Only a permanent refusal (access denied,
 * an opt-in Region not enabled, validation) ends a Region; {@link RegionMergeSource.revive} tries it
 * again. The merge ends (no NextToken) only when every Region reached its end or was refused.
 *
 * Tokens name immutable positions: the same token may be sent again (a second export, Load more
 * after an export) and pages from the same point on, without disturbing anyone else's paging.
 */
import { LookupError, toLookupError } from './errors.js';
import type { CtEvent } from './events.js';
import type { BudgetReading, Page, PageRequest, PageSource } from './page-source.js';
import { systemClock, type LimiterClock } from './rate-limiter.js';
import { backoffDelay, defaultRetry, sleep, type RetryOptions } from './retry.js';
import type { WaitingInfo } from './types.js';
import { accountName, type AccountRef } from './account-names.js';

/** One lane of a merge: a Region, of one account when several are looked up. */
export interface LaneId {
  readonly region: string;
  readonly account?: AccountRef;
}

/** How one Region (of one account) of a merged lookup stands. */
export interface RegionStatus {
  readonly region: string;
  /** The account, when several are looked up (each Region of each account is a lane of its own). */
  readonly account?: AccountRef;
  /** The lane's key for retry() and revive(): `region`, or `<accountId>/<region>` with accounts. */
  readonly key?: string;
  /** Events of this Region passed on to the lookup so far. */
  readonly loaded: number;
  /** Requests that reached this Region's endpoint. */
  readonly requests: number;
  /** The Region has no further pages for this lookup. */
  readonly done: boolean;
  /** Why the Region stopped for good (a permanent refusal); the other Regions carry on. */
  readonly error: LookupError | null;
  /** The last transient failure while the Region is being retried; null once a request succeeds. */
  readonly trouble: LookupError | null;
  /** Transient failures in a row. */
  readonly failures: number;
  /** While the Region waits to try again: why and until when (epoch ms). */
  readonly waiting: WaitingInfo | null;
  /** Set aside after repeated transient failures: the other Regions' events went on past it. */
  readonly behind: boolean;
  /** Epoch ms of the oldest event fetched from this Region (its older events are still to come); null before any. */
  readonly reached: number | null;
}

/** Options of a merge: the clock its backoff waits on and the retry policy of each Region. */
export interface MergeOptions {
  clock?: LimiterClock;
  retry?: RetryOptions;
  /** Epoch ms for the `waiting.until` shown to people; Date.now by default. */
  now?: () => number;
}

/** One Region's position in a merge. Copied, never changed, once a token names it. */
interface Lane {
  readonly region: string;
  readonly account?: AccountRef;
  readonly key: string;
  readonly index: number;
  readonly source: PageSource;
  token: string | undefined;
  /** The last tokens sent, newest last: a token coming back again would loop forever. */
  recent: string[];
  exhausted: boolean;
  /** Fetched and not yet released, newest first. */
  buffer: CtEvent[];
  /** Time (ms) of the oldest event fetched; its next page holds nothing newer. Infinity before any event. */
  last: number;
  error: LookupError | null;
  trouble: LookupError | null;
  loaded: number;
  requests: number;
  failures: number;
  /** Clock time before which the Region is not tried again. */
  retryAt: number;
  waiting: WaitingInfo | null;
  behind: boolean;
  /** The session was renewed for this Region since its last success (renew once per failure run). */
  refreshed: boolean;
}

interface Position {
  readonly lanes: readonly Lane[];
  /** The last event released: [time, Region index]; events that sort before it are late. */
  readonly frontier: readonly [number, number];
}

const timeOf = (e: CtEvent) => e.EventTime?.getTime() ?? 0;

/** Whether an event at `t` of Region `i` comes before anything Region `r` may still send. */
const ahead = (t: number, i: number, r: Lane) => t > r.last || (t === r.last && i < r.index);

/** A Region the merge must wait for before releasing anything older than its position. */
const blocks = (r: Lane) => !r.exhausted && !r.error && !r.behind;
/** A Region with pages still to read (set aside or not). */
const open = (r: Lane) => !r.exhausted && !r.error;

const copy = (l: Lane): Lane => ({ ...l, buffer: l.buffer.slice(), recent: l.recent.slice() });

/** Tokens kept per merge source; older positions are forgotten (their token then fails with a clear message). */
const KEEP_POSITIONS = 256;

/** Merges one page source per Region; see the module comment. */
export class RegionMergeSource implements PageSource {
  readonly endpoint: string;
  /** The lanes' keys (see {@link RegionStatus.key}). */
  readonly regions: readonly string[];
  readonly #lanes: readonly LaneId[];
  /** The merge retries transient failures itself, per Region: callers must not retry the whole page. */
  readonly retries = true;
  readonly #sources: readonly PageSource[];
  readonly #positions = new Map<string, Position>();
  readonly #clock: LimiterClock;
  readonly #retry: Required<RetryOptions>;
  readonly #now: () => number;
  #serial = 0;
  /** stop() asked to end the calls in progress: their waits end and they return what they have. */
  readonly #cancels = new Set<AbortController>();

  /** `sources[i]` looks up `regions[i]` (a Region name, or a Region of an account); the order breaks ties between events of the same second. */
  constructor(regions: readonly (string | LaneId)[], sources: readonly PageSource[], options: MergeOptions = {}) {
    if (regions.length !== sources.length || regions.length === 0) throw new RangeError('one page source per Region, at least one');
    this.#lanes = regions.map((r) => (typeof r === 'string' ? { region: r } : r));
    this.regions = this.#lanes.map(laneKey);
    this.#sources = sources;
    this.#clock = options.clock ?? systemClock;
    this.#retry = defaultRetry(options.retry);
    this.#now = options.now ?? Date.now;
    this.endpoint = [...new Set(sources.map((s) => s.endpoint))].join(', ');
  }

  async fetchPage(request: PageRequest): Promise<Page> {
    const { NextToken: token, ...input } = request.input;
    const from = token !== undefined ? this.#positions.get(token) : this.#start();
    if (!from) {
      throw new LookupError('The token for the next page does not belong to this lookup (or is too old). Run the lookup again from the start.', { code: 'InvalidNextTokenException' });
    }
    const lanes = from.lanes.map(copy);
    const state = { lanes, frontier: from.frontier as [number, number] };
    const late: CtEvent[] = [];
    const cancel = new AbortController();
    this.#cancels.add(cancel);
    let events: CtEvent[];
    try {
      events = await this.#fill(state, { ...request, input }, late, cancel.signal);
    } finally {
      this.#cancels.delete(cancel);
    }
    if (lanes.every((l) => l.error)) throw lanes[0].error;
    const position: Position = { lanes, frontier: state.frontier };
    const key = this.#save(position);
    const more = lanes.some(open) || lanes.some((l) => l.buffer.length > 0);
    return { events, late, nextToken: more ? key : undefined, position: key, regions: lanes.map(status), ...(cancel.signal.aborted ? { cancelled: true } : {}) };
  }

  /** Stop: the calls in progress stop waiting for Regions in backoff and return what they have. */
  cancel(): void {
    for (const c of this.#cancels) c.abort();
  }

  /**
   * Fetches until something can be released (or a late event came, or nothing is left to read):
   * Regions in backoff are waited for while they block; Regions set aside are tried once per call.
   */
  async #fill(state: { lanes: Lane[]; frontier: [number, number] }, request: PageRequest, late: CtEvent[], cancelled: AbortSignal): Promise<CtEvent[]> {
    const { lanes } = state;
    const waits = AbortSignal.any([request.signal, cancelled]);
    const triedBehind = new Set<Lane>();
    let events = this.#release(state);
    while (events.length === 0 && late.length === 0 && lanes.some(open) && !cancelled.aborted) {
      const now = this.#clock.now();
      const wanted = this.#wanted(lanes);
      const behind = lanes.filter((l) => open(l) && l.behind && !triedBehind.has(l));
      const ready = [...wanted, ...behind].filter((l) => l.retryAt <= now);
      if (ready.length === 0) {
        // Wait for the first Region able to go: one still blocking, or, when only Regions set aside
        // remain, the first of those (once: a call never waits twice for the same one).
        const candidates = wanted.length ? wanted : behind;
        if (candidates.length === 0) break;
        try {
          await sleep(Math.max(0, Math.min(...candidates.map((l) => l.retryAt)) - now), waits, this.#clock);
        } catch (err) {
          if (request.signal.aborted) throw err;
        }
        continue;
      }
      for (const l of ready) if (l.behind) triedBehind.add(l);
      await this.#round(ready, state, request, late);
      request.onRegions?.(lanes.map(status));
      events = this.#release(state);
      if (lanes.every((l) => !blocks(l)) && lanes.filter(open).every((l) => triedBehind.has(l))) break;
    }
    return events;
  }

  /**
   * A token that carries on from `token`'s position with the Regions named (all by default) tried
   * again: those refused for good and those set aside. Undefined when the position is unknown.
   */
  revive(token: string, regions?: readonly string[]): string | undefined {
    const from = this.#positions.get(token);
    if (!from) return undefined;
    const lanes = from.lanes.map((l) => {
      if (regions && !regions.includes(l.key)) return l;
      return { ...copy(l), error: null, failures: 0, retryAt: 0, waiting: null, refreshed: false };
    });
    return this.#save({ lanes, frontier: from.frontier });
  }

  #start(): Position {
    const lanes = this.#sources.map((source, index): Lane => ({
      region: this.#lanes[index].region, account: this.#lanes[index].account, key: this.regions[index], index, source, token: undefined, recent: [], exhausted: false, buffer: [],
      last: Infinity, error: null, trouble: null, loaded: 0, requests: 0, failures: 0, retryAt: 0, waiting: null, behind: false, refreshed: false,
    }));
    return { lanes, frontier: [Infinity, -1] };
  }

  #save(position: Position): string {
    const key = `merge-${++this.#serial}`;
    this.#positions.set(key, position);
    if (this.#positions.size > KEEP_POSITIONS) this.#positions.delete(this.#positions.keys().next().value!);
    return key;
  }

  /** The lane whose head event comes first, if any lane holds events. */
  #head(lanes: readonly Lane[]): Lane | undefined {
    let best: Lane | undefined;
    for (const lane of lanes) {
      const e = lane.buffer[0];
      if (e && (!best || timeOf(e) > timeOf(best.buffer[0]))) best = lane;
    }
    return best;
  }

  /** Releases, in order, every held event no blocking Region can still beat. */
  #release(state: { lanes: Lane[]; frontier: [number, number] }): CtEvent[] {
    const out: CtEvent[] = [];
    const { lanes } = state;
    for (let lane = this.#head(lanes); lane; lane = this.#head(lanes)) {
      const t = timeOf(lane.buffer[0]);
      const i = lane.index;
      if (!lanes.every((r) => r === lane || !blocks(r) || ahead(t, i, r))) break;
      out.push(lane.buffer.shift()!);
      lane.loaded++;
      state.frontier = [t, i];
    }
    return out;
  }

  /** The blocking Regions that hold the merge back (or the head's own, when nothing else does). */
  #wanted(lanes: readonly Lane[]): Lane[] {
    const head = this.#head(lanes);
    const t = head ? timeOf(head.buffer[0]) : Infinity;
    const wanted = lanes.filter((r) => blocks(r) && r !== head && (!head || !ahead(t, head.index, r)));
    if (wanted.length === 0 && head && blocks(head)) wanted.push(head);
    return wanted;
  }

  /** Fetches one page from each of `lanes`, in parallel; failures become each Region's backoff or refusal. */
  async #round(lanes: readonly Lane[], state: { frontier: [number, number] }, request: PageRequest, late: CtEvent[]): Promise<void> {
    const results = await Promise.allSettled(lanes.map((lane) => this.#fetch(lane, request, state.frontier, late)));
    let aborted: unknown;
    results.forEach((result, k) => {
      if (result.status === 'fulfilled') return;
      const lane = lanes[k];
      const err = toLookupError(result.reason, { endpoint: lane.source.endpoint, region: lane.region });
      if (err.code === 'Aborted' || request.signal.aborted) {
        aborted ??= result.reason;
        return;
      }
      if ((err.code === 'ExpiredTokenException' || err.code === 'ExpiredToken') && !lane.refreshed) {
        // The service's clock decides expiry: renew on its word, once per run of failures.
        lane.refreshed = true;
        lane.source.invalidateCredentials();
        return;
      }
      if (!err.retryable) {
        lane.error = regionError(lane, err);
        lane.trouble = null;
        lane.waiting = null;
        lane.behind = false;
        return;
      }
      const throttled = err.code === 'ThrottlingException';
      lane.failures++;
      lane.trouble = regionError(lane, err);
      const delay = backoffDelay(this.#retry, lane.failures);
      lane.retryAt = this.#clock.now() + delay;
      lane.waiting = { reason: throttled ? 'throttled' : 'retry', until: this.#now() + delay };
      if (throttled) {
        lane.source.backOff(delay);
        request.onThrottled?.();
      }
      if (lane.failures >= this.#retry.maxAttempts) lane.behind = true;
    });
    if (aborted !== undefined) throw aborted;
  }

  async #fetch(lane: Lane, request: PageRequest, frontier: readonly [number, number], late: CtEvent[]): Promise<void> {
    const sent = lane.token;
    const page = await lane.source.fetchPage({
      ...request,
      input: sent ? { ...request.input, NextToken: sent } : request.input,
      onSent: () => {
        lane.requests++;
        request.onSent?.();
      },
    });
    lane.failures = 0;
    lane.trouble = null;
    lane.waiting = null;
    lane.retryAt = 0;
    lane.refreshed = false;
    lane.behind = false;
    for (const e of page.events) {
      // Released events went on past a Region set aside: what it brings that sorts before the
      // frontier is late, and goes to its place in what was released.
      const t = timeOf(e);
      if (t > frontier[0] || (t === frontier[0] && lane.index < frontier[1])) {
        late.push(e);
        lane.loaded++;
      } else {
        lane.buffer.push(e);
      }
    }
    const oldest = page.events.at(-1);
    if (oldest) lane.last = timeOf(oldest);
    if (sent) lane.recent = [...lane.recent.slice(-7), sent];
    if (!page.nextToken || page.nextToken === sent || lane.recent.includes(page.nextToken)) {
      lane.exhausted = true;
      lane.token = undefined;
    } else {
      lane.token = page.nextToken;
    }
  }

  invalidateCredentials(): void {
    for (const s of this.#sources) s.invalidateCredentials();
  }

  /**
   * Holds every Region. A throttled Region is held by the merge itself (its own lane backs off), so
   * this is only a caller's pause of the whole lookup.
   */
  backOff(ms: number): void {
    for (const s of this.#sources) s.backOff(ms);
  }

  nextSlotIn(): number {
    return Math.min(...this.#sources.map((s) => s.nextSlotIn()));
  }

  /**
   * The budget of the busiest Region (the most requests in the last second against its limit, then
   * the longest wait), named in `region` (with its account's label or id when several are searched); throttles and queued requests are summed over the Regions.
   */
  budget(): BudgetReading | undefined {
    let busiest: BudgetReading | undefined;
    let throttles = 0;
    let queued = 0;
    this.#sources.forEach((source, i) => {
      const reading = source.budget?.();
      if (!reading) return;
      throttles += reading.throttles;
      queued += reading.queued;
      const load = (r: BudgetReading) => r.recent / r.limit;
      if (!busiest || load(reading) > load(busiest) || (load(reading) === load(busiest) && reading.waitMs > busiest.waitMs)) {
        // With several accounts, the lane's account too: "Member 1 us-east-1", not a Region of no one's.
        const { region, account } = this.#lanes[i];
        busiest = { ...reading, region: account ? `${account.label ?? account.accountId} ${region}` : region };
      }
    });
    return busiest && { ...busiest, throttles, queued };
  }

  dispose(): void {
    for (const s of this.#sources) s.dispose();
  }
}

function status(lane: Lane): RegionStatus {
  return {
    region: lane.region, ...(lane.account ? { account: lane.account, key: lane.key } : {}), loaded: lane.loaded, requests: lane.requests, done: lane.exhausted && lane.buffer.length === 0, error: lane.error,
    trouble: lane.trouble, failures: lane.failures, waiting: lane.waiting, behind: lane.behind, reached: Number.isFinite(lane.last) ? lane.last : null,
  };
}

/** A lane's key: its Region, or `<accountId>/<region>` when it belongs to one of several accounts. */
function laneKey(lane: LaneId): string {
  return lane.account ? `${lane.account.accountId}/${lane.region}` : lane.region;
}

/**
 * A Region's failure, in words that name the Region and account (and the likely cause of a key it
 * does not know). An account's own refusal (its role cannot be assumed) names the account already.
 */
function regionError(lane: Lane, err: LookupError): LookupError {
  const { region, account } = lane;
  const hint = err.code === 'UnrecognizedClientException'
    ? ` If ${region} is an opt-in Region, it may not be enabled for this account (Account settings, AWS Regions).`
    : '';
  const name = account ? `account ${accountName(account)}` : '';
  const where = !account ? `${region}: ` : err.message.startsWith(`${name}:`) ? '' : `${name}, ${region}: `;
  return new LookupError(`${where}${err.message}${hint}`, {
    code: err.code, retryable: err.retryable, status: err.status, requestId: err.requestId, serviceMessage: err.serviceMessage, cause: err,
  });
}
