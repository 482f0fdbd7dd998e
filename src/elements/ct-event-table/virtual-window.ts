/**
 * The window of rows the table renders. Every row has the same height (cells never wrap), so the
 * window is arithmetic on the grid's scroll position: no measuring of each row, no layout engine.
 * This replaces @lit-labs/virtualizer, which handles rows of any size and costs about 9 KB gzipped
 * in the one-file bundle that the size budget counts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface RowWindow {
  /** First rendered row (inclusive). */
  first: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Last row the user can actually see (inclusive), -1 when none. */
  lastVisible: number;
}

/**
 * Why the window moved: the reader scrolled (or the keyboard moved the view), or the grid changed
 * size. Only the first is a reason to fetch more: a grid that grows with its rows (its height lost,
 * in a host's layout or a broken hydration) must not page the whole lookup by itself.
 */
export type WindowCause = 'scroll' | 'resize';

/** Rows rendered above and below the visible ones, so fast scrolling shows no gap. */
const OVERSCAN = 12;

/**
 * Where the window reads the layout: never from render() or updated(), where the update has just
 * changed the DOM and a read would make the browser lay the page out at once, a second time in the
 * same frame (about 5 to 9 ms a facet click with 100,000 rows loaded). The sizes come from a
 * ResizeObserver's callback and the scroll position from scroll events, both run when the layout is
 * already done; render() reads the kept values.
 */
interface Geometry {
  /** The grid's scrollTop, clientHeight and its sticky header's height, px. */
  top: number;
  height: number;
  header: number;
}

export class VirtualWindow implements ReactiveController {
  /** Height of one row in px; from a rendered row, as the ResizeObserver reports it, 32 until then. */
  rowHeight = 32;
  private scroller?: HTMLElement;
  private row?: Element;
  private geometry?: Geometry;
  private count = 0;
  private current: RowWindow = { first: 0, end: 0, lastVisible: -1 };
  /** Made on first attach: a server render (no ResizeObserver there) constructs the table but never attaches it. */
  private resize?: ResizeObserver;
  private readonly onScroll = () => {
    if (this.scroller && this.geometry) this.geometry.top = this.scroller.scrollTop;
    this.update('scroll');
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called when the visible rows change, with the window now shown and why it moved. */
    private readonly onChange: (window: RowWindow, cause: WindowCause) => void,
    /** Called when the ResizeObserver reports, where the host may read the layout too (it is done). */
    private readonly onLayout?: () => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.detach();
  }

  /** Follows `scroller` (the grid), whose first child is the sticky header. */
  attach(scroller: HTMLElement | null): void {
    if (scroller === this.scroller) return;
    this.detach();
    if (!scroller) return;
    this.scroller = scroller;
    this.geometry = read(scroller);
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize ??= new ResizeObserver((entries) => this.observed(entries));
    this.resize.observe(scroller);
    if (scroller.firstElementChild) this.resize.observe(scroller.firstElementChild);
  }

  private detach(): void {
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.resize?.disconnect();
    this.scroller = undefined;
    this.row = undefined;
    this.geometry = undefined;
  }

  /** The rows to render for `count` rows; call from render(). */
  window(count: number): RowWindow {
    this.count = count;
    this.current = this.compute();
    return this.current;
  }

  /**
   * Follows the height of a rendered row (fonts, themes and the page's root size change it); call
   * from updated(). The ResizeObserver reports its size once it is laid out, before it is painted.
   */
  measure(row: HTMLElement | null): void {
    if (!row || row === this.row || !this.resize) return;
    if (this.row) this.resize.unobserve(this.row);
    this.row = row;
    this.resize.observe(row, { box: 'border-box' });
  }

  /** Scrolls the least needed so that row `index` is in view below the sticky header. */
  scrollIntoView(index: number): void {
    const s = this.scroller;
    const g = this.geometry;
    if (!s || !g) return;
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < g.top) s.scrollTop = top;
    else if (bottom > g.top + g.height - g.header) s.scrollTop = bottom - g.height + g.header;
    g.top = s.scrollTop;
    this.update('scroll');
  }

  private observed(entries: readonly ResizeObserverEntry[]): void {
    const s = this.scroller;
    if (!s) return;
    for (const entry of entries) {
      if (entry.target !== this.row) continue;
      const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height;
      if (height && Math.abs(height - this.rowHeight) > 0.5) {
        this.rowHeight = height;
        this.host.requestUpdate();
      }
    }
    this.geometry = read(s);
    this.onLayout?.();
    this.update('resize');
  }

  private compute(): RowWindow {
    const g = this.geometry;
    if (!g || this.count === 0) return { first: 0, end: Math.min(this.count, OVERSCAN * 2), lastVisible: -1 };
    // When the rows just became fewer, the browser will bring scrollTop back within them: so does the window.
    const top = Math.max(0, Math.min(g.top, this.count * this.rowHeight + g.header - g.height));
    const firstVisible = Math.floor(top / this.rowHeight);
    const lastVisible = Math.min(this.count - 1, Math.ceil((top + g.height - g.header) / this.rowHeight) - 1);
    return {
      first: Math.max(0, firstVisible - OVERSCAN),
      end: Math.min(this.count, lastVisible + 1 + OVERSCAN),
      lastVisible,
    };
  }

  private update(cause: WindowCause): void {
    const next = this.compute();
    const was = this.current;
    if (next.first !== was.first || next.end !== was.end || next.lastVisible !== was.lastVisible) {
      this.current = next;
      this.host.requestUpdate();
      this.onChange(next, cause);
    }
  }
}

function read(scroller: HTMLElement): Geometry {
  return { top: scroller.scrollTop, height: scroller.clientHeight, header: (scroller.firstElementChild as HTMLElement | null)?.offsetHeight ?? 0 };
}
