/**
 * The Athena part of `npm run bench` (also `npm run bench:athena` alone): a million distinct events
 * from the emulator's generator over two years in the emulator's Athena (streamed into DuckDB, bulk
 * loaded), and <ct-event-history source="athena"> from the one-file bundle in headless Chromium.
 * Measures Enter (the store's run) to the first rows painted, emulator query time included; the
 * page's JS heap against rows loaded (bounded by them, not by the million matching); the
 * whole-range facet and timeline counts, one counting query for all of them; the bytes a 7-day lookup
 * reads (page and counts) against the bytes of its range's partitions; and the bytes a link to an
 * event of today reads. Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../scripts/find-chrome.js';
import { createEmulator } from 'cloudtrail-elements-emulator';
import { AthenaPageSource } from '../src/lookup/athena/source.js';
import { toRefreshable } from '../src/lookup/credentials.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DAYS = 730;
const log = (...a: unknown[]) => console.error('[bench:athena]', ...a);

export interface AthenaBench {
  events: number;
  days: number;
  /** Generating the events, streaming their rows and DuckDB's bulk load, together. */
  tableLoadMs: number;
  tableBytes: number;
  firstRowsMs: number;
  /** JS heap after GC: before the lookup, after its first page, after five more. */
  heap0: number;
  heap1: number;
  heap2: number;
  loaded1: number;
  loaded2: number;
  bytesScanned: number;
  /** Enter → every facet field and the timeline say "counted by Athena". */
  facetsCountedMs: number;
  timelineCountedMs: number;
  /** Counting queries the emulator ran for the lookup, the facet fields they counted, whether the timeline was among them, the engine's ms. */
  countQueries: number;
  countFields: number;
  countTimeline: boolean;
  /** Findings rules counted in the same query (their flag terms, `CASE WHEN … THEN 2^b ELSE 0 END`). */
  countRules: number;
  countEngineMs: number[];
  /** Of the counting queries: the Trino grammar's ms, ms from submission to the first read of results, ms sent after the lookup's first page query. */
  countParseMs: number[];
  countReadMs: number[];
  countSentAfterPageMs: number[];
  /** A 7-day lookup: bytes its page queries and its counting query read, and the bytes of its range's partitions (its days and the delivery day after). */
  week: { pageBytes: number; countBytes: number; rangeBytes: number; queries: number };
  /** A link to an event of today: its queries, the bytes they read, and the bytes of the last day's partitions (with the delivery day after). */
  link: { queries: number; bytes: number; lastDayBytes: number; found: boolean };
  status: string;
  error: string | null;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');

/** Bytes of JS heap a loaded row may cost at most: the page holds rows loaded, not rows matching. */
export const HEAP_PER_ROW_BUDGET = 5000;

