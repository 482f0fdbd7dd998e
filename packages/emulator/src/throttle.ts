/**
 * Token buckets per (account, Region), refilled on the clock it is given: the instance's clock (the
 * wall clock plus however far it was advanced), so a test advances time instead of waiting for a
 * bucket to refill.
 */
export interface ThrottleConfig {
  rate: number;
  burst: number;
}

export class Throttle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** `now` in milliseconds; a reading that goes back (a wall clock set back) refills nothing. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Take one token for `key`; false means the request is over the limit (and took nothing). */
  take(key: string, config: ThrottleConfig): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: config.burst, at: t };
    b.tokens = Math.min(config.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * config.rate);
    b.at = Math.max(b.at, t);
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  reset(): void {
    this.buckets.clear();
  }
}
