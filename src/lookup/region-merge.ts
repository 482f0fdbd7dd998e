/**
 * Several Regions as one {@link PageSource}. Event history is per Region; an investigation rarely
 * is. One source per Region (each with its own rate budget: the limiter keys by endpoint and
 * Region, so three Regions page three times as fast), their pages merged newest first.
 *
 * The merge is a k-way merge that never shows an event while another Region's next page could
 * still hold a newer one: an event is released only when it is at least as new as every unfinished
 * Region's oldest fetched event (ties between Regions go to the Region listed first, so the order
 * is the same on every run). Each call fetches, in parallel, only the Regions that hold the merge
 * back. A Region that fails for good (access denied, an opt-in Region not enabled) is reported in
 * {@link Page.regions} and left out; the others carry on. Transient failures (throttling, 5xx,
 * network) and expired credentials are thrown, so the controller's retries and credential refresh
 * apply as for one Region; after {@link STRIKES} in a row a Region is given up as failed.
 */
import { LookupError, toLookupError } from './errors.js';
import type { CtEvent } from './events.js';
import type { BudgetReading, Page, PageRequest, PageSource } from './page-source.js';

/** How one Region of a merged lookup stands. */
export interface RegionStatus {
  readonly region: string;
  /** Events of this Region passed on to the lookup so far. */
  readonly loaded: number;
  /** Requests that reached this Region's endpoint. */
  readonly requests: number;
  /** The Region has no further pages for this lookup. */
  readonly done: boolean;
  /** Why the Region stopped, when it failed; the other Regions carry on. */
  readonly error: LookupError | null;
}

/** Transient failures in a row after which a Region is given up (the rest of the lookup goes on). */
export const STRIKES = 3;

interface Lane {
  readonly region: string;
  readonly index: number;
  readonly source: PageSource;
  token: string | undefined;
  readonly sentTokens: Set<string>;
  exhausted: boolean;
  /** Fetched and not yet released, newest first. */
  readonly buffer: CtEvent[];
  /** Time (ms) of the oldest event fetched; its next page holds nothing newer. Infinity before any event. */
  last: number;
  error: LookupError | null;
  loaded: number;
  requests: number;
  strikes: number;
  throttled: boolean;
}

interface Merge {
  readonly lanes: Lane[];
  token: string | undefined;
}

const timeOf = (e: CtEvent) => e.EventTime?.getTime() ?? 0;

/** Whether `e` (of lane `i`) comes before anything lane `r` may still send. */
const ahead = (t: number, i: number, r: Lane) => t > r.last || (t === r.last && i < r.index);

const blocks = (r: Lane) => !r.exhausted && !r.error;

/** Merges one page source per Region; see the module comment. */
export class RegionMergeSource implements PageSource {
  readonly endpoint: string;
  readonly regions: readonly string[];
  readonly #sources: readonly PageSource[];
  readonly #merges = new Map<string, Merge>();
  /** A first page that failed part-way: its retry carries on with what the other Regions returned. */
  #pending: { key: string; merge: Merge } | undefined;
  /** The merge paged last (backOff() holds its throttled Regions). */
  #last: Merge | undefined;
  #serial = 0;

  /** `sources[i]` looks up `regions[i]`; the order breaks ties between events of the same second. */
  constructor(regions: readonly string[], sources: readonly PageSource[]) {
    if (regions.length !== sources.length || regions.length === 0) throw new RangeError('one page source per Region, at least one');
    this.regions = regions;
    this.#sources = sources;
    this.endpoint = [...new Set(sources.map((s) => s.endpoint))].join(', ');
  }

