/**
 * The investigation store and the data layer without a browser: plain TypeScript under node --test,
 * the lookups over real HTTP to the emulator on 127.0.0.1.
 */
process.env.TZ = 'America/New_York';

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STATIC_CREDENTIALS, startEmulatorServer, type EmulatorServer, type WireEvent } from 'cloudtrail-elements-emulator';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { InvestigationStore } from '../../src/state/store.js';
import { ViewStore, type StoreSnapshot } from '../../src/state/view-store.js';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';

let server: EmulatorServer;

before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', generate: { count: 200, seed: 3, at: GENERATED_AT } });
});
after(async () => {
  await server.close();
});

async function control<T>(route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/__control/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `control ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

interface Inst { id: string; endpoint: string }

async function investigation(count: number, seed: number, scanLimit?: number): Promise<{ inst: Inst; store: InvestigationStore; all: WireEvent[] }> {
  const inst = await control<Inst>('instances', { throttle: false, generate: { count, seed, at: GENERATED_AT } });
  const lookup = new LookupController({
    region: 'us-east-1', endpoint: `${new URL(server.url).origin}${inst.endpoint}`, credentials: { ...STATIC_CREDENTIALS },
    rateLimit: { requestsPerSecond: 50, marginMs: 0 }, scanLimit,
  });
  const all = (await control<{ Events: WireEvent[] }>(`instances/${inst.id}/truth`, {})).Events;
  return { inst, store: new InvestigationStore(lookup), all };
}

/** The most frequent event name whose events are all read calls: "write" matches none of them. */
function readOnlyName(all: readonly WireEvent[]): { name: string; count: number } {
  const stats = new Map<string, { count: number; reads: number }>();
  for (const e of all) {
    if (!e.EventName) continue;
    const s = stats.get(e.EventName) ?? { count: 0, reads: 0 };
    s.count++;
    if (e.ReadOnly === 'true') s.reads++;
    stats.set(e.EventName, s);
  }
  const [name, s] = [...stats].filter(([, v]) => v.count === v.reads).sort((a, b) => b[1].count - a[1].count)[0] ?? [];
  assert.ok(name && s, 'the generated data has an event name with only read calls');
  return { name, count: s.count };
}

describe('view store', () => {
  test('a time-zone change keeps the typed custom range: the same instants, re-expressed', () => {
    const store = new ViewStore({ now: () => Date.UTC(2026, 10, 24, 12) });
    // Typed as the table writes times (24-hour, a space between date and time).
    store.editDraft({ rangeMode: 'absolute', from: '2026-11-20 08:00:00', to: '2026-11-21 09:30:00', key: 'EventName', value: 'PutObject' });
    store.setTimeZone('local');
    const draft = store.state.draft;
    assert.equal(draft.rangeMode, 'absolute', 'still a custom range');
    assert.equal(draft.from, '2026-11-20 03:00:00', 'New York is UTC-5 in November');
    assert.equal(draft.to, '2026-11-21 04:30:00', 'the end moves by the same offset');
    assert.equal(draft.value, 'PutObject', 'the attribute value stays');
    const built = store.buildQuery();
    assert.ok(built.query?.timeRange.kind === 'absolute', 'the draft still builds an absolute query');
    assert.equal(built.query.timeRange.start.toISOString(), '2026-11-20T08:00:00.000Z', 'the start instant is unchanged');
  });

  test('watch() hears a change of its slice only', () => {
    const store = new ViewStore();
    const heard: unknown[] = [];
    const off = store.watch((s: StoreSnapshot) => [s.view.timeZone], (v) => heard.push(v));
    store.setSearch({ query: 'DeleteBucket' });
    store.editDraft({ value: 'x' });
    assert.equal(heard.length, 0, 'other slices changed, not this one');
    store.setTimeZone('local');
    store.setTimeZone('local');
    assert.deepEqual(heard, [['local']], 'one change, heard once');
    off();
    store.setTimeZone('utc');
    assert.equal(heard.length, 1, 'nothing after unsubscribing');
  });

  test('the comparison refuses a sixth with a notice, and a new investigation clears both', () => {
    const store = new ViewStore();
    const events = Array.from({ length: 6 }, (_, i) => ({ EventId: `e${i}` }) as never);
    for (const e of events.slice(0, 5)) assert.equal(store.toggleCompare(e), true, 'five are taken');
    assert.equal(store.toggleCompare(events[5]), false, 'a sixth is refused');
    assert.match(store.state.notice, /compare up to 5/, 'and the store says why');
    store.resetView();
    assert.equal(store.state.compare.length, 0, 'picks cleared');
    assert.equal(store.state.notice, '', 'the notice went with them');
  });

  test('buildQuery() keeps the messages in the store for the form, and names the field', () => {
    const store = new ViewStore();
    store.editDraft({ key: 'EventName', value: '' });
    const built = store.buildQuery();
    assert.equal(built.query, undefined, 'an empty value is not a query');
    assert.equal(store.state.issues[0]?.field, 'attributeValue', 'the message points at the value field');
    store.editDraft({ value: 'ListBuckets' }, true);
    assert.equal(store.state.issues.length, 0, 'editing the field clears its message');
  });

  test('unknown columns and zones are refused', () => {
    const store = new ViewStore();
    const before = store.state.columns;
    store.setColumns(['nope'] as never);
    assert.equal(store.state.columns, before, 'no known column: unchanged');
    store.setTimeZone('mars' as never);
    assert.equal(store.state.timeZone, 'utc', 'an unknown zone changes nothing');
  });
});

describe('investigation store over HTTP', () => {
  test('a browser-side filter scans on and says how many it scanned and matched', async () => {
    const { store, all } = await investigation(600, 5);
    const { name, count } = readOnlyName(all);
    const query: LookupQuery = { ...defaultQuery(), attribute: { key: 'EventName', value: name }, readOnly: 'write' };
    await store.run(query);
    await store.lookup.loadMore();
    const state = store.lookup.state;
    assert.equal(state.events.length, 0, 'no write call of a read-only name');
    assert.equal(state.counts.scanned, count, 'every event of that name was scanned, not one page');
    assert.equal(state.hasMore, false, 'the scan reached the end');
    store.dispose();
  });

  test('a scan stops at the scan limit and carries on from there', async () => {
    // 3,000 calls: event history is per Region, and us-east-1's share of read-only calls varies with the generator's clock.
    const { store, all } = await investigation(3000, 6, 30);
    const { name, count } = readOnlyName(all);
    assert.ok(count > 60, `enough events to need more than two scans (${count})`);
    await store.run({ ...defaultQuery(), pageSize: 10, attribute: { key: 'EventName', value: name }, readOnly: 'write' });
    const first = store.lookup.state.counts.scanned;
    assert.ok(first >= 30 && first < 40, `one load scans up to the limit (${first})`);
    assert.equal(store.lookup.state.hasMore, true, 'more to scan');
    await store.loadMore();
    assert.ok(store.lookup.state.counts.scanned >= first + 30, 'the next load scans on from where it stopped');
    store.dispose();
  });

  test('a new lookup clears selection, comparison and notices; the filter shows the query run', async () => {
    const { store } = await investigation(100, 7);
    await store.run(defaultQuery());
    const [a] = store.lookup.state.events;
    store.select(a);
    store.toggleCompare(a);
    const query: LookupQuery = { ...defaultQuery(), timeRange: { kind: 'relative', preset: '7d' } };
    await store.run(query);
    assert.equal(store.state.selected, null, 'selection cleared');
    assert.equal(store.state.compare.length, 0, 'comparison cleared');
    assert.equal(store.state.draft.preset, '7d', 'the filter shows the query that ran');
    store.dispose();
  });

  test('openEvent() finds an event that is not loaded with one EventId lookup', async () => {
    const { inst, store, all } = await investigation(300, 8);
    await store.run(defaultQuery());
    // The oldest event of the Region: never on the first page, however many the generator put there.
    assert.ok(all.length > 100, `more events than a page (${all.length})`);
    const target = all[all.length - 1];
    assert.ok(!store.lookup.state.events.some((e) => e.EventId === target.EventId), 'not on the first page');
    store.openEvent(target.EventId);
    for (let i = 0; i < 100 && !store.state.selected; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(store.state.selected?.EventId, target.EventId, 'the linked event is open');
    const log = (await control<{ entries: { params?: { LookupAttributes?: { AttributeKey: string }[] } }[] }>(`instances/${inst.id}/log`)).entries;
    assert.ok(log.some((e) => e.params?.LookupAttributes?.[0]?.AttributeKey === 'EventId'), 'found with an EventId lookup');
    store.dispose();
  });

  test('dispose() ends the controller: nothing more is sent', async () => {
    const { inst, store } = await investigation(100, 9);
    await store.run(defaultQuery());
    store.dispose();
    assert.equal(store.lookup.disposed, true, 'the controller is disposed with the store');
    const before = (await control<{ entries: unknown[] }>(`instances/${inst.id}/log`)).entries.length;
    await store.loadMore();
    await assert.rejects(store.run(defaultQuery()), /disposed/, 'a disposed investigation refuses to run');
    const afterCount = (await control<{ entries: unknown[] }>(`instances/${inst.id}/log`)).entries.length;
    assert.equal(afterCount, before, 'no request after dispose');
  });
});
