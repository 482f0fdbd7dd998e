/**
 * "Events around this": from an open event (the detail's buttons) or a row (a cell's menu), one
 * click runs the lookup of what happened near it, the event stays open, and the link keeps it.
 * Against the emulator's ground truth over real HTTP.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { describe, it } from './helpers/mocha.js';
import { createInstance, lookupLog, truth, until, type Instance, type RequestLogEntry } from './helpers/emulator.js';
import { detailField, mountHistory, once, settle, tableRoot, waitForStatus } from './helpers/elements.js';
import type { CtEventHistory, InvestigationStore } from '../../src/index.js';

interface Sent { StartTime?: number; EndTime?: number; LookupAttributes?: { AttributeKey: string; AttributeValue: string }[] }
const sent = (e: RequestLogEntry) => e.params as Sent;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Every page of the lookup shown. */
async function loadAll(session: InvestigationStore): Promise<void> {
  await waitForStatus(session, ['done']);
  for (let i = 0; i < 40 && session.lookup.state.hasMore; i++) await session.loadMore();
}

/** The row at `index` as the table renders it. */
function row(history: CtEventHistory, index: number): HTMLElement {
  const table = history.shadowRoot!.querySelector('ct-event-table')!;
  return tableRoot(table).querySelector<HTMLElement>(`.body [role="row"][data-index="${index}"]`)!;
}

