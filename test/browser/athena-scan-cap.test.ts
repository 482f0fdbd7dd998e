/**
 * Caps on what one Athena query reads, in Chromium against the emulator: the workgroup's per-query
 * cutoff (Athena fails the query) explained in words, and the page's own `athena-scan-limit` (the
 * library watches DataScannedInBytes and stops the query) saying so while the rows loaded stay.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define/all.js';
import type { CtEventHistory, CtEventTable, CtLookupProvider, InvestigationStore } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { advanceClock, createInstance, getLog, until, type Instance } from './helpers/emulator.js';
import { renderedRows, settle, tableRoot } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const DAY = 86_400_000;
const HOUR_S = 3600;

async function mount(inst: Instance, attrs: { workgroup?: string; scanLimit?: string } = {}): Promise<{ table: CtEventTable; session: InvestigationStore }> {
  const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena" athena-workgroup=${ifDefined(attrs.workgroup)}
    athena-scan-limit=${ifDefined(attrs.scanLimit)} .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
  const root = history.shadowRoot!;
  return { table: root.querySelector('ct-event-table')!, session: root.querySelector('ct-lookup-provider')!.session! };
}

const range = (now: number, days: number): LookupQuery => ({
  timeRange: { kind: 'absolute', start: new Date(now - days * DAY), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50,
});

/** 20 events in the newest day (about 14 KB of rows) and 300 in the week before it (about 200 KB). */
function newestDayThenWeek(): Record<string, unknown>[] {
  const at = (ms: number) => ({ eventTime: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') });
  const t0 = Date.now();
  return [
    ...Array.from({ length: 20 }, (_, i) => record(i + 1, at(t0 - 600_000 - i * 30 * 60_000))),
    ...Array.from({ length: 300 }, (_, i) => record(i + 100, at(t0 - 2 * DAY - i * 25 * 60_000))),
  ];
}

const starts = async (inst: Instance) => (await getLog(inst.id)).filter((e) => e.operation === 'StartQueryExecution' && String((e.params as { QueryString?: string }).QueryString).includes('ORDER BY'));

describe('Athena scan caps', () => {
  it("the workgroup's per-query cutoff fails the query, explained with what to do", async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 500, seed: 2, days: 200 }, retentionDays: 3650,
      athena: { workgroups: { capped: { outputLocation: 's3://results/', bytesScannedCutoffPerQuery: 10 } } } });
    const { table, session } = await mount(inst, { workgroup: 'capped' });
    await session.run(range(Date.parse(inst.now), 100));
    await until(() => session.lookup.state.status === 'error', 60_000);
    await table.updateComplete;
    const text = tableRoot(table).textContent ?? '';
    expect(text).to.include('more than the workgroup allows per query').and.include('Narrow the time range').and.include("raise the workgroup's limit");
    expect(text, "Athena's own words").to.include('Bytes scanned limit was exceeded');
  });

  it('the page\'s athena-scan-limit stops a query that passes it (StopQueryExecution) and says so; the rows loaded stay', async function () {
    this.timeout(120_000);
    // Every query runs an emulated hour and reports its bytes read as it goes; the test moves the clock.
    // The newest day holds 20 events (about 14 KB); the week before it 300 (about 200 KB).
    const records = newestDayThenWeek();
    const inst = await createInstance({ records, retentionDays: 3650, throttle: false, athena: { runningMs: 3_600_000 } });
    const now = Date.parse(inst.now);
    // A provider with the table alone: no facets or timeline, whose whole-range counts the cap would stop too.
    const provider = await fixture<CtLookupProvider>(html`<ct-lookup-provider source="athena" athena-scan-limit="60 KB" .region=${inst.region}
      .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}><ct-event-table></ct-event-table></ct-lookup-provider>`);
    await until(() => Boolean(provider.session), 60_000);
    const session = provider.session!;
    const table = provider.querySelector('ct-event-table')!;
    void session.run(range(now, 300));
    // The newest day's query: let it finish (a day reads less than the cap).
    await until(async () => (await starts(inst)).length >= 1, 60_000);
    await advanceClock(inst.id, 2 * HOUR_S);
    await until(() => session.lookup.state.events.length > 0, 60_000);
    const loaded = session.lookup.state.events.map((e) => e.EventId);
    expect(loaded.length).to.equal(20);
    // The next window (a week) reads more than the cap as it runs.
    await until(async () => (await starts(inst)).length >= 2, 60_000);
    const second = (await starts(inst))[1]!;
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'GetQueryExecution' && e.seq > second.seq), 60_000);
    await advanceClock(inst.id, 55 * 60);
    await until(() => session.lookup.state.status === 'error', 60_000);
    const stops = (await getLog(inst.id)).filter((e) => e.operation === 'StopQueryExecution');
    expect(stops.length, 'the library stopped the query at the service').to.equal(1);
    expect(session.lookup.state.error?.code).to.equal('AthenaScanCapReached');
    await table.updateComplete;
    await settle();
    const text = tableRoot(table).textContent ?? '';
    expect(text).to.include('Stopped the Athena query').and.include('60 KB this page allows one query').and.include('Narrow the time range');
    expect(session.lookup.state.events.map((e) => e.EventId).slice(0, loaded.length), 'the rows loaded stay').to.deep.equal(loaded);
    expect(renderedRows(table).length).to.be.greaterThan(0);
  });

  it('when a cap stops the whole-range counts, the facets and the timeline show the loaded events and say why', async function () {
    this.timeout(120_000);
    // The newest day (20 events, about 14 KB) reads less than the workgroup's 60 KB cutoff; the
    // week before it (300 events) and every count over the whole range read more.
    const records = newestDayThenWeek();
    const inst = await createInstance({ records, retentionDays: 3650, throttle: false,
      athena: { workgroups: { capped: { outputLocation: 's3://results/', bytesScannedCutoffPerQuery: 60_000 } } } });
    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena" athena-workgroup="capped"
      .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
    const root = history.shadowRoot!;
    const session = root.querySelector('ct-lookup-provider')!.session!;
    void session.run(range(Date.parse(inst.now), 30));
    await until(() => session.lookup.state.events.length === 20, 60_000);
    const facets = root.querySelector('ct-event-facets')!;
    const timeline = root.querySelector('ct-event-timeline')!;
    const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
    // The final state: every field's count has failed or arrived (none still counting).
    await until(() => text(facets).includes('Athena could not count them') && !text(facets).includes('counting all matching events')
      && text(timeline).includes('Athena could not count all matching events'), 60_000);
    expect(text(facets)).to.include('Top values among 20 loaded events.').and.include('Some fields show the loaded events only')
      .and.include('workgroup allows per query');
    expect(facets.shadowRoot!.querySelector('[part="facet"][data-field="EventName"]')!.getAttribute('data-scope')).to.equal('loaded');
    expect(text(timeline)).to.include('20 events loaded (Athena could not count all matching events:').and.include('workgroup allows per query');
    const counts = (await getLog(inst.id)).filter((e) => e.operation === 'StartQueryExecution' && String((e.params as { QueryString?: string }).QueryString).includes('GROUP BY'));
    expect(counts.length, 'the counts were asked for').to.be.greaterThan(0);
  });

  it('an athena-scan-limit that is no size fails the lookup in words', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 50, seed: 1, days: 100 }, athena: {} });
    const { table, session } = await mount(inst, { scanLimit: 'ten gigs' });
    await session.run(range(Date.parse(inst.now), 30));
    await until(() => session.lookup.state.status === 'error', 60_000);
    await table.updateComplete;
    expect(tableRoot(table).textContent).to.include('athena-scan-limit "ten gigs" is not a size').and.include('10 GB');
    expect((await getLog(inst.id)).some((e) => e.operation === 'StartQueryExecution'), 'no query ran').to.equal(false);
  });
});
