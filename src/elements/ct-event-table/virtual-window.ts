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

export class VirtualWindow implements ReactiveController {
  /** Height of one row in px; measured from a rendered row, 32 until then. */
  rowHeight = 32;
  private scroller?: HTMLElement;
  private count = 0;
  private current: RowWindow = { first: 0, end: 0, lastVisible: -1 };
  /** Made on first attach: a server render (no ResizeObserver there) constructs the table but never attaches it. */
  private resize?: ResizeObserver;
  private readonly onScroll = () => this.update('scroll');

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called when the visible rows change, with the window now shown and why it moved. */
    private readonly onChange: (window: RowWindow, cause: WindowCause) => void,
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
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize ??= new ResizeObserver(() => this.update('resize'));
    this.resize.observe(scroller);
  }

  private detach(): void {
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.resize?.disconnect();
    this.scroller = undefined;
  }

  /** The rows to render for `count` rows; call from render(). */
  window(count: number): RowWindow {
    this.count = count;
    this.current = this.compute();
    return this.current;
  }

  /** Re-reads the row height from a rendered row (fonts and themes change it). */
  measure(row: HTMLElement | null): void {
    const height = row?.getBoundingClientRect().height;
    if (height && Math.abs(height - this.rowHeight) > 0.5) {
      this.rowHeight = height;
      // Measured from updated(): render again once this update has finished, not from within it.
      queueMicrotask(() => this.host.requestUpdate());
    }
  }

  /** Scrolls the least needed so that row `index` is in view below the sticky header. */
  scrollIntoView(index: number): void {
    const s = this.scroller;
    if (!s) return;
    const header = (s.firstElementChild as HTMLElement | null)?.offsetHeight ?? 0;
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < s.scrollTop) s.scrollTop = top;
    else if (bottom > s.scrollTop + s.clientHeight - header) s.scrollTop = bottom - s.clientHeight + header;
    this.update('scroll');
  }

  private compute(): RowWindow {
    const s = this.scroller;
    if (!s || this.count === 0) return { first: 0, end: Math.min(this.count, OVERSCAN * 2), lastVisible: -1 };
    const header = (s.firstElementChild as HTMLElement | null)?.offsetHeight ?? 0;
    const firstVisible = Math.floor(s.scrollTop / this.rowHeight);
    const lastVisible = Math.min(this.count - 1, Math.ceil((s.scrollTop + s.clientHeight - header) / this.rowHeight) - 1);
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
