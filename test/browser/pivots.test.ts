/**
 * Pivots: from a value in the detail or a table cell's menu to a narrower lookup ("Filter") or a
 * new one ("New lookup"), against the emulator's ground truth over real HTTP.
 */
import { expect } from '@open-wc/testing';
import { describe, it } from './helpers/mocha.js';
import { createInstance, lookupLog, truth, until } from './helpers/emulator.js';
import { mountHistory, once, settle, tableRoot, waitForStatus } from './helpers/elements.js';

describe('pivots', () => {
  it('"New lookup" on the detail\'s access key runs a lookup by that AccessKeyId', async function () {
    this.timeout(40_000);
    const inst = await createInstance({ generate: { count: 200, seed: 51 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    const index = m.session.lookup.state.events.findIndex((e) => e.AccessKeyId);
    const key = m.session.lookup.state.events[index].AccessKeyId!;
    m.session.select(m.session.lookup.state.events[index]);
    await m.detail.updateComplete;
    const button = m.detail.shadowRoot!.querySelector<HTMLButtonElement>(`button[aria-label="New lookup where AWS access key is ${key}"]`);
    expect(button, 'a New lookup button beside the access key').to.exist;
    const pivoted = once(m.detail, 'ct-pivot');
    button!.click();
    expect((await pivoted).condition).to.deep.equal({ field: 'AccessKeyId', value: key });
    await until(async () => (await lookupLog(inst.id)).some((e) => JSON.stringify((e.params as { LookupAttributes?: unknown }).LookupAttributes) === JSON.stringify([{ AttributeKey: 'AccessKeyId', AttributeValue: key }])));
    await waitForStatus(m.session, ['done']);
    for (let i = 0; i < 20 && m.session.lookup.state.hasMore; i++) await m.session.loadMore();
    const want = await truth(inst.id, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: key }] });
    expect(m.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
  });

  it('"Filter" in the detail adds the value to the lookup without a request', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 200, seed: 52 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    const event = m.session.lookup.state.events[0];
    m.session.select(event);
    await m.detail.updateComplete;
    const requests = (await lookupLog(inst.id)).length;
    m.detail.shadowRoot!.querySelector<HTMLButtonElement>(`button[aria-label="Filter on Event source is ${event.EventSource}"]`)!.click();
    await until(() => (m.session.lookup.state.query?.conditions?.length ?? 0) === 1);
    expect(m.session.lookup.state.events.every((e) => e.EventSource === event.EventSource)).to.equal(true);
    expect((await lookupLog(inst.id)).length).to.equal(requests);
  });

  it('a row\'s menu opens with Shift+F10, moves with the arrow keys and pivots on Enter', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 200, seed: 53 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    const root = tableRoot(m.table);
    const grid = root.querySelector<HTMLElement>('.grid')!;
    grid.focus();
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'F10', shiftKey: true, bubbles: true, composed: true }));
    await m.table.updateComplete;
    await settle();
    const menu = root.querySelector<HTMLElement>('[role="menu"]')!;
    expect(menu, 'the menu is open').to.exist;
    const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    expect(root.activeElement, 'focus on the first item').to.equal(items[0]);
    const event = m.session.lookup.state.events[1];
    expect(items[0].textContent).to.equal(`Filter on Event name is ${event.EventName}`);
    // Keys go to the focused item, as a keyboard sends them.
    items[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(root.activeElement).to.equal(items[1]);
    expect(items[1].textContent).to.equal(`New lookup where Event name is ${event.EventName}`);
    const pivoted = once(m.table, 'ct-pivot');
    (root.activeElement as HTMLElement).click();
    const p = await pivoted;
    expect(p.mode).to.equal('new');
    await until(() => m.session.lookup.state.query?.attribute?.value === event.EventName);
    await m.table.updateComplete;
    expect(root.querySelector('[role="menu"]'), 'the menu closed').to.equal(null);
    expect(root.activeElement, 'focus back on the grid').to.equal(grid);

    // Escape closes it without pivoting.
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ContextMenu', bubbles: true, composed: true }));
    await m.table.updateComplete;
    await settle();
    (root.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await m.table.updateComplete;
    expect(root.querySelector('[role="menu"]')).to.equal(null);
  });
});
