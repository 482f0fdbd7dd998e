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
import puppeteer, { type Browser } from 'puppeteer-core';
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

before(async () => {
  emulator = createEmulator({ basePath: '/aws', generate: { count: 400, seed: 7, at: GENERATED_AT } });
  const client = await build({
    stdin: {
      // Lit's hydration support loads before any element (and before lit renders anything).
      contents: "import '@lit-labs/ssr-client/lit-element-hydrate-support.js';\nimport './src/define/all.ts';\n",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true, format: 'esm', platform: 'browser', write: false, tsconfig: join(ROOT, 'tsconfig.json'), logLevel: 'error',
  });
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
  const middleware = emulator.middleware() as (req: unknown, res: unknown, next: () => void) => Promise<void>;
  server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(client.outputFiles[0]!.text);
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
