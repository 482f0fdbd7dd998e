/**
 * The README's quick start: `npm start` serves the demo with the emulator on the same server, and
 * in headless Chromium the drop-in Event history shows events paged through the real SDK and the
 * Cognito flow, and loads more on demand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let baseUrl = '';
const profile = mkdtempSync(join(tmpdir(), 'ct-demo-chrome-'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await freePort();
  server = spawn('npm', ['start', '--', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /demo: (http:\/\/\S+?)demo\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: CHROME_ARGS, userDataDir: profile });
});

after(async () => {
  await browser?.close();
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(profile, { recursive: true, force: true });
});

/** Text of the table's status line and the number of rendered rows, through the shadow roots. */
async function tableState(page: Page) {
  return page.evaluate(() => {
    const history = document.querySelector('ct-event-history');
    const table = history?.shadowRoot?.querySelector('ct-event-table');
    const root = table?.shadowRoot;
    return {
      status: root?.querySelector('.status')?.textContent ?? '',
      rows: root?.querySelectorAll('.body [role="row"]').length ?? 0,
      firstRow: root?.querySelector('.body [role="row"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      error: root?.querySelector('.error')?.textContent?.trim() ?? '',
    };
  });
}

test('npm start serves the demo, which shows events from the emulator and loads more on demand', { timeout: 120_000 }, async () => {
  const page = await browser!.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${baseUrl}demo/`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => /[1-9][\d,]* events? loaded/.test(document.querySelector('ct-event-history')?.shadowRoot?.querySelector('ct-event-table')?.shadowRoot?.querySelector('.status')?.textContent ?? ''),
    { timeout: 60_000 },
  );
  const first = await tableState(page);
  assert.equal(first.error, '', 'no error is shown');
  assert.ok(first.rows > 0, 'rows are rendered');
  // Both of the emulator's accounts are searched: a first page of each, merged newest first.
  const loaded = Number(/^([\d,]+) events loaded · more available/.exec(first.status)?.[1]?.replace(/,/g, ''));
  assert.ok(loaded >= 50, `a first page or more is loaded: ${first.status}`);
  assert.match(first.firstRow, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/, 'a row shows an event time');
  const accounts = await page.evaluate(() => document.querySelector('ct-event-history')!.shadowRoot!.querySelector('ct-lookup-filter')!.shadowRoot!
    .querySelector('[part="accounts"] summary')?.textContent?.trim() ?? '');
  assert.equal(accounts, 'All 2 accounts', 'the demo lists the emulator\'s accounts');

  // Scroll the grid to its end: the next page loads on demand.
  await page.evaluate(() => {
    const grid = document.querySelector('ct-event-history')!.shadowRoot!.querySelector('ct-event-table')!.shadowRoot!.querySelector('.grid')!;
    grid.scrollTop = grid.scrollHeight;
  });
  await page.waitForFunction(
    (before: number) => Number(/^([\d,]+) events loaded/.exec(document.querySelector('ct-event-history')?.shadowRoot?.querySelector('ct-event-table')?.shadowRoot?.querySelector('.status')?.textContent ?? '')?.[1]?.replace(/,/g, '')) > before,
    { timeout: 30_000 },
    loaded,
  );
  assert.deepEqual(errors, []);
  await page.close();
});

/** Runs axe on the page, through shadow roots, and returns the violations as readable lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  });
}

for (const [name, path, ready] of [
  ['the drop-in page', 'demo/', 'ct-event-history'],
  ['the composed page', 'demo/composed.html', 'ct-lookup-provider'],
] as const) {
  test(`${name} shows events and passes an axe check`, { timeout: 120_000 }, async () => {
    const page = await browser!.newPage();
    // axe is injected as an inline script, which the demo's strict CSP refuses (tested below).
    await page.setBypassCSP(true);
    await page.setViewport({ width: 1400, height: 1000 });
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
    await page.waitForFunction(
      (tag) => {
        const table = tag === 'ct-event-history' ? document.querySelector(tag)!.shadowRoot!.querySelector('ct-event-table') : document.querySelector('ct-event-table');
        return (table?.shadowRoot?.querySelectorAll('.body [role="row"]').length ?? 0) > 0;
      },
      { timeout: 60_000 },
      ready,
    );
    // Open an event so the detail and its JSON are checked too.
    await page.evaluate((tag) => {
      const table = tag === 'ct-event-history' ? document.querySelector(tag)!.shadowRoot!.querySelector('ct-event-table') : document.querySelector('ct-event-table');
      table!.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!.click();
    }, ready);
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });
}

test('the demo runs under a strict CSP with Trusted Types and reports no violation', { timeout: 120_000 }, async () => {
  const page = await browser!.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  // Registered before any of the page's scripts run (CDP injects it; the page's CSP does not apply to it).
  await page.evaluateOnNewDocument(() => {
    const reports: string[] = [];
    (window as unknown as { cspReports: string[] }).cspReports = reports;
    document.addEventListener('securitypolicyviolation', (e) => reports.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
  });
  const response = await page.goto(`${baseUrl}demo/`, { waitUntil: 'load' });
  const csp = response?.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /require-trusted-types-for 'script'/);
  await page.waitForFunction(
    () => (document.querySelector('ct-event-history')?.shadowRoot?.querySelector('ct-event-table')?.shadowRoot?.querySelectorAll('.body [role="row"]').length ?? 0) > 0,
    { timeout: 60_000 },
  );
  await page.evaluate(() => {
    const root = document.querySelector('ct-event-history')!.shadowRoot!;
    root.querySelector('ct-event-table')!.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!.click();
  });
  await page.waitForFunction(() => (document.querySelector('ct-event-history')!.shadowRoot!.querySelector('ct-event-detail')!.shadowRoot!.textContent ?? '').includes('eventID'), { timeout: 60_000 });
  // The policy is live: an inline script is refused (by Trusted Types or script-src) and reported.
  // Its report is also the mark to wait for, rather than a fixed time: a page's violation reports
  // arrive in order, so once this one is in, any the demo caused before it is in too.
  await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => undefined);
  await page.waitForFunction(() => (window as unknown as { cspReports: string[] }).cspReports.some((r) => r.includes('__inlineRan')), { timeout: 20_000 });
  const after = await page.evaluate(() => ({ ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, reports: (window as unknown as { cspReports: string[] }).cspReports }));
  assert.equal(after.ran, false, 'an inline script does not run');
  assert.deepEqual(after.reports.filter((r) => !r.includes('__inlineRan')), [], 'no violation from the demo, the elements, Lit, the SDK or vite');
  await page.close();
});
