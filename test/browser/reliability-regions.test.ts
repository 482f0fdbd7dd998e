/**
 * Nothing lost across Regions, exports and follow: `<ct-event-history regions="…">` against the
 * emulator with faults of each Region's own (5xx, dropped connections, a stricter throttle, a
 * refusal), through the real SDK. What is shown, exported and followed equals the emulator's truth
 * (none lost, none repeated, newest first), and the view says "all events for this lookup" only
 * when every Region reached its end.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, CtEventTable, InvestigationStore } from '../../src/index.js';
import { LookupController } from '../../src/lookup/controller.js';
import { RateLimiter } from '../../src/lookup/rate-limiter.js';
import { InvestigationStore as Store } from '../../src/state/store.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import {
  addRecords, advanceClock, createInstance, info, lookupLog, setFaults, truth, until, type Instance, type WireEvent,
} from './helpers/emulator.js';
import { memoryPicker, openExport, withPicker } from './helpers/downloads.js';
import { ManualClock, steppedWith } from './helpers/clock.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1'];
const NINETY_DAYS: LookupQuery = { timeRange: { kind: 'relative', preset: '90d' }, pageSize: 50, readOnly: 'all', category: 'management' };
/** us-east-1 answers 30% of calls with a 5xx and drops 20% of connections; eu-west-1 allows 1 request a second. */
const FAULTS = { regions: { 'us-east-1': { errorRate: 0.3, dropRate: 0.2, seed: 7 }, 'eu-west-1': { throttle: { rate: 1, burst: 1 } } } };

/** `n` records over the five Regions, three a minute, often the same second in different Regions. */
function records(n: number, from = 0): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const region = REGIONS[(i * 7 + Math.floor(i / 4)) % REGIONS.length];
    return record(i, { awsRegion: region, eventTime: new Date(Date.UTC(2026, 10, 20, 12) - Math.floor(i / 3) * 20_000).toISOString().replace('.000Z', 'Z') });
  });
}

interface View { history: CtEventHistory; table: CtEventTable; session: InvestigationStore }

async function mount(inst: Instance, regions: readonly string[]): Promise<View> {
  const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run regions=${regions.join(',')}
    .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session));
  const table = history.shadowRoot!.querySelector('ct-event-table')!;
  return { history, table, session: history.shadowRoot!.querySelector('ct-lookup-provider')!.session! };
}

const statusOf = (table: CtEventTable) => table.shadowRoot!.querySelector('.status')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Every status line the user saw, in order. */
function watchStatus(table: CtEventTable): { seen: string[]; stop(): void } {
  const seen: string[] = [];
  const push = () => {
    const t = statusOf(table);
    if (t && seen.at(-1) !== t) seen.push(t);
  };
  const mo = new MutationObserver(push);
  mo.observe(table.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return { seen, stop: () => mo.disconnect() };
}

/** Load more (Retry after an error) until the lookup has nothing more; bounded. */
async function loadAll(session: InvestigationStore): Promise<void> {
  for (let guard = 0; session.lookup.state.hasMore; guard++) {
    expect(guard, 'the lookup comes to an end').to.be.below(400);
    await (session.lookup.state.error ? session.retry() : session.loadMore());
  }
}

async function planTruth(inst: Instance, session: InvestigationStore, regions: readonly string[]): Promise<WireEvent[]> {
  const plan = session.lookup.state.plan!;
  return truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000, regions });
}

const ids = (events: readonly { EventId?: string }[]) => events.map((e) => e.EventId);
const newestFirst = (events: readonly { EventTime?: Date }[]) => events.every((e, i) => i === 0 || events[i - 1].EventTime!.getTime() >= e.EventTime!.getTime());

/** What the rows hold equals `want`: none lost, none repeated, newest first (same-second order may differ for late events). */
function expectSame(got: readonly { EventId?: string; EventTime?: Date }[], want: readonly WireEvent[], what: string): void {
  expect(new Set(ids(got)).size, `${what}: none repeated`).to.equal(got.length);
  expect([...ids(got)].sort(), `${what}: every event of the truth`).to.deep.equal(ids(want).sort());
  expect(newestFirst(got), `${what}: newest first`).to.equal(true);
}

