/**
 * Bench page: <ct-event-table> (through a real LookupController and InvestigationStore, pages from memory
 * with no latency) and @vaadin/grid, fed the same events. The runner (bench/run.ts) calls
 * `window.bench.*` through puppeteer and reads the figures back; nothing here decides a result.
 */
import '../../src/define/ct-event-table.js';
import '../../src/define/ct-event-timeline.js';
import '../../src/define/ct-event-facets.js';
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/grid/vaadin-grid-column.js';
import type { GridColumn } from '@vaadin/grid/vaadin-grid-column.js';
import type { Grid } from '@vaadin/grid/vaadin-grid.js';
import { COLUMNS, DEFAULT_COLUMNS } from '../../src/state/columns.js';
import type { CtEventFacets } from '../../src/elements/ct-event-facets/ct-event-facets.js';
import type { CtEventTable } from '../../src/elements/ct-event-table/ct-event-table.js';
import type { CtEventTimeline } from '../../src/elements/ct-event-timeline/ct-event-timeline.js';
import { InvestigationStore } from '../../src/state/store.js';
import { LookupController } from '../../src/lookup/controller.js';
import { CtEvent } from '../../src/lookup/events.js';
import type { Page, PageRequest, PageSource } from '../../src/lookup/page-source.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { EventSearchIndex } from '../../src/lookup/search.js';
import { frameStats, nextPaint, sleep, type FrameStats } from './timing.js';

interface Wire { EventTime: number; [k: string]: unknown }

let all: CtEvent[] = [];
const stage = document.getElementById('stage')!;
const PAGE = 50;

/** Pages from memory: the first holds `first` events (the ones "already loaded"), then 50 a page. */
class MemorySource implements PageSource {
  readonly endpoint = 'memory';
  arrivedAt = 0;
  #pos = 0;
  constructor(private readonly events: CtEvent[], private readonly first: number) {}
  async fetchPage(request: PageRequest): Promise<Page> {
    request.onSent?.();
    const n = this.#pos === 0 ? this.first : PAGE;
    // A page that arrives holds new objects, as one from the network does: nothing derived from them yet.
    const events = this.#pos === 0 ? this.events.slice(0, n) : this.events.slice(this.#pos, this.#pos + n).map(fresh);
    this.#pos += n;
    // The page "arrives" now: what follows is the controller, the table and the browser.
    this.arrivedAt = performance.now();
    return { events, nextToken: this.#pos < this.events.length ? `t${this.#pos}` : undefined };
  }
  invalidateCredentials(): void {}
  backOff(): void {}
  nextSlotIn(): number { return 0; }
  dispose(): void {}
}

/** A new CtEvent with the same fields, none of them derived or parsed yet. */
function fresh(e: CtEvent): CtEvent {
  return new CtEvent({
    EventId: e.EventId, EventName: e.EventName, EventSource: e.EventSource, EventTime: e.EventTime, Username: e.Username,
    AccessKeyId: e.AccessKeyId, ReadOnly: e.ReadOnly === undefined ? undefined : String(e.ReadOnly), CloudTrailEvent: e.CloudTrailEvent,
    Resources: e.Resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
  });
}

async function load(): Promise<{ count: number; rawAvgBytes: number }> {
  const wire = (await (await fetch('/data/events.json')).json()) as Wire[];
  all = wire.map((w) => new CtEvent({ ...w, EventTime: new Date(w.EventTime * 1000) }));
  let raw = 0;
  for (const e of all) raw += new TextEncoder().encode(e.CloudTrailEvent ?? '').length;
  return { count: all.length, rawAvgBytes: raw / all.length };
}

let table: CtEventTable | undefined;
let controller: LookupController | undefined;
let source: MemorySource | undefined;

type SessionElement = HTMLElement & { session?: InvestigationStore; updateComplete: Promise<boolean> };

/** Puts `root` (by default the one element) on the stage, the elements bound to one fresh lookup whose first page holds `loaded` events. */
async function mountOnStage(elements: SessionElement[], loaded: number, root: HTMLElement = elements[0]): Promise<InvestigationStore> {
  controller?.dispose();
  stage.replaceChildren(root);
  source = new MemorySource(all, loaded);
  controller = new LookupController({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }, source });
  const store = new InvestigationStore(controller);
  for (const el of elements) el.session = store;
  await controller.run(defaultQuery());
  await Promise.all(elements.map((el) => el.updateComplete));
  await nextPaint();
  await sleep(200);
  return store;
}

