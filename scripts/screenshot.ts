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
const url = `${server.resolvedUrls!.local[0]}demo/`;
const profile = mkdtempSync(join(tmpdir(), 'ct-shot-'));
const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: CHROME_ARGS, userDataDir: profile });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(url, { waitUntil: 'load' });
  const table = 'document.querySelector("ct-event-history").shadowRoot.querySelector("ct-event-table").shadowRoot';
  await page.waitForFunction(`${table}.querySelectorAll('.body [role="row"]').length > 10`, { timeout: 60_000 });
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
