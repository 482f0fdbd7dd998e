/**
 * The handle between the table and the detail on wide screens: drag it, or focus it and use the
 * arrow keys (WAI-ARIA window splitter). The detail's width is remembered in localStorage and
 * reaches the layout as a CSS custom property set from script (allowed by `style-src 'self'`).
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

const STORAGE = 'ct-event-history.detail-width';
const MIN = 280;
const MAX = 1200;
const DEFAULT = 520;
const STEP = 24;

export class SplitPane implements ReactiveController {
  /** The detail's width in px. */
  width = DEFAULT;
  private drag?: { startX: number; startWidth: number };

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    try {
      const stored = Number(globalThis.localStorage?.getItem(STORAGE));
      if (stored >= MIN && stored <= MAX) this.width = stored;
    } catch {
      // No storage: the default width.
    }
  }

  hostConnected(): void {
    this.apply();
  }

  private apply(): void {
    this.host.style.setProperty('--ct-detail-width', `${this.width}px`);
  }

  private set(px: number, keep: boolean): void {
    // Never wider than the room beside a usable table.
    const room = Math.max(MIN, this.host.getBoundingClientRect().width - 360);
    this.width = Math.round(Math.max(MIN, Math.min(MAX, room, px)));
    this.apply();
    if (keep) {
      try {
        globalThis.localStorage?.setItem(STORAGE, String(this.width));
      } catch {
        // Storage refused: the width holds for this page.
      }
    }
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="splitter" role="separator" aria-orientation="vertical" tabindex="0"
      aria-label="Resize the event details" aria-valuenow=${this.width} aria-valuemin=${MIN} aria-valuemax=${MAX}
      aria-valuetext="Details ${this.width} pixels wide" @keydown=${this.onKey} @pointerdown=${this.onDown}
      @pointermove=${this.onMove} @pointerup=${this.onUp} @pointercancel=${this.onUp}></div>`;
  }

  /** The detail is on the end side: moving the handle towards the start widens it. */
  private get sign(): number {
    return getComputedStyle(this.host).direction === 'rtl' ? 1 : -1;
  }

  private onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? STEP * 4 : STEP;
    const to = { ArrowLeft: this.width - this.sign * step, ArrowRight: this.width + this.sign * step, Home: MIN, End: MAX }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.set(to, true);
  };

  private onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drag = { startX: e.clientX, startWidth: this.width };
    e.preventDefault();
  };

  private onMove = (e: PointerEvent) => {
    if (this.drag) this.set(this.drag.startWidth + this.sign * (e.clientX - this.drag.startX), false);
  };

  private onUp = () => {
    if (this.drag) this.set(this.width, true);
    this.drag = undefined;
  };
}
