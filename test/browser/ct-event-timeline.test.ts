import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/ct-event-timeline.js';
import type { CtEventTimeline } from '../../src/index.js';
import { createInstance, lookupLog, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { control, mountHistory, once, waitForStatus, type Mounted } from './helpers/elements.js';
import { before, describe, it } from './helpers/mocha.js';
import { fromWire, record } from './helpers/records.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

interface Bar { start: number; end: number; ok: number; errors: number; el: SVGGElement }

const root = (t: CtEventTimeline) => t.shadowRoot!;
const chart = (t: CtEventTimeline) => root(t).querySelector<SVGSVGElement>('svg[part="chart"]')!;
const unloaded = (t: CtEventTimeline) => root(t).querySelector('[part="unloaded"]');

function bars(t: CtEventTimeline): Bar[] {
  return [...root(t).querySelectorAll<SVGGElement>('[part="bar"]')].map((el) => ({
    start: Date.parse(el.dataset.start!), end: Date.parse(el.dataset.end!), ok: Number(el.dataset.ok), errors: Number(el.dataset.errors), el,
  }));
}

/** A history on `inst` with its first page in, and its timeline (once the lazily loaded module upgraded it). */
async function mountLoaded(inst: Instance): Promise<{ m: Mounted; t: CtEventTimeline }> {
  const m = await mountHistory(inst, { autoRun: true });
  await customElements.whenDefined('ct-event-timeline');
  const t = m.history.shadowRoot!.querySelector('ct-event-timeline')!;
  await waitForStatus(m.session, ['done', 'error']);
  await t.updateComplete;
  return { m, t };
}

async function loadAll(m: Mounted): Promise<void> {
  await waitForStatus(m.session, ['done', 'error']);
  while (m.session.lookup.state.hasMore) {
    await m.session.loadMore();
    await waitForStatus(m.session, ['done', 'error']);
  }
}

/** The emulator's events, for the exact range the controller sent. */
function expected(inst: Instance, m: Mounted): Promise<WireEvent[]> {
  const plan = m.session.lookup.state.plan!;
  return truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000 });
}

/** Centre of bar `i` on screen. */
function centre(t: CtEventTimeline, i: number): { x: number; y: number } {
  const box = chart(t).getBoundingClientRect();
  const b = bars(t);
  const span = b.at(-1)!.end - b[0]!.start;
  const mid = (b[i]!.start + b[i]!.end) / 2;
  return { x: box.left + ((mid - b[0]!.start) / span) * box.width, y: box.top + box.height / 2 };
}

function pointer(target: Element, type: string, at: { x: number; y: number }): void {
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, cancelable: true, pointerId: 1, pointerType: 'mouse', button: 0, buttons: type === 'pointerup' ? 0 : 1, isPrimary: true, clientX: at.x, clientY: at.y }));
}

/** The next LookupEvents request after `seen` requests, and the filter showing a custom range. */
async function expectZoomedTo(inst: Instance, m: Mounted, seen: number, start: number, end: number): Promise<void> {
  await until(async () => (await lookupLog(inst.id)).length > seen);
  const sent = (await lookupLog(inst.id))[seen]!.params as { StartTime: number; EndTime: number; NextToken?: string };
  expect(sent.NextToken, 'a new lookup, not the next page').to.equal(undefined);
  expect(sent.StartTime * 1000).to.equal(start);
  expect(sent.EndTime * 1000).to.equal(end);
  await waitForStatus(m.session, ['done', 'error']);
  await m.filter.updateComplete;
  const range = control(m.filter, 'Time range');
  expect(range.selectedOptions[0]!.textContent!.trim()).to.equal('Custom range…');
}

