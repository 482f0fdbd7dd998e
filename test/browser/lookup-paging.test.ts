import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import type { LookupState } from '../../src/lookup/lookup-session.js';
import { createInstance, lookupLog, maxSentInAnySecond, setFaults, truth, until } from './helpers/emulator.js';
import type { Instance } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

// Real logs of one account in us-east-1 (event history is per Region: the clients here sign for us-east-1).
const INVICTUS = 'invictus-ir_aws_dataset.full.jsonl.gz';
const q = (patch: Partial<LookupQuery> = {}): LookupQuery => ({ ...defaultQuery(), ...patch });
const controllerFor = (inst: Instance) => new LookupController({ region: inst.region, endpoint: inst.url, credentials: inst.staticCredentials });

async function loadAll(c: LookupController, maxLoads = 100): Promise<void> {
  for (let i = 0; i < maxLoads && c.state.hasMore && c.state.status !== 'error'; i++) await c.loadMore();
  expect(c.state.error).to.equal(null);
  expect(c.state.hasMore).to.equal(false);
}

/** Truth's parameters for a query's first request as the controller sent it. */
function paramsOf(entry: { params?: unknown }): Record<string, unknown> {
  const { NextToken: _, ...rest } = entry.params as Record<string, unknown>;
  return rest;
}

