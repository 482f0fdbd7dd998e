import { findingMarkStyles, renderFindingMarks } from './finding-marks.js';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CtEvent } from '../../lookup/events.js';
import type { StoreSnapshot } from '../../state/view-store.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtTimeRangeSelectEvent } from '../events.js';
import { CtSessionElement, THEMES, keepChoice } from '../shared/ct-element.js';
import { TimelineBuckets, bucketWidth, describeWidth } from './buckets.js';
import { WholeRangeTimeline } from './whole-range.js';
import { shortTime, spanText } from './labels.js';
import { timelineStyles } from './ct-event-timeline.styles.js';
import { revealInvisible } from '../../lookup/invisible.js';
import { OldestLoaded, durationText, shownStart } from './loaded-span.js';

/** Chart height in px: a fourteenth of the window's height, between these (the rows keep the first screen). */
const MIN_HEIGHT = 48;
const MAX_HEIGHT = 96;
/** The insight band sits above the bars. */
const BAND = 8;
/** A pointer that moved less than this is a click (it selects a bucket) rather than a drag. */
const DRAG_PX = 4;
let nextId = 0;

/**
 * @summary Events per time bucket over the query's range: failed calls stacked apart from the
 * rest, Insights windows marked above the bars. While more pages exist, the chart spans a round
 * stretch back from the range's end that holds every loaded event (its part older than the
 * oldest loaded event hatched), and says in words how much of the range is not loaded yet. When
 * the source counts on the service side (Athena), the bars count every matching event of the range,
 * from one query per bucket width, and the chart says so once the counts have arrived.
 * Drag across it (or choose buckets with the arrow keys and press Enter) to zoom the lookup to
 * that span.
 *
 * @fires ct-time-range-select - The user chose a span to zoom to (a drag, or Enter on the selected buckets).
 *
 * @csspart base - The timeline's frame.
 * @csspart chart - The SVG chart (focusable; arrow keys choose buckets).
 * @csspart bar - One bucket's bar (`data-start`, `data-end`, `data-ok`, `data-errors`).
 * @csspart unloaded - The hatched span older than the oldest loaded event, while more pages exist.
 * @csspart unloaded-text - How much of the range is not loaded yet, in words (beside the axis).
 * @csspart insight - An Insights event's window.
 * @csspart finding-mark - A bucket holding events that a rule flags (`data-severity` of the most severe, `data-start`).
 * @csspart selection - The span being chosen.
 * @csspart readout - The line that describes the selection (a live region).
 *
 * @cssprop --ct-timeline-insight - Colour of Insights windows.
 */
export class CtEventTimeline extends CtSessionElement {
  static override styles = [timelineStyles, findingMarkStyles];

  /** Events to draw when no session is connected (standalone use). */
  @property({ attribute: false }) events: readonly CtEvent[] = [];

  /** Start of the range drawn when no session is connected; the events' own span by default. */
  @property({ attribute: false }) start?: Date;

  /** End of the range drawn when no session is connected; the events' own span by default. */
  @property({ attribute: false }) end?: Date;

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Selected buckets: where the selection began and where it ends now (indexes). */
  @state() private selection: { anchor: number; focus: number } | null = null;
  @state() private width = 0;
  /** Every matching event of the range is being counted by the service (the bars are the loaded rows until then). */
  private counting = false;
  /** Why Athena could not count every matching event (the bars are the loaded ones). */
  private countFailed?: string;
  private readonly buckets = new TimelineBuckets();
  private readonly whole = new WholeRangeTimeline(this);
  private readonly uid = `ct-timeline-${++nextId}`;
  private readonly oldestLoaded = new OldestLoaded();
  /** Where the drawn span starts (the range's start, or later while pages remain). */
  private shownFrom = 0;
  private drag?: { x: number; moved: boolean };
  private resizer?: ResizeObserver;

