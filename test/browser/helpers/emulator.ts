/**
 * Drives the emulator mounted at /aws on the test server (see packages/emulator/README.md): one fresh
 * instance per test, its request log, faults, clock and the ground truth of a lookup.
 * Shared by the data-layer and element tests.
 */
import type {
  FaultConfig,
  InstanceDescription,
  InstanceOptions,
  LookupParams,
  RequestLogEntry,
  WireEvent,
} from 'cloudtrail-elements-emulator';

import { rateLimitKey, sharedRateLimiter } from '../../../src/lookup/rate-limiter.js';
import { atFixedClock } from './generated-clock.js';

export type { FaultConfig, InstanceOptions, RequestLogEntry, WireEvent };

export const CONTROL = '/aws/__control';
/** Any token starting `emulator-` signs in with this provider. */
export const LOGIN_PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

export interface Instance extends InstanceDescription {
  /** Absolute endpoint for the SDK: `location.origin + endpoint`. */
  url: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${CONTROL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A fresh instance; generated data is made at the fixed time of generated-clock.ts unless the options name one. */
export async function createInstance(options: InstanceOptions = {}): Promise<Instance> {
  const d = await call<InstanceDescription>('POST', '/instances', atFixedClock(options));
  return { ...d, url: new URL(d.endpoint, location.origin).href.replace(/\/$/, '') };
}

export async function getLog(id: string): Promise<RequestLogEntry[]> {
  return (await call<{ entries: RequestLogEntry[] }>('GET', `/instances/${id}/log`)).entries;
}

/** The log's LookupEvents entries only. */
export async function lookupLog(id: string): Promise<RequestLogEntry[]> {
  return (await getLog(id)).filter((e) => e.operation === 'LookupEvents');
}

export function setFaults(id: string, faults: FaultConfig): Promise<unknown> {
  return call('POST', `/instances/${id}/faults`, faults);
}

export function advanceClock(id: string, advanceSeconds: number): Promise<unknown> {
  return call('POST', `/instances/${id}/clock`, { advanceSeconds });
}

/** Records delivered to the instance now (live-tail tests); each keeps its own eventTime. */
export function addRecords(id: string, records: Record<string, unknown>[]): Promise<{ added: number; eventCount: number }> {
  return call('POST', `/instances/${id}/events`, { records });
}

export function info(id: string): Promise<InstanceDescription> {
  return call('GET', `/instances/${id}/info`);
}

/**
 * Every event a lookup would return, in order (times as epoch seconds): in the instance's Region, in
 * `region`, or in several `regions` merged newest first (`'*'`: every Region the data names).
 */
export async function truth(id: string, params: LookupParams & { region?: string; regions?: readonly string[] | '*'; account?: string } = {}): Promise<WireEvent[]> {
  return (await call<{ Events: WireEvent[] }>('POST', `/instances/${id}/truth`, params)).Events;
}

/** The most requests the log holds in any window of `windowMs` (a window starts at each request). */
export function maxRequestsInAnyWindow(entries: readonly { time: number }[], windowMs = 1000): number {
  const times = entries.map((e) => e.time).sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/**
 * The most requests the page let go to this instance in any 1000 ms, by the shared rate limiter's
 * own clock. This is the limiter's promise; the emulator's receipt times also carry transit
 * jitter (a busy machine can deliver two requests closer together than they were sent), which is
 * why tests check them through the server's verdict instead: it never had to throttle. Each Region
 * has its own budget: `region` picks one (default the instance's), and each account of several its own (`account`).
 */
export function maxSentInAnySecond(inst: Instance, region = inst.region, account?: string): number {
  return maxRequestsInAnyWindow(sharedRateLimiter.grants(rateLimitKey(region, inst.url, account)).map((time) => ({ time })));
}

/** A Cognito login map the emulator accepts. */
export function emulatorLogins(user = 'tester'): Record<string, string> {
  return { [LOGIN_PROVIDER]: `emulator-${user}` };
}

/** An in-memory IdentityId cache, so tests do not share the SDK's IndexedDB one. */
export function memoryCache(): { getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void } {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** Resolves when `predicate` holds, polling every `everyMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
