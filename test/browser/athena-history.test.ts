/**
 * <ct-event-history source="athena"> in Chromium against the emulator's Athena: rows from beyond
 * 90 days in the table, the scan and its cost in the status line, Stop ending the running query at
 * the service, and a permission failure shown in words.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, CtEventTable, InvestigationStore } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { createInstance, getLog, truth, until, type Instance } from './helpers/emulator.js';
import { renderedRows, settle, statusLine, tableRoot } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const DAY = 86_400_000;

async function mount(inst: Instance): Promise<{ history: CtEventHistory; table: CtEventTable; session: InvestigationStore }> {
  const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena" athena-database="default"
    athena-table="cloudtrail_logs" .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
  const root = history.shadowRoot!;
  return { history, table: root.querySelector('ct-event-table')!, session: root.querySelector('ct-lookup-provider')!.session! };
}

const range = (now: number, days: number): LookupQuery => ({
  timeRange: { kind: 'absolute', start: new Date(now - days * DAY), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50,
});

describe('<ct-event-history source="athena">', () => {
  it('shows events older than 90 days, and the bytes scanned with their cost', async function () {
    // The first test loads the Athena client unbundled and the emulator's SQL engine: slow on 2 cores.
    this.timeout(120_000);
    const old = (i: number) => ({ eventTime: new Date(Date.now() - (100 + i) * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const inst = await createInstance({ records: [record(1, old(1)), record(2, old(2)), record(3, old(80))], retentionDays: 3650, athena: {} });
    const { table, session } = await mount(inst);
    await session.run(range(Date.parse(inst.now), 200));
    await until(() => session.lookup.state.status === 'done' || session.lookup.state.status === 'error', 100_000);
    expect(session.lookup.state.error?.message ?? null).to.equal(null);
    await settle();
    const rows = renderedRows(table);
    expect(rows.length).to.equal(3);
    expect(rows.map((r) => r.join(' ')).join('\n')).to.include('DescribeInstances').and.include('GetObject');
    const status = statusLine(table);
    expect(status).to.match(/scanned [\d.]+ (bytes|KB|MB)/);
    expect(status).to.include('$');
  });

  it('Stop ends the running query with StopQueryExecution', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: [record(1)], athena: { runningMs: 3_600_000 } });
    const { table, session } = await mount(inst);
    void session.run(range(Date.parse(inst.now), 30));
    let stop: HTMLButtonElement | null = null;
    await until(() => Boolean(stop = tableRoot(table).querySelector<HTMLButtonElement>('button.stop')), 60_000);
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'GetQueryExecution'), 60_000);
    stop!.click();
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'StopQueryExecution'), 60_000);
    await until(() => session.lookup.state.status === 'done', 60_000);
    expect(session.lookup.state.error).to.equal(null);
  });

  it('a Glue permission failure reads in words, with what to grant', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: [record(1)], athena: { deny: 'glue' } });
    const { table, session } = await mount(inst);
    await session.run(range(Date.parse(inst.now), 30));
    await until(() => session.lookup.state.status === 'error', 60_000);
    await table.updateComplete;
    const text = tableRoot(table).textContent ?? '';
    expect(text).to.include('Access denied by AWS Glue').and.include('glue:GetTable');
  });

  it('the facets count every matching event of the range, through Athena, not only the loaded rows', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 3000, seed: 3, days: 400 }, retentionDays: 3650, throttle: false, athena: {} });
    const now = Date.parse(inst.now);
    // A trail's logs hold every Region's events (a multi-Region trail), unlike Event history.
    const all = await truth(inst.id, { StartTime: Math.floor((now - 300 * DAY) / 1000) + 1, EndTime: Math.floor(now / 1000), regions: '*' });
    const { history, session } = await mount(inst);
    await session.run(range(now, 300));
    await until(() => session.lookup.state.status === 'done', 100_000);
    const loaded = session.lookup.state.events.length;
    expect(loaded, 'far fewer rows loaded than match').to.be.lessThan(all.length / 2);
    const facets = history.shadowRoot!.querySelector('ct-event-facets')!;
    // Every field's count has arrived once the hint claims all matching events; until then it says it is counting.
    await until(() => (facets.shadowRoot?.textContent ?? '').includes('counted by Athena'), 60_000);
    expect(facets.shadowRoot!.textContent).not.to.include('counting all matching events');
    expect(facets.shadowRoot!.querySelector('[part="facet"][data-field="EventName"]')!.getAttribute('data-scope')).to.equal('all');
    const expected = new Map<string, number>();
    for (const e of all) expected.set(e.EventName!, (expected.get(e.EventName!) ?? 0) + 1);
    const shown = [...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="EventName"]')]
      .map((b) => [b.dataset.value!, parseInt(b.querySelector('.count')!.textContent!.replace(/,/g, ''), 10)] as const);
    expect(shown.length).to.equal(Math.min(10, expected.size));
    for (const [value, count] of shown) expect(count, value).to.equal(expected.get(value));
    const top = [...expected.values()].sort((a, b) => b - a)[0]!;
    expect(shown[0]![1]).to.equal(top);
    // One scan counts every field and the timeline: one query, grouped by each (GROUPING SETS).
    const starts = (await getLog(inst.id)).filter((e) => e.operation === 'StartQueryExecution' && String((e.params as { QueryString?: string }).QueryString).includes('GROUP BY'));
    expect(starts.length, 'one counting query for the lookup').to.equal(1);
    const sql = String((starts[0]!.params as { QueryString?: string }).QueryString);
    expect(sql).to.include('GROUPING SETS').and.include('to_unixtime');
    expect(sql.match(/ AS f\d+/g)?.length, 'the seven single-valued facet fields').to.equal(7);
  });

  it('the timeline counts every matching event per bucket through Athena, with one GROUP BY query', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 3000, seed: 5, days: 400 }, retentionDays: 3650, throttle: false, athena: {} });
    const now = Date.parse(inst.now);
    const { history, session } = await mount(inst);
    await session.run(range(now, 300));
    await until(() => session.lookup.state.status === 'done', 100_000);
    const plan = session.lookup.state.plan!;
    const all = await truth(inst.id, { StartTime: Math.ceil(plan.start.getTime() / 1000), EndTime: Math.floor(plan.end.getTime() / 1000), regions: '*' });
    expect(session.lookup.state.events.length, 'far fewer rows loaded than match').to.be.lessThan(all.length / 2);
    await customElements.whenDefined('ct-event-timeline');
    const timeline = history.shadowRoot!.querySelector('ct-event-timeline')!;
    const text = () => timeline.shadowRoot?.querySelector('.scale')?.textContent ?? '';
    await until(() => text().includes('counted by Athena'), 60_000);
    expect(text()).to.include(`${all.length.toLocaleString('en-US')} events, all matching`);
    const bars = [...timeline.shadowRoot!.querySelectorAll<SVGGElement>('[part="bar"]')];
    expect(bars.length).to.be.greaterThan(5);
    const width = Date.parse(bars[1]!.dataset.end!) - Date.parse(bars[1]!.dataset.start!);
    const origin = Math.floor(plan.start.getTime() / width) * width;
    const ok = bars.map(() => 0);
    const errors = bars.map(() => 0);
    for (const e of all) {
      const i = Math.min(bars.length - 1, Math.floor(((e.EventTime as unknown as number) * 1000 - origin) / width));
      if ((JSON.parse(e.CloudTrailEvent!) as { errorCode?: string }).errorCode !== undefined) errors[i]!++;
      else ok[i]!++;
    }
    expect(bars.map((b) => Number(b.dataset.ok))).to.deep.equal(ok);
    expect(bars.map((b) => Number(b.dataset.errors))).to.deep.equal(errors);
    expect(errors.some((n) => n > 0), 'failed calls counted apart').to.equal(true);
    expect(timeline.shadowRoot!.querySelector('[part="unloaded"]'), 'nothing hatched: every event is counted').to.equal(null);
    const starts = (await getLog(inst.id)).filter((e) => e.operation === 'StartQueryExecution' && String((e.params as { QueryString?: string }).QueryString).includes('to_unixtime'));
    expect(starts.length, 'one GROUP BY query for the timeline').to.equal(1);
    expect(String((starts[0]!.params as { QueryString?: string }).QueryString)).to.include('GROUP BY');
  });

  it('the filter offers a source switch when Athena is configured; choosing Athena makes a new investigation on it', async () => {
    const inst = await createInstance({ records: [record(1)], athena: {} });
    const plain = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run .region=${inst.region} .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(plain.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
    const plainFilter = plain.shadowRoot!.querySelector('ct-lookup-filter')!;
    await plainFilter.updateComplete;
    expect(plainFilter.shadowRoot!.querySelector('[part="source"]'), 'no switch with Event history only').to.equal(null);

    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run athena-table="cloudtrail_logs" .region=${inst.region}
      .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
    const provider = history.shadowRoot!.querySelector('ct-lookup-provider')!;
    const filter = history.shadowRoot!.querySelector('ct-lookup-filter')!;
    await filter.updateComplete;
    const select = filter.shadowRoot!.querySelector<HTMLSelectElement>('[part="source"]')!;
    expect([...select.options].map((o) => o.textContent)).to.deep.equal(['Event history', 'Athena']);
    expect(select.value).to.equal('event-history');
    expect(provider.session!.lookup.retentionMs).to.equal(undefined);
    const before = provider.session;
    let fired = 0;
    history.addEventListener('ct-source-change', () => fired++);
    select.value = 'athena';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => provider.session !== before && provider.session !== undefined);
    expect(fired).to.equal(1);
    expect(provider.session!.sources.current).to.equal('athena');
    expect(provider.session!.lookup.retentionMs).to.equal(Number.POSITIVE_INFINITY);
    await filter.updateComplete;
    expect(filter.shadowRoot!.querySelector<HTMLSelectElement>('[part="source"]')!.value).to.equal('athena');
  });
});
