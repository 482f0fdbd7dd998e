/**
 * Remembered choices: the columns a reader picks come back on the next plain load of a history on
 * the same origin; a link's columns, or the host's, still win. Against the emulator.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventHistory, CtEventTable } from '../../src/index.js';
import { createInstance, until, type Instance } from './helpers/emulator.js';
import { mountHistory, once, waitForStatus } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';

const KEY = 'ct-event-history.columns';
const headers = (table: CtEventTable) => [...table.shadowRoot!.querySelectorAll('[role="columnheader"] .label')].map((h) => h.textContent);

async function plainHistory(inst: Instance, attrs: { urlState?: boolean } = {}): Promise<{ el: CtEventHistory; table: CtEventTable }> {
  const el = await fixture<CtEventHistory>(html`<ct-event-history ?url-state=${attrs.urlState ?? false} .region=${inst.region} .endpoint=${inst.url}
    .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(el.session));
  await waitForStatus(el.session!, ['done']);
  const table = el.shadowRoot!.querySelector('ct-event-table')!;
  await until(() => headers(table).length > 0);
  return { el, table };
}

describe('remembered choices', () => {
  it('passes an axe check with the Columns chooser open', async function () {
    this.timeout(30_000);
    localStorage.removeItem(KEY);
    const inst = await createInstance({ generate: { count: 80, seed: 81 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    m.table.shadowRoot!.querySelector<HTMLDetailsElement>('details.chooser')!.open = true;
    await expect(m.table).to.be.accessible();
  });

  it('the columns the reader chose come back on a plain load; a link\'s columns and the host\'s win over them', async function () {
    this.timeout(60_000);
    localStorage.removeItem(KEY);
    const original = location.href;
    const inst = await createInstance({ generate: { count: 80, seed: 82 }, throttle: false });
    try {
      history.replaceState(history.state, '', location.pathname);
      const first = await plainHistory(inst);
      expect(headers(first.table)).to.deep.equal(['Event time', 'Event name', 'User name', 'Event source', 'Resource type', 'Resource name']);
      // The reader ticks Error code and unticks Resource type in the Columns chooser.
      const chooser = first.table.shadowRoot!.querySelector<HTMLDetailsElement>('details.chooser')!;
      chooser.querySelector('summary')!.click();
      const box = (label: string) => [...chooser.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)!.querySelector('input')!;
      let changed = once(first.table, 'ct-columns-change');
      box('Error code').click();
      await changed;
      changed = once(first.table, 'ct-columns-change');
      box('Resource type').click();
      await changed;
      const chosen = ['Event time', 'Event name', 'User name', 'Event source', 'Resource name', 'Error code'];
      await until(() => headers(first.table).join() === chosen.join());
      first.el.session!.dispose();
      first.el.remove();

      // A plain load: the reader's columns.
      const second = await plainHistory(inst);
      expect(headers(second.table)).to.deep.equal(chosen);
      second.el.session!.dispose();
      second.el.remove();

      // A cancelled change is not kept.
      const third = await plainHistory(inst);
      third.el.addEventListener('ct-columns-change', (e) => e.preventDefault(), { once: true });
      const chooser3 = third.table.shadowRoot!.querySelector<HTMLDetailsElement>('details.chooser')!;
      chooser3.open = true;
      [...chooser3.querySelectorAll('label')].find((l) => l.textContent?.trim() === 'AWS Region')!.querySelector('input')!.click();
      await third.table.updateComplete;
      expect(headers(third.table)).to.deep.equal(chosen);
      third.el.session!.dispose();
      third.el.remove();

      // A link's columns win over the remembered ones.
      history.replaceState(history.state, '', `${location.pathname}?ct-columns=time,eventName,sourceIp`);
      const linked = await plainHistory(inst, { urlState: true });
      expect(headers(linked.table)).to.deep.equal(['Event time', 'Event name', 'Source IP address']);
      linked.el.session!.dispose();
      linked.el.remove();
      history.replaceState(history.state, '', location.pathname);

      // So do the host's.
      const el = await fixture<CtEventHistory>(html`<ct-event-history .columns=${['time', 'username']} .region=${inst.region} .endpoint=${inst.url}
        .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
      await until(() => Boolean(el.session));
      const table = el.shadowRoot!.querySelector('ct-event-table')!;
      await until(() => headers(table).length > 0);
      expect(headers(table)).to.deep.equal(['Event time', 'User name']);
      el.session!.dispose();
    } finally {
      history.replaceState(history.state, '', original);
      localStorage.removeItem(KEY);
    }
  });
});
