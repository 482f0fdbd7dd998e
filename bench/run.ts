/**
 * `npm run bench`: builds the one-file bundle and the bench pages, serves them with the emulator
 * mounted at /aws (in-process, no latency), drives headless Chromium through puppeteer-core, prints
 * a table beside @vaadin/grid and writes it to bench/results.json. Timings are measured, never
 * asserted: the machine is shared and noisy, so read them against the peer measured in the same run.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build } from 'vite';
import { build as esbuild } from 'esbuild';
import { CHROME_ARGS, findChrome } from '../scripts/find-chrome.js';
import { firstRowsFiles } from '../scripts/build-bundle.js';
import { buildEvents, createEmulator, generateRecords } from 'cloudtrail-elements-emulator';
import type { RequestLogEntry } from 'cloudtrail-elements-emulator';
import { athenaRows, benchAthena, type AthenaBench } from './athena.js';
import { benchFindings, findingsRows, type FindingsBench } from './findings.js';
import { benchRegions, maxInAnySecond, regionsRows, type RegionsBench } from './regions.js';
import type { BigResult, DeepResult, OpenResult } from './pages/detail.js';
import type { api as TableApi, AppendResult, ComposedAppendResult, ConditionResult, FacetsResult, TimelineResult } from './pages/table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'dist');
/** kB of 1,000 bytes, as scripts/build-bundle.ts prints them. */
const KB = (n: number) => Math.round(n / 100) / 10;
const r1 = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
const log = (...a: unknown[]) => console.error('[bench]', ...a);

// ---------- 1. the one-file bundle ----------
interface BundleInfo { file: string; source: string; files: number; minBytes: number; gzipBytes: number; brotliBytes: number; breakdown: { name: string; minBytes: number; share: number }[] }

async function bundle(): Promise<BundleInfo> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  let file = join(ROOT, 'dist', 'cloudtrail-elements.bundle.js');
  let source = 'npm run build:bundle';
  if (pkg.scripts?.['build:bundle']) {
    log('building the bundle: npm run build:bundle');
    execSync('npm run build:bundle', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    // Until the project has its own bundle build: the same thing, library mode, one file.
    source = 'temporary vite build (bench/run.ts): no build:bundle script yet';
    log(source);
    file = join(OUT, 'bundle', 'cloudtrail-elements.bundle.js');
    await build({
      configFile: false, root: ROOT, logLevel: 'warn',
      build: {
        outDir: dirname(file), emptyOutDir: true, minify: true, target: 'es2022',
        lib: { entry: join(ROOT, 'src/define/all.ts'), formats: ['es'], fileName: () => 'cloudtrail-elements.bundle.js' },
        rolldownOptions: { output: { codeSplitting: false } },
      },
    });
  }
  if (!existsSync(file)) throw new Error(`no bundle at ${file}`);
  const js = readdirSync(dirname(file)).filter((f) => f.startsWith('cloudtrail-elements.bundle') && f.endsWith('.js'));
  // What the first rows load, as test/node/bundle-size.test.ts counts it: the bundle and the chunks it imports statically.
  const files = source === 'npm run build:bundle' ? firstRowsFiles() : [file];
  const code = Buffer.concat(files.map((f) => readFileSync(f)));
  // What dominates it: esbuild's metafile over the same entry, minified, bytes each input leaves in the output.
  const meta = await esbuild({
    entryPoints: [join(ROOT, existsSync(join(ROOT, 'src/bundle.ts')) ? 'src/bundle.ts' : 'src/define/all.ts')], bundle: true, minify: true, format: 'esm', platform: 'browser',
    target: 'es2022', metafile: true, write: false, outdir: join(OUT, 'esbuild'), tsconfig: join(ROOT, 'tsconfig.json'), logLevel: 'error',
  });
  const byPkg = new Map<string, number>();
  for (const output of Object.values(meta.metafile!.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = m ? m[1] : 'cloudtrail-elements (src)';
      byPkg.set(name, (byPkg.get(name) ?? 0) + bytesInOutput);
    }
  }
  const total = [...byPkg.values()].reduce((a, b) => a + b, 0);
  const breakdown = [...byPkg].map(([name, minBytes]) => ({ name, minBytes, share: minBytes / total })).sort((a, b) => b.minBytes - a.minBytes);
  return {
    file: file.replace(`${ROOT}/`, ''), source, files: js.length + files.length - 1, minBytes: code.length,
    // Each file compressed on its own, as each is fetched.
    gzipBytes: files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0),
    brotliBytes: files.reduce((n, f) => n + brotliCompressSync(readFileSync(f), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0),
    breakdown,
  };
}

