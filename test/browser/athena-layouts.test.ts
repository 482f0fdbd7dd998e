/**
 * Every CloudTrail table layout AWS documents, in Chromium against the emulator's Athena: partition
 * projection (`cloudtrail_logs_pp`), manual partitions (`cloudtrail_logs_manual`), the console's
 * unpartitioned table with the older columns (`cloudtrail_console`) and an organization trail's
 * (`cloudtrail_org`). For a whole day each shows exactly the day's events, including those of the
 * last minutes before midnight whose log files were delivered the next day, and the facets and the
 * timeline count the same events.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { deliveryDelayMs } from '../../packages/emulator/src/athena/table.js';
import { createInstance, getLog, until, type Instance } from './helpers/emulator.js';
import { historyOf, runToEnd } from './helpers/elements.js';
import { describe, it, before } from './helpers/mocha.js';

const DAY = 86_400_000;
const DAY_START = Date.UTC(2026, 4, 11);

/** An event every 7 minutes over three days, in two Regions and two accounts; some fail. */
const records = Array.from({ length: Math.floor(3 * 24 * 60 / 7) }, (_, i) => ({
  eventVersion: '1.09', eventTime: new Date(DAY_START - DAY + i * 7 * 60_000 + 59_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/ana', accountId: '123456789012', userName: 'ana' },
  eventSource: 'iam.amazonaws.com', eventName: i % 4 ? 'ListUsers' : 'GetUser', awsRegion: i % 2 ? 'us-east-1' : 'eu-west-1',
  eventID: `layout-${String(i).padStart(4, '0')}`, readOnly: true, eventType: 'AwsApiCall', recipientAccountId: i % 3 ? '123456789012' : '210987654321',
  ...(i % 5 === 0 ? { errorCode: `Error${i % 13}`, errorMessage: 'no' } : {}),
}));

const wholeDay: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(DAY_START), end: new Date(DAY_START + DAY - 1000) }, readOnly: 'all', category: 'management', pageSize: 50 };
const text = (el: Element | null) => (el?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

describe('Athena: every CloudTrail table layout', () => {
  let inst: Instance;
  const want = records.filter((r) => Date.parse(r.eventTime) >= DAY_START && Date.parse(r.eventTime) < DAY_START + DAY);
  before(async function () {
    this.timeout(120_000);
    inst = await createInstance({ records, retentionDays: 3650, throttle: false, athena: {} });
    const late = want.filter((r) => Date.parse(r.eventTime) + deliveryDelayMs(r.eventID) >= DAY_START + DAY);
    expect(late.length, 'some of the day\'s events were delivered after midnight').to.be.greaterThan(0);
  });

  for (const table of ['cloudtrail_logs_pp', 'cloudtrail_logs_manual', 'cloudtrail_console', 'cloudtrail_org']) {
    it(`${table}: a whole day shows exactly its events, and the facets and the timeline count them`, async function () {
      this.timeout(120_000);
      const since = (await getLog(inst.id)).at(-1)?.seq ?? 0;
      const { history, session } = await historyOf(html`<ct-event-history no-auto-run source="athena" athena-table=${table}
        .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`, 60_000);
      const root = history.shadowRoot!;
      await runToEnd(session, wholeDay);
      expect(session.lookup.state.error?.message ?? null).to.equal(null);
      const got = session.lookup.state.events.map((e) => e.EventId).sort();
      expect(got).to.deep.equal(want.map((r) => r.eventID).sort());
      const facets = root.querySelector('ct-event-facets')!;
      const timeline = root.querySelector('ct-event-timeline')!;
      await until(() => text(facets).includes('counted by Athena') && text(timeline).includes('counted by Athena'), 60_000);
      const counts = [...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="EventName"]')]
        .map((b) => parseInt(b.querySelector('.count')!.textContent!.replace(/,/g, ''), 10));
      expect(counts.reduce((a, b) => a + b, 0), 'EventName counts').to.equal(want.length);
      // Thirteen error codes among the day's failed calls: the facet shows ten of them (no empty value among them).
      const codes = [...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="ErrorCode"]')].map((b) => b.dataset.value);
      expect(codes.length, codes.join()).to.equal(10);
      expect(codes.every((c) => c && /^Error\d+$/.test(c))).to.equal(true);
      expect(text(timeline)).to.include(`${want.length.toLocaleString('en-US')} events, all matching`);
      // The status line says when a table has no day partitions to prune on.
      const table_ = root.querySelector('ct-event-table')!;
      await table_.updateComplete;
      const whole = 'has no day partitions: each lookup reads the whole table';
      if (table === 'cloudtrail_console') expect(text(table_)).to.include(`default.${table} ${whole}`).and.include('partition-projection table');
      else expect(text(table_)).not.to.include(whole);
      // The table's layout was read once, with GetTableMetadata.
      const meta = (await getLog(inst.id)).filter((e) => e.seq > since && e.operation === 'GetTableMetadata');
      expect(meta.length, 'one GetTableMetadata').to.equal(1);
      expect((meta[0]!.params as { TableName: string }).TableName).to.equal(table);
      session.dispose();
    });
  }
});
