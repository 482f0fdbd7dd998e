/**
 * The table's column widths: each column starts as wide as its longest loaded value (up to a cap),
 * shares out the rest of the row, and can be resized by dragging the edge of its header or with
 * the arrow keys on that edge. Widths a user sets are remembered in localStorage per column set,
 * so the management and the Insights columns each keep their own.
 *
 * Widths reach the DOM through CSS custom properties set from script (`element.style`), never a
 * `style` attribute: a page whose CSP has `style-src 'self'` without 'unsafe-inline' blocks the
 * attribute but allows the CSSOM.
 */
import { html, type TemplateResult } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import { PICK_COLUMN_REM, type Column } from '../../state/columns.js';
import type { TimeZoneMode } from '../../state/time.js';

/** Rows measured for a column's natural width: enough to see the long values, cheap to measure. */
const MEASURED_ROWS = 200;
/** A column never starts wider than this (px); a resize may go wider. */
export const NATURAL_CAP = 420;
export const MIN_PX = 56;
const MAX_PX = 1600;
/** Arrow keys move an edge by this many px (Shift: four times as far). */
export const STEP = 16;
/** Cell padding (both sides) and a little slack for text measured on a canvas. */
const PADDING = 20;
/** Room for the failed mark, shown in the first column. */
const MARK = 14;
const STORAGE = 'ct-event-table.widths.';

/** The root font size in px (column minimums are in rem). */
function remPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export type Widths = Readonly<Record<string, number>>;

function readBox(grid: HTMLElement): { width: number; giveWay: boolean } {
  return { width: grid.clientWidth, giveWay: getComputedStyle(grid).getPropertyValue('--ct-columns-give-way').trim() === 'hide' };
}

function readStored(key: string): Widths {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE + key) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'number' && v >= MIN_PX && v <= MAX_PX));
  } catch {
    return {};
  }
}

function writeStored(key: string, widths: Widths): void {
  try {
    globalThis.localStorage?.setItem(STORAGE + key, JSON.stringify(widths));
  } catch {
    // Storage full or refused (private mode): the width holds for this page only.
  }
}

let dragPart: typeof import('./column-drag.js') | undefined;
/** The resize edges' keys and drag, loaded beside the first rows (a press before then does nothing). */
export const loadColumnDrag = () => import('./column-drag.js').then((m) => (dragPart = m));

export class ColumnSizer {
  private key = '';
  private user: Widths = {};
  private natural: Record<string, number> = {};
  private measuredFor?: string;
  private canvas?: CanvasRenderingContext2D | null;
  /** A drag of a column's edge in progress (column-drag.ts). */
  drag?: { id: string; startX: number; startWidth: number };
  /** Each column's header width (px): a column never gives way below it. */
  private header: Record<string, number> = {};
  private resize?: ResizeObserver;
  private observed?: HTMLElement;
  private last?: { grid: HTMLElement; columns: readonly Column[]; remPx: number };
  /** The root's font size (px) and the table's font, for the widths: read once, then where the layout is done (readMetrics). */
  rem = 16;
  private font?: string;
  /** The grid's width and whether its columns hide rather than shrink, as last laid out. */
  private box?: { width: number; giveWay: boolean };
  /** Columns given way entirely for room (see template): the table leaves them out of the grid. */
  hidden = new Set<string>();

  constructor(private readonly onChange: () => void) {}

  /** The columns now shown; loads the widths remembered for this set. */
  use(columns: readonly Column[]): void {
    const key = columns.map((c) => c.id).join(',');
    if (key === this.key) return;
    this.key = key;
    this.user = readStored(key);
    this.measuredFor = undefined;
  }

  /**
   * Reads the root's font size and `host`'s font: on the first measure, and from a ResizeObserver's
   * callback (virtual-window.ts), never right after a render has changed the DOM. Whether they changed.
   */
  readMetrics(host: Element): boolean {
    const was = `${this.rem} ${this.font}`;
    this.rem = remPx();
    this.font = getComputedStyle(host).font;
    return `${this.rem} ${this.font}` !== was;
  }