// ---------- 2. pages, data, server ----------
async function buildPages(): Promise<void> {
  log('building the bench pages (vite, production)');
  await build({
    configFile: false, root: join(ROOT, 'bench/pages'), base: './', logLevel: 'warn',
    build: {
      outDir: join(OUT, 'pages'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000,
      rolldownOptions: { input: { table: join(ROOT, 'bench/pages/table.html'), app: join(ROOT, 'bench/pages/app.html'), detail: join(ROOT, 'bench/pages/detail.html') } },
    },
  });
}

/** The emulator's generator at its default size (the budget test/node/emulator.test.ts used to assert). */
function generatorSpeed(): { records: number; ms: number; samples: number[] } {
  const nowMs = Date.UTC(2026, 10, 24, 15);
  let records = 0;
  const samples = [0, 1, 2].map(() => {
    const t0 = performance.now();
    records = generateRecords({ nowMs, seed: 5 }).length;
    return r1(performance.now() - t0);
  });
  return { records, ms: median(samples), samples };
}

function wireEvents(count: number): Buffer {
  const nowMs = Date.now();
  const { events } = buildEvents(generateRecords({ count, seed: 42, nowMs }), { nowMs });
  return Buffer.from(JSON.stringify(events.slice(0, count).map((e) => e.event)));
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

async function serve(data: Buffer) {
  const emulator = createEmulator({ basePath: '/aws' });
  const middleware = emulator.middleware();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/aws')) {
      void middleware(req, res, () => { res.statusCode = 404; res.end(); });
      return;
    }
    if (url.pathname === '/data/events.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(data);
      return;
    }
    const path = join(OUT, 'pages', url.pathname === '/' ? 'table.html' : url.pathname);
    if (!path.startsWith(join(OUT, 'pages')) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => { server.close(); emulator.close(); } };
}

async function control<T>(origin: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${origin}/aws/__control${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// ---------- 3. measurements ----------
type Api<T> = { bench: T };

async function open(browser: Browser, origin: string, file: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => log('page error:', e instanceof Error ? e.message : String(e)));
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`${origin}/${file}`);
  await page.waitForFunction(() => document.title === 'ready', { timeout: 120_000 });
  return page;
}

/**
 * Live JS heap: the self sizes of every object in a heap snapshot (which collects garbage first).
 * performance.memory.usedJSHeapSize was used before: after gc() it still counted up to 90 MB that
 * a heap snapshot at the same moment showed was no live object, and read 1.4x to 2.4x of the raw
 * records for the same page. CDP's Runtime.getHeapUsage left out most of the record strings.
 */
async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.createCDPSession();
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const { snapshot, nodes } = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
  const fields = snapshot.meta.node_fields.length;
  const self = snapshot.meta.node_fields.indexOf('self_size');
  let total = 0;
  for (let i = self; i < nodes.length; i += fields) total += nodes[i]!;
  return total;
}

function summarize(r: AppendResult) {
  return {
    paintMedianMs: r1(median(r.paintMs)), paintMaxMs: r1(Math.max(...r.paintMs)),
    appendWorstFrameMs: r1(median(r.worstFrameMs)), frameMs: r1(r.frame.medianMs), rowsRendered: r.rowsRendered.every(Boolean),
    samples: r.paintMs.map(r1),
  };
}

/** The parts of the bench, all by default; `BENCH_PARTS=table,lookup npm run bench` runs some. */
const ALL_PARTS = ['heap', 'table', 'lookup', 'athena', 'findings', 'regions'] as const;
const PARTS = (process.env.BENCH_PARTS?.split(',').map((p) => p.trim()) ?? [...ALL_PARTS]).filter((p): p is typeof ALL_PARTS[number] => {
  if ((ALL_PARTS as readonly string[]).includes(p)) return true;
  throw new Error(`BENCH_PARTS: no part "${p}" (the parts: ${ALL_PARTS.join(', ')})`);
});
const part = (name: typeof ALL_PARTS[number]) => PARTS.includes(name);