describe('lookup paging', () => {
  it('pages a whole data set with nothing lost or repeated, each token sent with its own query', async function () {
    this.timeout(30_000);
    // Event history is per Region and the generator's mix follows its clock: 600 calls leave us-east-1
    // well over 250 at any hour (300 left it 158 to 305 over a week).
    const inst = await createInstance({ generate: { count: 600, seed: 1 } });
    const c = controllerFor(inst);
    const states: LookupState[] = [];
    c.subscribe((s) => states.push(s));
    const first = await c.run(q({ pageSize: 50 }));
    expect(first.events).to.have.length(50);
    expect(first.hasMore).to.equal(true);
    expect(first.status).to.equal('done');
    await loadAll(c);
    const log = await lookupLog(inst.id);
    const expected = await truth(inst.id, paramsOf(log[0]));
    expect(expected.length).to.be.greaterThan(250);
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(expected.map((e) => e.EventId));
    expect(c.state.counts).to.deep.include({ loaded: expected.length, duplicates: 0, filteredOut: 0, throttled: 0, requests: log.length, pages: log.length });
    expect(log.every((e) => e.outcome === 'ok')).to.equal(true);
    // Same parameters on every page, and a token on every page but the first.
    expect(log.map(paramsOf)).to.deep.equal(log.map(() => paramsOf(log[0])));
    expect(log.map((e) => typeof (e.params as { NextToken?: string }).NextToken)).to.deep.equal(log.map((_, i) => (i === 0 ? 'undefined' : 'string')));
    // State objects are replaced on each change; events grow in one array with a version.
    expect(new Set(states).size).to.equal(states.length);
    expect(states.some((s) => s.status === 'waiting' && s.waiting?.reason === 'rate-limit'), 'the limiter wait is shown').to.equal(true);
    const versions = states.map((s) => s.eventsVersion);
    expect(versions).to.deep.equal([...versions].sort((a, b) => a - b));
    c.dispose();
  });

  it('follows short and empty pages that carry a NextToken', async function () {
    this.timeout(40_000);
    const inst = await createInstance({ generate: { count: 120, seed: 7 }, faults: { shortPages: 0.6, seed: 3 } });
    const c = controllerFor(inst);
    await c.run(q({ pageSize: 20, timeRange: { kind: 'relative', preset: '90d' } }));
    await loadAll(c);
    const log = await lookupLog(inst.id);
    const expected = await truth(inst.id, paramsOf(log[0]));
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(expected.map((e) => e.EventId));
    const short = log.filter((e) => e.hasNextToken && (e.eventCount ?? 0) < 20);
    expect(short.length, 'the fault made short pages').to.be.greaterThan(0);
    expect(c.state.counts.pages).to.equal(log.length);
    c.dispose();
  });

  it("drops a replaced query's late results", async function () {
    this.timeout(30_000);
    const inst = await createInstance({ events: [INVICTUS], rebase: true });
    const all = await truth(inst.id, {});
    const [nameA, nameB] = [...new Set(all.map((e) => e.EventName))];
    await setFaults(inst.id, { script: ['latency:1500'] });
    const c = controllerFor(inst);
    const firstRun = c.run(q({ attribute: { key: 'EventName', value: nameA! } }));
    await until(async () => (await lookupLog(inst.id)).length > 0 || c.state.counts.requests > 0);
    const second = await c.run(q({ attribute: { key: 'EventName', value: nameB! } }));
    await firstRun;
    // Wait until the emulator has answered the slow first request (its log entry gets a duration),
    // so a late answer had its chance to land; a fixed sleep could end before it on a busy machine.
    await until(async () => (await lookupLog(inst.id)).some((e) => e.fault === 'script:latency:1500' && e.durationMs !== undefined), 20_000);
    const expected = all.filter((e) => e.EventName === nameB).map((e) => e.EventId);
    expect(second.queryId).to.equal(2);
    expect(c.state.queryId).to.equal(2);
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(expected.slice(0, 50));
    expect(c.state.events.every((e) => e.EventName === nameB)).to.equal(true);
    c.dispose();
  });

  it('shows an event once when the next page repeats what the last one ended with, and counts the repeats', async function () {
    this.timeout(30_000);
    // 35 events in pages of 10; the second page starts with the first page's last two events again,
    // the third with the second page's last one (the emulator's repeat fault), as a client must expect.
    const inst = await createInstance({ records: Array.from({ length: 35 }, (_, i) => record(i)), fullPages: true, faults: { script: ['ok', 'repeat:2', 'repeat:1'] } });
    const c = controllerFor(inst);
    await c.run(q({ pageSize: 10, timeRange: { kind: 'relative', preset: '90d' } }));
    await loadAll(c);
    const log = await lookupLog(inst.id);
    expect(log.map((e) => e.fault ?? 'none'), 'the repeats were served').to.deep.equal(['script:ok', 'script:repeat:2', 'script:repeat:1', 'none']);
    const served = log.reduce((n, e) => n + (e.eventCount ?? 0), 0);
    const expected = (await truth(inst.id, paramsOf(log[0]))).map((e) => e.EventId);
    expect(expected, 'every record is in the truth once').to.have.length(35);
    expect(served, 'the pages held 3 events twice').to.equal(38);
    expect(c.state.events.map((e) => e.EventId), 'each event once, in order').to.deep.equal(expected);
    expect(c.state.counts).to.deep.include({ loaded: 35, duplicates: 3, pages: 4 });
    c.dispose();
  });

  it('applies the read-only filter in the browser when another attribute is chosen', async function () {
    this.timeout(40_000);
    const inst = await createInstance({ generate: { count: 300, seed: 11 } });
    const all = await truth(inst.id, {});
    const bySource = new Map<string, { read: number; write: number }>();
    for (const e of all) {
      const n = bySource.get(e.EventSource!) ?? { read: 0, write: 0 };
      n[e.ReadOnly === 'true' ? 'read' : 'write']++;
      bySource.set(e.EventSource!, n);
    }
    const [source, n] = [...bySource].filter(([, v]) => v.read > 0 && v.write > 0).sort((a, b) => b[1].read + b[1].write - a[1].read - a[1].write)[0];
    const c = controllerFor(inst);
    await c.run(q({ attribute: { key: 'EventSource', value: source }, readOnly: 'write', pageSize: 50 }));
    await loadAll(c);
    const log = await lookupLog(inst.id);
    expect(log.every((e) => JSON.stringify((e.params as { LookupAttributes: unknown }).LookupAttributes) === JSON.stringify([{ AttributeKey: 'EventSource', AttributeValue: source }]))).to.equal(true);
    const expected = all.filter((e) => e.EventSource === source && e.ReadOnly === 'false').map((e) => e.EventId);
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(expected);
    expect(c.state.events.every((e) => e.ReadOnly === false)).to.equal(true);
    expect(c.state.counts.filteredOut).to.equal(n.read);
    c.dispose();
  });

  it('sends ReadOnly as the lookup attribute when it is the only filter', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 60, seed: 5 } });
    const c = controllerFor(inst);
    await c.run(q({ readOnly: 'read', pageSize: 10 }));
    const [entry] = await lookupLog(inst.id);
    expect((entry.params as { LookupAttributes: unknown }).LookupAttributes).to.deep.equal([{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }]);
    expect(c.state.events.every((e) => e.ReadOnly === true)).to.equal(true);
    expect(c.state.counts.filteredOut).to.equal(0);
    c.dispose();
  });
});

