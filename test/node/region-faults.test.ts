/**
 * Nothing lost across Regions, exports and follow, on an injected clock: several Regions with
 * scripted faults (throttling, 5xx, dropped connections, refusals) merged by the controller; the
 * events shown, exported and followed equal every Region's events, none repeated, in order, and the
 * state says the lookup is complete only when every Region reached its end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LookupController } from '../../src/lookup/controller.js';
import type { ExportProgress, ExportSink } from '../../src/lookup/export-all.js';
import { RegionMergeSource } from '../../src/lookup/region-merge.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { FakeClock } from './helpers/fake-clock.js';
import { randomFaults, ScriptedRegion, truthOf, type Fault } from './helpers/scripted-regions.js';

const BASE = Date.UTC(2026, 10, 2, 12, 0, 0);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1'];

/** `n` distinct times spread over the `hours` before `end`, seeded by `salt`. */
function times(n: number, hours: number, end: number, salt: number): number[] {
  return Array.from({ length: n }, (_, i) => end - Math.floor(((i * 7919 + salt * 104729) % (hours * 3600)) * 1000) - (salt % 1000));
}

interface World {
  clock: FakeClock;
  regions: ScriptedRegion[];
  controller: LookupController;
  /** Runs `work` while moving the clock, until it settles; fails if it never does. */
  drive<T>(work: Promise<T>): Promise<T>;
}

function world(counts: readonly number[], hours: 1 | 24 = 24): World {
  const clock = new FakeClock(0);
  const regions = REGIONS.slice(0, counts.length).map((name, i) => new ScriptedRegion(name).add(times(counts[i], hours, BASE - 60_000, i + 1)));
  const source = new RegionMergeSource(regions.map((r) => r.region), regions, { clock, retry: { baseDelayMs: 500, maxDelayMs: 8000 } });
  const controller = new LookupController({
    region: regions[0].region, regions: regions.map((r) => r.region), source, clock, now: () => BASE + clock.now(), credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
  });
  const drive = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    const settled = work.finally(() => { done = true; });
    for (let i = 0; !done; i++) {
      assert.ok(i < 20_000, 'the work settles');
      await clock.advance(100);
    }
    return settled;
  };
  return { clock, regions, controller, drive };
}

const query = (hours: 1 | 24 = 24): LookupQuery => ({ timeRange: { kind: 'relative', preset: hours === 1 ? '1h' : '1d' }, readOnly: 'all', category: 'management', pageSize: 50 });

/** Load more (and Retry, when a load stopped on an error) until the lookup has nothing more; bounded. */
async function loadAll(w: World): Promise<void> {
  for (let i = 0; w.controller.state.hasMore; i++) {
    assert.ok(i < 2_000, 'the lookup comes to an end');
    await w.drive(w.controller.state.error ? w.controller.retry() : w.controller.loadMore());
  }
}

function shown(w: World): string[] {
  return w.controller.state.events.map((e) => e.EventId!);
}

function expectWhole(w: World, what: string): void {
  const plan = w.controller.state.plan!;
  const want = truthOf(w.regions, plan.start.getTime(), plan.end.getTime());
  const got = shown(w);
  assert.equal(new Set(got).size, got.length, `${what}: none repeated`);
  assert.equal(got.length, want.length, `${what}: as many as the truth`);
  assert.deepEqual(got, want, `${what}: the truth, in order`);
}

/** What the view says about completeness: complete only when every Region reached its end. */
function complete(w: World): boolean {
  const s = w.controller.state;
  return !s.hasMore && !s.error && s.regions.every((r) => r.done && !r.error);
}

const faultsOf = (r: ScriptedRegion, seed: number, rates: Partial<Record<Fault, number>>) => { r.script = randomFaults(seed, rates); };

