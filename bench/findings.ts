/**
 * The findings part of `npm run bench` (also `node --import tsx bench/findings.ts` alone): the
 * built-in pack on pages of 50 events as they arrive, and over 100,000 loaded events in the slices
 * the store's tracker evaluates when the page is idle (the total, and the longest slice, which must
 * fit a frame). Node's V8, as in Chromium; events from the emulator's generator, newest first as
 * LookupEvents returns them. Cold: records not yet parsed. Warm: after the table's columns read
 * their fields, as on a page that shows them.
 */
import { pathToFileURL } from 'node:url';
import { generateRecords } from 'cloudtrail-elements-emulator';
import { eventFromRecord } from '../src/lookup/from-record.js';
import type { CtEvent } from '../src/lookup/events.js';
import { BUILTIN_RULES, FindingsEngine } from '../src/lookup/findings/index.js';
import { FindingsTracker } from '../src/state/findings.js';
import { SLICE } from '../src/lookup/findings/counter.js';

export interface FindingsBench {
  rules: number;
  /** The pack on one page of 50 events, median and worst of the pages of 100,000 events, cold. */
  pageMedianMs: number;
  pageWorstMs: number;
  /** 100,000 loaded events through the tracker's idle slices: the total and the longest slice. */
  totalColdMs: number;
  sliceWorstColdMs: number;
  totalWarmMs: number;
  sliceWorstWarmMs: number;
  sliceEvents: number;
  flagged: number;
  events: number;
}

const log = (...a: unknown[]) => console.error('[bench:findings]', ...a);
const r2 = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

function events(count: number): CtEvent[] {
  const records = generateRecords({ count, seed: 7, nowMs: Date.UTC(2026, 10, 20, 12) });
  return records.map((r) => eventFromRecord(r)).sort((a, b) => (b.EventTime?.getTime() ?? 0) - (a.EventTime?.getTime() ?? 0));
}

/** Runs the tracker's slices one after another, timing each (a test scheduler: no idle wait). */
async function throughTracker(list: readonly CtEvent[]): Promise<{ totalMs: number; worstMs: number; flagged: number }> {
  const queue: (() => void)[] = [];
  const tracker = new FindingsTracker((work) => queue.push(work));
  await tracker.ensure();
  tracker.restart();
  tracker.sync(list);
  let totalMs = 0;
  let worstMs = 0;
  for (let guard = 0; queue.length && guard < 10_000; guard++) {
    const work = queue.shift()!;
    const t0 = performance.now();
    work();
    const ms = performance.now() - t0;
    totalMs += ms;
    worstMs = Math.max(worstMs, ms);
  }
  const flagged = tracker.flaggedEvents().length;
  tracker.dispose();
  return { totalMs, worstMs, flagged };
}

export async function benchFindings(): Promise<FindingsBench> {
  log('the built-in pack on pages of 50, 100,000 events');
  const pageList = events(100_000);
  const engine = new FindingsEngine(BUILTIN_RULES);
  const pages: number[] = [];
  for (let i = 0; i < pageList.length; i += 50) {
    const page = pageList.slice(i, i + 50);
    const t0 = performance.now();
    engine.evaluate(page);
    pages.push(performance.now() - t0);
  }
  // Warm first: the page has one engine, and the second run meets the first one's events again
  // (same ids, so the burst rules skip them; the Regions rule keeps their times twice).
  log('100,000 loaded events in idle slices, warm then cold');
  const warmList = events(100_000);
  for (const e of warmList) void e.errorCode;
  const warm = await throughTracker(warmList);
  const cold = await throughTracker(events(100_000));
  return {
    rules: BUILTIN_RULES.length, pageMedianMs: r2(median(pages)), pageWorstMs: r2(Math.max(...pages)),
    totalColdMs: r2(cold.totalMs), sliceWorstColdMs: r2(cold.worstMs), totalWarmMs: r2(warm.totalMs), sliceWorstWarmMs: r2(warm.worstMs),
    sliceEvents: SLICE, flagged: warm.flagged, events: warmList.length,
  };
}

/** The rows of the bench's table. */
export function findingsRows(f: FindingsBench): string[][] {
  const ok = (pass: boolean) => (pass ? 'holds' : '**over**');
  return [
    [`Built-in pack (${f.rules} rules) on a page of 50 events as it arrives`, `${f.pageMedianMs} ms (worst page ${f.pageWorstMs})`, '', '≤ 1 ms', ok(f.pageMedianMs <= 1)],
    [`Built-in pack over ${f.events.toLocaleString('en-US')} loaded events, idle slices of ${f.sliceEvents.toLocaleString('en-US')} (${f.flagged.toLocaleString('en-US')} flagged)`,
      `${f.totalWarmMs} ms in all, longest slice ${f.sliceWorstWarmMs} ms (records not yet parsed: ${f.totalColdMs} ms, longest ${f.sliceWorstColdMs})`, '', '≤ 150 ms, no slice over 50 ms',
      ok(f.totalWarmMs <= 150 && f.sliceWorstWarmMs <= 50)],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await benchFindings();
  console.log(JSON.stringify(f, null, 2));
  for (const row of findingsRows(f)) console.log(`| ${row.join(' | ')} |`);
}