export async function benchAthena(count = Number(process.env.ATHENA_BENCH_EVENTS ?? 1_000_000)): Promise<AthenaBench> {
  const bundle = join(ROOT, 'dist', 'cloudtrail-elements.bundle.js');
  if (!existsSync(bundle)) throw new Error('no dist/cloudtrail-elements.bundle.js: run npm run build first');
  log(`generating ${count.toLocaleString('en-US')} distinct events over ${DAYS} days into the emulator's Athena table`);
  const emulator = createEmulator({ basePath: '/aws' });
  // The instance's own Event history stays empty: the events are the Athena table's, generated batch by batch.
  const inst = emulator.createInstance({ id: 'bench', records: [], throttle: false, retentionDays: 3650, athena: { queuedMs: 0, runningMs: 0, generate: { count, seed: 1, days: DAYS } } });
  let t = performance.now();
  await inst.athena.engine.ready();
  const tableLoadMs = Math.round(performance.now() - t);
  const tableBytes = inst.athena.engine.totalBytes;
  log(`table ready in ${tableLoadMs} ms (${tableBytes.toLocaleString('en-US')} bytes of rows)`);

  const types: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' };
  const page = `<!doctype html><meta charset="utf-8"><body style="margin:0">
<ct-event-history no-auto-run source="athena" region="us-east-1" style="height:100vh;display:block"></ct-event-history>
<script type="module" src="/dist/cloudtrail-elements.bundle.js"></script></body>`;
  const server = createServer((req, res) => {
    void (async () => {
      if (await emulator.handle(req, res)) return;
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page); return; }
      const file = join(ROOT, path);
      if (!file.startsWith(join(ROOT, 'dist')) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: [...CHROME_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'] });
  try {
    const tab = await browser.newPage();
    // tsx keeps function names with a __name helper that the page does not have.
    await tab.evaluateOnNewDocument('globalThis.__name = (f) => f');
    await tab.setViewport({ width: 1400, height: 900 });
    await tab.goto(origin, { waitUntil: 'load' });
    // Warm the lazy chunks (the Athena client, the facets, the timeline) with a tiny query, as a page used before has them.
    await tab.evaluate(async (endpoint: string) => {
      const history = document.querySelector('ct-event-history') as HTMLElement & { endpoint: string; athenaEndpoint: string; credentials: unknown; shadowRoot: ShadowRoot };
      history.endpoint = history.athenaEndpoint = endpoint;
      history.credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
      type Session = { run(q: unknown): Promise<unknown> };
      for (let i = 0; i < 12_000 && !(history.shadowRoot?.querySelector('ct-lookup-provider') as { session?: Session } | null)?.session; i++) await new Promise((r) => setTimeout(r, 10));
      const session = (history.shadowRoot.querySelector('ct-lookup-provider') as unknown as { session: Session }).session;
      const now = Date.now();
      await session.run({ timeRange: { kind: 'absolute', start: new Date(now - 60_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50 });
      await customElements.whenDefined('ct-event-timeline');
      await new Promise((r) => setTimeout(r, 500));
    }, `${origin}/aws/i/bench`);
    const since = inst.athena.states().length;
    const result = await tab.evaluate(async (days: number) => {
      const history = document.querySelector('ct-event-history') as HTMLElement & { shadowRoot: ShadowRoot };
      const wait = async (f: () => unknown, ms = 120_000) => { const end = performance.now() + ms; while (!f() && performance.now() < end) await new Promise((r) => setTimeout(r, 5)); };
      type Session = { run(q: unknown): Promise<unknown>; loadMore(): Promise<void>; lookup: { state: { events: unknown[]; status: string; error: { message: string } | null; counts: { bytesScanned?: number } } } };
      const provider = () => history.shadowRoot?.querySelector('ct-lookup-provider') as (HTMLElement & { session?: Session }) | null;
      await wait(() => provider()?.session);
      const session = provider()!.session!;
      const root = history.shadowRoot;
      const table = root.querySelector('ct-event-table')!;
      const rows = () => table.shadowRoot?.querySelectorAll('.body [role="row"]').length ?? 0;
      const said = (tag: string) => (root.querySelector(tag)?.shadowRoot?.textContent ?? '').includes('counted by Athena');
      const heap = async () => {
        const w = window as unknown as { gc(): void; performance: { memory: { usedJSHeapSize: number } } };
        for (let i = 0; i < 3; i++) { w.gc(); await new Promise((r) => setTimeout(r, 50)); }
        return w.performance.memory.usedJSHeapSize;
      };
      const now = Date.now();
      const query = { timeRange: { kind: 'absolute', start: new Date(now - days * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50 };
      const heap0 = await heap();
      const start = performance.now();
      void session.run(query);
      await wait(() => rows() > 0 && session.lookup.state.events.length > 0);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const firstRowsMs = performance.now() - start;
      let facetsCountedMs = NaN;
      let timelineCountedMs = NaN;
      void wait(() => said('ct-event-facets')).then(() => { if (said('ct-event-facets')) facetsCountedMs = performance.now() - start; });
      void wait(() => said('ct-event-timeline')).then(() => { if (said('ct-event-timeline')) timelineCountedMs = performance.now() - start; });
      await wait(() => session.lookup.state.status === 'done' || session.lookup.state.status === 'error');
      await wait(() => !Number.isNaN(facetsCountedMs) && !Number.isNaN(timelineCountedMs));
      const loaded1 = session.lookup.state.events.length;
      const heap1 = await heap();
      for (let i = 0; i < 5; i++) await session.loadMore();
      const s = session.lookup.state;
      return {
        firstRowsMs, facetsCountedMs, timelineCountedMs, heap0, heap1, loaded1, heap2: await heap(), loaded2: s.events.length,
        bytesScanned: s.counts.bytesScanned ?? 0, status: s.status, error: s.error?.message ?? null,
      };
    }, DAYS);
    const measured = inst.athena.states().slice(since);
    const counting = measured.filter((q) => q.query.includes('GROUPING SETS'));
    const firstPage = measured.find((q) => q.query.includes('ORDER BY eventtime DESC'));
    const fields = Math.max(0, ...counting.map((q) => (q.query.match(/ AS f\d+/g) ?? []).length));

    // A 7-day lookup: what its page query and its counting query read, against its range's partitions.
    const weekSince = inst.athena.states().length;
    const weekEnd = await tab.evaluate(async () => {
      const history = document.querySelector('ct-event-history') as HTMLElement & { shadowRoot: ShadowRoot };
      type Session = { run(q: unknown): Promise<unknown>; lookup: { state: { status: string } } };
      const session = (history.shadowRoot.querySelector('ct-lookup-provider') as unknown as { session: Session }).session;
      const said = (tag: string) => (history.shadowRoot.querySelector(tag)?.shadowRoot?.textContent ?? '').includes('counted by Athena');
      const wait = async (f: () => unknown, ms = 120_000) => { const end = performance.now() + ms; while (!f() && performance.now() < end) await new Promise((r) => setTimeout(r, 5)); };
      const now = Date.now();
      await session.run({ timeRange: { kind: 'absolute', start: new Date(now - 7 * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50 });
      await wait(() => session.lookup.state.status === 'done' && said('ct-event-facets') && said('ct-event-timeline'));
      return now;
    });
    const weekQueries = inst.athena.states().slice(weekSince);
    const sum = (qs: typeof weekQueries) => qs.reduce((n, q) => n + (q.scannedBytes ?? 0), 0);
    const week = {
      pageBytes: sum(weekQueries.filter((q) => q.query.includes('ORDER BY eventtime DESC'))),
      countBytes: sum(weekQueries.filter((q) => q.query.includes('GROUPING SETS'))),
      rangeBytes: await inst.athena.engine.bytesOfDays(dayOf(weekEnd - 7 * 86_400_000), dayOf(weekEnd + 86_400_000)),
      queries: weekQueries.length,
    };

    // A link to the newest event: one query over the last day.
    const newest = await inst.athena.engine.run('SELECT eventid FROM cloudtrail_logs ORDER BY eventtime DESC LIMIT 1', [], 'default', new AbortController().signal);
    const id = newest.ok ? newest.rows[0]![0]! : '';
    const linkSince = inst.athena.states().length;
    const linkNow = Date.now();
    const source = new AthenaPageSource({ region: 'us-east-1', endpoint: `${origin}/aws/i/bench`, credentials: toRefreshable({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }), pollMs: { first: 10, max: 50 }, now: () => linkNow });
    const found = await source.fetchPage({ input: { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }] }, signal: new AbortController().signal });
    source.dispose();
    const link = {
      queries: inst.athena.states().slice(linkSince).filter((q) => q.query.includes('eventid = ?')).length,
      bytes: found.scannedBytes ?? 0,
      lastDayBytes: await inst.athena.engine.bytesOfDays(dayOf(linkNow - 86_400_000 + 1000), dayOf(linkNow + 86_400_000)),
      found: found.events.some((e) => e.EventId === id),
    };
    const out: AthenaBench = {
      events: count, days: DAYS, tableLoadMs, tableBytes, ...result,
      firstRowsMs: Math.round(result.firstRowsMs), facetsCountedMs: Math.round(result.facetsCountedMs), timelineCountedMs: Math.round(result.timelineCountedMs),
      countQueries: counting.length, countFields: fields, countTimeline: counting.some((q) => q.query.includes('to_unixtime')),
      countRules: Math.max(0, ...counting.map((q) => (q.query.match(/ THEN \d+ ELSE 0 END/g) ?? []).length)), countEngineMs: counting.map((q) => q.engineMs ?? NaN),
      countParseMs: counting.map((q) => q.parseMs ?? NaN), countReadMs: counting.map((q) => q.readMs ?? NaN),
      countSentAfterPageMs: counting.map((q) => (firstPage ? Math.round(q.startedAt - firstPage.startedAt) : NaN)),
      week, link,
    };
    log(`first rows ${out.firstRowsMs} ms after Enter (budget 2000); heap ${(out.heap0 / 1e6).toFixed(1)} → ${(out.heap1 / 1e6).toFixed(1)} MB with ${out.loaded1} rows → ${(out.heap2 / 1e6).toFixed(1)} MB with ${out.loaded2}; `
      + `facets counted at ${out.facetsCountedMs} ms, timeline at ${out.timelineCountedMs} ms (${out.countQueries} counting query for ${out.countFields} fields${out.countTimeline ? ' and the timeline' : ''}); `
      + `7 days read ${week.pageBytes + week.countBytes} bytes for ${week.rangeBytes} of partitions; a link to today's newest event read ${link.bytes} bytes in ${link.queries} query (last day ${link.lastDayBytes})`);
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Rows for bench/results.md: measure, ours, peer (none), budget, holds. */
export function athenaRows(a: AthenaBench): string[][] {
  const ok = (pass: boolean) => (pass ? 'holds' : '**over**');
  const n = a.events.toLocaleString('en-US');
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const grown = Math.max(0, a.heap2 - a.heap0);
  const ms = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
  const ratio = (w: AthenaBench['week']) => ((w.pageBytes + w.countBytes) / Math.max(1, w.rangeBytes)).toFixed(2);
  return [
    [`Athena: ${n} generated events over ${a.days} days into the emulator (generate, stream, DuckDB bulk load)`, `${(a.tableLoadMs / 1000).toFixed(1)} s (${mb(a.tableBytes)} of rows)`, '', '', ''],
    [`Athena: Enter → first rows painted, ${n} events matching (emulator query time included)`, `${a.firstRowsMs} ms${a.error ? ` (**${a.error}**)` : ''}`, '', '≤ 2000 ms', ok(a.firstRowsMs <= 2000 && !a.error)],
    [`Athena: page JS heap, ${n} matching, by rows loaded`, `+${mb(a.heap1 - a.heap0)} with ${a.loaded1} rows, +${mb(grown)} with ${a.loaded2} (${Math.round(grown / Math.max(1, a.loaded2))} B a row)`, '',
      `≤ ${HEAP_PER_ROW_BUDGET / 1000} kB × rows loaded`, ok(grown <= HEAP_PER_ROW_BUDGET * a.loaded2)],
    [`Athena: top values over all ${n}, counted`, `${a.facetsCountedMs} ms after Enter`, '', '≤ 2000 ms', ok(a.facetsCountedMs <= 2000)],
    [`Athena: timeline over all ${n}, counted`, `${a.timelineCountedMs} ms after Enter`, '', '≤ 2000 ms', ok(a.timelineCountedMs <= 2000)],
    [`Athena: counting queries per lookup (facets, timeline and findings)`, `${a.countQueries} (${a.countFields} fields${a.countTimeline ? ', the timeline' : ''} and the findings of ${a.countRules ?? 0} rules; sent ${ms(a.countSentAfterPageMs)} ms after the first page query; engine ms: ${ms(a.countEngineMs)}, of which Trino grammar ${ms(a.countParseMs)}; results read ${ms(a.countReadMs)} ms after it was sent)`, '', 'one', ok(a.countQueries === 1 && a.countTimeline && a.countFields > 0 && (a.countRules ?? 0) > 0)],
    [`Athena: bytes read by a 7-day lookup (page + counts) over the range's partitions`, `${mb(a.week.pageBytes)} + ${mb(a.week.countBytes)} of ${mb(a.week.rangeBytes)} (${ratio(a.week)}x)`, '', '≤ 1.3x', ok(a.week.rangeBytes > 0 && (a.week.pageBytes + a.week.countBytes) <= 1.3 * a.week.rangeBytes)],
    [`Athena: a link to an event of today`, `${a.link.queries} query, ${mb(a.link.bytes)} read (the last day's partitions: ${mb(a.link.lastDayBytes)})`, '', '≤ the last day', ok(a.link.found && a.link.queries === 1 && a.link.bytes <= a.link.lastDayBytes)],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = performance.now();
  const a = await benchAthena();
  for (const row of athenaRows(a)) console.log(`| ${row.join(' | ')} |`);
  log(`took ${Math.round((performance.now() - t) / 1000)} s`);
}