async function main() {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  const bundleInfo = await bundle();
  await buildPages();
  log('the generator: 50,000 events, three times');
  const generator = generatorSpeed();
  log('generating 100,400 events (100,000 loaded + the pages appended) with the emulator\'s generator');
  const data = wireEvents(100_400);
  const server = await serve(data);
  const browser = await puppeteer.launch({
    executablePath: findChrome(), headless: true, protocolTimeout: 900_000,
    args: [...CHROME_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info', '--window-size=1400,1000'],
  });
  const results: Record<string, unknown> = {};
  try {
    // Heap: a fresh page, GC before and after loading and drawing every event.
    let page: Page | undefined;
    const ev = <R>(src: string) => page!.evaluate(`(async () => { const bench = window.bench; return ${src}; })()`) as Promise<R>;
    if (part('heap')) {
    log('heap per event');
    page = await open(browser, server.origin, 'table.html');
    const h0 = await heapUsed(page);
    const loaded = await page.evaluate(() => (window as unknown as Api<typeof TableApi>).bench.load());
    const n = await page.evaluate(() => (window as unknown as Api<typeof TableApi>).bench.mountAll());
    const h1 = await heapUsed(page);
    await page.evaluate(() => (window as unknown as Api<typeof TableApi>).bench.oursFilter('terraform'));
    const h2 = await heapUsed(page);
    results.heap = {
      events: n, rawRecordBytes: r1(loaded.rawAvgBytes),
      perEventBytes: r1((h1 - h0) / n), ratio: Math.round(((h1 - h0) / n / loaded.rawAvgBytes) * 100) / 100,
      perEventWithSearchBytes: r1((h2 - h0) / n), ratioWithSearch: Math.round(((h2 - h0) / n / loaded.rawAvgBytes) * 100) / 100,
    };
    await page.close();
    }

    if (part('table')) {
    log('table: paint after a page, append, scroll, filter');
    page = await open(browser, server.origin, 'table.html');
    await ev('bench.load()');
    const ours: Record<string, unknown> = {};
    const peer: Record<string, unknown> = {};
    for (const size of [1000, 10_000, 100_000]) {
      ours[`append${size}`] = summarize(await ev<AppendResult>(`bench.oursAppend(${size})`));
    }
    ours.scroll = await ev('bench.oursScroll()');
    const queries = ['alice', 'accessdenied', '203.0.113', 'describe', 'bucket', 'us-east-1 mallory'];
    const first = await ev<{ ms: number; matches: string }>(`bench.oursFilter('terraform')`);
    const warm: { q: string; ms: number; matches: string }[] = [];
    for (let round = 0; round < 2; round++) {
      for (const q of queries) warm.push({ q, ...(await ev<{ ms: number; matches: string }>(`bench.oursFilter(${JSON.stringify(q)})`)) });
    }
    await ev(`bench.oursFilter('')`);
    const index = await ev<{ buildMs: number; searchMs: number[]; hits: number[] }>(`bench.searchIndex(${JSON.stringify(queries)})`);
    ours.filter = {
      firstMs: r1(first.ms), firstMatches: first.matches,
      medianMs: r1(median(warm.map((w) => w.ms))), worstMs: r1(Math.max(...warm.map((w) => w.ms))),
      samples: warm.map((w) => ({ q: w.q, ms: r1(w.ms), matches: w.matches })),
      indexBuildMs: r1(index.buildMs), searchOnlyMedianMs: r1(median(index.searchMs)),
    };
    // After the table's measures: bucketing reads every record's error code, which the table's first search would then find cached.
    log('timeline: redraw after a page, 100,000 loaded');
    const tl = await ev<TimelineResult>('bench.timelineAppend(100000)');
    ours.timeline = { redrawMedianMs: r1(median(tl.redrawMs)), redrawMaxMs: r1(Math.max(...tl.redrawMs)), paintMedianMs: r1(median(tl.paintMs)), counted: tl.counted, bars: tl.bars, samples: tl.redrawMs.map(r1) };
    log('facets: recount after a page, a condition added, a page with table, facets and timeline shown; 100,000 loaded');
    const fa = await ev<FacetsResult>('bench.facetsAppend(100000)');
    const composed = await ev<ComposedAppendResult>('bench.composedAppend(100000)');
    // A click ("is") leaves a few thousand rows, a ⊘ ("is not") most of them: two rows, each the median of three fields.
    const choices = ['EventName', 'Username', 'EventSource'].flatMap((field) => [{ field, exclude: false }, { field, exclude: true }]);
    const conditions = await ev<ConditionResult[]>(`bench.facetCondition(100000, ${JSON.stringify(choices)})`);
    const byKind = (exclude: boolean) => {
      const cs = conditions.filter((c) => c.condition.includes(' is not ') === exclude);
      const med = (k: 'paintMs' | 'clickMs' | 'tableUpdateMs' | 'timelineUpdateMs' | 'facetsUpdateMs') => r1(median(cs.map((c) => c[k])));
      return {
        paintMedianMs: med('paintMs'), paintMaxMs: r1(Math.max(...cs.map((c) => c.paintMs))), clickMedianMs: med('clickMs'),
        tableUpdateMedianMs: med('tableUpdateMs'), timelineUpdateMedianMs: med('timelineUpdateMs'), facetsUpdateMedianMs: med('facetsUpdateMs'),
        rowsMatch: cs.every((c) => c.rowsMatch), requests: cs.reduce((n, c) => n + c.requests, 0),
        samples: cs.map((c) => ({ ...c, paintMs: r1(c.paintMs), clickMs: r1(c.clickMs), tableUpdateMs: r1(c.tableUpdateMs), timelineUpdateMs: r1(c.timelineUpdateMs), facetsUpdateMs: r1(c.facetsUpdateMs) })),
      };
    };
    ours.facets = {
      recomputeMedianMs: r1(median(fa.recomputeMs)), recomputeMaxMs: r1(Math.max(...fa.recomputeMs)), paintMedianMs: r1(median(fa.paintMs)),
      counted: fa.counted, loaded: fa.loaded, samples: fa.recomputeMs.map(r1),
      include: byKind(false), exclude: byKind(true),
    };
    ours.composed = {
      ...summarize(composed),
      facetsUpdateMedianMs: r1(median(composed.facetsUpdateMs)), timelineUpdateMedianMs: r1(median(composed.timelineUpdateMs)),
      worstFrameSamples: composed.worstFrameMs.map(r1),
    };
    for (const size of [1000, 10_000, 100_000]) {
      peer[`append${size}`] = summarize(await ev<AppendResult>(`bench.vaadinAppend(${size})`));
    }
    peer.scroll = await ev('bench.vaadinScroll()');
    results.ours = ours;
    results.vaadin = peer;
    await page.close();

    log('detail: opening the hostile records (test/browser/helpers/hostile.ts)');
    page = await open(browser, server.origin, 'detail.html');
    const opened = await ev<OpenResult[]>('bench.openAll()');
    const big = await ev<BigResult>('bench.openBig()');
    const deep = await ev<DeepResult>('bench.openDeep()');
    const worst = opened.reduce((a, b) => (b.ms > a.ms ? b : a));
    results.hostile = {
      records: opened.length, worstMs: r1(worst.ms), worstId: worst.id, medianMs: r1(median(opened.map((o) => o.ms))),
      big: { ...big, openMs: r1(big.openMs), branchMs: r1(big.branchMs) },
      deep: { ...deep, openMs: r1(deep.openMs), expandMs: r1(deep.expandMs) },
      samples: opened.map((o) => ({ ...o, ms: r1(o.ms) })),
    };
    await page.close();
    }

    if (part('lookup')) {
    log('lookup against the emulator: Enter to first row, and a long lookup at the API ceiling');
    page = await open(browser, server.origin, 'app.html');
    const inst = await control<{ id: string; endpoint: string; staticCredentials: { accessKeyId: string; secretAccessKey: string } }>(
      server.origin, 'POST', '/instances', { generate: { count: 20_000, seed: 7 } });
    const creds = { accessKeyId: inst.staticCredentials.accessKeyId, secretAccessKey: inst.staticCredentials.secretAccessKey };
    await ev(`bench.mount(${JSON.stringify(server.origin + inst.endpoint)}, ${JSON.stringify(creds)})`);
    const enter: number[] = [];
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 1200));
      await ev('bench.focusFilter()');
      await ev('bench.armEnter()');
      await page.keyboard.press('Enter');
      enter.push((await ev<{ ms: number }>('bench.enterResult()')).ms);
    }
    const long = await control<{ id: string; endpoint: string }>(server.origin, 'POST', '/instances', { generate: { count: 20_000, seed: 8 } });
    const seconds = Number(process.env.BENCH_LOOKUP_SECONDS ?? 30);
    const paging = await ev<{ elapsedS: number; requests: number; events: number; throttled: number; status: string; error: string | null }>(
      `bench.longLookup(${JSON.stringify(server.origin + long.endpoint)}, ${JSON.stringify(creds)}, ${seconds})`);
    const entries = (await control<{ entries: RequestLogEntry[] }>(server.origin, 'GET', `/instances/${long.id}/log`)).entries
      .filter((e) => e.operation === 'LookupEvents');
    const maxInSecond = maxInAnySecond(entries.map((e) => e.time));
    results.lookup = {
      enterToFirstRowColdMs: r1(enter[0]), enterToFirstRowWarmMs: r1(median(enter.slice(1))), samples: enter.map(r1),
      paging: {
        ...paging, elapsedS: r1(paging.elapsedS),
        requestsPerSecond: Math.round((paging.requests / paging.elapsedS) * 100) / 100,
        eventsPerSecond: r1(paging.events / paging.elapsedS),
        serverThrottles: entries.filter((e) => e.outcome === 'ThrottlingException').length,
        serverRequests: entries.length, maxRequestsInAnySecond: maxInSecond,
      },
    };
    await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  // Its own emulator, server and browser: the million-event table is loaded only for this part.
  if (part('athena')) {
    log('Athena: a million generated events, first rows, page memory, whole-range counts');
    results.athena = await benchAthena();
  }
  if (part('findings')) results.findings = await benchFindings();
  if (part('regions')) results.regions = await benchRegions();

  // A run of some parts keeps the other parts' figures from the last run, each with its own date.
  const now = new Date().toISOString();
  const last = PARTS.length < ALL_PARTS.length && existsSync(join(ROOT, 'bench', 'results.json'))
    ? JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as Record<string, unknown> : {};
  // Only the parts the last run says it measured (a results file from before the parts has none of them).
  const kept = (last.measured ?? {}) as Record<string, string>;
  const keys: Record<typeof ALL_PARTS[number], string[]> = { heap: ['heap'], table: ['hostile', 'ours', 'vaadin'], lookup: ['lookup'], athena: ['athena'], findings: ['findings'], regions: ['regions'] };
  const previous = Object.fromEntries(Object.keys(kept).flatMap((p) => (keys[p as typeof ALL_PARTS[number]] ?? []).filter((k) => k in last).map((k) => [k, last[k]])));
  const measured = { ...kept, ...Object.fromEntries(PARTS.map((p) => [p, now])) };
  const report = {
    ...previous, measured,
    date: now, machine: { cpus: cpus().length, chromium: await browserVersion(), node: process.version },
    bundle: bundleInfo, generator, ...results, benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = table(report as unknown as Report);
  writeFileSync(join(ROOT, 'bench', 'results.md'), `${md}\n`);
  console.log(md);
  console.log('\nwritten: bench/results.json, bench/results.md');
}

async function browserVersion(): Promise<string> {
  try {
    return execSync(`${findChrome()} --version`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

// ---------- 4. the table ----------
interface Append { paintMedianMs: number; paintMaxMs: number; appendWorstFrameMs: number; frameMs: number; rowsRendered: boolean }
interface Scroll { fps: number; worstMs: number; medianMs: number; frames: number }
interface Composed extends Append { facetsUpdateMedianMs: number; timelineUpdateMedianMs: number }
interface FacetCondition {
  paintMedianMs: number; paintMaxMs: number; clickMedianMs: number; tableUpdateMedianMs: number; timelineUpdateMedianMs: number; facetsUpdateMedianMs: number;
  rowsMatch: boolean; requests: number; samples: { condition: string; after: number }[];
}
interface Facets {
  recomputeMedianMs: number; recomputeMaxMs: number; paintMedianMs: number; counted: number; loaded: number;
  include: FacetCondition;
  exclude: FacetCondition;
}
interface Hostile {
  records: number; worstMs: number; worstId: string; medianMs: number;
  big: { chars: number; openMs: number; nodes: number; branchMs: number; branchNodes: number; branchShown: boolean };
  deep: { openMs: number; nodes: number; expandMs: number; openLevels: number; expandedNodes: number };
}
interface Report {
  measured?: Record<string, string>;
  machine: { cpus: number; chromium: string };
  bundle: BundleInfo;
  generator: { records: number; ms: number; samples: number[] };
  heap: { events: number; rawRecordBytes: number; perEventBytes: number; ratio: number; perEventWithSearchBytes: number; ratioWithSearch: number };
  hostile: Hostile;
  ours: Record<string, Append> & { composed: Composed; facets: Facets; scroll: Scroll; timeline: { redrawMedianMs: number; redrawMaxMs: number; paintMedianMs: number; counted: number; bars: number }; filter: { firstMs: number; medianMs: number; worstMs: number; indexBuildMs: number; searchOnlyMedianMs: number } };
  vaadin: Record<string, Append> & { scroll: Scroll };
  athena: AthenaBench;
  findings: FindingsBench;
  regions: RegionsBench;
  lookup: { enterToFirstRowColdMs: number; enterToFirstRowWarmMs: number; paging: { requestsPerSecond: number; eventsPerSecond: number; throttled: number; serverThrottles: number; maxRequestsInAnySecond: number; requests: number; elapsedS: number } };
}

function table(r: Report): string {
  const ok = (pass: boolean) => (pass ? 'holds' : '**over**');
  const rows: string[][] = [];
  const b = r.bundle;
  rows.push(['One-file bundle and the chunks it imports at once (what the first rows load), min + gzip', `${KB(b.gzipBytes)} kB (brotli ${KB(b.brotliBytes)} kB, min ${KB(b.minBytes)} kB, ${b.files} files)`, '-', '≤ 90 kB', ok(b.gzipBytes <= 90_000)]);
  if (r.ours && r.vaadin && r.hostile) {
    for (const size of [1000, 10_000, 100_000]) {
      const o = r.ours[`append${size}`];
      const v = r.vaadin[`append${size}`];
      rows.push([`Page arrives → rows painted, ${size.toLocaleString('en-US')} loaded`, `${o.paintMedianMs} ms (max ${o.paintMaxMs})`, `${v.paintMedianMs} ms (max ${v.paintMaxMs})`,
        size === 100_000 ? '≤ 50 ms' : '', size === 100_000 ? ok(o.paintMedianMs <= 50) : '']);
    }
    const o100 = r.ours.append100000;
    const v100 = r.vaadin.append100000;
    rows.push(['Longest frame while a page is appended, 100,000 loaded', `${o100.appendWorstFrameMs} ms (frame ${o100.frameMs} ms)`, `${v100.appendWorstFrameMs} ms (frame ${v100.frameMs} ms)`,
      'one frame', ok(o100.appendWorstFrameMs <= o100.frameMs * 1.5)]);
    rows.push(['Fast scroll, 500 px a frame, 100,000 loaded', `${r1(r.ours.scroll.fps)} fps`, `${r1(r.vaadin.scroll.fps)} fps`, '≥ 45 fps', ok(r.ours.scroll.fps >= 45)]);
    rows.push(['Worst frame while scrolling', `${r1(r.ours.scroll.worstMs)} ms`, `${r1(r.vaadin.scroll.worstMs)} ms`, '≤ 100 ms', ok(r.ours.scroll.worstMs <= 100)]);
    const t = r.ours.timeline;
    rows.push([`Timeline redraw after a page arrives, ${t.counted.toLocaleString('en-US')} loaded (${t.bars} bars)`, `${t.redrawMedianMs} ms (max ${t.redrawMaxMs}; painted ${t.paintMedianMs} ms)`, 'n/a', '≤ 8 ms', ok(t.redrawMedianMs <= 8)]);
    const fc = r.ours.facets;
    rows.push([`Facets recounted after a page arrives, ${fc.loaded.toLocaleString('en-US')} loaded${fc.counted === fc.loaded ? '' : ` (**counted ${fc.counted}**)`}`,
      `${fc.recomputeMedianMs} ms (max ${fc.recomputeMaxMs}; painted ${fc.paintMedianMs} ms)`, 'n/a', '≤ 8 ms', ok(fc.recomputeMedianMs <= 8 && fc.counted === fc.loaded)]);
    for (const [how, c] of [['click ("is")', fc.include], ['⊘ ("is not")', fc.exclude]] as const) {
      rows.push([`Facet ${how} adds a condition → table, facets and timeline painted, 100,000 loaded (${c.samples.map((x) => `${x.condition}: ${x.after.toLocaleString('en-US')} rows`).join('; ')})`,
        `${c.paintMedianMs} ms (max ${c.paintMaxMs}; click handler, filtering the rows, ${c.clickMedianMs}; updates: table ${c.tableUpdateMedianMs}, timeline ${c.timelineUpdateMedianMs}, facets ${c.facetsUpdateMedianMs}; ${c.requests} requests${c.rowsMatch ? '' : '; **rows differ from the facet count**'})`,
        'n/a', '≤ 50 ms', ok(c.paintMedianMs <= 50 && c.rowsMatch && c.requests === 0)]);
    }
    const cp = r.ours.composed;
    rows.push(['Longest frame while a page is appended, with facets and timeline shown, 100,000 loaded', `${cp.appendWorstFrameMs} ms (frame ${cp.frameMs} ms; rows painted ${cp.paintMedianMs} ms; facets' update ${cp.facetsUpdateMedianMs}, timeline's ${cp.timelineUpdateMedianMs})`, 'n/a',
      'one frame', ok(cp.appendWorstFrameMs <= cp.frameMs * 1.5 && cp.rowsRendered)]);
    const f = r.ours.filter;
    rows.push(['Search 100,000 loaded events → rows painted', `${f.medianMs} ms (worst ${f.worstMs}; search alone ${f.searchOnlyMedianMs})`, 'n/a', '≤ 50 ms', ok(f.medianMs <= 50)]);
    // The issue's ratios, read in one run (absolute times differ 1.5x from run to run here). A search
    // redraws the table alone, so it is read against a page arriving in the table alone; a facet click
    // redraws the table, the facets and the timeline, so against a page arriving with all three shown.
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const searchRatio = ratio(f.medianMs, o100.paintMedianMs);
    rows.push(['Search → rows painted, against a page arriving → rows painted (100,000 loaded, same run)', `${searchRatio}× (${f.medianMs} ms / ${o100.paintMedianMs} ms)`, '', '≤ 2×', ok(searchRatio <= 2)]);
    const clickRatios = [fc.include, fc.exclude].map((c) => ratio(c.paintMedianMs, cp.paintMedianMs));
    rows.push(['Facet click ("is", "is not") → painted, against a page arriving → painted, table, facets and timeline shown (100,000 loaded, same run)',
      `${clickRatios.join('× and ')}× (${fc.include.paintMedianMs} and ${fc.exclude.paintMedianMs} ms / ${cp.paintMedianMs} ms)`, '', '≤ 2×', ok(Math.max(...clickRatios) <= 2)]);
    const fpsRatio = ratio(r.ours.scroll.fps, r.vaadin.scroll.fps);
    rows.push(['Fast scroll, 100,000 loaded: frame rate against @vaadin/grid\'s, and the worst frame against its worst (same run)',
      `${fpsRatio}× (${r1(r.ours.scroll.fps)} / ${r1(r.vaadin.scroll.fps)} fps); worst ${r1(r.ours.scroll.worstMs)} ms / ${r1(r.vaadin.scroll.worstMs)} ms`, '', '≥ 1.3×; worst frame below its worst',
      ok(fpsRatio >= 1.3 && r.ours.scroll.worstMs < r.vaadin.scroll.worstMs)]);
    // The table indexes pages in idle time as they arrive, so the first search pays only what is left.
    rows.push(['First search, with whatever index work remains', `${f.firstMs} ms (a full index build alone ${f.indexBuildMs})`, 'n/a', '≤ 50 ms', ok(f.firstMs <= 50)]);
    const hs = r.hostile;
    if (r.heap) {
      const h = r.heap;
      rows.push(['JS heap per loaded event / raw record (100,400 in the table, its search index built in idle time)', `${h.perEventBytes} B / ${h.rawRecordBytes} B = ${h.ratio}×`, '', '≤ 1.5×', ok(h.ratio <= 1.5)]);
      rows.push(['… after a search', `${h.perEventWithSearchBytes} B = ${h.ratioWithSearch}×`, '', '≤ 1.5×', ok(h.ratioWithSearch <= 1.5)]);
    }
    rows.push([`Detail opens the 1 MB hostile record (${KB(hs.big.chars)} kB, ${hs.big.nodes} JSON nodes)`, `${hs.big.openMs} ms`, '', '≤ 2000 ms', ok(hs.big.openMs <= 2000)]);
    rows.push([`… opens a branch of it (requestParameters: 6000 items, collapsed, ${hs.big.branchNodes} nodes)`, `${hs.big.branchMs} ms${hs.big.branchShown ? '' : ' (**not shown**)'}`, '', '≤ 1500 ms', ok(hs.big.branchMs <= 1500 && hs.big.branchShown)]);
    rows.push([`Detail opens the 500-level record (${hs.deep.nodes} JSON nodes)`, `${hs.deep.openMs} ms`, '', '≤ 2000 ms', ok(hs.deep.openMs <= 2000)]);
    rows.push([`… Expand all on it (${hs.deep.openLevels} levels open, ${hs.deep.expandedNodes} nodes)`, `${hs.deep.expandMs} ms`, '', '≤ 3000 ms', ok(hs.deep.expandMs <= 3000)]);
    rows.push([`Detail opens any of the ${hs.records} hostile records (worst)`, `${hs.worstMs} ms (${hs.worstId}; median ${hs.medianMs})`, '', '≤ 3000 ms', ok(hs.worstMs <= 3000)]);
  }
  if (r.lookup) {
    const l = r.lookup;
    rows.push(['Enter in the filter → first row painted (emulator, no latency)', `${l.enterToFirstRowColdMs} ms first, ${l.enterToFirstRowWarmMs} ms after`, '', '', '']);
    const p = l.paging;
    rows.push([`Long lookup at the API ceiling (${p.elapsedS} s, ${p.requests} requests)`, `${p.requestsPerSecond} req/s, ${p.eventsPerSecond} events/s, ${p.serverThrottles} throttled (max ${p.maxRequestsInAnySecond} in any second)`, '',
      '2 req/s (limiter: one per 525 ms), 0 throttled', ok(p.requestsPerSecond >= 1.9 && p.serverThrottles === 0 && p.throttled === 0)]);
  }
  if (r.athena) rows.push(...athenaRows(r.athena));
  if (r.findings) rows.push(...findingsRows(r.findings));
  if (r.regions) rows.push(...regionsRows(r.regions));
  rows.push([`Emulator generator, ${r.generator.records.toLocaleString('en-US')} records (Node)`, `${r.generator.ms} ms (median of ${r.generator.samples.join(', ')})`, '', '≤ 3000 ms', ok(r.generator.ms <= 3000)]);
  const head = ['Measure', 'cloudtrail-elements', '@vaadin/grid 25', 'Budget', 'Holds?'];
  const lines = [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const top = b.breakdown.slice(0, 8).map((x) => `${x.name} ${KB(x.minBytes)} kB (${Math.round(x.share * 100)}%)`).join(', ');
  return [
    `Headless ${r.machine.chromium}, ${r.machine.cpus} cores. Bundle: ${b.file} (${b.source}).`,
    ...(r.measured ? ['', `Parts measured (BENCH_PARTS), each in one run: ${Object.entries(r.measured).map(([p, at]) => `${p} ${at.slice(0, 16).replace('T', ' ')} UTC`).join(', ')}.`] : []),
    '',
    ...lines,
    '',
    `What the bundle holds (minified bytes per package, from an esbuild metafile of the same entry): ${top}.`,
  ].join('\n');
}

/** `--table`: the table again from bench/results.json, without measuring (after a change to the table's rows). */
if (process.argv.includes('--table')) {
  const md = table(JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as Report);
  writeFileSync(join(ROOT, 'bench', 'results.md'), `${md}\n`);
  console.log(md);
} else main().catch((err) => {
  console.error(err);
  process.exit(1);
});
