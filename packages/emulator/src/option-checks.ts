/**
 * Shapes and bounds of what an instance runs on (its clock, retention, credential lifetime,
 * throttle, names and keys), checked when it is made and on every control call that changes one: a
 * value out of range is refused with a message naming it (400 over HTTP), never stored where it
 * would break the instance (a clock past year 275760 makes every date it prints throw).
 */
import type { InstanceOptions } from './types.js';
import { checkLive } from './live.js';

/** The longest credential lifetime an instance issues (a year). */
export const MAX_CREDENTIAL_TTL_SECONDS = 366 * 86_400;
/** How far an instance's clock may move from the wall clock, either way: a century. */
const MAX_CLOCK_OFFSET_SECONDS = 100 * 366 * 86_400;
/** The longest retention or generated span, in days: a century. */
const MAX_DAYS = 100 * 366;

/** A finite number in [min, max], or a message naming the field. */
export function bounded(name: string, v: unknown, min: number, max: number): string | undefined {
  return v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) ? `${name} must be a number from ${min} to ${max}` : undefined;
}

/** Whether `v` is a token bucket the throttle can run: a rate above 0 and a burst of at least 1, both finite. */
export function validBucket(v: unknown): boolean {
  const b = v as { rate?: unknown; burst?: unknown } | null;
  return typeof b === 'object' && b !== null && typeof b.rate === 'number' && b.rate > 0 && b.rate <= 1e6 && typeof b.burst === 'number' && b.burst >= 1 && b.burst <= 1e6;
}

const strings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The first option of the wrong shape or out of range, as a message naming it; undefined when all are fine. */
export function checkInstanceValues(o: InstanceOptions): string | undefined {
  if (o.region !== undefined && typeof o.region !== 'string') return 'region must be a Region name such as "us-east-1"';
  if (o.accountId !== undefined && !(typeof o.accountId === 'string' && /^\d{12}$/.test(o.accountId))) return 'accountId must be 12 digits, as a string such as "123456789012"';
  if (o.optInRegions !== undefined && !strings(o.optInRegions)) return 'optInRegions must be a list of Region names';
  if (o.denyActions !== undefined && !(strings(o.denyActions) && o.denyActions.every((a) => /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a)))) return 'denyActions must be a list of actions such as "ec2:DescribeRegions"';
  const live = checkLive(o.live);
  if (live) return live;
  if (o.staticCredentials !== undefined && !(Array.isArray(o.staticCredentials) && o.staticCredentials.every((c) => typeof c?.accessKeyId === 'string' && c.accessKeyId !== '' && typeof c.secretAccessKey === 'string'))) {
    return 'staticCredentials must be a list of {accessKeyId, secretAccessKey} strings';
  }
  if (o.accounts !== undefined) {
    if (!Array.isArray(o.accounts) || o.accounts.length > 50) return 'accounts must be a list of at most 50 {accountId, records?, generate?, roles?}';
    const ids = new Set([o.accountId ?? '123456789012']);
    for (const a of o.accounts) {
      if (!a || typeof a !== 'object' || typeof a.accountId !== 'string' || !/^\d{12}$/.test(a.accountId)) return 'accounts: each needs an accountId of 12 digits, as a string such as "111122223333"';
      if (ids.has(a.accountId)) return `accounts: ${a.accountId} is named twice (the home account is accountId)`;
      ids.add(a.accountId);
      if (a.records !== undefined && !Array.isArray(a.records)) return `accounts: the records of ${a.accountId} must be a list of CloudTrail records`;
      if (a.roles !== undefined && !Array.isArray(a.roles)) return `accounts: the roles of ${a.accountId} must be a list of {name, trust}`;
      const bad = bounded(`accounts (${a.accountId}) generate.count`, a.generate?.count, 0, 10_000_000);
      if (bad) return bad;
    }
  }
  if (o.roles !== undefined && !Array.isArray(o.roles)) return 'roles must be a list of {name, trust}';
  if (o.identityPools !== undefined && !Array.isArray(o.identityPools)) return 'identityPools must be a list of {id, allowUnauthenticated, allowGuestLookup}';
  const g = o.generate;
  if (g !== undefined && (g === null || typeof g !== 'object')) return 'generate must be an object such as {"count": 500, "at": "2026-11-20T12:00:00Z"}';
  if (o.throttle !== undefined && o.throttle !== false && !validBucket(o.throttle)) return 'throttle must be false or {rate, burst}: a rate from above 0 to 1000000 and a burst from 1 to 1000000';
  return (
    bounded('retentionDays', o.retentionDays, 0, MAX_DAYS) ??
    bounded('credentialTtlSeconds', o.credentialTtlSeconds, 1, MAX_CREDENTIAL_TTL_SECONDS) ??
    bounded('generate.count', g?.count, 0, 10_000_000) ??
    bounded('generate.seed', g?.seed, -(2 ** 53), 2 ** 53) ??
    bounded('generate.days', g?.days, 1, MAX_DAYS)
  );
}

/** Whether moving a clock now `offsetSeconds` from the wall clock by `seconds` keeps it within bounds. */
export function checkAdvance(offsetSeconds: number, seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return 'advanceSeconds must be a non-negative number';
  if (offsetSeconds + seconds > MAX_CLOCK_OFFSET_SECONDS) return `advanceSeconds may move the clock at most ${MAX_CLOCK_OFFSET_SECONDS} seconds (a century) past the wall clock; it is ${Math.round(offsetSeconds)} seconds ahead now`;
  return undefined;
}