describe('several Regions under faults lose nothing', () => {
  it('five Regions, one with 5xx and dropped connections, one throttled: every event, and "all events" only at the end', async function () {
    this.timeout(240_000);
    const inst = await createInstance({ records: records(3200), rebase: true });
    await setFaults(inst.id, FAULTS);
    const { table, session } = await mount(inst, REGIONS);
    const status = watchStatus(table);
    await session.run(NINETY_DAYS);
    await loadAll(session);
    await table.updateComplete;
    status.stop();
    const want = await planTruth(inst, session, REGIONS);
    expect(want.length).to.equal(3200);
    expectSame(session.lookup.state.events, want, 'merged under faults');
    const log = await lookupLog(inst.id);
    const failed = log.filter((e) => e.outcome !== 'ok');
    expect(failed.filter((e) => e.region === 'us-east-1').length, 'us-east-1 failed often').to.be.greaterThan(5);
    expect(failed.filter((e) => e.outcome === 'ThrottlingException').length, 'eu-west-1 was throttled').to.be.greaterThan(0);
    expect(statusOf(table)).to.match(/^3,200 events loaded · all events for this lookup$/);
    const early = status.seen.slice(0, -1).filter((t) => t.includes('all events for this lookup'));
    expect(early, 'never said complete before it was').to.deep.equal([]);
    expect(session.lookup.state.counts.throttled, 'every throttle counted').to.equal(failed.filter((e) => e.outcome === 'ThrottlingException').length);
    console.log(`[reliability figures] regions/faults: ${want.length} events, 0 lost, ${failed.length} failed calls retried in ${log.length} requests`);
  });

  it('the same with one Region always denied: the rest whole, the denied Region named, "not complete", never "all events"', async function () {
    this.timeout(240_000);
    const inst = await createInstance({ records: records(900), rebase: true });
    await setFaults(inst.id, { ...FAULTS, denyRegions: ['ap-southeast-2'] });
    const { table, session } = await mount(inst, REGIONS);
    await session.run(NINETY_DAYS);
    await loadAll(session);
    await table.updateComplete;
    const others = REGIONS.filter((r) => r !== 'ap-southeast-2');
    expectSame(session.lookup.state.events, await planTruth(inst, session, others), 'the other Regions');
    const line = statusOf(table);
    expect(line).to.match(/ · not complete · ap-southeast-2: not searched \(access denied\)$/);
    expect(line).to.not.contain('all events');
    expect(table.shadowRoot!.querySelector('[data-region="ap-southeast-2"] [part="region-retry"]'), 'the denied Region has its own Retry').to.not.equal(null);
  });
});

describe('exports are whole or say so', () => {
  async function exportAll(table: CtEventTable, session: InvestigationStore, format: 'csv' | 'json') {
    const { file, pick } = memoryPicker();
    const restore = withPicker(pick);
    try {
      const panel = await openExport(table);
      panel.format(format);
      await table.updateComplete;
      const before = session.state.exporting;
      panel.start();
      await until(() => session.state.exporting !== before && session.state.exporting?.status !== 'running', 200_000, 100);
      await table.updateComplete;
      return { file, text: file.chunks.join(''), progress: panel.progress(), status: session.state.exporting!.status };
    } finally {
      restore();
    }
  }

  it('export all as JSON, then as CSV on a fresh lookup, under the same faults: every event, "Done"', async function () {
    this.timeout(300_000);
    const inst = await createInstance({ records: records(700), rebase: true });
    await setFaults(inst.id, FAULTS);
    const { table, session } = await mount(inst, REGIONS);
    await session.run(NINETY_DAYS);
    const want = await planTruth(inst, session, REGIONS);
    const json = await exportAll(table, session, 'json');
    expect(json.status).to.equal('done');
    expect(json.progress).to.match(/^Done: 700 events, /);
    const written = (JSON.parse(json.text) as { Records: { eventID: string }[]; Incomplete?: string }).Records;
    expect(new Set(written.map((r) => r.eventID)).size, 'none repeated').to.equal(written.length);
    expect(written.map((r) => r.eventID).sort()).to.deep.equal(ids(want).sort());

    await session.run(NINETY_DAYS);
    const csv = await exportAll(table, session, 'csv');
    expect(csv.status).to.equal('done');
    const rows = csv.text.trim().split('\r\n').slice(1);
    expect(rows.length, 'a row per event').to.equal(700);
    expect(new Set(rows).size, 'none repeated').to.equal(700);
  });

  it('two exports in a row and Load more after an export work; a denied Region ends the file with a marker', async function () {
    this.timeout(240_000);
    const inst = await createInstance({ records: records(400), rebase: true });
    const { table, session } = await mount(inst, REGIONS);
    await session.run(NINETY_DAYS);
    const want = await planTruth(inst, session, REGIONS);
    for (const round of [1, 2]) {
      const { text, status } = await exportAll(table, session, 'json');
      expect(status, `export ${round}`).to.equal('done');
      expect((JSON.parse(text) as { Records: { eventID: string }[] }).Records.map((r) => r.eventID).sort(), `export ${round}: every event`).to.deep.equal(ids(want).sort());
    }
    await loadAll(session);
    expectSame(session.lookup.state.events, want, 'Load more after two exports');
    expect(statusOf(table)).to.contain('all events for this lookup');

    await setFaults(inst.id, { denyRegions: ['us-west-2'] });
    await session.run(NINETY_DAYS);
    const partial = await exportAll(table, session, 'json');
    expect(partial.status).to.equal('incomplete');
    expect(partial.progress).to.match(/^Saved [\d,]+ events, .* not complete .*us-west-2: not searched/);
    const file = JSON.parse(partial.text) as { Records: unknown[]; Incomplete?: string };
    expect(file.Incomplete, 'the file says what it lacks').to.match(/^Incomplete: .*us-west-2: not searched/);
    expect(file.Records.length).to.equal((await planTruth(inst, session, REGIONS.filter((r) => r !== 'us-west-2'))).length);
  });
});