async function mountLinked(inst: Instance): Promise<CtEventHistory> {
  const el = await fixture<CtEventHistory>(html`<ct-event-history url-state .region=${inst.region} .endpoint=${inst.url}
    .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(el.session));
  return el;
}

describe('events around this', () => {
  it('passes an axe check with the detail\'s "Events around this" shown', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 120, seed: 61 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    m.session.select(m.session.lookup.state.events[0]);
    await until(() => Boolean(m.detail.shadowRoot!.querySelector('[role="group"][aria-label="Events around this"]')));
    await expect(m.detail).to.be.accessible();
  });

  it('"Same identity, the hour before" in the detail runs that lookup in one click, keeps the event open, and the link reopens it', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 400, seed: 62 }, throttle: false });
    const original = location.href;
    history.replaceState(history.state, '', location.pathname);
    try {
      const el = await mountLinked(inst);
      const session = el.session!;
      await waitForStatus(session, ['done']);
      await settle();
      const index = session.lookup.state.events.slice(0, 8).findIndex((e) => e.Username);
      expect(index, 'a row with a user name among the first').to.be.at.least(0);
      const event = session.lookup.state.events[index];
      row(el, index).click();
      const detail = el.shadowRoot!.querySelector('ct-event-detail')!;
      await until(() => detailField(detail, 'Event ID') === event.EventId);
      const group = await (async () => {
        await until(() => Boolean(detail.shadowRoot!.querySelector('[role="group"][aria-label="Events around this"]')));
        return detail.shadowRoot!.querySelector<HTMLElement>('[role="group"][aria-label="Events around this"]')!;
      })();
      const buttons = [...group.querySelectorAll('button')].map((b) => b.textContent?.trim());
      expect(buttons).to.deep.equal(['±5 minutes', '±1 hour', 'Same identity, the hour before']);
      const button = group.querySelector<HTMLButtonElement>(`button[aria-label="Same identity, the hour before: events by ${event.Username}"]`);
      expect(button, 'the button names whose hour it looks up').to.exist;

      const fired = once(detail, 'ct-around');
      button!.click();
      const around = await fired;
      expect(around.span).to.equal('identity-1h');
      expect(around.event.EventId).to.equal(event.EventId);
      const start = seconds(event.EventTime!) - 3600;
      const end = seconds(event.EventTime!) + 1;
      await until(async () => (await lookupLog(inst.id)).some((e) => sent(e).StartTime === start && sent(e).EndTime === end
        && JSON.stringify(sent(e).LookupAttributes) === JSON.stringify([{ AttributeKey: 'Username', AttributeValue: event.Username }])));
      await loadAll(session);
      const want = await truth(inst.id, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: event.Username! }], StartTime: start, EndTime: end });
      expect(session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
      expect(want.some((e) => e.EventId === event.EventId), 'the event itself is in its hour').to.equal(true);
      // The event is still open, and its row in the new list is the selected one.
      expect(detailField(detail, 'Event ID')).to.equal(event.EventId);
      const table = el.shadowRoot!.querySelector('ct-event-table')!;
      await table.updateComplete;
      const selected = tableRoot(table).querySelector('.body [role="row"][aria-selected="true"]');
      expect(selected?.getAttribute('data-index')).to.equal(String(want.findIndex((e) => e.EventId === event.EventId)));

      // The link holds the lookup and the open event: a page opened on it runs the same request and opens it.
      await until(() => new URLSearchParams(location.search).get('ct-event') === event.EventId);
      const link = new URLSearchParams(location.search);
      expect(link.get('ct-range')).to.equal(`${new Date(start * 1000).toISOString()}/${new Date(end * 1000).toISOString()}`);
      session.dispose();
      el.remove();
      const before = (await lookupLog(inst.id)).length;
      const reopened = await mountLinked(inst);
      await until(() => reopened.session?.state.selected?.EventId === event.EventId, 20_000);
      const first = (await lookupLog(inst.id))[before];
      expect(sent(first).StartTime).to.equal(start);
      expect(sent(first).EndTime).to.equal(end);
      expect(sent(first).LookupAttributes).to.deep.equal([{ AttributeKey: 'Username', AttributeValue: event.Username }]);
      reopened.session!.dispose();
    } finally {
      history.replaceState(history.state, '', original);
    }
  });

  it('"Events ±5 minutes around this" in a cell\'s menu looks up the ten minutes around the row, with no conditions', async function () {
    this.timeout(40_000);
    const inst = await createInstance({ generate: { count: 400, seed: 63 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    // A narrower lookup first: the events around a row are every event, not only those it matched.
    const event = m.session.lookup.state.events[2];
    await m.session.addCondition({ field: 'EventSource', value: event.EventSource! });
    await m.table.updateComplete;
    const index = m.session.lookup.state.events.findIndex((e) => e.EventId === event.EventId);
    const root = tableRoot(m.table);
    const cell = root.querySelector<HTMLElement>(`.body [role="row"][data-index="${index}"] [role="gridcell"]:nth-child(3)`)!;
    const box = cell.getBoundingClientRect();
    cell.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, composed: true, cancelable: true, clientX: box.left + 4, clientY: box.top + 4 }));
    await until(() => Boolean(root.querySelector('[role="menu"]')));
    const items = [...root.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')];
    expect(items.map((i) => i.textContent?.trim()).slice(-3)).to.deep.equal([
      'Events ±5 minutes around this', 'Events ±1 hour around this', `Same identity, the hour before: events by ${event.Username}`,
    ]);
    const fired = once(m.table, 'ct-around');
    items.find((i) => i.textContent?.trim() === 'Events ±5 minutes around this')!.click();
    expect((await fired).span).to.equal('5m');
    const at = seconds(event.EventTime!);
    await until(async () => (await lookupLog(inst.id)).some((e) => sent(e).StartTime === at - 300 && sent(e).EndTime === at + 300 && !sent(e).LookupAttributes?.length));
    await loadAll(m.session);
    const want = await truth(inst.id, { StartTime: at - 300, EndTime: at + 300 });
    expect(m.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
    expect(m.session.lookup.state.query?.conditions ?? []).to.deep.equal([]);
    expect(m.session.state.selected?.EventId, 'the row chosen is open').to.equal(event.EventId);
  });

  it('a host that cancels ct-around keeps the lookup as it was', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 120, seed: 64 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    const query = m.session.lookup.state.query;
    m.session.select(m.session.lookup.state.events[0]);
    await until(() => Boolean(m.detail.shadowRoot!.querySelector('[role="group"][aria-label="Events around this"] button')));
    m.history.addEventListener('ct-around', (e) => e.preventDefault(), { once: true });
    const requests = (await lookupLog(inst.id)).length;
    const fired = once(m.detail, 'ct-around');
    m.detail.shadowRoot!.querySelector<HTMLButtonElement>('[role="group"][aria-label="Events around this"] button')!.click();
    expect((await fired).defaultPrevented).to.equal(true);
    expect(m.session.lookup.state.query).to.equal(query);
    expect((await lookupLog(inst.id)).length).to.equal(requests);
  });
});
