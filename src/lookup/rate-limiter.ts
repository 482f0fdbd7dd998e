/**
 * LookupEvents allows 2 requests per second per account and Region. Every controller on a page
 * shares one limiter per key (endpoint + Region: the account is not known before the first call),
 * which spaces requests at least `1000 / rate + margin` ms apart. Minimum spacing, rather than a
 * token bucket, is what guarantees that ANY 1000 ms window holds at most `rate` requests; the
 * margin absorbs transit jitter between the browser and the server's clock.
 *
 * The budget is the account's, not the tab's: the page-wide limiter also takes a Web Lock per key
 * for each request and holds it for the spacing, so every tab (and frame) of the origin that runs
 * the library waits its turn and two tabs on one account and Region together stay within the limit.
 * https://developer.mozilla.org/en-US/docs/Web/API/Web_Locks_API
 */

export interface RateLimitOptions {
  /** Requests per second per key; default 2 (the service's limit). */
  requestsPerSecond?: number;
  /** Extra spacing for jitter in transit, ms; default 25. */
  marginMs?: number;
  /** Time and timers; default the monotonic clock and the global timers. Tests pass a fake one. */
  clock?: LimiterClock;
  /**
   * Share each key's budget with the other tabs and frames of the origin (Web Locks, where the
   * browser has them): on for the page-wide limiter. Wall-clock time: not with an injected clock.
   */
  acrossTabs?: boolean;
}