  /** Measures each column's longest value in the first rows (text width in `font`), once per change of rows. */
  measure(columns: readonly Column[], rows: readonly CtEvent[], zone: TimeZoneMode, host: Element): boolean {
    if (this.font === undefined) this.readMetrics(host);
    const { font, rem: remPx } = this;
    const stamp = `${this.key}|${rows.length > MEASURED_ROWS ? MEASURED_ROWS : rows.length}|${rows[0]?.EventId}|${zone}|${font}|${remPx}`;
    if (stamp === this.measuredFor) return false;
    this.measuredFor = stamp;
    this.canvas ??= typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    const ctx = this.canvas;
    const width = (text: string) => (ctx ? ctx.measureText(text).width : text.length * remPx * 0.5);
    if (ctx) ctx.font = font!;
    const sample = rows.slice(0, MEASURED_ROWS);
    const natural: Record<string, number> = {};
    for (const [i, c] of columns.entries()) {
      // The header is bold (a little wider) and has the resize edge at its end.
      this.header[c.id] = Math.ceil(width(c.label) * 1.08 + PADDING + MARK);
      let max = width(c.label) * 1.08;
      for (const e of sample) max = Math.max(max, width(c.value(e, zone)));
      natural[c.id] = Math.ceil(Math.min(NATURAL_CAP, Math.max(c.min * remPx, max + PADDING + (i ? 0 : MARK), this.header[c.id])));
      if (c.whole) this.header[c.id] = natural[c.id];
    }
    const changed = columns.some((c) => natural[c.id] !== this.natural[c.id]);
    this.natural = natural;
    return changed;
  }

  /** Current width of a column (px): the user's, else its natural width. */
  width(c: Column, remPx: number): number {
    return this.user[c.id] ?? this.natural[c.id] ?? c.min * remPx;
  }

  /**
   * Grid tracks and the row's least width for `available` px. When the natural widths do not all
   * fit, the widest columns give way first (each keeps at least its header): short values such
   * as event names and sources stay whole, and only the longest (ARNs) are cut.
   */
  template(columns: readonly Column[], remPx: number, available: number, giveWay = false): { template: string; minWidth: string; hidden: Set<string> } {
    const fixed = columns.reduce((n, c) => n + (this.user[c.id] ?? 0), PICK_COLUMN_REM * remPx);
    const flexible = columns.filter((c) => this.user[c.id] === undefined);
    // Columns of many or long values (resources, ARNs) give way first, widest first; the others
    // keep their natural width unless even that leaves the yielding ones less than their headers.
    const natural = (c: Column) => this.width(c, remPx);
    let yielding = flexible.filter((c) => c.yields);
    const firm = flexible.filter((c) => !c.yields);
    const firmWidth = firm.reduce((n, c) => n + natural(c), 0);
    let floor = yielding.reduce((n, c) => n + (this.header[c.id] ?? 0), 0);
    // Where the layout lets them (the detail open beside the table shows their values), yielding
    // columns that cannot keep their header beside the others give way entirely, last first.
    const hidden = new Set<string>();
    for (const c of [...yielding].reverse()) {
      if (!giveWay || available - fixed - firmWidth >= floor) break;
      hidden.add(c.id);
      floor -= this.header[c.id] ?? 0;
    }
    yielding = yielding.filter((c) => !hidden.has(c.id));
    const given = available - fixed - firmWidth >= floor
      ? new Map([...firm.map((c) => [c.id, natural(c)] as const), ...this.fill(yielding, available - fixed - firmWidth, remPx)])
      : this.fill([...firm, ...yielding], available - fixed, remPx);
    let sum = 0;
    const tracks = columns.filter((c) => !hidden.has(c.id)).map((c) => {
      const user = this.user[c.id];
      if (user !== undefined) {
        sum += user;
        return `${user}px`;
      }
      const w = given.get(c.id) ?? this.width(c, remPx);
      sum += w;
      return `minmax(${w}px, ${w}fr)`;
    });
    return { template: [`${PICK_COLUMN_REM}rem`, ...tracks].join(' '), minWidth: `calc(${PICK_COLUMN_REM}rem + ${sum}px)`, hidden };
  }

