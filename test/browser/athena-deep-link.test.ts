/**
 * A link to one event (`ct-event=<id>`) with `<ct-event-history source="athena" url-state>`: the
 * event, years older than Event history keeps, is found by id through Athena (one query,
 * `WHERE eventid = ?`, the id a parameter), not through LookupEvents.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory } from '../../src/index.js';
import { createInstance, getLog, truth, until } from './helpers/emulator.js';
import { detailField, tableRoot } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const DAY = 86_400_000;

describe('<ct-event-history source="athena">: a link to an old event', () => {
  it('opens an event 400 days old by id through one Athena query', async function () {
    this.timeout(120_000);
    const at = (ms: number) => ({ eventTime: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const t0 = Date.now();
    const records = [
      ...Array.from({ length: 30 }, (_, i) => record(i + 1, at(t0 - 5 * 60_000 - i * 60_000))),
      record(77, { ...at(t0 - 400 * DAY), eventName: 'DeleteTrail', eventSource: 'cloudtrail.amazonaws.com' }),
      ...Array.from({ length: 30 }, (_, i) => record(i + 100, at(t0 - 300 * DAY - i * DAY))),
    ];
    const inst = await createInstance({ records, retentionDays: 3650, athena: {} });
    const now = Date.parse(inst.now);
    const all = await truth(inst.id, { StartTime: Math.floor((now - 500 * DAY) / 1000), EndTime: Math.floor(now / 1000), regions: '*' });
    const target = all.find((e) => e.EventName === 'DeleteTrail')!;
    expect(target, 'the old event is in the data').to.not.equal(undefined);
    const original = location.href;
    try {
      history.replaceState(null, '', `${location.pathname}?ct-event=${encodeURIComponent(target.EventId!)}`);
      const el = await fixture<CtEventHistory>(html`<ct-event-history url-state source="athena" .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url}
        .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
      await until(() => Boolean(el.session?.state.selected), 100_000);
      const detail = el.shadowRoot!.querySelector('ct-event-detail')!;
      await detail.updateComplete;
      expect(detailField(detail, 'Event ID')).to.equal(target.EventId);
      expect(detailField(detail, 'Event name')).to.equal('DeleteTrail');
      expect(el.session!.lookup.state.events.some((e) => e.EventId === target.EventId), 'not among the rows the default range loaded').to.equal(false);
      const log = await getLog(inst.id);
      const byId = log.filter((e) => e.operation === 'StartQueryExecution' && String((e.params as { QueryString?: string }).QueryString).includes('eventid = ?'));
      expect(byId.length, 'one query by id').to.equal(1);
      const params = byId[0]!.params as { QueryString: string; ExecutionParameters: string[] };
      expect(params.ExecutionParameters).to.deep.equal([`'${target.EventId}'`]);
      expect(params.QueryString).not.to.include(target.EventId!);
      expect(log.some((e) => e.operation === 'LookupEvents'), 'Event history is not asked').to.equal(false);
      el.session!.dispose();

      // An id the table does not hold: one query, then a notice that names where it looked.
      history.replaceState(null, '', `${location.pathname}?ct-event=no-such-event`);
      const other = await fixture<CtEventHistory>(html`<ct-event-history url-state source="athena" .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url}
        .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
      const table = other.shadowRoot!.querySelector('ct-event-table')!;
      await until(() => Boolean(other.session?.state.notice), 100_000);
      await table.updateComplete;
      expect(tableRoot(table).querySelector('.notice')?.textContent).to.equal('Event no-such-event is not in the trail logs Athena reads.');
      expect(other.session!.state.selected).to.equal(null);
      other.session!.dispose();
    } finally {
      history.replaceState(history.state, '', original);
    }
  });
});