describe('lookup rate limit', () => {
  it('20 rapid run()/loadMore() calls: never above 2 requests/s, one in flight, only the last query kept', async function () {
    this.timeout(40_000);
    // Full pages: this test is about the rate limit and stale queries; the short-page tests above cover paging.
    const inst = await createInstance({ generate: { count: 300, seed: 2 }, fullPages: true });
    const c = controllerFor(inst);
    const pending: Promise<unknown>[] = [];
    let last = q();
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 0) {
        last = q({ pageSize: 5 + i });
        pending.push(c.run(last));
      } else {
        pending.push(c.loadMore(), c.loadMore());
      }
      await new Promise((r) => setTimeout(r, 60 + (i % 3) * 70));
    }
    await Promise.all(pending);
    // The last run() may have been answered before the last two loadMore() calls were made (when a
    // wait stretched past the limiter's spacing) or joined by them: whole pages either way.
    const settled = c.state.events.length;
    expect(settled % last.pageSize, 'whole pages of the last query').to.equal(0);
    expect(settled).to.be.at.least(last.pageSize);
    await c.loadMore();
    await c.loadMore();
    const log = await lookupLog(inst.id);
    expect(log.length).to.be.greaterThan(3);
    expect(maxSentInAnySecond(inst), 'at most 2 requests sent in any second').to.be.at.most(2);
    expect(log.every((e) => e.outcome === 'ok'), 'the server never had to throttle').to.equal(true);
    const sorted = [...log].sort((a, b) => a.time - b.time);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i].time, 'a request starts after the previous one was answered').to.be.at.least(sorted[i - 1].time + (sorted[i - 1].durationMs ?? 0));
    }
    const lastParams = paramsOf(log.filter((e) => (e.params as { MaxResults: number }).MaxResults === last.pageSize)[0]);
    const expected = await truth(inst.id, lastParams);
    expect(c.state.query).to.equal(last);
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(expected.slice(0, c.state.events.length).map((e) => e.EventId));
    expect(c.state.events.length, 'each loadMore() after the calls settled adds one page').to.equal(settled + 2 * last.pageSize);
    c.dispose();
  });

  it('shares one limit between controllers on the same endpoint', async function () {
    this.timeout(30_000);
    // b pages write calls: 200 generated leave us-east-1 over 20 of them at any hour (100 did not, some hours).
    const inst = await createInstance({ generate: { count: 200, seed: 4 } });
    const a = controllerFor(inst);
    const b = controllerFor(inst);
    await Promise.all([a.run(q({ pageSize: 10 })), b.run(q({ pageSize: 10, readOnly: 'write' }))]);
    await Promise.all([a.loadMore(), b.loadMore(), a.loadMore(), b.loadMore()]);
    await Promise.all([a.loadMore(), b.loadMore()]);
    const log = await lookupLog(inst.id);
    expect(log).to.have.length(6);
    expect(maxSentInAnySecond(inst), 'two controllers share one budget').to.be.at.most(2);
    expect(log.every((e) => e.outcome === 'ok'), 'the server never had to throttle').to.equal(true);
    a.dispose();
    b.dispose();
  });
});
