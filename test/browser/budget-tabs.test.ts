/**
 * The budget is the account's, not the tab's: two browsing contexts of the same origin (this page
 * and a frame, each with its own copy of the library and its own page-wide limiter) page the same
 * account and Region at once, and the emulator, which throttles at the service's 2 requests per
 * second (a bucket of 2), never has to throttle. (Receipt times carry transit jitter on a busy
 * machine; the server's verdict is the check, as in the other budget tests.)
 */
import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { createInstance, lookupLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const QUERY: LookupQuery = { timeRange: { kind: 'relative', preset: '90d' }, pageSize: 50, readOnly: 'all', category: 'management' };
const PAGES = 10;

/** Pages `PAGES` pages in a frame with its own copy of the library; resolves with the rows it loaded. */
function pageInFrame(url: string, credentials: object, region: string): Promise<number> {
  const lookup = new URL('../../src/lookup/controller.ts', import.meta.url).href;
  const frame = document.createElement('iframe');
  frame.srcdoc = `<script type="module">
    const { LookupController } = await import(${JSON.stringify(lookup)});
    const c = new LookupController({ region: ${JSON.stringify(region)}, endpoint: ${JSON.stringify(url)}, credentials: ${JSON.stringify(credentials)}, maxRequestsPerLoad: 1 });
    await c.run(${JSON.stringify(QUERY)});
    for (let i = 1; i < ${PAGES} && c.state.hasMore; i++) await c.loadMore();
    parent.postMessage({ budgetFrame: c.state.events.length, error: c.state.error?.message ?? null }, '*');
  </script>`;
  return new Promise((resolve, reject) => {
    const onMessage = (e: MessageEvent) => {
      if (e.source !== frame.contentWindow || !e.data || !('budgetFrame' in e.data)) return;
      window.removeEventListener('message', onMessage);
      frame.remove();
      if (e.data.error) reject(new Error(`the frame's lookup failed: ${e.data.error}`));
      else resolve(e.data.budgetFrame as number);
    };
    window.addEventListener('message', onMessage);
    document.body.append(frame);
  });
}

describe('one budget across tabs', () => {
  it('this page and a frame page the same account and Region at once, and the service never throttles', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 2_000, seed: 4, at: Date.UTC(2026, 10, 16, 10) }, rebase: true, fullPages: true });
    const credentials = { ...inst.staticCredentials };
    const frame = pageInFrame(inst.url, credentials, inst.region);
    const here = new LookupController({ region: inst.region, endpoint: inst.url, credentials, maxRequestsPerLoad: 1 });
    await here.run(QUERY);
    for (let i = 1; i < PAGES && here.state.hasMore; i++) await here.loadMore();
    const there = await frame;
    expect(here.state.error, 'this page\'s lookup did not fail').to.equal(null);
    expect(here.state.events.length).to.equal(PAGES * 50);
    expect(there).to.equal(PAGES * 50);
    let log = await lookupLog(inst.id);
    await until(async () => (log = await lookupLog(inst.id)).length >= 2 * PAGES);
    expect(log.filter((e) => e.outcome === 'ThrottlingException'), 'the emulator never throttled').to.have.length(0);
    expect(log.filter((e) => e.outcome === 'ok').length, 'both contexts paged').to.equal(2 * PAGES);
    here.dispose();
  });
});
