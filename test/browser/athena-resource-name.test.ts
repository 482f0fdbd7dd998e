/**
 * ResourceName means the same in both sources: on the same records, a lookup by a resource's name
 * (as Event history names it) or by its ARN finds the same events through LookupEvents and through
 * Athena, and the facets and the timeline count exactly those events, in Chromium over real HTTP
 * to the emulator.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define/all.js';
import { LookupController } from '../../src/lookup/controller.js';
import { toRefreshable } from '../../src/lookup/credentials.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { AthenaPageSource } from '../../src/lookup/athena/source.js';
import { resourcesOf } from '../../packages/emulator/src/derive.js';
import { createInstance, until, type Instance } from './helpers/emulator.js';
import { historyOf, runToEnd } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const INSTANCE = 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234';
const records = [
  record(1, { eventSource: 'iam.amazonaws.com', eventName: 'UpdateRole', requestParameters: { roleName: 'deploy' }, resources: [{ ARN: ROLE, accountId: '123456789012', type: 'AWS::IAM::Role' }] }),
  record(2, { eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl', requestParameters: { bucketName: 'logs-bucket' }, resources: [{ ARN: 'arn:aws:s3:::logs-bucket', accountId: '123456789012', type: 'AWS::S3::Bucket' }] }),
  record(3, { eventSource: 'ec2.amazonaws.com', eventName: 'StopInstances', resources: [{ ARN: INSTANCE, accountId: '123456789012', type: 'AWS::EC2::Instance' }] }),
  record(4, { eventSource: 'iam.amazonaws.com', eventName: 'GetRole', requestParameters: { roleName: 'deploy' } }),
  record(5),
];

describe('ResourceName in Event history and in Athena', () => {
  it('the same value finds the same events in both sources', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records, retentionDays: 90, throttle: false, athena: {} });
    const now = Date.parse(inst.now);
    const key = { ...inst.staticCredentials };
    const ids = async (controller: LookupController, value: string) => {
      const q: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(now - 80 * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field: 'ResourceName', value }] };
      await controller.run(q);
      for (let i = 0; i < 20 && controller.state.hasMore && !controller.state.error; i++) await controller.loadMore();
      expect(controller.state.error?.message ?? null, value).to.equal(null);
      return controller.state.events.map((e) => e.EventId ?? '').sort();
    };
    const history = new LookupController({ region: inst.region, endpoint: inst.url, credentials: key });
    const source = new AthenaPageSource({ region: inst.region, endpoint: inst.url, credentials: toRefreshable(key), pollMs: { first: 20, max: 100 } });
    const athena = new LookupController({ region: inst.region, credentials: key, source });
    const found: Record<string, string[]> = {};
    for (const value of ['deploy', ROLE, 'logs-bucket', 'arn:aws:s3:::logs-bucket', INSTANCE, 'i-0abc1234']) {
      const fromHistory = await ids(history, value);
      expect(await ids(athena, value), value).to.deep.equal(fromHistory);
      found[value] = fromHistory;
    }
    expect(found.deploy!.length, 'a role named in the request and in resources[]').to.equal(2);
    expect(found['logs-bucket']!.length, 'a bucket by its name').to.equal(1);
    expect(found[INSTANCE]!.length, 'an instance by its ARN').to.equal(1);
    history.dispose();
    athena.dispose();
  });

  it('the facets and the timeline count exactly the events the rows show, in both sources', async function () {
    this.timeout(240_000);
    // Calls that name a role "deploy" as Event history derives resources, and calls that only mention
    // the word (a policy's name, a listed role, the ARN alone): a filter on candidates counts those too.
    const kinds: Record<string, unknown>[] = [
      { eventSource: 'iam.amazonaws.com', eventName: 'UpdateRole', requestParameters: { roleName: 'deploy' }, resources: [{ ARN: ROLE, accountId: '123456789012', type: 'AWS::IAM::Role' }] },
      { eventSource: 'iam.amazonaws.com', eventName: 'GetRole', requestParameters: { roleName: 'deploy' }, resources: null },
      { eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy', requestParameters: { roleName: 'other', policyName: 'deploy' }, resources: null },
      { eventSource: 'iam.amazonaws.com', eventName: 'GetRole', requestParameters: null, resources: [{ ARN: ROLE, accountId: '123456789012', type: 'AWS::IAM::Role' }] },
      { eventSource: 'iam.amazonaws.com', eventName: 'ListRoles', requestParameters: null, responseElements: { roles: [{ roleName: 'deploy' }] }, resources: null },
      {},
    ];
    const recs = Array.from({ length: 72 }, (_, k) => record(k * 13, { ...kinds[k % kinds.length], ...(k % 4 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'no' } : {}) }));
    const truth = recs.filter((r) => (resourcesOf(r, r.eventSource as string) ?? []).some((x) => x.ResourceName === 'deploy'));
    expect(truth.length, 'the role\'s own events').to.equal(24);
    const inst = await createInstance({ records: recs, retentionDays: 90, throttle: false, athena: {} });
    const times = recs.map((r) => Date.parse(r.eventTime as string));
    const q: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(Math.min(...times) - 60_000), end: new Date(Math.max(...times) + 60_000) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field: 'ResourceName', value: 'deploy' }] };
    const want = {
      rows: truth.map((r) => r.eventID as string).sort(),
      names: Object.fromEntries([...new Set(truth.map((r) => r.eventName as string))].sort().map((n) => [n, truth.filter((r) => r.eventName === n).length])),
    };
    for (const source of ['event-history', 'athena'] as const) {
      const seen = await view(inst, source, q);
      expect(seen.rows, `${source}: rows`).to.deep.equal(want.rows);
      expect(seen.names, `${source}: EventName facet`).to.deep.equal(want.names);
      // Each bar holds the events of its bucket, failed ones apart.
      const bars = seen.bars.map((b) => ({ ...b, want: truth.filter((r) => Date.parse(r.eventTime as string) >= b.start && Date.parse(r.eventTime as string) < b.end) }));
      expect(bars.map((b) => [b.ok, b.errors]), `${source}: timeline`).to.deep.equal(bars.map((b) => [b.want.filter((r) => !r.errorCode).length, b.want.filter((r) => r.errorCode).length]));
      expect(bars.reduce((n, b) => n + b.ok + b.errors, 0), `${source}: the bars hold every event`).to.equal(truth.length);
    }
  });
});

const text = (el: Element | null) => (el?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

/** What the history shows for a lookup through one source: its rows, the EventName facet and the timeline's bars. */
async function view(inst: Instance, source: 'event-history' | 'athena', q: LookupQuery) {
  const { history, session } = await historyOf(html`<ct-event-history no-auto-run source=${source}
    .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`, 60_000);
  const root = history.shadowRoot!;
  await runToEnd(session, q);
  expect(session.lookup.state.error?.message ?? null).to.equal(null);
  const facets = root.querySelector('ct-event-facets')!;
  const timeline = root.querySelector('ct-event-timeline')!;
  if (source === 'athena') await until(() => text(facets).includes('counted by Athena') && text(timeline).includes('counted by Athena'), 60_000);
  await facets.updateComplete;
  await timeline.updateComplete;
  const names = Object.fromEntries([...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="EventName"]')]
    .map((b) => [b.dataset.value!, parseInt(b.querySelector('.count')!.textContent!.replace(/,/g, ''), 10)]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  const bars = [...timeline.shadowRoot!.querySelectorAll<SVGGElement>('[part="bar"]')].map((g) => ({
    start: Date.parse(g.dataset.start!), end: Date.parse(g.dataset.end!), ok: Number(g.dataset.ok), errors: Number(g.dataset.errors),
  }));
  const rows = session.lookup.state.events.map((e) => e.EventId ?? '').sort();
  session.dispose();
  return { rows, names, bars };
}
