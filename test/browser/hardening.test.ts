/**
 * Hardening: crafted links, spreadsheet formulas behind whitespace, deep records in every export,
 * invisible and bidirectional characters shown as what they are. Each case is one a reader or a
 * crafted input could hit, driven through the real elements against the emulator.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventHistory } from '../../src/index.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { control } from './helpers/elements.js';
import { record } from './helpers/records.js';
import { before, describe, it } from './helpers/mocha.js';

const DAY = 86_400_000;

/** `<ct-event-history url-state>` opened at `?search`; the address is restored by `restore()`. */
async function openLink(inst: Instance, search: string): Promise<{ el: CtEventHistory; restore: () => void }> {
  const original = location.href;
  history.replaceState(null, '', `${location.pathname}?${search}`);
  const el = await fixture<CtEventHistory>(html`<ct-event-history url-state .region=${inst.region} .endpoint=${inst.url}
    .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(el.session));
  await until(() => ['done', 'error'].includes(el.session!.lookup.state.status), 20_000);
  return { el, restore: () => history.replaceState(history.state, '', original) };
}

describe('crafted links', () => {
  let inst: Instance;
  before(async () => {
    inst = await createInstance({ records: Array.from({ length: 12 }, (_, i) => record(i)), rebase: true });
  });

  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`ct-range=${name} is not a preset: the default range runs, with no message`, async () => {
      const sent = (await lookupLog(inst.id)).length;
      const { el, restore } = await openLink(inst, `ct-range=${encodeURIComponent(name)}`);
      try {
        const state = el.session!.lookup.state;
        expect(state.error, 'the lookup ran').to.equal(null);
        expect(state.plan!.end.getTime() - state.plan!.start.getTime(), 'the default 90 days').to.equal(90 * DAY);
        expect(state.events.length).to.equal(12);
        expect((await lookupLog(inst.id)).length, 'one request').to.equal(sent + 1);
        const filter = el.shadowRoot!.querySelector('ct-lookup-filter')!;
        await filter.updateComplete;
        expect(control(filter, 'Time range').value, 'the filter shows the default').to.equal('90d');
        expect([...filter.shadowRoot!.querySelectorAll('[part="error"]')].map((e) => e.textContent?.trim()).filter(Boolean)).to.deep.equal([]);
      } finally {
        restore();
      }
    });
  }

  it('url-state writes only its own parameters: a token the address held is not carried into links', async () => {
    const { el, restore } = await openLink(inst, 'token=secret-id-token&region=eu-west-1&ct-range=7d');
    try {
      expect(el.session!.lookup.state.plan!.end.getTime() - el.session!.lookup.state.plan!.start.getTime()).to.equal(7 * DAY);
      await until(() => new URLSearchParams(location.search).get('ct-range') === '7d' && !location.search.includes('token'));
      el.session!.select(el.session!.lookup.state.events[2]);
      await until(() => new URLSearchParams(location.search).has('ct-event'));
      const names = [...new URLSearchParams(location.search).keys()];
      expect(names.every((n) => n.startsWith('ct-')), `only ct- parameters: ${names.join(', ')}`).to.equal(true);
      expect(location.href).to.not.include('secret-id-token');
    } finally {
      restore();
    }
  });
});
