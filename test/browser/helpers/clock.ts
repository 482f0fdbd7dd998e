/**
 * A manual clock for the browser: time moves only when a test calls `advanceTo`, timers fire in
 * order at their due time, and queued promise callbacks run between them. Given to the rate
 * limiter and the lookup controller (timers and `now`), it lets a test run minutes of polling in
 * a moment without a real wait.
 */
export class ManualClock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start: number) {
    this.#now = start;
  }

  now = (): number => this.#now;

  setTimeout = (callback: () => void, ms: number): number => {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  /** When the next timer is due, or undefined when none is set. */
  get nextDue(): number | undefined {
    let at: number | undefined;
    for (const t of this.#timers.values()) if (at === undefined || t.at < at) at = t.at;
    return at;
  }

  /** Moves time to `time`, firing each timer due on the way at its own time. */
  async advanceTo(time: number): Promise<void> {
    for (;;) {
      await settle();
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= time && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[0] < next[0]))) next = entry;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = Math.max(this.#now, next[1].at);
      next[1].callback();
    }
    this.#now = Math.max(this.#now, time);
    await settle();
  }
}

/** Lets queued promise callbacks run (one macrotask turn). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A manual clock kept in step with an emulator instance's: `advance(to)` moves both, `runUntil(to)`
 * fires the page's timers up to `to`, each once the page is idle (a timer set: the next poll or the
 * limiter's next slot; none while a request is out).
 */
export function steppedWith(clock: ManualClock, moveEmulator: (seconds: number) => Promise<unknown>, waitFor: (predicate: () => boolean, timeoutMs: number, everyMs: number) => Promise<void>) {
  const advance = async (to: number) => {
    const ms = to - clock.now();
    if (ms > 0) await moveEmulator(ms / 1000);
    await clock.advanceTo(to);
  };
  const runUntil = async (to: number) => {
    for (;;) {
      await waitFor(() => clock.nextDue !== undefined, 30_000, 5);
      if (clock.nextDue! > to) break;
      await advance(clock.nextDue!);
    }
    await advance(to);
  };
  return { advance, runUntil };
}
