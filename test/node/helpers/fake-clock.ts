/**
 * A manual clock for code that takes `now()` and timers by injection (the rate limiter, the
 * credentials' `now`): time moves only when a test calls `advance`, timers fire in order at their
 * exact due time, and promise callbacks run before the next timer, so a test reads exact times.
 */
export class FakeClock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; seq: number; callback: () => void }>();

  constructor(start = 0) {
    this.#now = start;
  }

  now = (): number => this.#now;

  setTimeout = (callback: () => void, ms: number): number => {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), seq: id, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing each timer due on the way at its own time. */
  async advance(ms: number, maxTimers = 10_000): Promise<void> {
    const end = this.#now + ms;
    await settle();
    let fired = 0;
    for (let next = this.#due(end); next; next = this.#due(end)) {
      // Code that re-arms a 0 ms timer forever would otherwise spin here without failing.
      if (++fired > maxTimers) throw new Error(`FakeClock.advance: more than ${maxTimers} timers fired by ${end} ms`);
      this.#timers.delete(next.seq);
      this.#now = next.at;
      next.callback();
      await settle();
    }
    this.#now = end;
    await settle();
  }

  /** Fires timers until none is left (each at its due time); throws if they never stop. */
  async runAll(maxTimers = 10_000): Promise<void> {
    for (let i = 0; this.#timers.size > 0; i++) {
      if (i >= maxTimers) throw new Error(`FakeClock.runAll: still ${this.#timers.size} timers after ${maxTimers}`);
      const next = this.#due(Infinity)!;
      await this.advance(next.at - this.#now);
    }
  }

  #due(end: number) {
    let first: { at: number; seq: number; callback: () => void } | undefined;
    for (const t of this.#timers.values()) if (t.at <= end && (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq))) first = t;
    return first;
  }
}

/** Lets every queued promise callback run (a macrotask turn drains the microtask queue). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
