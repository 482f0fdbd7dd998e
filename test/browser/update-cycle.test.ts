/**
 * No element asks for a second render from within a finished one (Lit's dev-mode "change-in-update"
 * warning): a table that follows a live tail, its keyboard on a row, as events arrive above it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/ct-event-table.js';
import { LookupController } from '../../src/lookup/controller.js';
import { RateLimiter } from '../../src/lookup/rate-limiter.js';
import { InvestigationStore } from '../../src/state/store.js';
import type { CtEventTable } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { addRecords, advanceClock, createInstance, info, truth, until } from './helpers/emulator.js';
import { ManualClock, steppedWith } from './helpers/clock.js';
import { describe, it } from './helpers/mocha.js';

// Lit says each warning once per page: this file is a page of its own, so the table rendered here is the one heard.
const warnings: string[] = [];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  warnings.push(args.map(String).join(' '));
  warn(...args);
};

const NINETY_DAYS: LookupQuery = { timeRange: { kind: 'relative', preset: '90d' }, pageSize: 50, readOnly: 'all', category: 'management' };

describe('update cycle', () => {
  it('a following table whose keyboard row moves with its event as rows arrive above it schedules no update after one completed', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 30, seed: 9 } });
    const clock = new ManualClock(Date.parse((await info(inst.id)).now));
    const { advance, runUntil } = steppedWith(clock, (seconds) => advanceClock(inst.id, seconds), until);
    const lookup = new LookupController({ region: inst.region, endpoint: inst.url, credentials: { ...inst.staticCredentials }, limiter: new RateLimiter({ clock }), clock, now: clock.now });
    const store = new InvestigationStore(lookup, { now: clock.now });
    const table = await fixture<CtEventTable>(html`<ct-event-table style="--ct-table-height: 320px" .session=${store}></ct-event-table>`);
    try {
      // The limiter's timers are the manual clock's: move it until the lookup is in.
      let loaded = false;
      void store.run(NINETY_DAYS).then(() => { loaded = true; });
      while (!loaded) await advance(clock.nextDue ?? clock.now());
      await table.updateComplete;
      const grid = table.shadowRoot!.querySelector<HTMLElement>('.grid')!;
      grid.focus();
      for (let i = 0; i < 3; i++) grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      await table.updateComplete;
      const onRow = store.lookup.state.events[3]!.EventId;
      await until(() => Boolean(table.shadowRoot!.querySelector('[part~="follow"]')));
      table.shadowRoot!.querySelector<HTMLInputElement>('[part~="follow"] input')!.click();
      const template = JSON.parse((await truth(inst.id, {}))[0]!.CloudTrailEvent) as Record<string, unknown>;
      const added = [crypto.randomUUID(), crypto.randomUUID()];
      await addRecords(inst.id, added.map((eventID) => ({ ...template, eventID, eventName: 'FollowedEvent', awsRegion: inst.region, eventTime: new Date(clock.now()).toISOString() })));
      await runUntil(clock.now() + 12_000);
      await until(() => store.lookup.state.followed === added.length);
      await table.updateComplete;
      const active = Number(grid.getAttribute('aria-activedescendant')!.replace(/.*-row-/, ''));
      expect(store.lookup.state.events[active]!.EventId, 'the keyboard\'s row stayed on its event').to.equal(onRow);
      expect(active, 'below the two rows that arrived').to.equal(5);
      expect(warnings.filter((w) => w.includes('scheduled an update')), 'Lit\'s change-in-update warning').to.deep.equal([]);
    } finally {
      store.dispose();
    }
  });
});
