/**
 * A link to one event (`ct-event=<id>`) with `<ct-event-history source="athena" url-state>`: the
 * event, years older than Event history keeps, is found by id through Athena (`WHERE eventid = ?`,
 * the id a parameter, newest first in growing windows: the last day, the week, 90 days, the rest,
 * stopping at the first hit), not through LookupEvents.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory } from '../../src/index.js';
import { AthenaPageSource } from '../../src/lookup/athena/source.js';
import { toRefreshable } from '../../src/lookup/credentials.js';
import { createInstance, getLog, truth, until } from './helpers/emulator.js';
import { detailField, tableRoot } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const DAY = 86_400_000;

describe('<ct-event-history source="athena">: a link to an old event', () => {
  it('opens an event 400 days old by id, looking newest first in growing windows; an event of today reads only the last day', async function () {
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
      expect(byId.length, 'the last day, the week, 90 days, then the rest').to.equal(4);
      const params = byId.map((e) => e.params as { QueryString: string; ExecutionParameters: string[] });
      for (const p of params) {
        expect(p.ExecutionParameters.at(-1)).to.equal(`'${target.EventId}'`);
        expect(p.QueryString).not.to.include(target.EventId!);
      }
      // Each window's lower day bound reaches further back than the last.
      const lows = params.map((p) => p.ExecutionParameters[0]!);
      expect([...lows].sort().reverse(), 'newest window first').to.deep.equal(lows);
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

  it('a link to an event of today reads only the newest day\'s partitions (and the next, for late delivery)', async function () {
    this.timeout(120_000);
    const t0 = Date.UTC(2026, 2, 14, 12);
    const at = (ms: number) => ({ eventTime: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const records = Array.from({ length: 200 }, (_, i) => record(i + 1, at(t0 - 600_000 - i * 6 * 3_600_000)));
    const inst = await createInstance({ records, retentionDays: 3650, athena: {} });
    const source = new AthenaPageSource({ region: inst.region, endpoint: inst.url, credentials: toRefreshable({ ...inst.staticCredentials }), pollMs: { first: 20, max: 100 }, now: () => t0 });
    const target = records[0]!.eventID as string;
    const page = await source.fetchPage({ input: { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: target }] }, signal: new AbortController().signal });
    expect(page.events.map((e) => e.EventId)).to.deep.equal([target]);
    const queries = (await getLog(inst.id)).filter((e) => e.operation === 'StartQueryExecution');
    expect(queries.length, 'one query: the last day held it').to.equal(1);
    const [low, high] = (queries[0]!.params as { ExecutionParameters: string[] }).ExecutionParameters;
    expect([low, high]).to.deep.equal(["'2026/03/13'", "'2026/03/15'"]);
    // 200 events over 50 days: the bytes read are a day's files and the next, not the table's.
    const dayBytes = page.scannedBytes!;
    const whole = await source.fetchPage({ input: { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: 'no-such-event' }] }, signal: new AbortController().signal });
    expect(whole.events).to.deep.equal([]);
    expect(dayBytes, `${dayBytes} of ${whole.scannedBytes}`).to.be.greaterThan(0).and.lessThan(whole.scannedBytes! / 10);
    source.dispose();
  });
});