describe('<ct-event-timeline>', () => {
  let inst: Instance;

  before(async () => {
    inst = await createInstance({ generate: { count: 400, seed: 31 }, throttle: false });
  });

  it('passes an axe check with events drawn and a bucket selected', async () => {
    const events = Array.from({ length: 12 }, (_, i) => eventFromRecord(record(i, i % 3 ? {} : { errorCode: 'AccessDenied' })));
    const el = await fixture<CtEventTimeline>(html`<ct-event-timeline .events=${events}></ct-event-timeline>`);
    await expect(el).to.be.accessible();
    chart(el).focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(root(el).querySelector('[part="readout"]')!.textContent).to.match(/\d+ events?, \d+ failed/);
    await expect(el).to.be.accessible();
  });

  it('draws, per bucket, exactly the emulator\'s events and failures; the unloaded span goes once every page is in', async function () {
    this.timeout(60_000);
    const { m, t } = await mountLoaded(inst);
    expect(m.session.lookup.state.hasMore, 'the query has more than one page').to.equal(true);
    const oldest = m.session.lookup.state.events.at(-1)!.EventTime!.getTime();
    const hatch = unloaded(t);
    expect(hatch, 'the span older than the oldest loaded event is drawn as not loaded').to.exist;
    const box = chart(t).getBoundingClientRect();
    const plan = m.session.lookup.state.plan!;
    // While pages remain the chart spans what is loaded (and a little more), ending where the range ends.
    const shown = bars(t);
    const from = shown[0]!.start;
    expect(from, 'the drawn span starts within the range, before the oldest loaded event').to.be.within(plan.start.getTime(), oldest);
    expect(from, 'and later than the range\'s start: the loaded events have room').to.be.above(plan.start.getTime());
    expect(shown.at(-1)!.end).to.equal(plan.end.getTime());
    const expectedWidth = ((oldest - from) / (plan.end.getTime() - from)) * box.width;
    expect(Number(hatch!.getAttribute('width'))).to.be.closeTo(expectedWidth, 1);
    expect(expectedWidth / box.width, 'the loaded events fill at least three fifths of the chart').to.be.at.most(0.4);
    expect(root(t).querySelector('[part="unloaded-text"]')!.textContent, 'the rest of the range, in words').to.match(/^Not loaded yet: \d+ (day|hour|minute)s?( \d+ \w+)? of the range, before /);

    await loadAll(m);
    await t.updateComplete;
    expect(unloaded(t), 'no unloaded span once all pages are in').to.equal(null);
    const want = await expected(inst, m);
    expect(m.session.lookup.state.events.length).to.equal(want.length);
    const drawn = bars(t);
    expect(drawn.length).to.be.greaterThan(10);
    const failed = (e: WireEvent) => JSON.parse(e.CloudTrailEvent).errorCode !== undefined;
    for (const [i, bar] of drawn.entries()) {
      const last = i === drawn.length - 1;
      const inBar = want.filter((e) => e.EventTime * 1000 >= bar.start && (e.EventTime * 1000 < bar.end || (last && e.EventTime * 1000 <= bar.end)));
      expect([bar.ok, bar.errors], `bucket ${new Date(bar.start).toISOString()}`).to.deep.equal([inBar.filter((e) => !failed(e)).length, inBar.filter(failed).length]);
    }
    expect(drawn.reduce((n, b) => n + b.ok + b.errors, 0)).to.equal(want.length);
    expect(drawn.some((b) => b.errors > 0), 'the data has failures to stack').to.equal(true);
  });

  it('zooms to the span dragged across: a new lookup with that StartTime and EndTime, the filter on "Custom range"', async function () {
    this.timeout(60_000);
    const { m, t } = await mountLoaded(inst);
    const b = bars(t);
    const [from, to] = [Math.floor(b.length / 3), Math.floor(b.length / 2)];
    const seen = (await lookupLog(inst.id)).length;
    const fired = once(t, 'ct-time-range-select');
    const svg = chart(t);
    pointer(svg, 'pointerdown', centre(t, from));
    pointer(svg, 'pointermove', centre(t, from + 1));
    pointer(svg, 'pointermove', centre(t, to));
    pointer(svg, 'pointerup', centre(t, to));
    const event = await fired;
    expect([event.start.getTime(), event.end.getTime()]).to.deep.equal([b[from]!.start, b[to]!.end]);
    await expectZoomedTo(inst, m, seen, b[from]!.start, b[to]!.end);
    await t.updateComplete;
    const zoomed = bars(t);
    expect(zoomed[0]!.start, 'the timeline now spans the zoomed range').to.equal(b[from]!.start);
    expect(zoomed.at(-1)!.end).to.equal(b[to]!.end);
  });

  it('zooms from the keyboard: arrows choose a bucket, Shift+arrows extend, Enter runs it', async function () {
    this.timeout(60_000);
    const { m, t } = await mountLoaded(inst);
    const b = bars(t);
    chart(t).focus();
    // The first arrow picks the newest bucket; two more step back, then Shift extends two further.
    for (const press of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft']) await sendKeys({ press });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ up: 'Shift' });
    await t.updateComplete;
    const n = b.length;
    const readout = root(t).querySelector('[part="readout"]')!;
    expect(readout.getAttribute('role')).to.equal('status');
    const inSpan = b.slice(n - 5, n - 2).reduce((s, x) => s + x.ok + x.errors, 0);
    expect(readout.textContent).to.include(`${inSpan.toLocaleString('en-US')} event`);
    const seen = (await lookupLog(inst.id)).length;
    await sendKeys({ press: 'Enter' });
    await expectZoomedTo(inst, m, seen, b[n - 5]!.start, b[n - 3]!.end);
  });

  it('marks each Insights window, from its Start to its End event', async () => {
    const insights = (await truth(inst.id, { EventCategory: 'insight' })).map(fromWire);
    const pairs = new Set(insights.map((e) => e.record!.sharedEventID));
    expect(pairs.size).to.be.greaterThan(1);
    const el = await fixture<CtEventTimeline>(html`<ct-event-timeline .events=${insights}></ct-event-timeline>`);
    const marks = [...root(el).querySelectorAll('[part="insight"]')];
    expect(marks.length).to.equal(pairs.size);
    expect(marks[0]!.querySelector('title')!.textContent).to.match(/^Api\w+Insight on \w+/);
    const widths = marks.map((m) => Number(m.getAttribute('width')));
    expect(widths.every((w) => w >= 3)).to.equal(true);
  });

  it('lets a host page cancel the zoom, and fires nothing when code sets events', async () => {
    const events = Array.from({ length: 6 }, (_, i) => eventFromRecord(record(i)));
    let fired = 0;
    const el = await fixture<CtEventTimeline>(html`<ct-event-timeline @ct-time-range-select=${(e: Event) => { fired++; e.preventDefault(); }} .events=${events}></ct-event-timeline>`);
    el.events = events.slice(2);
    await el.updateComplete;
    expect(fired).to.equal(0);
    chart(el).focus();
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Enter' });
    expect(fired).to.equal(1);
  });
});