describe('follow misses nothing across Regions', () => {
  it('a burst of 600 events between two polls, with faults in both Regions, is shown whole', async function () {
    this.timeout(240_000);
    const two = ['us-east-1', 'eu-west-1'];
    const inst = await createInstance({ records: records(60).map((r, i) => ({ ...r, awsRegion: two[i % 2] })), rebase: true });
    const clock = new ManualClock(Date.parse((await info(inst.id)).now));
    // The page's clock and the emulator's move together, only here.
    const { advance, runUntil } = steppedWith(clock, (seconds) => advanceClock(inst.id, seconds), until);
    const limiter = new RateLimiter({ clock });
    const lookup = new LookupController({ region: two[0], regions: two, endpoint: inst.url, credentials: { ...inst.staticCredentials }, limiter, clock, now: clock.now });
    const store = new Store(lookup, { now: clock.now });
    await fixture<CtEventTable>(html`<ct-event-table style="--ct-table-height: 320px" .session=${store}></ct-event-table>`);
    try {
      const loading = (async () => {
        await store.run({ ...NINETY_DAYS, timeRange: { kind: 'relative', preset: '1d' } });
        while (store.lookup.state.hasMore) await store.loadMore();
      })();
      let loaded = false;
      void loading.then(() => { loaded = true; });
      while (!loaded) await advance(clock.nextDue ?? clock.now());
      await loading;
      void lookup.follow(true);
      await setFaults(inst.id, { regions: { 'us-east-1': { errorRate: 0.25, dropRate: 0.15, seed: 3 }, 'eu-west-1': { throttle: { rate: 1, burst: 1 } } } });
      const template = record(0);
      const added: string[] = [];
      const deliver = async (count: number, region: string, at: number) => {
        const batch = Array.from({ length: count }, (_, k) => {
          const eventID = crypto.randomUUID();
          added.push(eventID);
          return { ...template, eventID, awsRegion: region, eventName: 'Burst', eventTime: new Date(at - (k % 300) * 1000).toISOString() };
        });
        await addRecords(inst.id, batch);
      };
      const start = clock.now();
      for (let step = 1; step <= 12; step++) {
        await runUntil(start + step * 5_000);
        if (step === 4) await deliver(600, 'us-east-1', clock.now() - 1_000);
        await deliver(10, 'eu-west-1', clock.now() - 2_000);
      }
      await setFaults(inst.id, {});
      // Polls go on (5 s apart) until one after the last delivery read everything; bounded.
      for (let i = 0; i < 40 && added.some((id) => !store.lookup.state.events.some((e) => e.EventId === id)); i++) await runUntil(clock.now() + 5_000);
      expect(added.length).to.equal(720);
      const shown = new Set(ids(store.lookup.state.events));
      expect(added.filter((id) => !shown.has(id)), 'every event that arrived is shown').to.deep.equal([]);
      expect(shown.size, 'none repeated').to.equal(store.lookup.state.events.length);
      expect(newestFirst(store.lookup.state.events), 'newest first').to.equal(true);
      expect(store.lookup.state.followGap, 'no span left unread').to.equal(null);
    } finally {
      void lookup.follow(false);
      store.dispose();
    }
  });
});