describe('several Regions under faults lose nothing', () => {
  it('5 Regions; one 30% 5xx and 20% dropped connections, one throttled often: every event, in order, complete', async () => {
    const w = world([700, 650, 600, 640, 620]);
    faultsOf(w.regions[0], 11, { '500': 0.3, drop: 0.2 });
    faultsOf(w.regions[1], 12, { throttle: 0.6 });
    await w.drive(w.controller.run(query()));
    await loadAll(w);
    expectWhole(w, 'merged under faults');
    assert.ok(complete(w), 'complete when every Region reached its end');
    assert.ok(w.controller.state.counts.throttled > 0, 'throttles were met and counted');
    const failures = w.regions[0].calls - w.regions[0].pages + w.regions[1].calls - w.regions[1].pages;
    console.log(`[reliability figures] 5 Regions merged under faults: ${shown(w).length} events shown, 0 lost, ${failures} failed calls retried`);
  });

  it('a Region that fails many times in a row is set aside, the others go on, and its events come back in their place', async () => {
    const w = world([300, 300, 300]);
    // eu-west-1: its 3rd to 20th calls fail (an outage); the merge sets it aside, then it recovers.
    w.regions[1].script = (n) => (n >= 3 && n <= 20 ? '500' : undefined);
    await w.drive(w.controller.run(query()));
    let sawBehind = false;
    for (let i = 0; w.controller.state.hasMore; i++) {
      assert.ok(i < 500, 'comes to an end');
      sawBehind ||= w.controller.state.regions.some((r) => r.behind);
      if (sawBehind) assert.ok(!complete(w), 'not complete while a Region is behind');
      await w.drive(w.controller.loadMore());
    }
    assert.ok(sawBehind, 'the failing Region was set aside while the others went on');
    expectWhole(w, 'after the outage');
    assert.ok(complete(w), 'complete once the Region caught up');
  });

  it('a Region always refused is named, the others load, the lookup is not complete, and its own Retry finishes it', async () => {
    const w = world([200, 220, 180]);
    faultsOf(w.regions[0], 3, { '500': 0.3, drop: 0.2 });
    w.regions[2].script = () => 'deny';
    await w.drive(w.controller.run(query()));
    await loadAll(w);
    const state = w.controller.state;
    const refused = state.regions.find((r) => r.region === 'ap-southeast-2')!;
    assert.match(refused.error?.message ?? '', /^ap-southeast-2: Access denied/);
    assert.ok(!complete(w), 'not complete: a Region was not searched');
    assert.equal(shown(w).length, truthOf(w.regions.slice(0, 2), state.plan!.start.getTime(), state.plan!.end.getTime()).length, 'the other Regions whole');
    // The refusal is lifted (a permission granted): Retry of that Region alone carries on from there.
    w.regions[2].script = () => undefined;
    const before = w.regions[0].calls + w.regions[1].calls;
    await w.drive(w.controller.retry('ap-southeast-2'));
    await loadAll(w);
    expectWhole(w, 'after the Region was retried');
    assert.ok(complete(w), 'complete once the refused Region was searched');
    assert.equal(w.regions[0].calls + w.regions[1].calls, before, 'the Regions already complete were not read again');
  });

  it('every throttle is counted, the last one before the retries run out too', async () => {
    const w = world([120]);
    const controller = new LookupController({
      region: 'us-east-1', source: w.regions[0], clock: w.clock, now: () => BASE + w.clock.now(), retry: { maxAttempts: 3 }, credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
    });
    w.regions[0].script = () => 'throttle';
    await w.drive(controller.run(query()));
    assert.equal(controller.state.error?.code, 'ThrottlingException', 'the lookup stopped on throttling');
    assert.equal(controller.state.counts.throttled, 3, 'three throttles counted');
    assert.equal(w.regions[0].backOffs, 3, 'three pauses of the budget (the meter counts these)');
  });

  it('Retry resumes where each Region stopped after an error ended a load', async () => {
    const w = world([150, 150]);
    await w.drive(w.controller.run(query()));
    // Both Regions refuse once (the lookup fails), then answer again.
    for (const r of w.regions) {
      const next = r.calls + 1;
      r.script = (n) => (n === next ? 'deny' : undefined);
    }
    await w.drive(w.controller.loadMore());
    assert.ok(w.controller.state.error, 'the load failed when every Region refused');
    const kept = shown(w).length;
    await w.drive(w.controller.retry());
    assert.ok(shown(w).length > kept, 'Retry carried on');
    await loadAll(w);
    expectWhole(w, 'after Retry');
  });
});

/** A sink that keeps what was written. */
function memorySink(): ExportSink & { text: string; closed: boolean; aborted: boolean } {
  const sink = {
    text: '', closed: false, aborted: false,
    write: async (chunk: string) => { sink.text += chunk; },
    close: async () => { sink.closed = true; },
    abort: async () => { sink.aborted = true; },
  };
  return sink;
}

const idsOf = (json: string) => (JSON.parse(json) as { Records: { eventID: string }[] }).Records.map((r) => r.eventID);