function newTable(): CtEventTable {
  const el = document.createElement('ct-event-table');
  // The bench appends pages itself; the table's own prefetch would add pages while it measures.
  el.addEventListener('ct-load-more', (e) => e.preventDefault());
  return el;
}

async function mountOurs(loaded: number): Promise<void> {
  table = newTable();
  await mountOnStage([table], loaded);
}

const grid = () => table!.shadowRoot!.querySelector<HTMLElement>('.grid')!;

async function toBottom(scroller: HTMLElement): Promise<void> {
  scroller.scrollTop = scroller.scrollHeight;
  await nextPaint();
  await sleep(150);
}

export interface AppendResult {
  /** Page arrival to the frame after the one that drew its rows, per page. */
  paintMs: number[];
  /** Longest frame while each page was appended. */
  worstFrameMs: number[];
  /** Whether the first row of each new page was in the DOM when timed. */
  rowsRendered: boolean[];
  frame: FrameStats;
}

/** Loads `loaded` events, scrolls to the end, then appends `pages` pages of 50, timing each. */
async function oursAppend(loaded: number, pages = 7): Promise<AppendResult> {
  await mountOurs(loaded);
  return appendPages(loaded, pages);
}

/** Appends `pages` pages of 50 to the table mounted (with `loaded` events), timing each. */
async function appendPages(loaded: number, pages: number): Promise<AppendResult> {
  const out: AppendResult = { paintMs: [], worstFrameMs: [], rowsRendered: [], frame: frameStats([]) };
  const periods: number[] = [];
  for (let p = 0; p < pages; p++) {
    await toBottom(grid());
    const rec = recordFrames();
    await sleep(60);
    await controller!.loadMore();
    const t1 = await nextPaint();
    const first = loaded + p * PAGE;
    out.rowsRendered.push(Boolean(grid().querySelector(`[data-index="${first}"]`) ?? table!.shadowRoot!.querySelector(`[data-index="${first}"]`)));
    out.paintMs.push(t1 - source!.arrivedAt);
    await sleep(80);
    const ts = rec.stop();
    const stats = frameStats(ts.filter((t) => t >= source!.arrivedAt - 17));
    out.worstFrameMs.push(stats.worstMs);
    periods.push(...intervals(ts.filter((t) => t < source!.arrivedAt)));
  }
  out.frame = frameStats([], periods);
  return out;
}

function intervals(ts: number[]): number[] {
  return ts.slice(1).map((t, i) => t - ts[i]);
}

