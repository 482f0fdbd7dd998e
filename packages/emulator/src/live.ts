/**
 * Data that keeps arriving (`live`, `--live`): every `everySeconds` of the instance's clock one new
 * event is delivered to Event history, a call from the generator's principals stamped at that
 * moment, so a page following the lookup sees new rows. Driven by the clock, not a timer: the
 * events due are delivered when the instance is next read (a request, or the control API's info
 * and truth), so moving the clock forward delivers at once what that time would have brought.
 */
import { generateRecords } from './generator.js';

/** Events one read delivers at most: a clock moved far ahead brings the latest of them, not millions. */
const MAX_PER_READ = 1000;

export interface LiveOptions {
  /** Seconds of the instance's clock between two events; default 5. */
  everySeconds?: number;
}

/** A message naming what is wrong with `live`, or undefined. */
export function checkLive(live: unknown): string | undefined {
  if (live === undefined) return undefined;
  const every = (live as LiveOptions | null)?.everySeconds;
  if (typeof live !== 'object' || live === null || (every !== undefined && !(typeof every === 'number' && every >= 0.1 && every <= 86_400))) {
    return 'live must be an object such as {"everySeconds": 5} (from 0.1 to 86400 seconds)';
  }
  return undefined;
}

export class LiveFeed {
  readonly #everyMs: number;
  #next: number;
  #n = 0;

  constructor(options: LiveOptions, startMs: number, private readonly spec: { accountId: string; region: string; seed: number }) {
    this.#everyMs = (options.everySeconds ?? 5) * 1000;
    this.#next = startMs + this.#everyMs;
  }

  /** The records due by `nowMs` (the instance's clock), each stamped at its own moment, oldest first. */
  due(nowMs: number): Record<string, unknown>[] {
    if (this.#next > nowMs) return [];
    const missed = Math.floor((nowMs - this.#next) / this.#everyMs) + 1;
    // Far behind: only the last MAX_PER_READ moments are delivered.
    if (missed > MAX_PER_READ) this.#next += (missed - MAX_PER_READ) * this.#everyMs;
    const out: Record<string, unknown>[] = [];
    for (; this.#next <= nowMs; this.#next += this.#everyMs) {
      const [record] = generateRecords({ count: 1, seed: this.spec.seed + ++this.#n, nowMs: this.#next, accountId: this.spec.accountId, region: this.spec.region, attacks: false });
      if (record) out.push({ ...record, eventTime: new Date(this.#next).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    }
    return out;
  }
}
