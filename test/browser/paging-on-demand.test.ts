/**
 * Paging on demand never runs away: the table asks for the next page only when the reader scrolls
 * near the end (or presses Load more), never because its grid changed size. A grid that has lost its
 * height (a host's layout, a hydration that went wrong) shows every loaded row, so each page would
 * make room for the next: the lookup must still stop after its first page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventTable } from '../../src/index.js';
import { InvestigationStore } from '../../src/state/store.js';
import { LookupController } from '../../src/lookup/controller.js';
import { createInstance, lookupLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('paging on demand', () => {
  it('a grid without a height of its own gets no page it was not asked for, and Load more still works', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 600, seed: 2, at: Date.UTC(2026, 10, 16, 10) }, rebase: true, fullPages: true });
    const store = new InvestigationStore(new LookupController({ region: inst.region, endpoint: inst.url, credentials: { ...inst.staticCredentials } }));
    const table = await fixture<CtEventTable>(html`<ct-event-table .session=${store}></ct-event-table>`);
    const asked: Event[] = [];
    table.addEventListener('ct-load-more', (e) => asked.push(e));
    // The grid loses its height: every row is laid out, and each page grows the grid.
    const unsized = new CSSStyleSheet();
    unsized.replaceSync('[part="grid"] { height: auto !important; max-height: none !important; contain: none !important; }');
    table.shadowRoot!.adoptedStyleSheets = [...table.shadowRoot!.adoptedStyleSheets, unsized];
    await store.run({ timeRange: { kind: 'relative', preset: '90d' }, pageSize: 50, readOnly: 'all', category: 'management' });
    await table.updateComplete;
    await until(() => table.shadowRoot!.querySelectorAll('.body [role="row"]').length === 50);
    // Size changes the reader did not make: the window moves, and nothing is fetched.
    for (const width of ['90%', '70%', '100%']) {
      table.style.width = width;
      await frame();
      await table.updateComplete;
    }
    expect(asked, 'no ct-load-more without a scroll or a request').to.have.length(0);
    expect(store.lookup.state.status).to.equal('done');
    expect((await lookupLog(inst.id)).length, 'one LookupEvents call').to.equal(1);
    // The reader asks: one more page, and still nothing by itself after it.
    table.shadowRoot!.querySelector<HTMLButtonElement>('.more button')!.click();
    await until(() => store.lookup.state.counts.pages === 2 && store.lookup.state.status === 'done');
    await frame();
    await table.updateComplete;
    expect((await lookupLog(inst.id)).length, 'one more call for one Load more').to.equal(2);
    expect(store.lookup.state.events.length).to.equal(100);
    store.dispose();
  });
});
