/**
 * <ct-event-history source="athena"> in Chromium against the emulator's Athena: rows from beyond
 * 90 days in the table, the scan and its cost in the status line, Stop ending the running query at
 * the service, and a permission failure shown in words.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, CtEventTable, InvestigationStore } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/index.js';
import { createInstance, getLog, until, type Instance } from './helpers/emulator.js';
import { renderedRows, settle, statusLine, tableRoot } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const DAY = 86_400_000;

async function mount(inst: Instance): Promise<{ history: CtEventHistory; table: CtEventTable; session: InvestigationStore }> {
  const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena" athena-database="default"
    athena-table="cloudtrail_logs" .region=${inst.region} .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session));
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

  it('Stop ends the running query with StopQueryExecution', async () => {
    const inst = await createInstance({ records: [record(1)], athena: { runningMs: 3_600_000 } });
    const { table, session } = await mount(inst);
    void session.run(range(Date.parse(inst.now), 30));
    let stop: HTMLButtonElement | null = null;
    await until(() => Boolean(stop = tableRoot(table).querySelector<HTMLButtonElement>('button.stop')));
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'GetQueryExecution'));
    stop!.click();
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'StopQueryExecution'));
    await until(() => session.lookup.state.status === 'done');
    expect(session.lookup.state.error).to.equal(null);
  });

  it('a Glue permission failure reads in words, with what to grant', async () => {
    const inst = await createInstance({ records: [record(1)], athena: { deny: 'glue' } });
    const { table, session } = await mount(inst);
    await session.run(range(Date.parse(inst.now), 30));
    await until(() => session.lookup.state.status === 'error');
    await table.updateComplete;
    const text = tableRoot(table).textContent ?? '';
    expect(text).to.include('Access denied by AWS Glue').and.include('glue:GetTable');
  });
});
