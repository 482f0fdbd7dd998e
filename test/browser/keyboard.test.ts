/**
 * The drop-in history from the keyboard: a "Skip to events" link first, each top-values list one
 * Tab stop with the arrow keys inside, and Escape in the grid closing the open event with the
 * keyboard back on its row. Real key presses (sendKeys) against the emulator.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CtEventFacets } from '../../src/index.js';
import { createInstance, until } from './helpers/emulator.js';
import { mountHistory, settle, tableRoot, waitForStatus, type Mounted } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';

/** The element focus is on, through the shadow roots. */
function deepActive(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

async function withFacetsOpen(m: Mounted): Promise<CtEventFacets> {
  const details = m.history.shadowRoot!.querySelector<HTMLDetailsElement>('details.facets')!;
  details.open = true;
  const facets = m.history.shadowRoot!.querySelector<CtEventFacets>('ct-event-facets')!;
  await until(() => (facets.shadowRoot?.querySelectorAll('.facet ul').length ?? 0) >= 5);
  await facets.updateComplete;
  return facets;
}

describe('keyboard', () => {
  it('passes an axe check with the top values open and an event open', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 150, seed: 71 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await withFacetsOpen(m);
    m.session.select(m.session.lookup.state.events[0]);
    await m.detail.updateComplete;
    await settle();
    await expect(m.history).to.be.accessible();
  });

  it('the first Tab stop is "Skip to events", and Enter on it puts focus on the rows', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 150, seed: 72 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await withFacetsOpen(m);
    // The link comes with the layout's module, beside the first rows.
    await until(() => Boolean(m.history.shadowRoot!.querySelector('.skip')));
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'Tab' });
    const skip = deepActive() as HTMLElement;
    expect(skip.textContent?.trim()).to.equal('Skip to events');
    expect(skip.getBoundingClientRect().height, 'shown while focused').to.be.greaterThan(10);
    expect(skip.getBoundingClientRect().bottom, 'on screen').to.be.greaterThan(0);
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive()?.getAttribute('role') === 'grid');
    expect(deepActive()).to.equal(tableRoot(m.table).querySelector('[role="grid"]'));
  });

  it('each top-values list is one Tab stop; the arrow keys move inside it', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 300, seed: 73 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    const facets = await withFacetsOpen(m);
    const lists = [...facets.shadowRoot!.querySelectorAll('.facet ul')];
    for (const list of lists) expect([...list.querySelectorAll('button')].filter((b) => b.tabIndex === 0).length, 'one Tab stop a list').to.equal(1);
    const first = lists[0].querySelector<HTMLButtonElement>('button.value')!;
    first.focus();
    await sendKeys({ press: 'ArrowDown' });
    const second = lists[0].querySelectorAll<HTMLButtonElement>('button.value')[1];
    expect(deepActive()).to.equal(second);
    await sendKeys({ press: 'ArrowRight' });
    expect(deepActive()).to.equal(second.parentElement!.querySelector('button.exclude'));
    await sendKeys({ press: 'ArrowLeft' });
    expect(deepActive()).to.equal(second);
    await sendKeys({ press: 'End' });
    expect(deepActive()).to.equal([...lists[0].querySelectorAll('button.value')].at(-1));
    // Tab leaves the list for the next one's stop; Shift+Tab comes back to where the reader was.
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.closest('ul')).to.equal(lists[1]);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal([...lists[0].querySelectorAll('button.value')].at(-1));
    // From the "Top values" summary to the rows: one stop a list and the table's own controls, not two a value.
    m.history.shadowRoot!.querySelector<HTMLElement>('details.facets > summary')!.focus();
    const values = facets.shadowRoot!.querySelectorAll('button.value').length;
    let presses = 0;
    while (deepActive()?.getAttribute('role') !== 'grid' && presses < 200) {
      await sendKeys({ press: 'Tab' });
      presses++;
    }
    expect(deepActive()?.getAttribute('role')).to.equal('grid');
    expect(values, 'many values are shown').to.be.greaterThan(40);
    expect(presses, `Tab presses past ${values} values and ${lists.length} lists`).to.be.at.most(lists.length + 15);
  });

  it('Escape in the grid closes the open event and leaves the keyboard on its row', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 150, seed: 74 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    const root = tableRoot(m.table);
    root.querySelectorAll<HTMLElement>('.body [role="row"]')[3].click();
    const pane = m.history.shadowRoot!.querySelector<HTMLElement>('.pane')!;
    await until(() => !pane.hidden);
    const grid = root.querySelector<HTMLElement>('[role="grid"]')!;
    expect(deepActive()).to.equal(grid);
    // Elsewhere on the keyboard first: Escape brings it back to the open event's row.
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Escape' });
    await until(() => pane.hidden);
    expect(m.session.state.selected).to.equal(null);
    await m.table.updateComplete;
    expect(deepActive(), 'focus stays on the rows').to.equal(grid);
    expect(grid.getAttribute('aria-activedescendant')).to.match(/-row-3$/);
    // With nothing open, Escape does nothing else.
    await sendKeys({ press: 'Escape' });
    expect(deepActive()).to.equal(grid);
  });
});