function recordFrames(): { stop(): number[] } {
  const ts: number[] = [];
  let on = true;
  const loop = (t: number) => {
    ts.push(t);
    if (on) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  return { stop: () => { on = false; return ts; } };
}

/** Scrolls `scroller` by `step` px a frame for `frames` frames; frame rate and worst frame. */
async function scrollFast(scroller: HTMLElement, frames = 300, step = 500): Promise<FrameStats & { endTop: number }> {
  scroller.scrollTop = 0;
  await nextPaint();
  await sleep(200);
  const ts: number[] = [];
  await new Promise<void>((resolve) => {
    const loop = (t: number) => {
      ts.push(t);
      if (ts.length > frames) return resolve();
      scroller.scrollTop += step;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  return { ...frameStats(ts), endTop: scroller.scrollTop };
}

async function oursScroll(): Promise<FrameStats & { endTop: number; firstRenderedIndex: number }> {
  const r = await scrollFast(grid());
  await nextPaint();
  const rows = [...table!.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')].map((el) => Number(el.dataset.index));
  return { ...r, firstRenderedIndex: Math.min(...rows) };
}

/** Types `query` into "Search loaded events": input to the frame after the filtered rows are drawn. */
async function oursFilter(query: string): Promise<{ ms: number; matches: string }> {
  const input = table!.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  const t0 = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await table!.updateComplete;
  const t1 = await nextPaint();
  return { ms: t1 - t0, matches: table!.shadowRoot!.querySelector('.matches')?.textContent?.trim() ?? '' };
}

/** The data layer alone: index build, then search times. */
function searchIndex(queries: string[]): { buildMs: number; searchMs: number[]; hits: number[] } {
  const index = new EventSearchIndex();
  const events = all.slice(0, 100_000);
  let t = performance.now();
  index.sync(events);
  const buildMs = performance.now() - t;
  const searchMs: number[] = [];
  const hits: number[] = [];
  for (const q of queries) {
    t = performance.now();
    hits.push(index.search(q).length);
    searchMs.push(performance.now() - t);
  }
  return { buildMs, searchMs, hits };
}

/**
 * Mounts every loaded event in the table (for the heap measurement) and waits until the idle-time
 * work is done (the table's search index covers every loaded event, and the findings are counted
 * over all of them): the memory kept while the reader looks at 100,000 rows, not a moment in the
 * middle of that work (the findings' part of it was counted only after the search before).
 */
async function mountAll(): Promise<number> {
  table = newTable();
  const store = await mountOnStage([table], all.length);
  const filter = () => (table as unknown as { filter?: { prepare(events: readonly CtEvent[], limit: number): boolean } }).filter;
  const loaded = controller!.state.events;
  const done = () => Boolean(filter()?.prepare(loaded, 0)) && store.findings.state.status === 'ready' && store.findings.state.evaluated >= loaded.length;
  for (let i = 0; i < 600 && !done(); i++) await sleep(100);
  if (!done()) throw new Error(`the table did not finish indexing and counting findings over the loaded events within 60 s (${store.findings.state.evaluated} evaluated)`);
  return all.length;
}

export interface TimelineResult {
  /** Page arrival to the timeline's update done (bucketing the page and re-rendering the SVG), per page. */
  redrawMs: number[];
  /** Page arrival to the frame after the one that drew it, per page. */
  paintMs: number[];
  /** Events the timeline counted after the last page, and the bars it drew. */
  counted: number;
  bars: number;
}

/** Appends `pages` pages of 50; per page, arrival to `el`'s update done, and to the frame after the one that drew it. */
async function pageUpdates(el: SessionElement, pages: number): Promise<{ updateMs: number[]; paintMs: number[] }> {
  const updateMs: number[] = [];
  const paintMs: number[] = [];
  for (let p = 0; p < pages; p++) {
    await controller!.loadMore();
    await el.updateComplete;
    updateMs.push(performance.now() - source!.arrivedAt);
    paintMs.push((await nextPaint()) - source!.arrivedAt);
    await sleep(80);
  }
  return { updateMs, paintMs };
}

/** `<ct-event-timeline>` alone with `loaded` events, then `pages` pages of 50 appended, timing each redraw. */
async function timelineAppend(loaded: number, pages = 7): Promise<TimelineResult> {
  const timeline = document.createElement('ct-event-timeline') as CtEventTimeline;
  await mountOnStage([timeline], loaded);
  const { updateMs, paintMs } = await pageUpdates(timeline, pages);
  const out: TimelineResult = { redrawMs: updateMs, paintMs, counted: 0, bars: 0 };
  const bars = [...timeline.shadowRoot!.querySelectorAll<SVGGElement>('[part="bar"]')];
  out.bars = bars.length;
  out.counted = bars.reduce((n, b) => n + Number(b.dataset.ok) + Number(b.dataset.errors), 0);
  return out;
}

// ---- facets, alone and beside the table and the timeline (issue 10) ----

/** The events the facets say they count ("Top values among 100,350 loaded events"). */
function facetsCounted(facets: CtEventFacets): number {
  const hint = facets.shadowRoot!.querySelector('.hint')?.textContent ?? '';
  return Number(/among ([\d,]+)/.exec(hint)?.[1]?.replaceAll(',', '') ?? NaN);
}

export interface FacetsResult {
  /** Page arrival to the facets' update done (counting the page, picking the top values, rendering), per page. */
  recomputeMs: number[];
  /** Page arrival to the frame after the one that drew it, per page. */
  paintMs: number[];
  /** Events the facets counted after the last page, and the events loaded. */
  counted: number;
  loaded: number;
}

/** `<ct-event-facets>` alone with `loaded` events, then `pages` pages of 50 appended: timed as the timeline is. */
async function facetsAppend(loaded: number, pages = 7): Promise<FacetsResult> {
  const facets = document.createElement('ct-event-facets');
  await mountOnStage([facets], loaded);
  const { updateMs, paintMs } = await pageUpdates(facets, pages);
  return { recomputeMs: updateMs, paintMs, counted: facetsCounted(facets), loaded: controller!.state.events.length };
}

interface Composed { store: InvestigationStore; facets: CtEventFacets; timeline: CtEventTimeline }

/** The table with the facets beside it and the timeline above, on one store, as <ct-event-history> lays them out. */
async function mountComposed(loaded: number): Promise<Composed> {
  table = newTable();
  const facets = document.createElement('ct-event-facets');
  const timeline = document.createElement('ct-event-timeline') as CtEventTimeline;
  const root = document.createElement('div');
  root.className = 'composed';
  root.append(timeline, facets, table);
  const store = await mountOnStage([table, facets, timeline], loaded, root);
  return { store, facets, timeline };
}

/** Records how long each of `el`'s updates (render and commit) takes. */
function timeUpdates(el: object): number[] {
  const times: number[] = [];
  const target = el as { update(changed: unknown): void };
  const update = target.update;
  target.update = function (this: unknown, changed: unknown) {
    const t0 = performance.now();
    update.call(this, changed);
    times.push(performance.now() - t0);
  };
  return times;
}

export interface ComposedAppendResult extends AppendResult {
  /** The facets' and the timeline's own updates while the pages were appended. */
  facetsUpdateMs: number[];
  timelineUpdateMs: number[];
}

/** Table, facets and timeline on one store with `loaded` events; `pages` pages appended, timed as for the table alone. */
async function composedAppend(loaded: number, pages = 7): Promise<ComposedAppendResult> {
  const { facets, timeline } = await mountComposed(loaded);
  const facetsUpdateMs = timeUpdates(facets);
  const timelineUpdateMs = timeUpdates(timeline);
  const result = await appendPages(loaded, pages);
  return { ...result, facetsUpdateMs, timelineUpdateMs };
}

export interface ConditionResult {
  /** What was chosen: "EventName is X" or "EventName is not X". */
  condition: string;
  /** Click on the facet value to the frame after the one that drew the narrowed table, facets and timeline. */
  paintMs: number;
  /** Where the time went: the click handler (the store and the controller filtering the loaded rows), then each element's own update. */
  clickMs: number;
  tableUpdateMs: number;
  timelineUpdateMs: number;
  /** The facets' own update (a recount of the rows left). */
  facetsUpdateMs: number;
  /** Rows before and after, and whether "after" is what the facet's count said it would be. */
  before: number;
  after: number;
  rowsMatch: boolean;
  /** LookupEvents requests the condition sent: none, it filters the loaded rows. */
  requests: number;
}

/**
 * For each of `choices`: table, facets and timeline with `loaded` events, then a click on the top
 * value of `field` in the facets (or on its ⊘ to exclude it), which adds the condition through the store.
 */
async function facetCondition(loaded: number, choices: { field: string; exclude: boolean }[]): Promise<ConditionResult[]> {
  const out: ConditionResult[] = [];
  for (const { field, exclude } of choices) {
    const { facets, timeline } = await mountComposed(loaded);
    const updates = { facets: timeUpdates(facets), table: timeUpdates(table!), timeline: timeUpdates(timeline) };
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const button = facets.shadowRoot!.querySelector<HTMLButtonElement>(`[part="facet-value"][data-field="${field}"]`)!;
    const value = button.dataset.value!;
    const count = Number(/[\d,]+/.exec(button.querySelector('.count')!.textContent!)![0].replaceAll(',', ''));
    const before = controller!.state.events.length;
    const requests = controller!.state.counts.requests;
    const t0 = performance.now();
    (exclude ? button.nextElementSibling as HTMLButtonElement : button).click();
    const clickMs = performance.now() - t0;
    await Promise.all([facets.updateComplete, table!.updateComplete, timeline.updateComplete]);
    const paintMs = (await nextPaint()) - t0;
    const after = controller!.state.events.length;
    out.push({
      condition: `${field} ${exclude ? 'is not' : 'is'} ${value}`, paintMs, clickMs,
      tableUpdateMs: total(updates.table), timelineUpdateMs: total(updates.timeline), facetsUpdateMs: total(updates.facets),
      before, after, rowsMatch: after === (exclude ? before - count : count), requests: controller!.state.counts.requests - requests,
    });
    await sleep(200);
  }
  return out;
}

// ---- @vaadin/grid, the peer ----
let vgrid: Grid<CtEvent> | undefined;

async function mountVaadin(loaded: number): Promise<void> {
  controller?.dispose();
  controller = undefined;
  stage.replaceChildren();
  vgrid = document.createElement('vaadin-grid') as Grid<CtEvent>;
  for (const id of DEFAULT_COLUMNS) {
    const c = COLUMNS.find((col) => col.id === id)!;
    const column = document.createElement('vaadin-grid-column') as GridColumn<CtEvent>;
    column.header = c.label;
    column.renderer = (root, _col, model) => { root.textContent = c.value(model.item, 'utc'); };
    vgrid.append(column);
  }
  vgrid.items = all.slice(0, loaded);
  stage.append(vgrid);
  await nextPaint();
  await sleep(300);
}

const vscroller = () => (vgrid as unknown as { $: { table: HTMLElement } }).$.table;

async function vaadinAppend(loaded: number, pages = 7): Promise<AppendResult> {
  await mountVaadin(loaded);
  const out: AppendResult = { paintMs: [], worstFrameMs: [], rowsRendered: [], frame: frameStats([]) };
  const periods: number[] = [];
  for (let p = 0; p < pages; p++) {
    await toBottom(vscroller());
    const rec = recordFrames();
    await sleep(60);
    // A page arrives: the host gives the grid a longer array, as it must for the grid to see it.
    const t0 = performance.now();
    vgrid!.items = all.slice(0, loaded + (p + 1) * PAGE);
    const t1 = await nextPaint();
    out.paintMs.push(t1 - t0);
    out.rowsRendered.push(true);
    await sleep(80);
    const ts = rec.stop();
    out.worstFrameMs.push(frameStats(ts.filter((t) => t >= t0 - 17)).worstMs);
    periods.push(...intervals(ts.filter((t) => t < t0)));
  }
  out.frame = frameStats([], periods);
  return out;
}

async function vaadinScroll(): Promise<FrameStats & { endTop: number }> {
  return scrollFast(vscroller());
}

export const api = { load, timelineAppend, facetsAppend, composedAppend, facetCondition, oursAppend, oursScroll, oursFilter, searchIndex, mountAll, vaadinAppend, vaadinScroll, mountVaadin };
(window as unknown as { bench: typeof api }).bench = api;
document.title = 'ready';
