/**
 * Server-side rendering: the five main elements (filter, table, detail, provider, history) render
 * their shells with `@lit-labs/ssr` in Node (no DOM there: a ResizeObserver or `document` touched
 * before connecting would throw), and Chromium hydrates them: the server's nodes are kept (not
 * re-rendered), nothing is logged as an error, and the hydrated history, once given credentials,
 * shows the rows the emulator's ground truth holds, over real HTTP.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html } from 'lit';
import { build } from 'esbuild';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import '../../src/define/all.js';
import { createEmulator, type Emulator, type WireEvent } from 'cloudtrail-elements-emulator';
import { findChrome } from '../../scripts/find-chrome.js';
import { ROOT } from '../../scripts/manifest.js';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';

const POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

/** The five elements as a page would place them; every one renders on the server. */
const shells = {
  'ct-lookup-filter': html`<ct-lookup-filter></ct-lookup-filter>`,
  'ct-event-table': html`<ct-event-table label="Server events"></ct-event-table>`,
  'ct-event-detail': html`<ct-event-detail></ct-event-detail>`,
  'ct-lookup-provider': html`<ct-lookup-provider region="us-east-1"><ct-event-table id="in-provider"></ct-event-table></ct-lookup-provider>`,
  'ct-event-history': html`<ct-event-history region="us-east-1"></ct-event-history>`,
};
const rendered = Object.fromEntries(Object.entries(shells).map(([tag, template]) => [tag, collectResultSync(render(template))])) as Record<keyof typeof shells, string>;

let emulator: Emulator;
let server: Server;
let origin: string;
let browser: Browser;

/** The server's history alone, as the hydration tests place it. */
const historyShell = rendered['ct-event-history'];
const scripts = new Map<string, string>();

/** One client module (with what it imports) for the browser. */
async function bundle(contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'browser', write: false, tsconfig: join(ROOT, 'tsconfig.json'), logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

/** Client modules built with esbuild's `--splitting`: lit lands in a chunk shared by the entries. */
async function splitBundle(dir: string, entries: Record<string, string>): Promise<void> {
  const out = await build({
    entryPoints: Object.keys(entries).map((name) => ({ in: join(ROOT, `${name}.ssr-entry.ts`), out: name })),
    plugins: [{
      name: 'entries',
      setup(b) {
        b.onResolve({ filter: /\.ssr-entry\.ts$/ }, (args) => ({ path: args.path, namespace: 'entry' }));
        b.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({ contents: entries[args.path.slice(ROOT.length + 1, -'.ssr-entry.ts'.length)], resolveDir: ROOT, loader: 'ts' }));
      },
    }],
    bundle: true, splitting: true, format: 'esm', platform: 'browser', write: false, outdir: join(ROOT, dir), tsconfig: join(ROOT, 'tsconfig.json'), logLevel: 'error',
  });
  for (const file of out.outputFiles) scripts.set(`/${dir}/${file.path.slice(join(ROOT, dir).length + 1)}`, file.text);
}

const HYDRATE = "import '@lit-labs/ssr-client/lit-element-hydrate-support.js';\n";
const DEFINE = "import './src/define/all.ts';\n";

