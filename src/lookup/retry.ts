/**
 * One page, with bounded retries: what the lookup, a full export and a live tail all do for each
 * LookupEvents call. Throttling, 5xx and network errors wait (doubling, with jitter) and try
 * again; an expired session refreshes its credentials once. Every attempt goes through the
 * source's rate limiter, so retries never exceed the budget either.
 */
import type { LookupPlan } from './query.js';
import type { LookupEventsInput as LookupEventsCommandInput } from './wire.js';
import { diagnoseConnection, toLookupError } from './errors.js';
import type { Page, PageRequest, PageSource } from './page-source.js';
import { abortReason, type LimiterClock } from './rate-limiter.js';
import type { WaitingInfo } from './types.js';

export interface RetryOptions {
  /** Attempts per page on throttling, 5xx and network errors, the first included; default 5. */
  maxAttempts?: number;
  /** First backoff, doubled per attempt, with jitter; default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface PageAttempts {
  source: PageSource;
  retry: Required<RetryOptions>;
  signal: AbortSignal;
  clock: LimiterClock;
  /** The input of the next attempt (read again for each, so a caller may change the token between). */
  input: () => LookupEventsCommandInput;
  /** The validated query the input was made from, for a source that builds its own requests from it (Athena's SQL). */
  plan?: LookupPlan;
  /** Resolves when requests may go (a paused lookup holds them here). */
  ready?: (signal: AbortSignal) => Promise<void> | undefined;
  onQueued?: (until: number) => void;
  onSent?: () => void;
  /** The service answered ThrottlingException (counted whether or not a retry follows). */
  onThrottled?: () => void;
  /** Before each wait for a retry. */
  onBackoff?: (waiting: WaitingInfo) => void;
  /** How each Region stands, from a source of several, whenever that changes. */
  onRegions?: PageRequest['onRegions'];
}

export const defaultRetry = (options?: RetryOptions): Required<RetryOptions> => ({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, ...options });

/** Waits `ms` on `clock`; rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal: AbortSignal, clock: LimiterClock): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = () => { clock.clearTimeout(timer); reject(abortReason(signal)); };
    const timer = clock.setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before attempt `failures + 1`: doubling from the base, capped, with jitter (half to all of it). */
export function backoffDelay(retry: Required<RetryOptions>, failures: number): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1));
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

export async function fetchPageWithRetry(o: PageAttempts): Promise<Page> {
  const { maxAttempts } = o.retry;
  const { source, signal } = o;
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await o.ready?.(signal);
      return await source.fetchPage({ input: o.input(), signal, plan: o.plan, onQueued: o.onQueued, onSent: o.onSent, onThrottled: o.onThrottled, onRegions: o.onRegions });
    } catch (raw) {
      if (signal.aborted) throw raw;
      const err = toLookupError(raw, { endpoint: source.endpoint });
      if (err.code === 'Aborted') throw err;
      const throttled = err.code === 'ThrottlingException';
      if (throttled) o.onThrottled?.();
      if ((err.code === 'ExpiredTokenException' || err.code === 'ExpiredToken') && !refreshed) {
        // The service's clock decides expiry, so refresh on its word, once.
        refreshed = true;
        source.invalidateCredentials();
        continue;
      }
      const delay = backoffDelay(o.retry, attempt);
      // Every throttle holds the budget, the last one too: the service asked for a pause, and the
      // meter counts throttles by these pauses.
      if (throttled) source.backOff(delay);
      // A source that retries by itself (several Regions) already did: its failure is final here.
      if (!err.retryable || attempt >= maxAttempts || source.retries) throw await diagnoseConnection(err, signal);
      o.onBackoff?.({ reason: throttled ? 'throttled' : 'retry', until: Date.now() + delay });
      await sleep(delay, signal, o.clock);
    }
  }
}
