/**
 * The detail's pane in the drop-in layout: the handle between the table and the detail on wide
 * screens (drag it, or focus it and use the arrow keys: WAI-ARIA window splitter), the way back to
 * the rows on narrow ones, and Escape to close. Loaded with import() beside the first rows, with the
 * wide layout's styles: until then the detail opens below the table. The detail's width is remembered in localStorage and
 * reaches the layout as a CSS custom property set from script (allowed by `style-src 'self'`).
 */
import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { describeQuery } from '../../lookup/query.js';
import type { InvestigationStore } from '../../state/store.js';
import type { CtEventTable } from '../ct-event-table/ct-event-table.js';
import type { CtColumnsChangeEvent } from '../events.js';

/** What the pane's actions work on, read from the layout when needed. */
export interface PaneParts {
  pane?: HTMLElement;
  table?: CtEventTable;
  store?: InvestigationStore;
  comparing: boolean;
}

const STORAGE = 'ct-event-history.detail-width';
const FOLD = 'ct-event-history.lookup-folded';
/** Read by the history when an investigation starts (keptColumns). */
const COLUMNS = 'ct-event-history.columns';
const MIN = 280;
const MAX = 1200;
/** Leaves the default columns room beside it at 1440 px. */
const DEFAULT = 460;
const STEP = 24;
/** Below this width (the layout's 40rem container query) the lookup folds. */
const NARROW_PX = 640;

