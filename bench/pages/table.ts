/**
 * Bench page: <ct-event-table> (through a real LookupController and InvestigationStore, pages from memory
 * with no latency) and @vaadin/grid, fed the same events. The runner (bench/run.ts) calls
 * `window.bench.*` through puppeteer and reads the figures back; nothing here decides a result.
 */
import '../../src/define/ct-event-table.js';
import '../../src/define/ct-event-timeline.js';
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/grid/vaadin-grid-column.js';
import type { GridColumn } from '@vaadin/grid/vaadin-grid-column.js';
import type { Grid } from '@vaadin/grid/vaadin-grid.js';
import { COLUMNS, DEFAULT_COLUMNS } from '../../src/state/columns.js';
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
    const events = this.events.slice(this.#pos, this.#pos + n);
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

/** Puts `el` alone on the stage, bound to a fresh lookup whose first page holds `loaded` events. */
async function mountOnStage(el: HTMLElement & { session?: InvestigationStore; updateComplete: Promise<boolean> }, loaded: number): Promise<void> {
  controller?.dispose();
  stage.replaceChildren(el);
  source = new MemorySource(all, loaded);
  controller = new LookupController({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }, source });
  el.session = new InvestigationStore(controller);
  await controller.run(defaultQuery());
  await el.updateComplete;
  await nextPaint();
  await sleep(200);
}

async function mountOurs(loaded: number): Promise<void> {
  table = document.createElement('ct-event-table');
  // The bench appends pages itself; the table's own prefetch would add pages while it measures.
  table.addEventListener('ct-load-more', (e) => e.preventDefault());
  await mountOnStage(table, loaded);
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

/** Mounts every loaded event in the table (for the heap measurement). */
async function mountAll(): Promise<number> {
  await mountOurs(all.length);
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

/** `<ct-event-timeline>` alone with `loaded` events, then `pages` pages of 50 appended, timing each redraw. */
async function timelineAppend(loaded: number, pages = 7): Promise<TimelineResult> {
  const timeline = document.createElement('ct-event-timeline') as CtEventTimeline;
  await mountOnStage(timeline, loaded);
  const out: TimelineResult = { redrawMs: [], paintMs: [], counted: 0, bars: 0 };
  for (let p = 0; p < pages; p++) {
    await controller!.loadMore();
    await timeline.updateComplete;
    out.redrawMs.push(performance.now() - source!.arrivedAt);
    out.paintMs.push((await nextPaint()) - source!.arrivedAt);
    await sleep(80);
  }
  const bars = [...timeline.shadowRoot!.querySelectorAll<SVGGElement>('[part="bar"]')];
  out.bars = bars.length;
  out.counted = bars.reduce((n, b) => n + Number(b.dataset.ok) + Number(b.dataset.errors), 0);
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

export const api = { load, timelineAppend, oursAppend, oursScroll, oursFilter, searchIndex, mountAll, vaadinAppend, vaadinScroll, mountVaadin };
(window as unknown as { bench: typeof api }).bench = api;
document.title = 'ready';