  async fetchPage(request: PageRequest): Promise<Page> {
    const { NextToken: token, ...input } = request.input;
    const key = JSON.stringify(input);
    const merge = token !== undefined ? this.#merges.get(token) : this.#pending?.key === key ? this.#pending.merge : this.#start(key);
    if (!merge) {
      throw new LookupError('The token for the next page does not belong to this lookup. Run the lookup again from the start.', { code: 'InvalidNextTokenException' });
    }
    this.#last = merge;
    let events = this.#release(merge);
    if (events.length === 0 && !this.#finished(merge)) {
      await this.#round(merge, { ...request, input });
      events = this.#release(merge);
    }
    if (this.#pending?.merge === merge) this.#pending = undefined;
    const finished = this.#finished(merge);
    if (merge.token !== undefined) this.#merges.delete(merge.token);
    merge.token = finished ? undefined : `merge-${++this.#serial}`;
    if (merge.token !== undefined) this.#merges.set(merge.token, merge);
    return { events, nextToken: merge.token, regions: merge.lanes.map(status) };
  }

  #start(key: string): Merge {
    // Only the newest lookups can still be paged; older ones were replaced.
    for (const key of [...this.#merges.keys()].slice(0, Math.max(0, this.#merges.size - 3))) this.#merges.delete(key);
    const lanes = this.#sources.map((source, index): Lane => ({
      region: this.regions[index], index, source, token: undefined, sentTokens: new Set(), exhausted: false, buffer: [],
      last: Infinity, error: null, loaded: 0, requests: 0, strikes: 0, throttled: false,
    }));
    const merge = { lanes, token: undefined };
    this.#pending = { key, merge };
    return merge;
  }

  #finished(merge: Merge): boolean {
    return merge.lanes.every((l) => !blocks(l) && l.buffer.length === 0);
  }

  /** The lane whose head event comes first, if any lane holds events. */
  #head(merge: Merge): Lane | undefined {
    let best: Lane | undefined;
    for (const lane of merge.lanes) {
      const e = lane.buffer[0];
      if (e && (!best || timeOf(e) > timeOf(best.buffer[0]))) best = lane;
    }
    return best;
  }

  /** Releases, in order, every held event no unfinished Region can still beat. */
  #release(merge: Merge): CtEvent[] {
    const out: CtEvent[] = [];
    for (let lane = this.#head(merge); lane; lane = this.#head(merge)) {
      const t = timeOf(lane.buffer[0]);
      const i = lane.index;
      if (!merge.lanes.every((r) => r === lane || !blocks(r) || ahead(t, i, r))) break;
      out.push(lane.buffer.shift()!);
      lane.loaded++;
    }
    return out;
  }

  /** Fetches one page from each Region that holds the merge back, in parallel. */
  async #round(merge: Merge, request: PageRequest): Promise<void> {
    const head = this.#head(merge);
    const t = head ? timeOf(head.buffer[0]) : Infinity;
    const lanes = merge.lanes.filter((r) => blocks(r) && r !== head && (!head || !ahead(t, head.index, r)));
    // Nothing held back by others: the head's own Region must bring more (or end).
    if (lanes.length === 0 && head && blocks(head)) lanes.push(head);
    const results = await Promise.allSettled(lanes.map((lane) => this.#fetch(lane, request)));
    let rethrow: LookupError | undefined;
    results.forEach((result, k) => {
      if (result.status === 'fulfilled') return;
      const lane = lanes[k];
      const err = toLookupError(result.reason, { endpoint: lane.source.endpoint, region: lane.region });
      const transient = err.retryable && ++lane.strikes < STRIKES;
      lane.throttled = err.code === 'ThrottlingException';
      if (err.code === 'Aborted' || err.code === 'ExpiredTokenException' || err.code === 'ExpiredToken' || transient) {
        if (!rethrow || err.code === 'Aborted') rethrow = err;
      } else {
        lane.error = regionError(lane.region, err);
      }
    });
    if (rethrow) throw rethrow;
    const failed = merge.lanes.filter((l) => l.error);
    if (failed.length === merge.lanes.length) {
      // Every Region failed: the lookup fails, and Retry starts over instead of finding nothing left.
      if (this.#pending?.merge === merge) this.#pending = undefined;
      throw failed[0].error;
    }
  }

  async #fetch(lane: Lane, request: PageRequest): Promise<void> {
    const sent = lane.token;
    const page = await lane.source.fetchPage({
      ...request,
      input: sent ? { ...request.input, NextToken: sent } : request.input,
      onSent: () => {
        lane.requests++;
        if (sent) lane.sentTokens.add(sent);
        request.onSent?.();
      },
    });
    lane.strikes = 0;
    lane.throttled = false;
    lane.buffer.push(...page.events);
    const oldest = page.events.at(-1);
    if (oldest) lane.last = timeOf(oldest);
    // A token seen before would loop forever.
    if (!page.nextToken || lane.sentTokens.has(page.nextToken)) {
      lane.exhausted = true;
      lane.token = undefined;
    } else {
      lane.token = page.nextToken;
    }
  }

  invalidateCredentials(): void {
    for (const s of this.#sources) s.invalidateCredentials();
  }

  /** Holds the Regions that were throttled last (every Region if none was). */
  backOff(ms: number): void {
    const lanes = this.#last?.lanes.filter((l) => l.throttled) ?? [];
    const sources = lanes.length ? lanes.map((l) => l.source) : this.#sources;
    for (const s of sources) s.backOff(ms);
  }

  nextSlotIn(): number {
    return Math.min(...this.#sources.map((s) => s.nextSlotIn()));
  }

  /**
   * The budget of the busiest Region (the most requests in the last second against its limit, then
   * the longest wait), named in `region`; throttles and queued requests are summed over the Regions.
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
        busiest = { ...reading, region: this.regions[i] };
      }
    });
    return busiest && { ...busiest, throttles, queued };
  }

  dispose(): void {
    for (const s of this.#sources) s.dispose();
  }
}

function status(lane: Lane): RegionStatus {
  return { region: lane.region, loaded: lane.loaded, requests: lane.requests, done: lane.exhausted && lane.buffer.length === 0, error: lane.error };
}

/** A Region's failure, in words that name the Region (and the likely cause of a key it does not know). */
function regionError(region: string, err: LookupError): LookupError {
  const hint = err.code === 'UnrecognizedClientException'
    ? ` If ${region} is an opt-in Region, it may not be enabled for this account (Account settings, AWS Regions).`
    : '';
  return new LookupError(`${region}: ${err.message}${hint}`, {
    code: err.code, retryable: err.retryable, status: err.status, requestId: err.requestId, serviceMessage: err.serviceMessage, cause: err,
  });
}