  /** Water-filling: `budget` px shared so that the widest columns give way first, none below its header. */
  private fill(columns: readonly Column[], budget: number, remPx: number): Map<string, number> {
    const width = (c: Column, cap: number) => Math.min(this.width(c, remPx), Math.max(cap, this.header[c.id] ?? 0));
    let lo = 0;
    let hi = columns.reduce((n, c) => Math.max(n, this.width(c, remPx)), 0);
    for (let i = 0; i < 20 && columns.reduce((n, c) => n + width(c, hi), 0) > budget; i++) {
      const mid = (lo + hi) / 2;
      if (columns.reduce((n, c) => n + width(c, mid), 0) > budget) hi = mid;
      else lo = mid;
      if (hi - lo < 1) hi = lo;
    }
    return new Map(columns.map((c) => [c.id, Math.floor(width(c, hi))]));
  }

  /** Sets the grid's tracks for its current width (called after each render and when the grid is resized). */
  apply(grid: HTMLElement, columns: readonly Column[], remPx: number): void {
    this.last = { grid, columns, remPx };
    if (this.observed !== grid) {
      this.resize?.disconnect();
      // The grid's width is read here, where the layout is done, not after each render, where
      // reading it would lay the page out a second time in the frame (see virtual-window.ts).
      this.resize ??= typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
        if (!this.last) return;
        this.box = readBox(this.last.grid);
        this.apply(this.last.grid, this.last.columns, this.last.remPx);
      }) : undefined;
      this.resize?.observe(grid);
      this.observed = grid;
      this.box = readBox(grid);
    }
    const box = this.box ?? readBox(grid);
    const { template, minWidth, hidden } = this.template(columns, remPx, box.width, box.giveWay);
    if ([...hidden].join() !== [...this.hidden].join()) {
      this.hidden = hidden;
      this.onChange();
    }
    grid.style.setProperty('--ct-columns', template);
    grid.style.setProperty('--ct-row-min-width', minWidth);
  }

  /** Stops following the grid's size (the table left the page). */
  detach(): void {
    this.resize?.disconnect();
    this.observed = undefined;
    this.box = undefined;
    this.last = undefined;
  }

  /** Sets a column's width; `keep` stores it (a drag stores once, when it ends). */
  resizeTo(id: string, px: number, keep = true): void {
    this.user = { ...this.user, [id]: Math.round(Math.max(MIN_PX, Math.min(MAX_PX, px))) };
    if (keep) this.keepWidths();
    this.onChange();
  }

  /** Remembers the widths the reader set, for this set of columns. */
  keepWidths(): void {
    writeStored(this.key, this.user);
  }

  /**
   * The resize edge of a column's header: a focusable separator (WAI-ARIA window splitter pattern).
   * Its keys and drag are column-drag.ts, loaded beside the first rows ({@link loadColumnDrag}).
   */
  renderHandle(c: Column, remPx: number): TemplateResult {
    const now = Math.round(this.width(c, remPx));
    return html`<div class="resizer" role="separator" aria-orientation="vertical" tabindex="0" aria-label="Resize ${c.label}"
      aria-valuenow=${now} aria-valuemin=${MIN_PX} aria-valuemax=${MAX_PX} aria-valuetext="${now} pixels wide"
      @keydown=${(e: KeyboardEvent) => dragPart?.onKey(this, e, c, remPx)} @pointerdown=${(e: PointerEvent) => dragPart?.onDown(this, e, c)}
      @pointermove=${(e: PointerEvent) => dragPart?.onMove(this, e)} @pointerup=${() => dragPart?.onUp(this)} @pointercancel=${() => dragPart?.onUp(this)}
      @click=${(e: Event) => e.stopPropagation()}></div>`;
  }
}