  protected slice({ view, lookup, findings }: StoreSnapshot): readonly unknown[] {
    return [lookup?.events, lookup?.eventsVersion, lookup?.plan, lookup?.hasMore, view.timeZone, findings?.version];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? 0);
      if (width !== this.width) this.width = width;
    });
    this.updateComplete.then(() => {
      const plot = this.renderRoot.querySelector('.plot');
      if (plot) this.resizer?.observe(plot);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  protected override fillOwn(own: InvestigationStore): void {
    own.lookup.show(this.events);
  }

  private get loaded(): readonly CtEvent[] {
    return this.store.lookup.state.events;
  }

  /** The range drawn: the plan's resolved one, else what was set, else the events' span. */
  private range(events: readonly CtEvent[]): [number, number] | null {
    const plan = this.store.lookup.state.plan;
    if (plan) return [plan.start.getTime(), plan.end.getTime()];
    let lo = this.start?.getTime() ?? Infinity;
    let hi = this.end?.getTime() ?? -Infinity;
    if (!this.start || !this.end) {
      for (const e of events) {
        const t = e.EventTime?.getTime();
        if (t === undefined) continue;
        if (!this.start && t < lo) lo = t;
        if (!this.end && t > hi) hi = t;
      }
    }
    return Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo ? [lo, hi] : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('events')) this.consumer.refillOwn();
    const events = this.loaded;
    const range = this.range(events);
    const before = this.buckets.count;
    const origin = this.buckets.origin;
    const maxBuckets = Math.max(6, Math.min(96, Math.round((this.width || 600) / 8)));
    // Whole-range counts are asked for once the chart has its width (so its bucket width is final).
    const whole = range && this.width ? this.whole.get(this.store.lookup, bucketWidth(Math.max(1, range[1] - range[0]), maxBuckets)) : undefined;
    this.counting = whole === 'counting';
    this.countFailed = whole && typeof whole === 'object' && 'failed' in whole ? whole.failed : undefined;
    // The loaded rows' span while pages remain; the whole range once every page (or the service's count) is in.
    const state = this.store.lookup.state;
    const partial = range && state.plan && state.hasMore && whole === undefined;
    this.shownFrom = range ? (partial ? shownStart(range[0], range[1], this.oldestLoaded.of(events)) : range[0]) : 0;
    if (range) this.buckets.sync(events, { start: this.shownFrom, end: range[1], maxBuckets }, Array.isArray(whole) ? whole : null);
    // Another query, or other buckets: the old selection no longer names the same times.
    if (this.buckets.count !== before || this.buckets.origin !== origin || !range) this.selection = null;
  }

  override render(): TemplateResult {
    const b = this.buckets;
    const hasRange = this.range(this.loaded) !== null;
    const max = Math.max(1, ...b.ok.map((n, i) => n + b.errors[i]!));
    return html`<section part="base" class="frame" aria-labelledby="${this.uid}-title">
      <div class="head">
        <h2 id="${this.uid}-title">Events over time</h2>
        <span class="legend" aria-hidden="true">
          <span><i class="key ok"></i>Succeeded</span><span><i class="key err"></i>Failed</span>
          ${this.unloadedFrom() !== null ? html`<span><i class="key unloaded"></i>Not loaded yet</span>` : nothing}
          ${b.insights.length ? html`<span><i class="key insight"></i>Insight</span>` : nothing}
          ${this.store.findings.flaggedEvents().length ? html`<span><i class="key finding"></i>Finding</span>` : nothing}
        </span>
        <span class="scale">${hasRange ? `${this.scope()} · 1 bar = ${describeWidth(b.width)} · top ${max.toLocaleString('en-US')}` : ''}</span>
      </div>
      <div class="plot">${hasRange ? this.renderChart(max) : html`<p class="empty">No events to draw yet.</p>`}</div>
      ${hasRange ? html`<div class="axis" aria-hidden="true"><span>${this.axisTime(b.start)}</span>${this.renderUnloadedText()}<span>${this.axisTime(b.end)}</span></div>` : nothing}
      <!-- With nothing selected the readout's hint is read, not shown: the chart's lines go to the rows. -->
      <p part="readout" class="readout${this.selection ? '' : ' visually-hidden'}" role="status">${this.readout()}</p>
      <p id="${this.uid}-help" class="visually-hidden">Drag across the chart, or use the left and right arrow keys to choose a time bucket and Shift with them to extend the choice; Enter zooms the lookup to it, Escape clears it.</p>
    </section>`;
  }

  /** "Not loaded yet: 89 days 22 hours of the range, before 2026-12-07 13:10 UTC" (the chart's label says it too). */
  private renderUnloadedText() {
    const text = this.unloadedText();
    return text ? html`<span part="unloaded-text" class="unloaded-text">${text}</span>` : nothing;
  }

  private unloadedText(): string {
    const unloaded = this.unloadedFrom();
    const plan = this.store.lookup.state.plan;
    if (unloaded === null || !plan) return '';
    const zone = this.store.state.timeZone;
    return `Not loaded yet: ${durationText(unloaded - plan.start.getTime())} of the range, before ${shortTime(unloaded, zone)}`;
  }

  /** A fourteenth of the window's height, within bounds: a short screen keeps room for rows. */
  private get chartHeight(): number {
    const tall = globalThis.innerHeight || 900;
    return Math.round(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, tall / 14)));
  }

  private renderChart(max: number) {
    const b = this.buckets;
    const w = this.width || 600;
    const HEIGHT = this.chartHeight;
    const span = b.end - b.start;
    const x = (t: number) => ((t - b.start) / span) * w;
    const plotH = HEIGHT - BAND;
    const h = (n: number) => (n ? Math.max(1, (n / max) * plotH) : 0);
    const unloaded = this.unloadedFrom();
    const sel = this.selection;
    const [lo, hi] = sel ? [Math.min(sel.anchor, sel.focus), Math.max(sel.anchor, sel.focus)] : [0, 0];
    return html`<svg part="chart" class="chart" width=${w} height=${HEIGHT} viewBox="0 0 ${w} ${HEIGHT}" tabindex="0"
      role="application" aria-roledescription="timeline" aria-label=${this.chartLabel()} aria-describedby="${this.uid}-help"
      @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerCancel} @keydown=${this.onKeyDown}>
      <defs><pattern id="${this.uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" class="hatch-bg"></rect><line x1="0" y1="0" x2="0" y2="6" class="hatch"></line></pattern></defs>
      ${unloaded !== null
        ? svg`<rect part="unloaded" class="unloaded" x="0" y=${BAND} width=${Math.max(0, x(unloaded))} height=${plotH} fill="url(#${this.uid}-hatch)"></rect>
          ${x(unloaded) > 140 ? svg`<text class="unloaded-note" x=${x(unloaded) / 2} y=${BAND + plotH / 2} aria-hidden="true">Not loaded yet</text>` : nothing}`
        : nothing}
      <line class="baseline" x1="0" x2=${w} y1=${HEIGHT - 0.5} y2=${HEIGHT - 0.5}></line>
      ${Array.from(b.ok, (ok, i) => {
        const err = b.errors[i]!;
        const x0 = x(b.bucketStart(i));
        const bw = Math.max(1, x(b.bucketEnd(i)) - x0 - (w / b.count > 4 ? 1 : 0));
        const he = h(err);
        const ht = h(ok + err);
        return svg`<g part="bar" data-start=${new Date(b.bucketStart(i)).toISOString()} data-end=${new Date(b.bucketEnd(i)).toISOString()} data-ok=${ok} data-errors=${err}>
          ${ht > he ? svg`<rect class="ok" x=${x0} y=${HEIGHT - ht} width=${bw} height=${ht - he}></rect>` : nothing}
          ${he ? svg`<rect class="err" x=${x0} y=${HEIGHT - he} width=${bw} height=${he}></rect>` : nothing}
        </g>`;
      })}
      ${renderFindingMarks(this.store.findings.flaggedEvents(), b, x, BAND)}
      ${b.insights.map((win) => svg`<rect part="insight" class="insight" x=${x(win.start)} y="1" width=${Math.max(3, x(win.end) - x(win.start))} height=${BAND - 3}><title>${revealInvisible(win.label)}</title></rect>`)}
      ${sel ? svg`<rect part="selection" class="selection" x=${x(b.bucketStart(lo))} y="0" width=${Math.max(2, x(b.bucketEnd(hi)) - x(b.bucketStart(lo)))} height=${HEIGHT}></rect>` : nothing}
    </svg>`;
  }

  /** An end of the axis; narrow charts leave out the year (the readout and label carry it). */
  private axisTime(t: number): string {
    const text = shortTime(t, this.store.state.timeZone);
    return this.width && this.width < 400 ? text.replace(/^\d{4}-/, '') : text;
  }

  /** What the bars count: the loaded events, or (claimed only once the counts are in) every matching one. */
  private scope(): string {
    const total = `${this.buckets.total.toLocaleString('en-US')} events`;
    const loaded = this.loaded.length.toLocaleString('en-US');
    if (this.buckets.whole) return `${total}, all matching (counted by Athena; ${loaded} loaded)`;
    if (this.countFailed) return `${total} loaded (Athena could not count all matching events: ${this.countFailed})`;
    return this.counting ? `${total} loaded (counting all matching events with Athena…)` : total;
  }

  /** While more pages exist, the range older than the oldest loaded event (or all of it) is not loaded; whole-range bars have no such part. */
  private unloadedFrom(): number | null {
    const state = this.store.lookup.state;
    if (!state.hasMore || !state.plan || this.buckets.whole) return null;
    const oldest = this.buckets.oldest;
    return Number.isNaN(oldest) ? this.buckets.end : oldest;
  }

  private chartLabel(): string {
    const b = this.buckets;
    const zone = this.store.state.timeZone;
    const unloaded = this.unloadedFrom();
    return `Events over time, ${spanText(b.start, b.end, zone)}: ${this.scope()} in buckets of ${describeWidth(b.width)}`
      + (unloaded !== null ? `; ${this.unloadedText()}` : '');
  }

  private readout(): string {
    const sel = this.selection;
    if (!sel) return this.buckets.count ? 'Drag across the chart, or focus it and use the arrow keys, to choose a span to zoom to.' : '';
    const b = this.buckets;
    const lo = Math.min(sel.anchor, sel.focus);
    const hi = Math.max(sel.anchor, sel.focus);
    let ok = 0;
    let err = 0;
    for (let i = lo; i <= hi; i++) {
      ok += b.ok[i]!;
      err += b.errors[i]!;
    }
    const unloaded = this.unloadedFrom();
    const partial = unloaded === null || b.bucketStart(lo) >= unloaded ? '' : b.bucketEnd(hi) <= unloaded ? ' (not loaded yet)' : ' (partly not loaded yet)';
    return `${spanText(b.bucketStart(lo), b.bucketEnd(hi), this.store.state.timeZone)}: ${(ok + err).toLocaleString('en-US')} events, ${err.toLocaleString('en-US')} failed${partial}. Enter zooms to it.`;
  }

  private indexAt(clientX: number): number {
    const rect = (this.renderRoot.querySelector('.chart') as SVGSVGElement).getBoundingClientRect();
    const b = this.buckets;
    return b.indexOf(b.start + ((clientX - rect.left) / rect.width) * (b.end - b.start));
  }

  private onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
    const i = this.indexAt(e.clientX);
    this.drag = { x: e.clientX, moved: false };
    this.selection = { anchor: i, focus: i };
  };

  private onPointerMove = (e: PointerEvent) => {
    if (!this.drag || !this.selection) return;
    if (Math.abs(e.clientX - this.drag.x) >= DRAG_PX) this.drag.moved = true;
    this.selection = { ...this.selection, focus: this.indexAt(e.clientX) };
  };

  private onPointerUp = (e: PointerEvent) => {
    const drag = this.drag;
    this.drag = undefined;
    if (!drag || !this.selection) return;
    this.selection = { ...this.selection, focus: this.indexAt(e.clientX) };
    // A click selects its bucket (Enter then zooms); a drag zooms at once.
    if (drag.moved || Math.abs(e.clientX - drag.x) >= DRAG_PX) this.zoom();
  };

  private onPointerCancel = () => {
    this.drag = undefined;
    this.selection = null;
  };

  private onKeyDown = (e: KeyboardEvent) => {
    const n = this.buckets.count;
    const sel = this.selection;
    const move = (to: number) => {
      const focus = Math.max(0, Math.min(n - 1, to));
      this.selection = { anchor: e.shiftKey && sel ? sel.anchor : focus, focus };
    };
    switch (e.key) {
      case 'ArrowLeft': move(sel ? sel.focus - 1 : n - 1); break;
      case 'ArrowRight': move(sel ? sel.focus + 1 : n - 1); break;
      case 'Home': move(0); break;
      case 'End': move(n - 1); break;
      case 'Enter': if (sel) this.zoom(); break;
      case 'Escape': if (!sel) return; this.selection = null; break;
      default: return;
    }
    e.preventDefault();
  };

  /** Hands the selected span to the host page, then (unless it cancels) to the shared lookup. */
  private zoom(): void {
    const sel = this.selection;
    if (!sel) return;
    const b = this.buckets;
    const start = new Date(b.bucketStart(Math.min(sel.anchor, sel.focus)));
    const end = new Date(b.bucketEnd(Math.max(sel.anchor, sel.focus)));
    this.selection = null;
    if (end <= start) return;
    const event = new CtTimeRangeSelectEvent(start, end);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.zoom(start, end).catch(() => {
      // The controller publishes the error; the table shows it.
    });
  }
}
