/**
 * Deep history through Athena, in Chromium, against the emulator's Athena over real HTTP: lookups
 * beyond 90 days with several conditions equal the emulator's ground truth, rows page on demand,
 * whole-range counts come from one GROUP BY query, Cancel stops the query at the service, hostile
 * values are matched literally, and failures read in words.
 */
import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { toRefreshable } from '../../src/lookup/credentials.js';
import type { Condition, LookupQuery } from '../../src/lookup/types.js';
import { AthenaPageSource, costOf } from '../../src/lookup/athena/source.js';
import { createInstance, getLog, truth, type Instance, type RequestLogEntry, type WireEvent } from './helpers/emulator.js';
import { before, describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const DAY = 86_400_000;

function athena(inst: Instance, options: Partial<ConstructorParameters<typeof AthenaPageSource>[0]> = {}) {
  const source = new AthenaPageSource({ region: 'us-east-1', endpoint: inst.url, credentials: toRefreshable(KEY), pollMs: { first: 20, max: 100 }, ...options });
  const controller = new LookupController({ region: 'us-east-1', credentials: KEY, source, retry: { baseDelayMs: 20, maxDelayMs: 50 } });
  return { source, controller };
}

const query = (start: number, end: number, conditions: Condition[] = []): LookupQuery => ({
  timeRange: { kind: 'absolute', start: new Date(start), end: new Date(end) }, readOnly: 'all', category: 'management', pageSize: 50, conditions,
});

type Rec = Record<string, unknown>;
const rec = (e: WireEvent) => JSON.parse(e.CloudTrailEvent) as Rec;
const ops = (log: RequestLogEntry[], op: string) => log.filter((e) => e.operation === op);

async function loadAll(controller: LookupController): Promise<void> {
  for (let i = 0; i < 200 && controller.state.hasMore && !controller.state.error; i++) await controller.loadMore();
  expect(controller.state.error?.message ?? null).to.equal(null);
}

describe('Athena source: deep history', () => {
  let inst: Instance;
  let all: WireEvent[];
  let nowMs: number;
  before(async function () {
    // The Athena client loads unbundled and the emulator's SQL engine starts: slow on 2 cores.
    this.timeout(120_000);
    inst = await createInstance({ generate: { count: 4000, seed: 7, days: 400 }, retentionDays: 3650, throttle: false, athena: {} });
    nowMs = Date.parse(inst.now);
    // A trail's logs hold every Region's events (a multi-Region trail), unlike Event history.
    all = await truth(inst.id, { StartTime: Math.floor((nowMs - 400 * DAY) / 1000), EndTime: Math.floor(nowMs / 1000), regions: '*' });
    expect(all.some((e) => e.EventTime * 1000 < nowMs - 200 * DAY), 'the data reaches far past 90 days').to.equal(true);
  });

  it('a lookup over 300 days with three conditions equals the truth, newest first', async function () {
    this.timeout(120_000);
    const start = nowMs - 300 * DAY;
    const inRange = all.filter((e) => e.EventTime * 1000 >= Math.ceil(start / 1000) * 1000);
    const top = (values: string[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]![0];
    const source = top(inRange.map((e) => e.EventSource!));
    const bySource = inRange.filter((e) => e.EventSource === source);
    const ip = top(bySource.map((e) => rec(e).sourceIPAddress as string));
    const conditions: Condition[] = [
      { field: 'EventSource', value: source },
      { field: 'ReadOnly', value: 'true' },
      { field: 'SourceIPAddress', value: ip, exclude: true },
    ];
    const expected = bySource.filter((e) => e.ReadOnly === 'true' && rec(e).sourceIPAddress !== ip);
    expect(expected.length).to.be.greaterThan(50);
    expect(expected.some((e) => e.EventTime * 1000 < nowMs - 90 * DAY), 'some matches are older than 90 days').to.equal(true);
    const { controller } = athena(inst);
    await controller.run(query(start, nowMs, conditions));
    await loadAll(controller);
    const got = controller.state.events;
    expect(got.map((e) => e.EventId).sort()).to.deep.equal(expected.map((e) => e.EventId).sort());
    const times = got.map((e) => e.EventTime!.getTime());
    expect(times.every((t, i) => i === 0 || times[i - 1]! >= t), 'newest first').to.equal(true);
    // The rebuilt record reads like the original.
    const first = got[0]!;
    const original = rec(all.find((e) => e.EventId === first.EventId)!);
    expect(first.record?.eventName).to.equal(original.eventName);
    expect((first.record?.userIdentity as Rec).type).to.equal((original.userIdentity as Rec).type);
    expect(first.sourceIp).to.equal(original.sourceIPAddress);
    expect(controller.state.counts.bytesScanned ?? 0).to.be.greaterThan(0);
    controller.dispose();
  });

  it('pages on demand: rows come through GetQueryResults as more are asked for', async () => {
    const since = (await getLog(inst.id)).at(-1)?.seq ?? 0;
    const { controller } = athena(inst, { rowsPerPage: 60 });
    await controller.run(query(nowMs - 400 * DAY, nowMs));
    const expected = all.length;
    const afterRun = (await getLog(inst.id)).filter((e) => e.seq > since);
    const loaded = controller.state.events.length;
    expect(loaded).to.be.within(50, 200);
    expect(controller.state.hasMore).to.equal(true);
    const results = ops(afterRun, 'GetQueryResults').length;
    expect(results).to.be.lessThan(6);
    expect(ops(afterRun, 'StartQueryExecution').length, 'only the newest windows have run').to.be.lessThan(5);
    await controller.loadMore();
    expect(controller.state.events.length).to.be.greaterThan(loaded);
    const afterMore = (await getLog(inst.id)).filter((e) => e.seq > since);
    expect(ops(afterMore, 'GetQueryResults').length).to.be.greaterThan(results);
    await loadAll(controller);
    expect(controller.state.events.length).to.equal(expected);
    const tokens = ops(await getLog(inst.id), 'GetQueryResults').filter((e) => e.seq > since).map((e) => (e.params as Rec | undefined)?.NextToken).filter(Boolean);
    expect(tokens.length, 'later pages of a window carry its NextToken').to.be.greaterThan(0);
    controller.dispose();
  });

  it('facet counts over the whole range equal the truth, from one GROUP BY query, cached', async () => {
    const since = (await getLog(inst.id)).at(-1)?.seq ?? 0;
    const { controller, source } = athena(inst);
    await controller.run(query(nowMs - 400 * DAY, nowMs));
    const plan = controller.state.plan!;
    const before = ops((await getLog(inst.id)).filter((e) => e.seq > since), 'StartQueryExecution').length;
    const counts = await source.facet(plan, 'EventName', 1000);
    const again = await source.facet(plan, 'EventName', 1000);
    const log = (await getLog(inst.id)).filter((e) => e.seq > since);
    expect(ops(log, 'StartQueryExecution').length - before, 'one query, then the cache').to.equal(1);
    expect(again).to.deep.equal(counts);
    const expected = new Map<string, number>();
    for (const e of all) expected.set(e.EventName!, (expected.get(e.EventName!) ?? 0) + 1);
    expect(Object.fromEntries(counts.map((c) => [c.value, c.count]))).to.deep.equal(Object.fromEntries(expected));
    expect(controller.state.events.length, 'counts cover far more than the loaded rows').to.be.lessThan(all.length);
    controller.dispose();
  });
});

describe('Athena source: cancel, literal values and errors', () => {
  it('Cancel stops the running query with StopQueryExecution; the rows loaded stay', async () => {
    const inst = await createInstance({ records: [record(1), record(2)], athena: { runningMs: 3_600_000 } });
    const { controller } = athena(inst);
    const now = Date.parse(inst.now);
    const running = controller.run(query(now - 200 * DAY, now));
    for (let i = 0; i < 200 && ops(await getLog(inst.id), 'GetQueryExecution').length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await controller.stop();
    await running;
    const log = await getLog(inst.id);
    const started = ops(log, 'StartQueryExecution');
    const stopped = ops(log, 'StopQueryExecution');
    expect(stopped.length).to.equal(1);
    expect((stopped[0]!.params as Rec).QueryExecutionId).to.be.a('string');
    expect(started.length).to.equal(1);
    expect(controller.state.status).to.equal('done');
    expect(controller.state.error).to.equal(null);
    expect(controller.state.hasMore, 'loading more runs the window again').to.equal(true);
    controller.dispose();
  });

  it("a value holding quotes, '; DROP TABLE and % is matched literally, sent only as a parameter", async () => {
    const hostile = "o'brien'; DROP TABLE cloudtrail_logs; --%";
    const identity = (name: string) => ({ type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::123456789012:user/${name}`, accountId: '123456789012', accessKeyId: 'AKIAEXAMPLE', userName: name });
    const inst = await createInstance({
      records: [record(1, { userIdentity: identity(hostile) }), record(2, { userIdentity: identity("o'brien") }), record(3, { userIdentity: identity('o%') }), record(4)],
      retentionDays: 3650, athena: {},
    });
    const now = Date.parse(inst.now);
    const { controller } = athena(inst);
    await controller.run(query(now - 400 * DAY, now, [{ field: 'Username', value: hostile }]));
    await loadAll(controller);
    expect(controller.state.events.map((e) => e.EventId)).to.deep.equal(['00000000-0000-0000-0000-000000000001']);
    await controller.run(query(now - 400 * DAY, now, [{ field: 'Username', value: '%' }]));
    await loadAll(controller);
    expect(controller.state.events.length, '% is no wildcard').to.equal(0);
    const starts = ops(await getLog(inst.id), 'StartQueryExecution').map((e) => e.params as { QueryString: string; ExecutionParameters: string[] });
    for (const s of starts) {
      expect(s.QueryString).not.to.include('brien');
      expect(s.QueryString).not.to.include('DROP');
    }
    expect(starts[0]!.ExecutionParameters).to.include(`'o''brien''; DROP TABLE cloudtrail_logs; --%'`);
    // The table is whole: everything is still there.
    await controller.run(query(now - 400 * DAY, now));
    await loadAll(controller);
    expect(controller.state.events.length).to.equal(4);
    controller.dispose();
  });

  const failing = async (options: object, sourceOptions: object = {}) => {
    const inst = await createInstance({ records: [record(1)], athena: options });
    const { controller } = athena(inst, sourceOptions);
    const now = Date.parse(inst.now);
    await controller.run(query(now - 200 * DAY, now));
    const error = controller.state.error;
    controller.dispose();
    return { error, inst };
  };

  it('a missing table, denied Athena, Glue and S3 permissions, a failed query and the scan cap read in words', async () => {
    const table = await failing({}, { table: 'no_such_table' });
    expect(table.error?.code).to.equal('AthenaTableNotFound');
    expect(table.error?.message).to.include('Athena has no table default.no_such_table').and.include('README');
    const athenaDenied = await failing({ deny: 'athena' });
    expect(athenaDenied.error?.message).to.include('Access denied by Athena').and.include('athena:StartQueryExecution');
    const glue = await failing({ deny: 'glue' });
    expect(glue.error?.message).to.include('Access denied by AWS Glue').and.include('glue:GetTable');
    const s3 = await failing({ deny: 's3' });
    expect(s3.error?.message).to.include('Access denied by Amazon S3').and.include('s3:GetObject');
    const capped = await failing({ workgroups: { capped: { outputLocation: 's3://results/', bytesScannedCutoffPerQuery: 10 } } }, { workgroup: 'capped' });
    expect(capped.error?.code).to.equal('AthenaScanLimitExceeded');
    expect(capped.error?.message).to.include('workgroup allows per query');
    const workgroup = await failing({}, { workgroup: 'missing' });
    expect(workgroup.error?.message).to.include('WorkGroup missing is not found');
  });

  it('throttling (TooManyRequestsException) is retried, then the rows come', async () => {
    const inst = await createInstance({ records: [record(1), record(2)], rebase: true, athena: { throttleStarts: 1 } });
    const { controller } = athena(inst);
    const now = Date.parse(inst.now);
    await controller.run(query(now - 200 * DAY, now));
    expect(controller.state.error).to.equal(null);
    expect(controller.state.events.length).to.equal(2);
    const outcomes = ops(await getLog(inst.id), 'StartQueryExecution').map((e) => e.outcome);
    expect(outcomes[0]).to.equal('TooManyRequestsException');
    expect(outcomes.slice(1).every((o) => o === 'ok'), outcomes.join()).to.equal(true);
  });

  it('the cost of a scan at $5 per TB, with the 10 MB minimum', () => {
    expect(costOf(1e12)).to.equal(5);
    expect(costOf(1000)).to.be.closeTo((10 * 1024 * 1024 / 1e12) * 5, 1e-12);
  });
});