before(async () => {
  // No throttling: each test opens pages one after another against the same account and Region, and a
  // throttled (then retried) first request is no part of hydration; the request count is the check.
  emulator = createEmulator({ basePath: '/aws', generate: { count: 400, seed: 7, at: GENERATED_AT }, throttle: false });
  // Lit's hydration support loads before any element (and before lit renders anything).
  scripts.set('/client.js', await bundle(HYDRATE + DEFINE));
  // The README's order: the hydration support, the tags, then the sign-in set at once, as the tags upgrade.
  scripts.set('/configured.js', await bundle(`${HYDRATE}${DEFINE}Object.assign(document.querySelector('ct-event-history')!, (window as unknown as { ctConfig: object }).ctConfig);\n`));
  // Split into chunks with the hydration support in the tags' module: lit's chunk runs before that module's body.
  await splitBundle('split-late', { client: HYDRATE + DEFINE });
  // Split into chunks with the hydration support in its own module, loaded first (the README's advice).
  await splitBundle('split-early', { hydrate: HYDRATE, client: DEFINE });
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR</title></head><body>
${Object.values(rendered).join('\n')}
<script>
  // Before the elements load: mark a node the server drew in each shadow root, to find it again after hydration.
  for (const el of document.querySelectorAll('body > *:not(script)')) {
    const first = el.shadowRoot && el.shadowRoot.firstElementChild;
    if (first) first.ctFromServer = true;
  }
</script>
<script type="module" src="/client.js"></script>
</body></html>`;
  /** The server's history alone, with `head` (scripts that run before the client's modules) and the client's modules. */
  const historyPage = (head: string, modules: string[]) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR</title></head><body>
${historyShell}
<script>
  const first = document.querySelector('ct-event-history').shadowRoot.firstElementChild;
  if (first) first.ctFromServer = true;
  ${head}
</script>
${modules.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
</body></html>`;
  const middleware = emulator.middleware() as (req: unknown, res: unknown, next: () => void) => Promise<void>;
  server = createServer((req, res) => {
    const config = JSON.stringify({ endpoint: `${origin}/aws`, cognitoEndpoint: `${origin}/aws`, identityPoolId: POOL, logins: { [PROVIDER]: 'emulator-ssr' } });
    const pages: Record<string, string> = {
      '/': page,
      // The sign-in set on the element before it upgrades (before the tags' module runs).
      '/history/before': historyPage(`Object.assign(document.querySelector('ct-event-history'), ${config});`, ['/client.js']),
      '/history/readme': historyPage(`window.ctConfig = ${config};`, ['/configured.js']),
      // The sign-in set by the test once every element has hydrated.
      '/history/after': historyPage('', ['/client.js']),
      '/history/split-late': historyPage('', ['/split-late/client.js']),
      '/history/split-early': historyPage('', ['/split-early/hydrate.js', '/split-early/client.js']),
    };
    const path = req.url ?? '/';
    if (pages[path]) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (scripts.has(path)) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(scripts.get(path));
    } else {
      void middleware(req, res, () => res.writeHead(404).end());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({ executablePath: findChrome(), args: ['--no-sandbox'], headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  emulator?.close();
});

test('@lit-labs/ssr renders the shell of each element as declarative shadow DOM', () => {
  for (const [tag, out] of Object.entries(rendered)) {
    assert.match(out, new RegExp(`<${tag}[^>]*>\\s*<template shadowroot(mode)?="open"`), `${tag} renders a declarative shadow root:\n${out.slice(0, 400)}`);
  }
  assert.match(rendered['ct-lookup-filter'], /part="submit"/, 'the filter shell holds its Run button');
  assert.match(rendered['ct-event-table'], /part="grid"[\s\S]*aria-label="Server events"|aria-label="Server events"[\s\S]*part="grid"/, 'the table shell holds its labelled grid');
  assert.match(rendered['ct-event-detail'], /part="base"/, 'the detail shell holds its frame');
  assert.match(rendered['ct-lookup-provider'], /<slot><\/slot>[\s\S]*<ct-event-table\s+id="in-provider"[^>]*>\s*<template shadowroot/, 'the provider renders its slot and the table inside it');
  for (const inner of ['ct-lookup-filter', 'ct-event-table', 'ct-event-detail']) {
    assert.match(rendered['ct-event-history'], new RegExp(`<${inner}[^>]*>\\s*<template shadowroot`), `the history's shell holds the ${inner} shell`);
  }
});

test('Chromium hydrates the five elements: the server nodes stay, no error, and the history looks up', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${(err as Error).message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  const hydrated = await page.evaluate(async (tags: string[]) => {
    await Promise.all(tags.map((t) => customElements.whenDefined(t)));
    const els = [...document.querySelectorAll('body > *:not(script)')] as (HTMLElement & { updateComplete?: Promise<unknown> })[];
    await Promise.all(els.map((el) => el.updateComplete));
    return els.map((el) => ({
      tag: el.localName,
      kept: Boolean((el.shadowRoot?.firstElementChild as { ctFromServer?: boolean } | null)?.ctFromServer),
      hydrating: el.hasAttribute('defer-hydration') || el.hasAttribute('needs-hydration'),
    }));
  }, Object.keys(shells));
  assert.deepEqual(hydrated.map((h) => h.tag), Object.keys(shells), 'the five elements are on the page');
  assert.deepEqual(hydrated.filter((h) => !h.kept).map((h) => h.tag), [], 'each element hydrated the server\'s shadow DOM instead of rendering a new one');
  assert.deepEqual(hydrated.filter((h) => h.hydrating).map((h) => h.tag), [], 'no element is left waiting to hydrate');

  // Now the browser's part: credentials arrive, the first lookup runs against the emulator.
  await page.evaluate((endpoint: string, pool: string, provider: string) => {
    const history = document.querySelector('ct-event-history')!;
    history.endpoint = endpoint;
    history.cognitoEndpoint = endpoint;
    history.identityPoolId = pool;
    history.logins = { [provider]: 'emulator-ssr' };
  }, `${origin}/aws`, POOL, PROVIDER);
  await page.waitForFunction(() => {
    const history = document.querySelector('ct-event-history')!;
    const state = history.session?.lookup.state;
    const rows = history.shadowRoot!.querySelector('ct-event-table')!.shadowRoot!.querySelectorAll('[part~="row"]').length;
    return state?.status === 'error' || rows >= 5;
  }, { timeout: 60_000 });
  const error = await page.evaluate(() => document.querySelector('ct-event-history')!.session?.lookup.state.error?.message ?? undefined);
  assert.equal(error, undefined, 'the lookup after hydration succeeds');
  const seen = await page.evaluate(() => {
    const history = document.querySelector('ct-event-history')!;
    const table = history.shadowRoot!.querySelector('ct-event-table')!;
    const plan = history.session!.lookup.state.plan!;
    const rows = [...table.shadowRoot!.querySelectorAll('[part~="row"]')].slice(0, 5).map((r) => r.textContent ?? '');
    return { rows, start: plan.start.getTime() / 1000, end: plan.end.getTime() / 1000 };
  });
  const truth: WireEvent[] = emulator.defaultInstance().truth({ StartTime: seen.start, EndTime: seen.end }) as WireEvent[];
  assert.ok(truth.length >= 5, `the emulator holds events in the range (${truth.length})`);
  assert.equal(seen.rows.length, 5, `the hydrated table shows rows: ${JSON.stringify(seen.rows)}`);
  seen.rows.forEach((text, i) => assert.ok(text.includes(truth[i]!.EventName!), `row ${i} shows ${truth[i]!.EventName}: ${text}`));
  assert.deepEqual(problems, [], 'no error while hydrating or looking up');
  await page.close();
});

/** Errors, and warnings, the page logs. */
function watch(page: Page): { problems: string[]; warnings: string[] } {
  const seen = { problems: [] as string[], warnings: [] as string[] };
  page.on('pageerror', (err) => seen.problems.push(`pageerror: ${(err as Error).message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.problems.push(`console.error: ${msg.text()}`);
    if (msg.type() === 'warn') seen.warnings.push(msg.text());
  });
  return seen;
}

/**
 * Once the history shows the first page's rows and the table has settled (two frames, its update
 * done): whether the server's shadow DOM was kept, the nodes in the table's shadow tree, and the
 * LookupEvents calls the emulator logged since `since`.
 */
async function settled(page: Page, since: number): Promise<{ kept: boolean; rows: number; nodes: number; lookups: number }> {
  await page.waitForFunction(() => {
    const history = document.querySelector('ct-event-history');
    const state = history?.session?.lookup.state;
    const rows = history?.shadowRoot?.querySelector('ct-event-table')?.shadowRoot?.querySelectorAll('[part~="row"]').length ?? 0;
    return state?.status === 'error' || (state?.status === 'done' && rows >= 5);
  }, { timeout: 60_000 });
  const seen = await page.evaluate(async () => {
    const history = document.querySelector('ct-event-history')!;
    const table = history.shadowRoot!.querySelector('ct-event-table')!;
    for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
    await table.updateComplete;
    return {
      error: history.session?.lookup.state.error?.message,
      kept: Boolean((history.shadowRoot!.firstElementChild as { ctFromServer?: boolean } | null)?.ctFromServer),
      rows: table.shadowRoot!.querySelectorAll('[part~="row"]').length,
      nodes: table.shadowRoot!.querySelectorAll('*').length,
    };
  });
  assert.equal(seen.error, undefined, 'the lookup succeeds');
  const lookups = emulator.defaultInstance().logEntries(since).filter((e) => e.operation === 'LookupEvents').length;
  return { kept: seen.kept, rows: seen.rows, nodes: seen.nodes, lookups };
}

const lastSeq = () => emulator.defaultInstance().logEntries().at(-1)?.seq ?? 0;

/** The history set up after hydration, as the test above does: the size of a table that virtualizes. */
async function baseline(): Promise<{ nodes: number; rows: number }> {
  const page = await browser.newPage();
  const since = lastSeq();
  await page.goto(`${origin}/history/after`, { waitUntil: 'load' });
  await page.evaluate(async (endpoint: string, pool: string, provider: string) => {
    await customElements.whenDefined('ct-event-history');
    const history = document.querySelector('ct-event-history')!;
    await history.updateComplete;
    Object.assign(history, { endpoint, cognitoEndpoint: endpoint, identityPoolId: pool, logins: { [provider]: 'emulator-ssr' } });
  }, `${origin}/aws`, POOL, PROVIDER);
  const seen = await settled(page, since);
  await page.close();
  assert.equal(seen.lookups, 1);
  return seen;
}

for (const [order, path] of [['in the README\'s order (the sign-in set as the tags upgrade)', '/history/readme'], ['with the sign-in set before the tags upgrade', '/history/before']] as const) {
  test(`A server-rendered history hydrates ${order}: no mismatch, a table that virtualizes, one LookupEvents`, { timeout: 120_000 }, async () => {
    const normal = await baseline();
    const page = await browser.newPage();
    const seen = watch(page);
    const since = lastSeq();
    await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    const result = await settled(page, since);
    await page.close();
    assert.deepEqual(seen.problems, [], 'no error while hydrating or looking up');
    assert.ok(result.kept, 'the history kept the server\'s shadow DOM');
    assert.equal(result.rows, normal.rows, 'as many rows laid out as when the sign-in comes after hydration');
    assert.ok(result.nodes <= normal.nodes * 1.2, `the table's shadow tree holds ${result.nodes} nodes, as a table that virtualizes does (${normal.nodes})`);
    assert.equal(result.lookups, 1, 'one LookupEvents call, none without a scroll');
  });
}

test('A client split into chunks that loads the hydration support too late is told so, naming the fix', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const seen = watch(page);
  await page.goto(`${origin}/history/split-late`, { waitUntil: 'load' });
  await page.evaluate(async () => {
    await customElements.whenDefined('ct-event-history');
    await document.querySelector('ct-event-history')!.updateComplete;
  });
  await page.close();
  const warning = seen.warnings.find((w) => w.includes('hydrat'));
  assert.ok(warning, `a warning about hydration: ${JSON.stringify(seen.warnings)}`);
  assert.match(warning, /lit-element-hydrate-support/, 'it names the module to load');
  assert.match(warning, /own|earlier|before/, 'and says to load it first, in a module of its own');
});

test('A client split into chunks with the hydration support in its own earlier module hydrates, without a warning', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const seen = watch(page);
  await page.goto(`${origin}/history/split-early`, { waitUntil: 'load' });
  const kept = await page.evaluate(async () => {
    await customElements.whenDefined('ct-event-history');
    const history = document.querySelector('ct-event-history')!;
    await history.updateComplete;
    return Boolean((history.shadowRoot!.firstElementChild as { ctFromServer?: boolean } | null)?.ctFromServer);
  });
  await page.close();
  assert.ok(kept, 'the history kept the server\'s shadow DOM');
  assert.deepEqual(seen.problems, []);
  assert.deepEqual(seen.warnings.filter((w) => w.includes('hydrat')), []);
});
