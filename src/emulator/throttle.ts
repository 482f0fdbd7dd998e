/**
 * Token buckets per (account, Region), refilled on the wall clock: clients pace themselves in real
 * time, so advancing the emulator clock must not refill a bucket.
 */
export interface ThrottleConfig {
  rate: number;
  burst: number;
}

export class Throttle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Take one token for `key`; false means the request is over the limit (and took nothing). */
  take(key: string, config: ThrottleConfig): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: config.burst, at: t };
    b.tokens = Math.min(config.burst, b.tokens + ((t - b.at) / 1000) * config.rate);
    b.at = t;
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
