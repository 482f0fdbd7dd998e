/**
 * The demo page shows what the view offers: the Source switch (Event history / Athena) against the
 * built-in emulator, and Follow bringing new rows from an emulator whose data keeps arriving
 * (`live`, as `npm start -- --live` serves it). Waits on the emulator's request log and the rows.
 */
import { expect } from '@open-wc/testing';
import type { CtEventHistory } from '../../src/index.js';
import { createInstance, getLog, truth, until } from './helpers/emulator.js';
import { connectTo } from './helpers/demo.js';
import { describe, it } from './helpers/mocha.js';

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function openDemo(): Promise<{ frame: HTMLIFrameElement; doc: Document; history: CtEventHistory }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:1200px;height:900px;border:0';
  frame.src = '/demo/index.html';
  document.body.append(frame);
  await until(() => Boolean(frame.contentDocument?.querySelector('ct-event-history')?.shadowRoot?.querySelector('ct-lookup-provider')), 30_000);
  const doc = frame.contentDocument!;
  return { frame, doc, history: doc.querySelector('ct-event-history') as CtEventHistory };
}

describe('the demo page, live', () => {
  it('offers the Source switch against the built-in emulator, and Follow shows the events that keep arriving', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 60, seed: 5 }, live: { everySeconds: 1 } });
    const { frame, doc, history } = await openDemo();
    try {
      const filter = () => history.shadowRoot!.querySelector('ct-lookup-filter')!.shadowRoot!;
      await until(() => Boolean(filter().querySelector('[part="source"]')), 30_000);
      const source = filter().querySelector<HTMLSelectElement>('[part="source"]')!;
      expect([...source.options].map((o) => text(o)), 'the Source switch: Event history and Athena').to.deep.equal(['Event history', 'Athena']);

      // Connect to an instance whose data keeps arriving, through the page's own form.
      const form = doc.getElementById('connect') as HTMLFormElement;
      (doc.getElementById('connect-panel') as HTMLDetailsElement).open = true;
      connectTo(form, inst, `emulator-live-${Date.now()}`);
      await until(() => history.session?.lookup.endpoint === inst.url && history.session.lookup.state.status === 'done' && history.session.lookup.state.events.length > 0, 30_000);
      const session = history.session!;
      const first = new Set(session.lookup.state.events.map((e) => e.EventId));

      const table = history.shadowRoot!.querySelector('ct-event-table')!;
      await until(() => Boolean(table.shadowRoot!.querySelector('[part="follow"] input')), 30_000);
      const since = (await getLog(inst.id)).at(-1)?.seq ?? 0;
      table.shadowRoot!.querySelector<HTMLInputElement>('[part="follow"] input')!.click();
      // A follow poll that found events the page did not hold: the emulator's log says so, then the rows do.
      await until(async () => (await getLog(inst.id)).some((e) => e.seq > since && e.operation === 'LookupEvents' && (e.eventCount ?? 0) > 0), 60_000);
      await until(() => session.lookup.state.events.some((e) => !first.has(e.EventId)), 30_000);
      const arrived = session.lookup.state.events.filter((e) => !first.has(e.EventId));
      const known = new Set((await truth(inst.id)).map((e) => e.EventId));
      expect(arrived.every((e) => known.has(e.EventId!)), 'the new rows are the emulator\'s new events').to.equal(true);
      const created = Date.parse(inst.now);
      expect(arrived.every((e) => e.EventTime!.getTime() >= created), 'delivered since the instance was made: the live ones').to.equal(true);
      expect(table.shadowRoot!.querySelector<HTMLInputElement>('[part="follow"] input')!.checked, 'Follow is on').to.equal(true);
    } finally {
      frame.remove();
    }
  });
});