describe('exports are whole or say so', () => {
  it('two exports in a row and Load more after an export, without faults', async () => {
    const w = world([260, 240]);
    await w.drive(w.controller.run(query()));
    const plan = w.controller.state.plan!;
    const want = truthOf(w.regions, plan.start.getTime(), plan.end.getTime());
    for (const round of [1, 2]) {
      const sink = memorySink();
      const progress = await w.drive(w.controller.exportAll({ sink, format: 'json' }));
      assert.equal(progress.status, 'done', `export ${round}: done`);
      assert.deepEqual(idsOf(sink.text), want, `export ${round}: every event, in order`);
    }
    await loadAll(w);
    expectWhole(w, 'Load more after two exports');
  });

  it('export all under faults writes every event; with a Region refused the file ends saying what is missing', async () => {
    const w = world([400, 380, 300]);
    faultsOf(w.regions[0], 5, { '500': 0.3, drop: 0.2 });
    faultsOf(w.regions[1], 6, { throttle: 0.5 });
    await w.drive(w.controller.run(query()));
    const plan = w.controller.state.plan!;
    const sink = memorySink();
    const progress = await w.drive(w.controller.exportAll({ sink, format: 'json' }));
    assert.equal(progress.status, 'done');
    assert.deepEqual(idsOf(sink.text), truthOf(w.regions, plan.start.getTime(), plan.end.getTime()));

    w.regions[2].script = () => 'deny';
    await w.drive(w.controller.run(query()));
    const second = w.controller.state.plan!;
    const csv = memorySink();
    const columns = [{ label: 'Event ID', value: (e: { EventId?: string }) => e.EventId ?? '' }];
    const partial: ExportProgress = await w.drive(w.controller.exportAll({ sink: csv, format: 'csv', columns }));
    assert.equal(partial.status, 'incomplete', 'the progress says the file is not whole');
    assert.match(partial.message ?? '', /ap-southeast-2: not searched/);
    const lines = csv.text.trim().split('\r\n');
    assert.match(lines.at(-1)!, /^"?# Incomplete: .*ap-southeast-2: not searched/, 'the file ends with a marker line');
    assert.equal(lines.length - 2, truthOf(w.regions.slice(0, 2), second.start.getTime(), second.end.getTime()).length, 'every event of the other Regions');
    assert.ok(csv.closed, 'the file was saved');
  });
});

describe('follow misses nothing', () => {
  it('a burst of 600 between two polls, with faults in both Regions, is shown whole', async () => {
    const w = world([60, 60], 1);
    const follow = { intervalMs: 5_000, overlapMs: 10 * 60_000 };
    const clock = w.clock;
    const source = new RegionMergeSource(w.regions.map((r) => r.region), w.regions, { clock, retry: { baseDelayMs: 500, maxDelayMs: 8000 } });
    const controller = new LookupController({
      region: 'us-east-1', regions: w.regions.map((r) => r.region), source, clock, now: () => BASE + clock.now(), follow, credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
    });
    const fw: World = { ...w, controller };
    await fw.drive(controller.run(query(1)));
    await loadAll(fw);
    await fw.drive(controller.follow(true));
    faultsOf(w.regions[0], 21, { '500': 0.25, drop: 0.15 });
    faultsOf(w.regions[1], 22, { throttle: 0.4 });
    // 720 events arrive over a minute: a burst of 600 in us-east-1, 120 in eu-west-1.
    for (let step = 0; step < 12; step++) {
      const now = BASE + clock.now();
      w.regions[0].add(step === 3 ? times(600, 0.01, now - 1_000, 40) : []);
      w.regions[1].add(times(10, 0.002, now - 500, 50 + step));
      await clock.advance(5_000);
    }
    faultsOf(w.regions[0], 0, {});
    faultsOf(w.regions[1], 0, {});
    // Polls go on until what arrived is all shown (each poll is bounded; the loop is too).
    const all = () => new Set(w.regions.flatMap((r) => r.events.map((e) => e.EventId)));
    for (let i = 0; i < 200 && shown(fw).length < all().size; i++) await clock.advance(5_000);
    const got = shown(fw);
    assert.equal(new Set(got).size, got.length, 'none repeated');
    assert.deepEqual(new Set(got), all(), 'every event that arrived is shown');
    const ordered = controller.state.events.every((e, i, a) => i === 0 || a[i - 1].EventTime!.getTime() >= e.EventTime!.getTime());
    assert.ok(ordered, 'newest first');
    assert.equal(controller.state.followGap, null, 'no span left unread');
    await controller.follow(false);
  });

  it('a poll that keeps failing names the span not read, and the next poll that succeeds fills it', async () => {
    const w = world([30], 1);
    const clock = w.clock;
    const controller = new LookupController({
      region: 'us-east-1', source: w.regions[0], clock, now: () => BASE + clock.now(), follow: { intervalMs: 5_000 },
      retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200 }, credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
    });
    const fw: World = { ...w, controller };
    await fw.drive(controller.run(query(1)));
    await fw.drive(controller.follow(true));
    w.regions[0].script = () => '500';
    w.regions[0].add(times(120, 0.01, BASE + clock.now() - 100, 9));
    await clock.advance(12_000);
    const gap = controller.state.followGap;
    assert.ok(gap, 'the span not read is named');
    assert.match(gap!.reason, /problem on its side/);
    w.regions[0].script = () => undefined;
    await clock.advance(12_000);
    assert.equal(controller.state.followGap, null, 'filled');
    assert.equal(shown(fw).length, 150, 'every event that arrived during the outage is shown');
    await controller.follow(false);
  });
});
