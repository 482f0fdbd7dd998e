/**
 * The data layer of reach, on a fake clock: the rate budget a meter reads from the limiter, a
 * follow poll's window and merge, and an export written to a sink page by page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CtEvent } from '../../src/lookup/events.js';
import { runExport, recordJson, type ExportSink } from '../../src/lookup/export-all.js';
import { mergeNewer, pollInput } from '../../src/lookup/follow.js';
import { validateQuery, type LookupPlan } from '../../src/lookup/query.js';
import { RateLimiter } from '../../src/lookup/rate-limiter.js';
import { FakeClock } from './helpers/fake-clock.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

function plan(extra: Record<string, unknown> = {}): LookupPlan {
  const result = validateQuery({ timeRange: { kind: 'relative', preset: '1h' }, pageSize: 50, readOnly: 'all', category: 'management', ...extra }, NOW);
  assert.ok(result.ok, 'a valid query');
  return result.plan;
}

/** An event `secondsAgo` before NOW. */
function event(id: string, secondsAgo: number, raw?: string): CtEvent {
  const time = new Date(NOW - secondsAgo * 1000);
  return new CtEvent({ EventId: id, EventName: 'Get', ReadOnly: 'true', EventTime: time, CloudTrailEvent: raw ?? JSON.stringify({ eventID: id, eventTime: time.toISOString(), readOnly: true }) });
}

describe('the rate budget a meter reads', () => {
  test('counts grants in the last second, the wait ahead and throttles, and tells watchers', async () => {
    const clock = new FakeClock(10_000);
    const limiter = new RateLimiter({ clock });
    let told = 0;
    limiter.watch('k', () => told++);
    await limiter.acquire('k');
    assert.deepEqual(limiter.usage('k'), { recent: 1, waitMs: 0, queued: 0, throttles: 0, changesIn: 1000 }, 'one request, nothing waiting');
    const second = limiter.acquire('k');
    assert.equal(limiter.usage('k').waitMs, 525, 'the next slot is 525 ms away');
    assert.equal(limiter.usage('k').queued, 1, 'one request held');
    await clock.advance(525);
    await second;
    assert.equal(limiter.usage('k').recent, 2, 'two in the last second');
    await clock.advance(476);
    assert.deepEqual({ ...limiter.usage('k'), changesIn: 0 }, { recent: 1, waitMs: 0, queued: 0, throttles: 0, changesIn: 0 }, 'the first aged out');
    limiter.pause('k', 2_000);
    assert.equal(limiter.usage('k').throttles, 1, 'a throttle met');
    assert.ok(told >= 4, `watchers heard each change (${told})`);
  });
});

describe('a follow poll', () => {
  test('looks again at the overlap before the newest event held, up to now', () => {
    const p = plan();
    const input = pollInput({ id: 1, plan: p, newest: NOW - 60_000, signal: new AbortController().signal }, NOW + 5_000, 10 * 60_000);
    assert.equal(input.StartTime?.getTime(), NOW - 11 * 60_000, 'from 10 minutes before the newest held');
    assert.equal(input.EndTime?.getTime(), NOW + 5_000, 'to now');
    assert.equal('NextToken' in input, false, 'a first page');
    const empty = pollInput({ id: 1, plan: p, newest: undefined, signal: new AbortController().signal }, NOW, 600_000);
    assert.equal(empty.StartTime?.getTime(), p.start.getTime(), 'nothing held: the whole range');
    const fixed = validateQuery({ timeRange: { kind: 'absolute', start: new Date(NOW - 3_600_000), end: new Date(NOW - 60_000) }, pageSize: 50, readOnly: 'all', category: 'management' }, NOW);
    assert.ok(fixed.ok, 'a fixed range');
    const late = pollInput({ id: 1, plan: fixed.plan, newest: NOW - 120_000, signal: new AbortController().signal }, NOW + 600_000, 600_000);
    assert.equal(late.EndTime?.getTime(), NOW - 60_000, 'a fixed range keeps its end (late deliveries into it)');
  });

  test('adds what is new, once, each at its place by time, and only what the filters keep', () => {
    const held = { events: [event('a', 10), event('b', 100), event('c', 1000)], seen: new Set(['a', 'b', 'c']), plan: plan(), counts: { loaded: 3 } };
    const before = held.events;
    assert.equal(mergeNewer(held, [event('a', 10), event('late', 50), event('new', 1)]), 2, 'two new');
    assert.deepEqual(held.events.map((e) => e.EventId), ['new', 'a', 'late', 'b', 'c'], 'newest first, the late one among the others');
    assert.notEqual(held.events, before, 'a new array (the old one is never changed)');
    assert.equal(mergeNewer(held, [event('late', 50), event('new', 1)]), 0, 'nothing twice');
    const writes = { events: [] as CtEvent[], seen: new Set<string>(), plan: plan({ conditions: [{ field: 'EventName', value: 'Get', exclude: true }] }), counts: { loaded: 0 } };
    assert.ok(writes.plan.filters.length > 0, 'the browser applies the exclusion');
    assert.equal(mergeNewer(writes, [event('g', 5)]), 0, 'an excluded event is left out');
  });
});

