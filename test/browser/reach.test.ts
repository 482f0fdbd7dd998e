/**
 * Reach: "Download all matching" (every event of the lookup, written as pages arrive), Follow (a
 * live tail on the emulator's clock, driven in step with the page's), and the rate budget meter
 * with Pause / Resume. Checked against the emulator's ground truth and its request log.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { RateLimiter, sharedRateLimiter, rateLimitKey } from '../../src/lookup/rate-limiter.js';
import { InvestigationStore } from '../../src/state/store.js';
import type { CtEventTable } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { describe, it } from './helpers/mocha.js';
import {
  addRecords, advanceClock, createInstance, info, lookupLog, maxRequestsInAnyWindow, maxSentInAnySecond, setFaults, truth, until,
  type Instance, type WireEvent,
} from './helpers/emulator.js';
import { mountHistory } from './helpers/elements.js';
import { ManualClock, steppedWith } from './helpers/clock.js';
import { memoryPicker, nextDownload, openExport, parseCsv, withPicker } from './helpers/downloads.js';

const INVICTUS = 'invictus-ir_aws_dataset.full.jsonl.gz';
const NINETY_DAYS: LookupQuery = { timeRange: { kind: 'relative', preset: '90d' }, pageSize: 50, readOnly: 'all', category: 'management' };

const part = <T extends HTMLElement = HTMLElement>(table: CtEventTable, name: string) => table.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const ids = (events: readonly { EventId?: string }[]) => events.map((e) => e.EventId);

async function planTruth(inst: Instance, store: InvestigationStore): Promise<WireEvent[]> {
  const plan = store.lookup.state.plan!;
  return truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000 });
}

describe('Download all matching', () => {
  it('writes the 2,900 invictus events in full, as the raw records of a CloudTrail log file, at the rate limit', async function () {
    this.timeout(150_000);
    const inst = await createInstance({ events: [INVICTUS], rebase: true });
    const { table, session } = await mountHistory(inst);
    await session.run(NINETY_DAYS);
    const want = await planTruth(inst, session);
    expect(want.length, 'the data set holds its 2,900 events').to.be.within(2_800, 3_000);
    const { file, pick } = memoryPicker();
    const restore = withPicker(pick);
    try {
      const panel = await openExport(table);
      panel.format('json');
      await table.updateComplete;
      panel.start();
      await until(() => session.state.exporting?.status === 'done', 140_000, 100);
      expect(file.closed, 'the file was completed').to.equal(true);
      expect(file.name).to.match(/^cloudtrail-events-.*\.json$/);
      const text = file.chunks.join('');
      const records = (JSON.parse(text) as { Records: { eventID: string }[] }).Records;
      expect(records.map((r) => r.eventID), 'every event, once, in order').to.deep.equal(want.map((e) => e.EventId));
      for (const e of want) expect(text.includes(e.CloudTrailEvent), `the raw record of ${e.EventId}`).to.equal(true);
      expect(file.chunks.length, 'written page by page').to.be.greaterThan(50);
      expect(Math.max(...file.chunks.map((c) => c.length)), 'no chunk holds more than a page').to.be.lessThan(want.reduce((n, e) => Math.max(n, e.CloudTrailEvent.length), 0) * 60);
      await table.updateComplete;
      expect(panel.progress()).to.equal(`Done: ${want.length.toLocaleString('en-US')} events, ${session.state.exporting!.pages} pages written.`);
      expect(session.lookup.state.events.length, 'the table still holds its own rows only').to.be.lessThan(want.length);
      expect(maxSentInAnySecond(inst), 'never more than 2 requests in a second').to.be.at.most(2);
      expect((await lookupLog(inst.id)).filter((e) => e.outcome === 'ThrottlingException'), 'the service never had to throttle').to.have.length(0);
    } finally {
      restore();
    }
  });

  it('writes the picked CSV columns (the incident columns by default) through a Blob where the browser has no file picker, and offers the choice again', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 240, seed: 5 }, throttle: false });
    const { table, session } = await mountHistory(inst);
    await session.run(NINETY_DAYS);
    const want = await planTruth(inst, session);
    const restore = withPicker(undefined);
    try {
      await table.updateComplete;
      expect(table.shadowRoot!.textContent, 'the loaded-rows download says how many').to.include(`CSV of ${session.lookup.state.events.length} loaded rows`);
      const panel = await openExport(table);
      const boxes = [...panel.panel.querySelectorAll<HTMLInputElement>('.export-columns input[type="checkbox"]')];
      const label = (box: HTMLInputElement) => box.parentElement!.textContent!.trim();
      expect(boxes.filter((b) => b.checked).map(label), 'the shown columns and what an incident export needs').to.deep.equal(
        ['Event time', 'Event name', 'User name', 'Event source', 'Resource type', 'Resource name', 'Error code', 'Source IP address', 'AWS access key', 'AWS Region', 'Event ID']);
      await until(() => Boolean(part(table, 'budget')) && Boolean(part(table, 'follow')));
      await expect(table, 'the meter, Follow and the open panel pass axe').to.be.accessible();
      boxes.find((b) => label(b) === 'Event time')!.click();
      boxes.find((b) => label(b) === 'Resource type')!.click();
      boxes.find((b) => label(b) === 'User agent')!.click();
      await table.updateComplete;
      const saved = nextDownload();
      panel.start();
      const { name, text } = await saved;
      expect(name).to.match(/\.csv$/);
      const rows = parseCsv(text);
      const chosen = ['Event name', 'User name', 'Event source', 'Resource name', 'Error code', 'Source IP address', 'AWS access key', 'AWS Region', 'Event ID', 'User agent'];
      expect(rows[0]).to.deep.equal(chosen);
      expect(rows.slice(1).map((r) => r[8]), 'every event, in order').to.deep.equal(want.map((e) => e.EventId));
      expect(rows.slice(1).map((r) => r[0])).to.deep.equal(want.map((e) => e.EventName));
      expect(rows.slice(1).map((r) => r[5])).to.deep.equal(want.map((e) => (JSON.parse(e.CloudTrailEvent) as { sourceIPAddress?: string }).sourceIPAddress ?? ''));

      // Another history on this origin offers the last choice.
      const other = await mountHistory(inst);
      await other.session.run(NINETY_DAYS);
      const again = await openExport(other.table, { keepChoice: true });
      expect([...again.panel.querySelectorAll<HTMLInputElement>('.export-columns input[type="checkbox"]')].filter((b) => b.checked).map(label)).to.deep.equal(chosen);
      other.session.dispose();
    } finally {
      restore();
      localStorage.removeItem('ct-event-table.export-choice');
    }
  });

  it('Cancel stops requests at once and saves nothing', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 3000, seed: 9 } });
    const { table, session } = await mountHistory(inst);
    await session.run(NINETY_DAYS);
    const key = rateLimitKey(inst.region, inst.url);
    const restore = withPicker(undefined);
    let saved = false;
    const onClick = (e: Event) => { if (e.target instanceof HTMLAnchorElement && e.target.download) { saved = true; e.preventDefault(); } };
    document.addEventListener('click', onClick, true);
    try {
      const panel = await openExport(table);
      panel.start();
      await until(() => (session.state.exporting?.pages ?? 0) >= 3, 30_000);
      await table.updateComplete;
      expect(panel.progress()).to.match(/^Downloading… [\d,]+ events, \d+ pages · [\d.]+ events\/s · (about [\d,]+ s left|time left unknown)$/);
      part<HTMLButtonElement>(table, 'export-cancel')!.click();
      const sentAtCancel = sharedRateLimiter.grants(key).length;
      expect(sharedRateLimiter.queued(key), 'nothing left waiting for the limiter').to.equal(0);
      await until(() => session.state.exporting?.status === 'cancelled');
      // A request of the table's own goes next: the limiter lets it go first, nothing of the export's before it.
      await session.loadMore();
      const grants = sharedRateLimiter.grants(key);
      expect(grants.length, 'one request since the cancel: the table\'s').to.equal(sentAtCancel + 1);
      const log = await lookupLog(inst.id);
      expect(log.length, 'the log holds no request the limiter did not let go').to.be.at.most(grants.length);
      await table.updateComplete;
      expect(panel.progress()).to.match(/^Cancelled after [\d,]+ events, \d+ pages; nothing was saved\.$/);
      expect(saved, 'no file was saved').to.equal(false);
    } finally {
      document.removeEventListener('click', onClick, true);
      restore();
    }
  });
});

describe('Follow', () => {
  it('shows events delivered late and out of order once each, in order, keeps the reader\'s row, and stays in budget for 10 minutes', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ generate: { count: 120, seed: 3 } });
    const clock = new ManualClock(Date.parse((await info(inst.id)).now));
    // The page's clock and the emulator's move together, only here.
    const { advance, runUntil } = steppedWith(clock, (seconds) => advanceClock(inst.id, seconds), until);
    const limiter = new RateLimiter({ clock });
    const lookup = new LookupController({ region: inst.region, endpoint: inst.url, credentials: { ...inst.staticCredentials }, limiter, clock, now: clock.now });
    const store = new InvestigationStore(lookup, { now: clock.now });
    const table = await fixture<CtEventTable>(html`<ct-event-table style="--ct-table-height: 320px" .session=${store}></ct-event-table>`);
    try {
      // The limiter's timers are the manual clock's: move it until every page is in.
      const loading = (async () => {
        await store.run(NINETY_DAYS);
        while (store.lookup.state.hasMore) await store.loadMore();
      })();
      let loaded = false;
      void loading.then(() => { loaded = true; });
      while (!loaded) await advance(clock.nextDue ?? clock.now());
      await loading;
      await table.updateComplete;
      const grid = table.shadowRoot!.querySelector<HTMLElement>('.grid')!;
      const rowHeight = () => table.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!.getBoundingClientRect().height;
      // The keyboard's row is the sixth: it stays on its event as rows arrive above it.
      grid.focus();
      for (let i = 0; i < 5; i++) grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      await table.updateComplete;
      const activeBefore = grid.getAttribute('aria-activedescendant');
      const activeEvent = store.lookup.state.events[5]!.EventId;
      expect(activeBefore).to.match(/-row-5$/);
      grid.scrollTop = Math.round(4 * rowHeight());
      await until(() => table.shadowRoot!.querySelector('.body [role="row"][aria-rowindex="6"]') !== null);
      const reading = () => store.lookup.state.events[Math.floor(grid.scrollTop / rowHeight())]?.EventId;
      const readingBefore = reading();

      const beforeFollowing = (await lookupLog(inst.id)).length;
      await until(() => Boolean(part(table, 'follow')));
      part(table, 'follow')!.querySelector('input')!.click();
      expect(store.lookup.state.following).to.equal(true);

      // Ten minutes: every 20 s CloudTrail delivers one to three events, each up to 4 minutes late.
      const template = JSON.parse((await truth(inst.id, {}))[0].CloudTrailEvent) as Record<string, unknown>;
      const start = clock.now();
      const end = start + 10 * 60_000;
      const added: string[] = [];
      let seed = 11;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let t = start + 20_000; t <= end; t += 20_000) {
        await runUntil(t);
        const records = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const eventID = crypto.randomUUID();
          added.push(eventID);
          return { ...template, eventID, eventName: 'FollowedEvent', awsRegion: inst.region, eventTime: new Date(t - Math.floor(random() * 240) * 1000).toISOString() };
        });
        await addRecords(inst.id, records);
      }
      // Polls go on until one after the last delivery has looked (it waits while one is in flight).
      await runUntil(clock.now() + 12_000);
      await table.updateComplete;

      const plan = store.lookup.state.plan!;
      const want = await truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: clock.now() / 1000 });
      expect(ids(store.lookup.state.events), 'the rows are the emulator\'s events, in order').to.deep.equal(ids(want));
      expect(new Set(ids(store.lookup.state.events)).size, 'no event twice').to.equal(store.lookup.state.events.length);
      for (const id of added) expect(ids(store.lookup.state.events), `delivered ${id}`).to.include(id);
      expect(store.lookup.state.followed).to.equal(added.length);

      expect(reading(), 'the row the reader was on stays in view').to.equal(readingBefore);
      const activeNow = Number(grid.getAttribute('aria-activedescendant')!.replace(/.*-row-/, ''));
      expect(store.lookup.state.events[activeNow]!.EventId, 'the keyboard\'s row is still on its event').to.equal(activeEvent);
      expect(activeNow, 'below the rows that arrived above it').to.be.greaterThan(5);
      const button = part<HTMLButtonElement>(table, 'new-events')!;
      expect(button.textContent!.trim()).to.equal(`${added.length} new events ↑`);
      button.click();
      await table.updateComplete;
      expect(grid.scrollTop).to.equal(0);
      expect(part(table, 'new-events'), 'gone once the reader is at the top').to.equal(null);

      const log = await lookupLog(inst.id);
      expect(log.filter((e) => e.outcome === 'ThrottlingException'), 'the service never had to throttle').to.have.length(0);
      expect(maxRequestsInAnyWindow(log.map((e) => ({ time: e.emulatorTime }))), 'at most 2 requests in any second of the emulator\'s clock').to.be.at.most(2);
      // A poll is a first page (no NextToken) and, rarely, the pages after it (short pages happen).
      const polls = log.slice(beforeFollowing).filter((e) => !(e.params as { NextToken?: string }).NextToken);
      const seconds = (clock.now() - start) / 1000;
      expect(polls.length, 'about one poll every 5 s, never more').to.be.within(Math.floor((seconds / 5) * 0.95), Math.ceil(seconds / 5) + 1);
      for (let i = 1; i < polls.length; i++) expect(polls[i].emulatorTime - polls[i - 1].emulatorTime, 'polls 5 s apart').to.be.at.least(5_000);
      expect(log.length - beforeFollowing - polls.length, 'follow-up pages are the exception').to.be.below(polls.length / 2);
    } finally {
      store.dispose();
    }
  });
});

describe('The budget in sight', () => {
  it('shows requests against the limit, the wait the limiter imposes and throttles met, shared by two histories', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 600, seed: 21 } });
    const a = await mountHistory(inst);
    const b = await mountHistory(inst);
    const meter = (table: CtEventTable) => part(table, 'budget')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    // The reading lasts the second after the request left: watch for it while the lookup runs.
    const first = a.session.run(NINETY_DAYS);
    await until(() => /[12]\/2 per s/.test(meter(a.table)) && /[12]\/2 per s/.test(meter(b.table)));
    await first;
    // Two histories page at once: the limiter holds one back and both meters say so.
    void a.session.loadMore();
    void b.session.run(NINETY_DAYS);
    await until(() => /waiting \d\.\d s/.test(meter(a.table)) && /waiting \d\.\d s/.test(meter(b.table)));
    await until(() => a.session.lookup.state.status === 'done' && b.session.lookup.state.status === 'done');

    await setFaults(inst.id, { script: ['throttle'] });
    await a.session.loadMore();
    await until(() => meter(a.table).includes('1 throttle') && meter(b.table).includes('1 throttle'));
    await until(() => meter(a.table).includes('0/2 per s'), 5_000);
    expect(maxSentInAnySecond(inst)).to.be.at.most(2);
  });

  it('Pause holds paging until Resume', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 600, seed: 22 }, throttle: false });
    const { table, session } = await mountHistory(inst);
    await session.run(NINETY_DAYS);
    await until(() => Boolean(part(table, 'pause')));
    const pause = part<HTMLButtonElement>(table, 'pause')!;
    expect(pause.textContent!.trim()).to.equal('Pause');
    pause.click();
    expect(session.lookup.state.paused).to.equal(true);
    await table.updateComplete;
    expect(pause.textContent!.trim()).to.equal('Resume');
    const before = (await lookupLog(inst.id)).length;
    const more = session.loadMore();
    // Another lookup on the same instance goes through meanwhile: time passes, the paused one waits.
    const other = await mountHistory(inst);
    await other.session.run(NINETY_DAYS);
    expect((await lookupLog(inst.id)).length, 'only the other history\'s request went').to.equal(before + 1);
    await table.updateComplete;
    expect(table.shadowRoot!.querySelector('.status')!.textContent).to.equal('50 events loaded · paused; Resume carries on');
    expect(session.lookup.state.events.length).to.equal(50);
    pause.click();
    await more;
    expect(session.lookup.state.paused).to.equal(false);
    expect(session.lookup.state.events.length).to.equal(100);
    expect((await lookupLog(inst.id)).length).to.equal(before + 2);
  });
});