/** The Web Locks API, where the browser has it (a secure context: https or localhost). */
interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}
const lockManager = (): LockManagerLike | undefined => (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;

/** What the limiter reads the time from and waits with (ms; only differences matter). */
export interface LimiterClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface Waiter {
  spacing: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface KeyState {
  /** When the last slot was granted (the clock's ms), -Infinity if never. */
  last: number;
  /** Nothing is granted before this (a pause after throttling). */
  pausedUntil: number;
  queue: Waiter[];
  timer?: unknown;
  /** Recent grant times, for grants(). */
  granted: number[];
  /** Pauses asked for (each a ThrottlingException met), for usage(). */
  throttles: number;
  watchers: Set<() => void>;
}

/** What a budget meter shows for one key, read at `at` (the limiter's clock, ms). */
export interface BudgetUsage {
  /** Requests let go in the last 1000 ms. */
  recent: number;
  /** Ms the next request queued now would wait (0: it would go at once). */
  waitMs: number;
  /** Requests held back right now. */
  queued: number;
  /** Throttling pauses met since the page loaded (every history on the key shares them). */
  throttles: number;
  /** Ms until `recent` next drops (the oldest grant leaves the window); 0 when it is 0. */
  changesIn: number;
}

const GRANT_HISTORY = 1000;

const monotonic = () => globalThis.performance?.now() ?? Date.now();

/** The default clock: monotonic time (immune to wall-clock jumps) and the global timers. */
export const systemClock: LimiterClock = {
  now: monotonic,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function spacingMs(options: RateLimitOptions = {}): number {
  const rate = options.requestsPerSecond ?? 2;
  const margin = options.marginMs ?? 25;
  if (!(rate > 0) || !(margin >= 0)) throw new RangeError('requestsPerSecond must be > 0 and marginMs >= 0');
  return 1000 / rate + margin;
}

export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason instanceof Error) return signal.reason;
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

export class RateLimiter {
  readonly #keys = new Map<string, KeyState>();
  readonly #spacing: number;
  readonly #clock: LimiterClock;
  readonly #acrossTabs: boolean;

  constructor(options: RateLimitOptions = {}) {
    this.#spacing = spacingMs(options);
    this.#clock = options.clock ?? systemClock;
    this.#acrossTabs = Boolean(options.acrossTabs) && !options.clock;
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) this.#keys.set(key, (state = { last: -Infinity, pausedUntil: -Infinity, queue: [], granted: [], throttles: 0, watchers: new Set() }));
    return state;
  }

  /**
   * Resolves when a request for `key` may be sent now; call it right before sending. Waiters are
   * served first come, first served. Rejects with the signal's reason if aborted while queued (the
   * slot is not consumed).
   */
  acquire(key: string, signal?: AbortSignal, spacing: number = this.#spacing): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const state = this.#state(key);
    const local = new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { spacing, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = state.queue.indexOf(waiter);
          if (i >= 0) state.queue.splice(i, 1);
          reject(abortReason(signal));
          this.#pump(key, state);
          this.#tell(state);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      state.queue.push(waiter);
      this.#pump(key, state);
      this.#tell(state);
    });
    const locks = this.#acrossTabs ? lockManager() : undefined;
    return locks ? local.then(() => acrossTabs(locks, key, spacing, signal)) : local;
  }

  #tell(state: KeyState): void {
    for (const watcher of [...state.watchers]) watcher();
  }

  /**
   * Calls `listener` whenever a request for `key` is queued, let go or paused; returns the
   * unsubscribe function. For meters: read {@link RateLimiter.usage} in the listener.
   */
  watch(key: string, listener: () => void): () => void {
    const state = this.#state(key);
    state.watchers.add(listener);
    return () => state.watchers.delete(listener);
  }

  /** The budget of `key` now: requests in the last second, the wait ahead, throttles met. */
  usage(key: string, spacing: number = this.#spacing): BudgetUsage {
    const state = this.#keys.get(key);
    const now = this.#clock.now();
    const recent = state ? state.granted.filter((t) => now - t < 1000) : [];
    return {
      recent: recent.length,
      waitMs: state?.queue.length ? Math.max(0, Math.ceil(Math.max(state.last + spacing, state.pausedUntil) - now)) : 0,
      queued: state?.queue.length ?? 0,
      throttles: state?.throttles ?? 0,
      changesIn: recent.length ? Math.max(1, Math.ceil(recent[0]! + 1000 - now)) : 0,
    };
  }

  #pump(key: string, state: KeyState): void {
    if (state.timer !== undefined) {
      this.#clock.clearTimeout(state.timer);
      state.timer = undefined;
    }
    const head = state.queue[0];
    if (!head) return;
    const now = this.#clock.now();
    const at = Math.max(state.last + head.spacing, state.pausedUntil);
    if (now >= at) {
      state.queue.shift();
      state.last = now;
      state.granted.push(now);
      if (state.granted.length > GRANT_HISTORY) state.granted.splice(0, state.granted.length - GRANT_HISTORY);
      if (head.signal && head.onAbort) head.signal.removeEventListener('abort', head.onAbort);
      head.resolve();
      this.#pump(key, state);
      this.#tell(state);
      return;
    }
    // Timers may fire a little early or late; the pump re-checks the time when they do.
    state.timer = this.#clock.setTimeout(() => {
      state.timer = undefined;
      this.#pump(key, state);
    }, Math.ceil(at - now));
  }

  /**
   * When the last requests for `key` were let go (the clock's ms, oldest first; at most 1,000):
   * what the limiter promises is that any 1000 ms of them hold at most `requestsPerSecond`.
   */
  grants(key: string): readonly number[] {
    return [...(this.#keys.get(key)?.granted ?? [])];
  }

  /** Milliseconds until a request queued now for `key` would be sent (0: at once). */
  nextSlotIn(key: string, spacing: number = this.#spacing): number {
    const state = this.#keys.get(key);
    if (!state) return 0;
    const at = Math.max(state.last + spacing * (state.queue.length + 1), state.pausedUntil + spacing * state.queue.length);
    return Math.max(0, Math.ceil(at - this.#clock.now()));
  }

  /** Holds every request for `key` for `ms` (after the service answered ThrottlingException). */
  pause(key: string, ms: number): void {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, this.#clock.now() + ms);
    state.throttles++;
    this.#pump(key, state);
    this.#tell(state);
  }

  /** Requests waiting for `key`. */
  queued(key: string): number {
    return this.#keys.get(key)?.queue.length ?? 0;
  }
}

/**
 * Waits for this origin's other tabs: takes the key's lock, lets the request go, and keeps the lock
 * for `spacing` ms so the next request from any tab is at least that far behind. Requests from this
 * tab were already spaced by the limiter; a lock only adds a wait when another tab sent last.
 */
function acrossTabs(locks: LockManagerLike, key: string, spacing: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    locks.request(`cloudtrail-elements:budget:${key}`, signal ? { signal } : {}, () => {
      resolve();
      return new Promise<void>((release) => setTimeout(release, spacing));
    }).catch(() => {
      // Aborted while waiting: the request is not sent. A lock the browser refused: this tab goes
      // on with its own spacing rather than not at all.
      if (signal?.aborted) reject(abortReason(signal));
      else resolve();
    });
  });
}

/** The page-wide limiter that every LookupController uses unless given another; shared with the origin's other tabs. */
export const sharedRateLimiter = new RateLimiter({ acrossTabs: true });

/**
 * The key requests are limited by: the endpoint they go to and the Region, and the account when
 * the caller knows it (several accounts behind one endpoint each have their own budget).
 */
export function rateLimitKey(region: string, endpoint?: string, account?: string): string {
  const key = `${endpoint ?? `https://cloudtrail.${region}.amazonaws.com`}|${region}`;
  return account ? `${key}|${account}` : key;
}
