/** Value-id columns answer every condition as `meets` does, and facet counts read from them equal a fresh count. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STATIC_CREDENTIALS, generateRecords, startEmulatorServer, type EmulatorServer, type WireEvent } from 'cloudtrail-elements-emulator';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { COLUMN_FIELDS, EventColumns } from '../../src/lookup/columns.js';
import { fieldValues, meets, type Condition } from '../../src/lookup/conditions.js';
import { CtEvent } from '../../src/lookup/events.js';
import { FacetCounter } from '../../src/state/facets.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';

const events = generateRecords({ count: 3000, seed: 7, nowMs: Date.UTC(2026, 10, 24) }).map((r) => eventFromRecord(r));

/** Conditions on every column field: its most common value, a rare one, one never seen; each as "is" and "is not". */
function conditions(): Condition[] {
  const out: Condition[] = [];
  for (const field of COLUMN_FIELDS) {
    const counts = new Map<string, number>();
    for (const e of events) for (const v of fieldValues(e, field)) counts.set(v, (counts.get(v) ?? 0) + 1);
    const byCount = [...counts].sort((a, b) => b[1] - a[1]);
    assert.ok(byCount.length > 0, `the data has values of ${field}`);
    for (const value of [byCount[0][0], byCount[byCount.length - 1][0], 'never-seen-value']) {
      out.push({ field, value }, { field, value, exclude: true });
    }
  }
  return out;
}

test('a condition read from the columns keeps exactly the rows meets() keeps, also after the rows are compacted', () => {
  const columns = new EventColumns();
  // Grown in pages of 50, as the controller grows them.
  for (let n = 50; n < events.length + 50; n += 50) columns.extend(events.slice(0, Math.min(n, events.length)));
  assert.equal(columns.length, events.length);
  const half = events.map((_, i) => i).filter((i) => i % 3 !== 0);
  const compacted = columns.select(half);
  for (const c of conditions()) {
    const matcher = columns.matcher(c);
    assert.ok(matcher, `${c.field} is a column`);
    const want = events.map((e) => meets(e, c));
    assert.deepEqual(events.map((_, i) => matcher(i)), want, `${c.field} ${c.exclude ? 'is not' : 'is'} ${c.value}`);
    const m2 = compacted.matcher(c)!;
    assert.deepEqual(half.map((_, k) => m2(k)), half.map((i) => want[i]), `compacted: ${c.field} ${c.exclude ? 'is not' : 'is'} ${c.value}`);
  }
  assert.equal(columns.matcher({ field: 'UserAgent', value: 'x' }), undefined, 'a field that is not a column is left to the caller');
});

test('facets counted from given columns, narrowed by select(), equal a fresh count of the rows left', () => {
  const fresh = (list: readonly CtEvent[]) => {
    const c = new FacetCounter();
    c.sync(list);
    return c.facets(50);
  };
  const columns = new EventColumns();
  columns.extend(events);
  const counter = new FacetCounter();
  counter.sync(events, columns);
  assert.deepEqual(counter.facets(50), fresh(events));
  const top = fresh(events)[0].top[0].value;
  const keep: number[] = [];
  events.forEach((e, i) => { if (!meets(e, { field: 'EventName', value: top, exclude: true })) return; keep.push(i); });
  const left = keep.map((i) => events[i]);
  const narrowed = columns.select(keep);
  counter.sync(left, narrowed);
  assert.deepEqual(counter.facets(50), fresh(left), 'after "EventName is not" the most common name');
  // Columns out of step with the list are not trusted: the counter counts the list itself.
  counter.sync(events, narrowed);
  assert.deepEqual(counter.facets(50), fresh(events));
});

describe('narrowing a lookup whose columns were built (facets shown)', () => {
  const create = (capacity: number) => new EventColumns(COLUMN_FIELDS, capacity);
  let server: EmulatorServer;
  before(async () => {
    server = await startEmulatorServer({ port: 0, host: '127.0.0.1', generate: { count: 400, seed: 9, at: GENERATED_AT } });
  });
  after(async () => {
    await server.close();
  });

  test('the rows left, and the pages after, equal the truth filtered by the new conditions', async () => {
    const truth = await (await fetch(`${server.url}/__control/instances/default/truth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json() as { Events: WireEvent[] };
    const all = truth.Events.map((e) => new CtEvent(e as never));
    assert.ok(all.length > 150, 'enough events for several pages');
    const conditions: Condition[] = [
      { field: 'EventSource', value: all[0].EventSource! },
      { field: 'ErrorCode', value: 'AccessDenied', exclude: true },
      { field: 'UserAgent', value: all[1].userAgent!, exclude: true },
    ];
    for (const c of conditions) {
      const lookup = new LookupController({
        region: 'us-east-1', endpoint: server.url, credentials: { ...STATIC_CREDENTIALS }, rateLimit: { requestsPerSecond: 50, marginMs: 0 },
      });
      const query = { ...defaultQuery(), timeRange: { kind: 'relative' as const, preset: '90d' as const } };
      await lookup.run(query);
      await lookup.loadMore();
      const before = lookup.state.events.length;
      assert.ok(lookup.columns(create)!.length === before && before > 0, 'columns built for the loaded rows');
      const requests = lookup.state.counts.requests;
      await lookup.refine({ ...query, conditions: [c] });
      const ids = (list: readonly CtEvent[]) => list.map((e) => e.EventId);
      const loadedTruth = all.slice(0, lookup.state.counts.scanned).filter((e) => meets(e, c));
      assert.deepEqual(ids(lookup.state.events), ids(loadedTruth), `${c.field} ${c.exclude ? 'is not' : 'is'} ${c.value}: the loaded rows that meet it`);
      assert.equal(lookup.state.counts.requests, requests, 'no request to narrow');
      assert.equal(lookup.columns(create)!.length, lookup.state.events.length, 'columns compacted with the rows');
      while (lookup.state.hasMore) await lookup.loadMore();
      assert.deepEqual(ids(lookup.state.events), ids(all.filter((e) => meets(e, c))), 'after paging to the end: the truth filtered');
      const counter = new FacetCounter();
      counter.sync(lookup.state.events, lookup.columns(create));
      const fresh = new FacetCounter();
      fresh.sync([...lookup.state.events]);
      assert.deepEqual(counter.facets(50), fresh.facets(50), 'facets from the controller\'s columns equal a fresh count');
      lookup.dispose();
    }
  });
});
