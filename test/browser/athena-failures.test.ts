/**
 * Athena failures that come from the table or the workgroup, in words, in Chromium over real HTTP to
 * the emulator: a workgroup on engine version 2, and partition keys that the table does not have
 * (Athena's COLUMN_NOT_FOUND), each naming the cause and what to do.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory } from '../../src/index.js';
import { LookupController } from '../../src/lookup/controller.js';
import { toRefreshable } from '../../src/lookup/credentials.js';
import type { Condition, LookupQuery } from '../../src/lookup/types.js';
import { AthenaPageSource } from '../../src/lookup/athena/source.js';
import { createInstance, until, type Instance } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

async function lookup(inst: Instance, options: Partial<ConstructorParameters<typeof AthenaPageSource>[0]>, conditions: Condition[] = []) {
  const { controller } = await run(inst, options, conditions);
  const { error, events, notice } = controller.state;
  controller.dispose();
  return { error, events, notice };
}

async function run(inst: Instance, options: Partial<ConstructorParameters<typeof AthenaPageSource>[0]>, conditions: Condition[]) {
  const key = { ...inst.staticCredentials };
  const source = new AthenaPageSource({ region: inst.region, endpoint: inst.url, credentials: toRefreshable(key), pollMs: { first: 20, max: 100 }, ...options });
  const controller = new LookupController({ region: inst.region, credentials: key, source, retry: { baseDelayMs: 20, maxDelayMs: 50 } });
  const now = Date.parse(inst.now);
  const q: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(now - 30 * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50, conditions };
  await controller.run(q);
  return { controller };
}

describe('Athena: failures from the table and the workgroup', () => {
  it('a role that may not read the table\'s metadata still gets its rows, and is told the layout was assumed', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: [record(1), record(2), record(3)], athena: { deny: 'metadata' } });
    const { error, events, notice } = await lookup(inst, {});
    expect(error, 'the queries still run').to.equal(null);
    expect(events.length).to.equal(3);
    expect(notice).to.match(/^The table's layout could not be read \(athena:GetTableMetadata was refused\), so default\.cloudtrail_logs is read as AWS's partition-projection table .*Grant athena:GetTableMetadata, or set athena-partitions/);
    const named = await lookup(inst, { partitions: 'timestamp' });
    expect(named.notice, 'athena-partitions named: nothing assumed').to.equal(null);
    expect(named.events.length).to.equal(3);
    // The history's status line tells the user, naming the permission and the attribute that helps.
    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena"
      .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
    const session = history.shadowRoot!.querySelector('ct-lookup-provider')!.session!;
    const now = Date.parse(inst.now);
    await session.run({ timeRange: { kind: 'absolute', start: new Date(now - 30 * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50 });
    const table = history.shadowRoot!.querySelector('ct-event-table')!;
    await table.updateComplete;
    const shown = (table.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ');
    expect(shown).to.include('athena:GetTableMetadata was refused').and.include('Grant athena:GetTableMetadata, or set athena-partitions');
    expect(table.shadowRoot!.querySelectorAll('[part~="row"]').length, 'the rows still show').to.be.greaterThan(0);
    session.dispose();
  });

  it('a workgroup on engine version 2 is named as the cause', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: [record(1), record(2)], athena: { workgroups: { old: { outputLocation: 's3://results/', engineVersion: 2 } } } });
    const { error } = await lookup(inst, { workgroup: 'old' }, [{ field: 'ResourceType', value: 'AWS::S3::Bucket' }]);
    expect(error?.code).to.equal('AthenaEngineVersion');
    expect(error?.message).to.include('runs Athena engine version 2').and.include('needs Athena engine version 3').and.include('athena-workgroup');
    const fine = await lookup(inst, {}, [{ field: 'ResourceType', value: 'AWS::S3::Bucket' }]);
    expect(fine.error, 'the same lookup on engine version 3').to.equal(null);
  });

  it('partition keys the table lacks (athena-partitions set wrong) fail naming the column', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: [record(1), record(2)], athena: {} });
    const { error } = await lookup(inst, { table: 'cloudtrail_logs_manual', partitions: 'timestamp' });
    expect(error?.code).to.equal('AthenaColumnNotFound');
    expect(error?.message).to.include('default.cloudtrail_logs_manual has no column timestamp').and.include('athena-partitions');
    const detected = await lookup(inst, { table: 'cloudtrail_logs_manual' });
    expect(detected.error, 'the layout read from the table').to.equal(null);
    expect(detected.events.length).to.equal(2);
  });
});
