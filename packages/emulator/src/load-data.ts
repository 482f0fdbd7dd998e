/**
 * The events an instance starts with: generated, or read from files and inline records, for the
 * home account and for each of `accounts`; and the store that serves them.
 */
import { generateHistory } from './athena/history.js';
import { buildEvents, readRecords, type StoredEvent } from './dataset.js';
import { generateRecords } from './generator.js';
import { DEFAULT_SHORT_PAGE_RATE, EventStore } from './store.js';
import type { AccountOptions, InstanceOptions } from './types.js';

/** What loading an instance's data did. */
export interface LoadSummary {
  files: string[];
  skipped: number;
  reassignedIds: number;
  /** Data events dropped (event history holds management and Insights events only). */
  dataEvents: number;
  /** Records received by another account, served as this instance's. */
  mappedAccounts: number;
  generated: boolean;
}

/** The home account's events, and what loading them did. `dataRoot`: nothing outside it is read (the control API). */
export function loadEvents(options: InstanceOptions, home: { accountId: string; region: string; nowMs: number; dataRoot?: string }): { events: StoredEvent[]; loaded: LoadSummary } {
  const { accountId, region, nowMs, dataRoot } = home;
  let events: StoredEvent[] = [];
  let files: string[] = [];
  const counts = { skipped: 0, reassignedIds: 0, dataEvents: 0, mappedAccounts: 0 };
  // Generated data unless the caller supplied data (an explicit empty list means an empty account).
  const generated = options.events === undefined && options.records === undefined;
  if (generated) {
    const at = generatedAt(options.generate?.at);
    const spec = { ...options.generate, nowMs: at ?? nowMs, accountId, region };
    // Days beyond 90 make history only the Athena table (S3 logs) still holds.
    const records = options.generate?.days ? generateHistory({ ...spec, days: options.generate.days }) : generateRecords(spec);
    events = buildEvents(records, { nowMs, rebase: at !== undefined }).events;
  } else {
    const fromFiles = options.events?.length ? readRecords(options.events, process.cwd(), dataRoot) : { records: [], files: [] };
    files = fromFiles.files;
    const all = [...fromFiles.records, ...((options.records ?? []) as Record<string, unknown>[])];
    const { events: built, ...rest } = buildEvents(all, { nowMs, rebase: options.rebase, accountId });
    events = built;
    Object.assign(counts, rest);
  }
  return { events, loaded: { files, ...counts, generated } };
}

/** Another account's events: its inline records, or generated as the home account's are (with a seed of its own). */
export function accountEvents(options: InstanceOptions, account: AccountOptions, index: number, nowMs: number, region: string): StoredEvent[] {
  if (account.records !== undefined) {
    return buildEvents(account.records as Record<string, unknown>[], { nowMs, rebase: options.rebase, accountId: account.accountId }).events;
  }
  const generate = { ...options.generate, ...account.generate };
  const at = generatedAt(generate.at);
  const seed = account.generate?.seed ?? (options.generate?.seed ?? 42) + 1000 * (index + 1);
  // The home account's leaked key is number 1: this account's is its own (an access key belongs to one account).
  const spec = { ...generate, seed, nowMs: at ?? nowMs, accountId: account.accountId, region, keyNumber: index + 2 };
  const records = generate.days ? generateHistory({ ...spec, days: generate.days }) : generateRecords(spec);
  return buildEvents(records, { nowMs, rebase: at !== undefined }).events;
}

/** The store serving one account's events, as the instance's options say. */
export function newStore(options: InstanceOptions, events: StoredEvent[], homeRegion: string): EventStore {
  return new EventStore(events, options.retentionDays ?? 90, { shortPageRate: options.fullPages ? 0 : DEFAULT_SHORT_PAGE_RATE, homeRegion });
}

/** `generate.at` as epoch ms; undefined when not given. */
function generatedAt(at: unknown): number | undefined {
  if (at === undefined) return undefined;
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(new Date(ms).getTime())) throw new Error(`generate.at must be a time (epoch ms or an ISO 8601 string such as "2026-11-20T12:00:00Z"), not ${JSON.stringify(at)}`);
  return ms;
}
