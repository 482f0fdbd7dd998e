/**
 * `npm run screenshot`: takes docs/screenshot.png of the demo against the emulator, from headless
 * Chromium, with an event opened in the detail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';
import { CHROME_ARGS, findChrome } from './find-chrome.js';

const server = await createServer({ configFile: 'vite.config.ts', server: { port: 0 }, logLevel: 'warn' });
await server.listen();
// A week, so the timeline has a shape once a few pages are in.
const url = `${server.resolvedUrls!.local[0]}demo/?ct-range=7d`;
const profile = mkdtempSync(join(tmpdir(), 'ct-shot-'));
const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: CHROME_ARGS, userDataDir: profile });
try {
  const page = await browser.newPage();
  // Tall enough for the filter, the timeline, the top values and the table with its detail.
  await page.setViewport({ width: 1440, height: 1700, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(url, { waitUntil: 'load' });
  const table = 'document.querySelector("ct-event-history").shadowRoot.querySelector("ct-event-table").shadowRoot';
  await page.waitForFunction(`${table}.querySelectorAll('.body [role="row"]').length > 10`, { timeout: 60_000 });
  // Four more pages, through the store as the table's Load more would.
  for (let i = 0; i < 4; i++) await page.evaluate('document.querySelector("ct-event-history").session.loadMore()');
  // Open a failed call if one is on screen: it shows the error fields in the detail.
  await page.evaluate(`(${table}.querySelector('.body [role="row"].failed') ?? ${table}.querySelectorAll('.body [role="row"]')[2]).click()`);
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
