/**
 * `npm run bench:athena`: a million generated events over two years in the emulator's Athena, and
 * <ct-event-history source="athena"> from the one-file bundle in headless Chromium. Measures the
 * time from Enter (the store's run) to the first rows painted, emulator query time included, the
 * page's JS heap against rows loaded, and the whole-range facet and timeline queries, one each.
 * Timings are measured, never asserted: the machine is shared. Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../scripts/find-chrome.js';
import { createEmulator } from '../src/emulator/index.js';
import { facetSql } from '../src/lookup/athena/sql.js';
import { validateQuery } from '../src/lookup/query.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = Number(process.env.ATHENA_BENCH_EVENTS ?? 1_000_000);
const DAYS = 730;
const log = (...a: unknown[]) => console.error('[bench:athena]', ...a);

const bundle = join(ROOT, 'dist', 'cloudtrail-elements.bundle.js');
if (!existsSync(bundle)) throw new Error('no dist/cloudtrail-elements.bundle.js: run npm run build first');

log(`generating ${COUNT.toLocaleString('en-US')} events over ${DAYS} days`);
let t = performance.now();
const emulator = createEmulator({ basePath: '/aws', limits: { generateCount: COUNT, totalEvents: COUNT * 2 } });
// A tenth of the events generated, each in the table ten times (a few seconds apart): generating a
// million records one by one takes longer than the bench should on a shared machine.
const COPIES = COUNT >= 100_000 ? 10 : 1;
const inst = emulator.createInstance({ id: 'bench', generate: { count: COUNT / COPIES, seed: 1, days: DAYS }, throttle: false, retentionDays: 3650, athena: { queuedMs: 0, runningMs: 0, copies: COPIES } });
const generatedMs = performance.now() - t;
t = performance.now();
await inst.athena.engine.ready();
const loadMs = performance.now() - t;
log(`generated in ${Math.round(generatedMs)} ms, table loaded in ${Math.round(loadMs)} ms (${inst.athena.engine.totalBytes.toLocaleString('en-US')} bytes of records)`);

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

const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: CHROME_ARGS });
try {
  const tab = await browser.newPage();
  // tsx keeps function names with a __name helper that the page does not have.
  await tab.evaluateOnNewDocument('globalThis.__name = (f) => f');
  await tab.setViewport({ width: 1400, height: 900 });
  await tab.goto(origin, { waitUntil: 'load' });
  const result = await tab.evaluate(async (endpoint: string, days: number) => {
    const history = document.querySelector('ct-event-history') as HTMLElement & { endpoint: string; credentials: unknown; shadowRoot: ShadowRoot };
    history.endpoint = endpoint;
    history.credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const wait = async (f: () => unknown) => { for (let i = 0; i < 6000 && !f(); i++) await new Promise((r) => setTimeout(r, 5)); };
    type Session = { run(q: unknown): Promise<unknown>; loadMore(): Promise<void>; lookup: { state: { events: unknown[]; status: string; counts: { bytesScanned?: number } } } };
    const provider = () => history.shadowRoot?.querySelector('ct-lookup-provider') as (HTMLElement & { session?: Session }) | null;
    await wait(() => provider()?.session);
    const session = provider()!.session!;
    const table = history.shadowRoot.querySelector('ct-event-table')!;
    const rows = () => table.shadowRoot?.querySelectorAll('.body [role="row"]').length ?? 0;
    const now = Date.now();
    const query = { timeRange: { kind: 'absolute', start: new Date(now - days * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field: 'ReadOnly', value: 'true' }] };
    // Warm the lazy chunks (the Athena client) with a tiny query, as a page that was used before has them.
    await session.run({ ...query, timeRange: { kind: 'absolute', start: new Date(now - 60_000), end: new Date(now) } });
    const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    const start = performance.now();
    void session.run(query);
    await wait(() => rows() > 0 && session.lookup.state.events.length > 0);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const firstRowsMs = performance.now() - start;
    await wait(() => session.lookup.state.status === 'done' || session.lookup.state.status === 'error');
    const loaded1 = session.lookup.state.events.length;
    const heap1 = heap();
    for (let i = 0; i < 5; i++) await session.loadMore();
    return { firstRowsMs, loaded1, heap1, loaded2: session.lookup.state.events.length, heap2: heap(), bytes: session.lookup.state.counts.bytesScanned ?? 0, status: session.lookup.state.status };
  }, `${origin}/aws/i/bench`, DAYS);
  log(`first rows painted ${Math.round(result.firstRowsMs)} ms after Enter (budget 2000 ms); ${result.loaded1} rows loaded, heap ${(result.heap1 / 1e6).toFixed(1)} MB; after 5 more pages ${result.loaded2} rows, heap ${(result.heap2 / 1e6).toFixed(1)} MB; ${result.bytes.toLocaleString('en-US')} bytes scanned`);

  // Where the first rows' time went: the requests of the measured lookup, from its first query on.
  const entries = inst.logEntries();
  const firstBig = entries.filter((e) => e.operation === 'StartQueryExecution')[1];
  if (firstBig) {
    const t0 = firstBig.time;
    log('requests of the measured lookup (ms after its first StartQueryExecution, server time): ' + entries.filter((e) => e.seq >= firstBig.seq).slice(0, 12)
      .map((e) => `${e.operation} +${e.time - t0} (${e.durationMs ?? '?'} ms)`).join(', '));
  }
  const states = inst.athena.states();
  log(`queries run: ${states.length}`);

  // Whole-range counts: one GROUP BY query each, over the million.
  const now = inst.now();
  const plan = validateQuery({ timeRange: { kind: 'absolute', start: new Date(now - DAYS * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50 }, now, { retentionMs: Infinity });
  if (!plan.ok) throw new Error('invalid plan');
  const target = { database: 'default', table: 'cloudtrail_logs' };
  const facets: Record<string, number> = {};
  for (const field of ['EventName', 'EventSource', 'Username', 'ErrorCode'] as const) {
    const q = facetSql(plan.plan, target, field, 10);
    const s = performance.now();
    const r = await inst.athena.engine.run(q.sql, q.parameters, 'default', new AbortController().signal);
    if (!r.ok) throw new Error(r.reason);
    facets[field] = Math.round(performance.now() - s);
  }
  log(`facet queries over ${COUNT.toLocaleString('en-US')} events (one GROUP BY each): ${Object.entries(facets).map(([f, ms]) => `${f} ${ms} ms`).join(', ')}`);
  console.log(JSON.stringify({ events: COUNT, days: DAYS, generatedMs: Math.round(generatedMs), tableLoadMs: Math.round(loadMs), ...result, facetQueryMs: facets }, null, 2));
} finally {
  await browser.close();
  server.close();
}
