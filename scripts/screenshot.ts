/**
 * `npm run screenshot`: screenshots of the demo against the emulator, from headless Chromium, at
 * 390, 1024, 1440 and 1600 px in light and dark, of the table (nothing open), an event's detail,
 * the comparison of picked events, findings (facet, column, an explained finding) and an Insights lookup, into docs/screenshots/; and
 * docs/screenshot.png (the README's first image). Arguments narrow it down: `npm run screenshot --
 * 1440 dark` takes only those.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { createServer } from 'vite';
import { CHROME_ARGS, findChrome } from './find-chrome.js';

const WIDTHS = [390, 1024, 1440, 1600];
const THEMES = ['light', 'dark'] as const;
const args = process.argv.slice(2);
const widths = WIDTHS.filter((w) => !args.some((a) => /^\d+$/.test(a)) || args.includes(String(w)));
const themes = THEMES.filter((t) => !args.some((a) => a === 'light' || a === 'dark') || args.includes(t));

const HISTORY = 'document.querySelector("ct-event-history")';
const TABLE = `${HISTORY}.shadowRoot.querySelector("ct-event-table").shadowRoot`;
const until = (page: Page, expr: string) => page.waitForFunction(expr, { timeout: 60_000, polling: 100 });
/** Two frames: the elements' updates and the layout they cause are on screen. */
const frames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// Loaded by Node itself (tsx is registered), so `cloudtrail-elements-emulator` resolves to the workspace
// package's source through tsconfig.json's paths: vite's own config bundler would look for its dist/.
const server = await createServer({ configFile: 'vite.config.ts', configLoader: 'native', server: { port: 0 }, logLevel: 'warn' });
await server.listen();
const base = server.resolvedUrls!.local[0];
const profile = mkdtempSync(join(tmpdir(), 'ct-shot-'));
const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: CHROME_ARGS, userDataDir: profile });
mkdirSync('docs/screenshots', { recursive: true });

async function open(page: Page, width: number, theme: string, query: string): Promise<void> {
  await page.setViewport({ width, height: width < 600 ? 844 : 900, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
  await page.goto(`${base}demo/${query ? `?${query}` : ''}`, { waitUntil: 'load' });
  await until(page, `${TABLE}?.querySelectorAll('.body [role="row"]:not(.skeleton)').length > 3`);
  await page.evaluate(() => localStorage.clear());
  await frames(page);
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await frames(page);
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage });
  console.log(`wrote docs/screenshots/${name}.png`);
}

/** Clicks row `n` (a failed one first if asked) and waits for the detail. */
async function openRow(page: Page, failed: boolean): Promise<void> {
  await page.evaluate(`(${failed ? `${TABLE}.querySelector('.body [role="row"].failed') ?? ` : ''}${TABLE}.querySelectorAll('.body [role="row"]')[2]).click()`);
  await until(page, `!${HISTORY}.shadowRoot.querySelector('.pane').hidden`);
  await frames(page);
}

try {
  const page = await browser.newPage();
  for (const theme of themes) {
    for (const width of widths) {
      const name = (view: string) => `${view}-${width}-${theme}`;
      // The demo's default view, as a first visit shows it (the last 90 days, the first page in).
      await open(page, width, theme, '');
      await shot(page, name('table'));
      await openRow(page, true);
      await shot(page, name('detail'));
      if (width === 1440 && theme === 'light') await page.screenshot({ path: 'docs/screenshot.png' });
      // Pick three rows to compare, then open the comparison from the table's toolbar.
      await page.evaluate(`[...${TABLE}.querySelectorAll('.body [role="row"] input[type="checkbox"]')].slice(0, 3).forEach((b) => b.click())`);
      await page.evaluate(`${TABLE}.querySelector('.compare-open').click()`);
      await until(page, `${HISTORY}.shadowRoot.querySelector('ct-event-detail').shadowRoot.querySelector('.compare')`);
      await page.evaluate(`${HISTORY}.scrollIntoView()`);
      await shot(page, name('compare'));
      // Findings: the demo's seeded attacks of the last hours, with the Finding column, the facet open and one explained.
      await open(page, width, theme, 'ct-range=1d&ct-columns=time,eventName,username,finding');
      // The seeded StopLogging is hours old: page on until it is loaded (how many pages depends on the hour).
      await page.evaluate(`(async (s) => { while (!s.lookup.state.events.some((e) => e.EventName === 'StopLogging') && s.lookup.state.hasMore) await s.loadMore(); })(${HISTORY}.session)`);
      await page.evaluate(`${HISTORY}.shadowRoot.querySelector('details.facets').open = true`);
      await until(page, `${HISTORY}.shadowRoot.querySelector('ct-event-facets')?.shadowRoot?.querySelector('[data-field="Finding"] button.value')`);
      await shot(page, name('findings'));
      await page.evaluate(`${HISTORY}.session.select(${HISTORY}.session.lookup.state.events.find((e) => e.EventName === 'StopLogging'))`);
      await until(page, `${HISTORY}.shadowRoot.querySelector('ct-event-detail').shadowRoot.querySelector('[part="findings"]')`);
      await page.evaluate(`${HISTORY}.shadowRoot.querySelector('ct-event-detail').shadowRoot.querySelector('[part="findings"]').scrollIntoView()`);
      await shot(page, name('finding-detail'));
      await page.evaluate(`${HISTORY}.shadowRoot.querySelector('details.facets').open = false`);
      await open(page, width, theme, 'ct-range=90d&ct-category=insight');
      await shot(page, name('insights'));
      await openRow(page, false);
      await shot(page, name('insight-detail'));
    }
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