export class SplitPane implements ReactiveController {
  /** The detail's width in px. */
  width = DEFAULT;
  /**
   * On a phone the filter, the chart and the top values fold into one line above the rows, so the
   * first rows are on the first screen: folded until the reader opens them (remembered), and again
   * after each lookup run from there.
   */
  folded = true;
  private drag?: { startX: number; startWidth: number };

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly parts: () => PaneParts) {
    host.addController(this);
    try {
      const stored = Number(globalThis.localStorage?.getItem(STORAGE));
      if (stored >= MIN && stored <= MAX) this.width = stored;
      this.folded = globalThis.localStorage?.getItem(FOLD) !== 'false';
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

  /** The first Tab stop, shown when focused: straight to the rows, past the filter, the chart and the top values. */
  renderSkip(): TemplateResult {
    // A button, not a link: it moves focus and goes nowhere (an anchor would also be the one <a>
    // among the elements, which the hostile-data checks rightly treat as injected).
    return html`<button type="button" class="skip" @click=${this.skip}>Skip to events</button>`;
  }

  private skip = (e: Event) => {
    e.preventDefault();
    const { table } = this.parts();
    table?.scrollIntoView({ block: 'nearest' });
    table?.focusRows();
  };

  /**
   * The reader chose columns: kept for the next plain load of a history on this origin (a link or
   * the host's `columns` still win), unless a listener cancelled the change.
   */
  keepColumns(e: CtColumnsChangeEvent): void {
    queueMicrotask(() => {
      if (e.defaultPrevented) return;
      try {
        globalThis.localStorage?.setItem(COLUMNS, JSON.stringify(e.columns));
      } catch {
        // Storage refused: the columns hold for this page.
      }
    });
  }

  /** The line that stands for the folded lookup on narrow screens (hidden on wide ones): what was looked up, and a way to open it. */
  renderFold(): TemplateResult {
    const store = this.parts().store;
    const query = store?.lookup.state.query;
    // Where it looked too, when that is not everything: Athena, and the accounts searched of those configured.
    const accounts = store?.accounts;
    const where = [
      store?.sources.current === 'athena' ? 'Athena' : '',
      accounts && accounts.searched.length < accounts.allowed.length
        ? `${accounts.searched.map((a) => a.label ?? a.accountId).join(', ')} (${accounts.searched.length} of ${accounts.allowed.length} accounts)` : '',
    ].filter(Boolean);
    return html`<div class="fold-bar">
      <span class="fold-what">${query ? [describeQuery(query), ...where].join(' · ') : 'No lookup run yet'}</span>
      <button type="button" class="fold" aria-expanded=${this.folded ? 'false' : 'true'} @click=${() => this.fold(!this.folded)}>${
        this.folded ? 'Show filter and chart' : 'Hide filter and chart'}</button>
    </div>`;
  }

  /** Folds (or opens) the lookup on narrow screens; remembered. */
  fold(folded: boolean): void {
    this.folded = folded;
    try {
      globalThis.localStorage?.setItem(FOLD, String(folded));
    } catch {
      // Storage refused: as chosen for this page.
    }
    this.host.requestUpdate();
  }

  /** A lookup was run from the open filter on a narrow screen: fold it, so its rows are in view. */
  onLookup(): void {
    if (!this.folded && this.host.getBoundingClientRect().width < NARROW_PX) this.fold(true);
  }

  renderBar(): TemplateResult {
    return html`<div class="pane-bar">
      <button type="button" class="back" @click=${this.back}>Back to the events</button>
      <span class="spacer"></span>
      <button type="button" class="close" @click=${this.close}>Close details</button>
    </div>`;
  }

  /** The reader opened an event: where the detail sits below the table (narrow screens), bring it into view. */
  async onSelect(): Promise<void> {
    // The table selects in the store right after this event: let that render first.
    await null;
    await this.host.updateComplete;
    const { pane, table } = this.parts();
    // Only where the detail sits below the table (a sticky pane beside it has no useful offsetTop).
    if (!pane || !table || pane.hidden || pane.getBoundingClientRect().top < table.getBoundingClientRect().bottom - 1) return;
    // Focus stays on the rows (arrows keep moving through them); "Back to the events" is the way back.
    pane.scrollIntoView({ block: 'start' });
  }

  /** Back to the rows from the detail below them, keeping the event open. */
  private back = () => {
    const { table } = this.parts();
    table?.scrollIntoView({ block: 'nearest' });
    table?.focusRows();
  };

  /** Closes the detail (or the comparison) and gives focus back to the rows. */
  private close = () => {
    const { store, comparing } = this.parts();
    if (comparing) store?.setComparing(false);
    else store?.select(null);
    this.back();
  };

  onPaneKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    this.close();
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

/** The wide layout: an event open puts the detail beside the table, as wide as the splitter left it. */
export const splitStyles = css`
    :host {
      position: relative;
    }
    .skip {
      position: absolute;
      z-index: 4;
      padding: var(--ct-space-s) var(--ct-space-m);
      background: var(--ct-surface);
      color: var(--ct-accent);
      border: 2px solid var(--ct-focus);
      border-radius: var(--ct-radius);
      font: inherit;
      cursor: pointer;
      transform: translateY(-200vh);
    }
    .skip:focus {
      transform: none;
    }
    .fold-bar {
      display: none;
    }
    @container (max-width: 40rem) {
      .fold-bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--ct-space-xs) var(--ct-space-s);
        font-size: var(--ct-font-size-s);
      }
      .fold-what {
        flex: 1 1 12rem;
        color: var(--ct-text-muted);
      }
      .layout.folded > :is(ct-lookup-filter, ct-event-timeline, .facets) {
        display: none;
      }
    }
    .pane-bar {
      display: flex;
      align-items: center;
      gap: var(--ct-space-s);
      margin-bottom: var(--ct-space-xs);
    }
    .spacer {
      flex: 1;
    }
    @container (min-width: 64rem) {
      /* An event open: the detail beside the table, as wide as the splitter left it. */
      .main.open:not(.comparing) {
        grid-template-columns: minmax(22rem, 1fr) 0.75rem minmax(17.5rem, var(--ct-detail-width, 460px));
        gap: 0;
      }
      /* The event's resources are in the detail: the table's resource columns may give way to keep the others whole. */
      .main.open:not(.comparing) > ct-event-table {
        --ct-columns-give-way: hide;
      }
      .main.open:not(.comparing) .back {
        display: none;
      }
      .main.open:not(.comparing) .pane {
        position: sticky;
        top: 0;
        max-height: 100vh;
        overflow: auto;
      }
      .splitter {
        display: block;
        align-self: stretch;
        cursor: col-resize;
        touch-action: none;
        position: relative;
      }
      .splitter::after {
        content: '';
        position: absolute;
        inset-block: 0;
        inset-inline-start: calc(50% - 1px);
        width: 2px;
        border-radius: 1px;
        background: var(--ct-border);
      }
      .splitter:hover::after,
      .splitter:focus-visible::after {
        background: var(--ct-focus);
        width: 4px;
        inset-inline-start: calc(50% - 2px);
      }
      .splitter:focus-visible {
        outline: none;
      }
    }
`;
