/**
 * Per-instance fault injection: a deterministic script consumed one entry per LookupEvents request,
 * then seeded probabilistic faults (latency, 500/503, dropped sockets, short pages).
 */
import { mulberry32, type Rng } from './prng.js';
import { bounded, MAX_CREDENTIAL_TTL_SECONDS, validBucket } from './option-checks.js';
import type { FaultConfig } from './types.js';

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  /** Fail with this status (500 InternalFailure / 503 ServiceUnavailable). */
  status?: number;
  drop?: boolean;
  throttle?: boolean;
  expired?: boolean;
  /** Cap the page size (short page). */
  pageLimit?: number;
  /** Start the page with this many events the previous page ended with (served twice). */
  repeat?: number;
  /** Label for the request log. */
  label?: string;
}

const SCRIPT_ENTRY = /^(ok|500|503|drop|throttle|expired|latency:\d{1,7}|short:\d{1,4}|repeat:\d{1,2})$/;
/** The longest injected delay: a test that waits longer than this is waiting for nothing. */
const MAX_LATENCY_MS = 600_000;

const REGION_FAULT_KEYS = new Set(['latencyMs', 'errorRate', 'errorStatuses', 'dropRate', 'throttle', 'shortPages', 'script', 'seed']);

export function validateFaults(config: FaultConfig): string | undefined {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return 'faults must be an object';
  const prob = (name: string, v: unknown) => bounded(name, v, 0, 1);
  if (config.regions !== undefined) {
    if (!config.regions || typeof config.regions !== 'object' || Array.isArray(config.regions)) return 'regions must map Region names to fault settings';
    for (const [region, sub] of Object.entries(config.regions)) {
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) return `regions: "${region.slice(0, 40)}" is not a Region name`;
      if (!sub || typeof sub !== 'object' || Array.isArray(sub)) return `regions.${region} must be an object of fault settings`;
      const extra = Object.keys(sub).find((k) => !REGION_FAULT_KEYS.has(k));
      if (extra) return `regions.${region}.${extra} is not a per-Region fault; allowed: ${[...REGION_FAULT_KEYS].join(', ')}`;
      const problem = validateFaults(sub);
      if (problem) return `regions.${region}: ${problem}`;
    }
  }
  const bad =
    prob('errorRate', config.errorRate) ?? prob('dropRate', config.dropRate) ?? prob('shortPages', config.shortPages) ??
    bounded('credentialTtlSeconds', config.credentialTtlSeconds, 1, MAX_CREDENTIAL_TTL_SECONDS) ?? bounded('seed', config.seed, -(2 ** 53), 2 ** 53);
  if (bad) return bad;
  if (config.errorStatuses !== undefined && !(Array.isArray(config.errorStatuses) && config.errorStatuses.every((s) => s === 500 || s === 503))) return 'errorStatuses may contain only 500 and 503';
  const l = config.latencyMs;
  const ms = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_LATENCY_MS;
  if (l !== undefined && !(ms(l) || (Array.isArray(l) && l.length === 2 && ms(l[0]) && ms(l[1]) && l[1] >= l[0]))) {
    return `latencyMs must be a number of ms from 0 to ${MAX_LATENCY_MS}, or [min, max] within that`;
  }
  if (config.throttle !== undefined && !validBucket(config.throttle)) return 'throttle needs a rate from above 0 to 1000000 and a burst from 1 to 1000000';
  if (config.denyRegions !== undefined && !(Array.isArray(config.denyRegions) && config.denyRegions.every((r) => typeof r === 'string'))) return 'denyRegions must be a list of Region names';
  if (config.script !== undefined && !(Array.isArray(config.script) && config.script.every((e) => typeof e === 'string'))) return 'script must be a list of entries';
  const badEntry = config.script?.find((e) => !SCRIPT_ENTRY.test(e) || (e.startsWith('latency:') && Number(e.slice(8)) > MAX_LATENCY_MS));
  if (badEntry !== undefined) return `unknown script entry "${badEntry.slice(0, 100)}"; allowed: ok, 500, 503, drop, throttle, expired, latency:<ms up to ${MAX_LATENCY_MS}>, short:<n>, repeat:<n>`;
  return undefined;
}

export class Faults {
  private rng: Rng;
  private script: string[];
  /** Each Region's own faults (FaultConfig.regions). */
  private readonly regions: ReadonlyMap<string, Faults>;

  constructor(readonly config: FaultConfig = {}) {
    this.rng = mulberry32(config.seed ?? 1);
    this.script = [...(config.script ?? [])];
    this.regions = new Map(Object.entries(config.regions ?? {}).map(([region, sub]) => [region, new Faults(sub)]));
  }

  get scriptRemaining(): number {
    let n = this.script.length;
    for (const sub of this.regions.values()) n += sub.scriptRemaining;
    return n;
  }

  /** Whether a coming request may be dropped (a drop rate, or a 'drop' left in the script), in any Region. */
  get mayDrop(): boolean {
    return Boolean(this.config.dropRate) || this.script.includes('drop') || [...this.regions.values()].some((f) => f.mayDrop);
  }

  /** The token bucket that replaces the instance's throttle for `region`, if faults set one. */
  throttleFor(region: string): FaultConfig['throttle'] {
    return this.regions.get(region)?.config.throttle ?? this.config.throttle;
  }

  private latency(): number {
    const l = this.config.latencyMs;
    if (l === undefined) return 0;
    if (typeof l === 'number') return l;
    return l[0] + this.rng() * (l[1] - l[0]);
  }

  /**
   * Decide the fault for a request; `lookup` requests consume the script and may get short pages,
   * and those signed for a Region with faults of its own get that Region's.
   */
  decide(lookup: boolean, region?: string): FaultDecision {
    const own = lookup && region !== undefined ? this.regions.get(region) : undefined;
    if (own) {
      const d = own.decide(true);
      return d.label ? { ...d, label: `${region}:${d.label}` } : d;
    }
    if (!lookup && !this.config.cognito) return { latencyMs: 0 };
    const d: FaultDecision = { latencyMs: this.latency() };
    const entry = lookup ? this.script.shift() : undefined;
    if (entry !== undefined) {
      d.label = `script:${entry}`;
      if (entry === '500' || entry === '503') d.status = Number(entry);
      else if (entry === 'drop') d.drop = true;
      else if (entry === 'throttle') d.throttle = true;
      else if (entry === 'expired') d.expired = true;
      else if (entry.startsWith('latency:')) d.latencyMs = Number(entry.slice(8));
      else if (entry.startsWith('short:')) d.pageLimit = Number(entry.slice(6));
      else if (entry.startsWith('repeat:')) d.repeat = Number(entry.slice(7));
      return d;
    }
    const c = this.config;
    if (c.dropRate && this.rng() < c.dropRate) return { ...d, drop: true, label: 'dropRate' };
    if (c.errorRate && this.rng() < c.errorRate) {
      const statuses = c.errorStatuses?.length ? c.errorStatuses : [500, 503];
      return { ...d, status: statuses[Math.floor(this.rng() * statuses.length)], label: 'errorRate' };
    }
    if (lookup && c.shortPages && this.rng() < c.shortPages) {
      // A short page: often a few events, sometimes none at all (the real service does both).
      const limit = this.rng() < 0.3 ? 0 : 1 + Math.floor(this.rng() * 10);
      return { ...d, pageLimit: limit, label: 'shortPages' };
    }
    return d;
  }
}