describe('an export', () => {
  function memorySink() {
    const sink = { chunks: [] as string[], closed: false, aborted: false };
    const api: ExportSink = {
      write: async (c) => { sink.chunks.push(c); },
      close: async () => { sink.closed = true; },
      abort: async () => { sink.aborted = true; },
    };
    return { sink, api };
  }

  test('writes the held rows, then every page, as the raw records, dropping repeats across pages', async () => {
    const clock = new FakeClock(0);
    const pages = [
      { events: [event('h2', 20), event('p1', 30)], nextToken: 't1' },
      { events: [event('p1', 30), event('p2', 40, '{"eventID":"p2",  "spaced":true}')], nextToken: undefined },
    ];
    const { sink, api } = memorySink();
    const progress: string[] = [];
    const result = await runExport({
      sink: api, format: 'json', plan: plan(), held: [event('h1', 10), event('h2', 20)], more: true, clock,
      fetch: async () => { await clock.advance(500); return pages.shift()!; },
      onProgress: (p) => progress.push(`${p.status} ${p.events}/${p.pages}`),
    });
    assert.equal(result.status, 'done', 'done');
    assert.equal(sink.closed, true, 'the file was closed');
    const text = sink.chunks.join('');
    assert.deepEqual((JSON.parse(text) as { Records: { eventID: string }[] }).Records.map((r) => r.eventID), ['h1', 'h2', 'p1', 'p2'], 'each once, in order');
    assert.ok(text.includes('{"eventID":"p2",  "spaced":true}'), 'the raw text, not re-serialized');
    assert.deepEqual(progress, ['running 2/0', 'running 3/1', 'running 4/2', 'done 4/2'], 'progress after each chunk');
    assert.equal(result.eventsPerSecond, 4, '4 events in 1 s');
  });

  test('a cancel sends no further request and aborts the file', async () => {
    const clock = new FakeClock(0);
    const abort = new AbortController();
    const { sink, api } = memorySink();
    let requests = 0;
    const result = await runExport({
      sink: api, format: 'csv', columns: [{ label: 'Event ID', value: (e) => e.EventId }], plan: plan(), held: [], more: true, clock, signal: abort.signal,
      fetch: async () => { requests++; if (requests === 2) abort.abort(); return { events: [event(`e${requests}`, requests)], nextToken: 'more' }; },
    });
    assert.equal(result.status, 'cancelled', 'cancelled');
    assert.equal(requests, 2, 'no request after the cancel');
    assert.equal(sink.aborted, true, 'the file was dropped');
    assert.equal(sink.closed, false, 'and never completed');
  });

  test('an invalid record is kept as a string; a missing one as null', () => {
    assert.equal(recordJson('{"a":1}'), '{"a":1}', 'kept as is');
    assert.equal(recordJson('not json'), '"not json"', 'a string');
    assert.equal(recordJson(undefined), 'null', 'null');
  });
});

describe('the emulator takes records delivered late', () => {
  test('each at its place by time, data events dropped, a repeated eventID replaced', async () => {
    const { Instance } = await import('../../packages/emulator/src/instance.js');
    const now = Date.now();
    const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const record = (id: string, secondsAgo: number, extra: Record<string, unknown> = {}) =>
      ({ eventVersion: '1.08', eventID: id, eventTime: at(secondsAgo), eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', awsRegion: 'us-east-1', readOnly: true, managementEvent: true, ...extra });
    const inst = new Instance('late', { records: [record('old', 600), record('new', 10)] }, '/i/late');
    const out = inst.addRecords([record('late', 300), record('new', 5), record('data', 20, { managementEvent: false, eventCategory: 'Data' })]);
    assert.deepEqual({ added: out.added, dataEvents: out.dataEvents, reassignedIds: out.reassignedIds }, { added: 2, dataEvents: 1, reassignedIds: 1 }, 'two added, a data event dropped, a repeated id replaced');
    const ids = inst.truth({}).map((e) => e.EventId);
    assert.equal(ids.length, 4, 'four events');
    assert.deepEqual([ids[1], ids[2], ids[3]], ['new', 'late', 'old'], 'by time, newest first');
    assert.notEqual(ids[0], 'new', 'the repeated id was replaced');
  });
});
