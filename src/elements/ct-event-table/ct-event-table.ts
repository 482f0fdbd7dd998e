import { topFinding } from '../../state/findings.js';
import { severityMark, severityStyles } from '../shared/severity.js';
import { html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { InvestigationStore } from '../../state/store.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CtEvent } from '../../lookup/events.js';
import type { LookupStatus } from '../../lookup/types.js';
import { COLUMNS, DEFAULT_COLUMNS, columnsFor, type Column, type ColumnId } from '../../state/columns.js';
import { MAX_COMPARE, type StoreSnapshot } from '../../state/view-store.js';
import type { TimeZoneMode } from '../../state/time.js';
import { CtColumnsChangeEvent, CtCompareChangeEvent, CtEventSelectEvent, CtLoadMoreEvent, CtRegionsChangeEvent, CtRetryEvent, CtStopEvent } from '../events.js';
import { CtSessionElement, THEMES, checkColumns, keepChoice } from '../shared/ct-element.js';
import { pivot } from '../shared/pivot.js';
import { eventHasInvisible } from '../../lookup/invisible.js';
import { invisibleWarning, revealInvisible, visible, visibleStyles } from '../shared/visible.js';
import type { MenuItem, OpenMenu } from './cell-menu.js';
import { Countdown } from './countdown.js';
import { renderSkeleton, scanning, statusText } from './states.js';
import { ColumnSizer, loadColumnDrag, remPx } from './column-resize.js';
import { isSearching, renderSearchBox } from './search-filter.js';
import type { RowFilter } from './row-filter.js';
import { tableStyles } from './ct-event-table.styles.js';
import { VirtualWindow, type RowWindow, type WindowCause } from './virtual-window.js';
import { ReachControls } from './reach.js';
import { listChanged } from '../shared/regions.js';
import { adoptStyles } from '../shared/adopt.js';

/** The empty states: loaded when a table connects, beside its first rows. */
let emptyPart: typeof import('./empty-states.js') | undefined;
/** The cell menu and the loaded-rows downloads: loaded with the empty states. */
let laterPart: typeof import('./table-later.js') | undefined;
const loadLater = () => import('./table-later.js').then((m) => (laterPart = m));

const findingMark = (e: CtEvent) => {
  const top = topFinding(e);
  return top ? severityMark(top.rule.severity) : nothing;
};
let emptyLoading: Promise<unknown> | undefined;

/** The Insights columns and pairing: loaded the first time a table shows Insights events. */
let insightsPart: typeof import('../../state/insights.js') | undefined;
let insightsLoading: Promise<unknown> | undefined;

/** Load the next page when the last visible row is this close to the end. */
const PREFETCH_ROWS = 5;
let nextId = 0;

/** Nothing in flight: the controller reports `done` after each page, with `hasMore` telling if more exist. */
const settled = (status: LookupStatus) => status === 'idle' || status === 'done';

/**
 * @summary A virtualized table of CloudTrail events that loads the next page as the user nears the
 * end, with a column chooser, columns sized to their values and resizable (drag a header's edge, or
 * focus it and use the arrow keys; remembered per column set), CSV/JSON download, comparison picks,
 * and loading, empty, no-match and error states in the grid's own area. Insights events show one
 * row per insight (Start and End paired) with the insight's own columns. The Finding column (in the
 * chooser) shows the most severe rule that flags each event, with a mark of its severity.
 *
 * @fires ct-event-select - The user opened an event (click, or Enter on the active row).
 * @fires ct-load-more - The table needs the next page (scrolled near the end, or Load more).
 * @fires ct-retry - The user asked to retry after an error (or to retry one Region: `region`).
 * @fires ct-regions-change - The user asked to search every Region the view offers ("Search all").
 * @fires ct-pivot - The user chose "Filter on this" or "New lookup" in a cell's menu (right-click, or Shift+F10 on a row).
 * @fires ct-around - The user chose "Events around this" (±5 minutes, ±1 hour, the same identity's hour before) in a cell's menu.
 * @fires ct-stop - The user stopped a scan (the browser's filters thin the pages out, so the table keeps paging for matches).
 * @fires ct-compare-change - The user changed the events picked for comparison.
 * @fires ct-columns-change - The user changed the visible columns.
 * @fires ct-follow-change - The user switched Follow (newer events appear at the top as they arrive) on or off.
 * @fires ct-pause-change - The user paused or resumed paging with the rate budget's Pause / Resume.
 *
 * @csspart base - The table's frame.
 * @csspart toolbar - The status line and actions above the grid.
 * @csspart search - The "Search loaded events" box, which filters loaded rows without a request.
 * @csspart grid - The scrolling grid.
 * @csspart row - A row of the grid.
 * @csspart failed-row - A row whose call failed (it has an error code).
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart regions - How each Region stands, when several are looked up (a failed one with its error).
 * @csspart retry - The Retry button.
 * @csspart menu - A cell's pivot menu.
 * @csspart stop - The Stop button of a scan.
 * @csspart budget - The rate budget: requests in the last second against the limit, the wait, throttles met.
 * @csspart pause - The budget's Pause / Resume button.
 * @csspart follow - The Follow switch.
 * @csspart new-events - The "N new events" button that goes up to the events that arrived while following.
 * @csspart export-all - The "Download all matching…" button.
 * @csspart export - Its panel (format, columns, progress).
 * @csspart export-start - The panel's Start download button.
 * @csspart export-cancel - The panel's Cancel button.
 * @csspart compare-open - The "Compare N events" button, once two or more are picked.
 *
 * @cssprop --ct-table-height - Height of the scrolling grid (default 28rem).
 * @cssprop --ct-row-height - Height of every row (default 2rem); rows never wrap.
 * @cssprop --ct-color-danger - Failed calls.
 * @cssprop --ct-color-selected - The selected row.
 * @cssprop --ct-color-severity-critical - The Finding column's mark of a critical finding (also in the facets, the timeline and the detail).
 * @cssprop --ct-color-severity-high - The mark of a high finding.
 * @cssprop --ct-color-severity-medium - The mark of a medium finding.
 * @cssprop --ct-color-severity-low - The mark of a low or informational finding.
 * @cssprop --ct-columns-give-way - `hide` lets the resource columns give way entirely when they cannot keep their header's width beside the others (`<ct-event-history>` sets it while the detail is beside the table).
 */
export class CtEventTable extends CtSessionElement {
  static override styles = [tableStyles, visibleStyles, severityStyles];

  /** Events to show when no session is connected (standalone use). */
  @property({ attribute: false }) events: readonly CtEvent[] = [];

  /** Visible columns, in order (written into the store). The attribute takes a comma-separated list of column ids. */
  @property({
    converter: {
      fromAttribute: (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [...DEFAULT_COLUMNS]),
      toAttribute: (v: readonly string[]) => v.join(','),
    },
    // By content: a host that re-renders hands over a new array with the same ids (a React prop
    // written inline), and that must not undo the reader's own choice of columns.
    hasChanged: listChanged,
  })
  columns?: readonly ColumnId[];

  /** Accessible name of the grid. */
  @property() label = 'CloudTrail events';

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** The keyboard's row (focus position in the grid): the table's own, not shared. */
  @state() private activeIndex = 0;
  /** The keyboard's cell in that row (ArrowLeft/ArrowRight): 0 is the row itself, 1 the first column. */
  @state() private activeCol = 0;
  /** The columns in the grid: the shown ones less those given way for room. */
  private gridColumns: readonly Column[] = [];
  /** A cell's pivot menu while open: local UI, like focus. */
  @state() private menu?: OpenMenu;
  /** The search's filter and index: loaded after the first rows (see connectedCallback). */
  private filter?: RowFilter;
  private readonly uid = `ct-table-${++nextId}`;
  /** Column widths: natural, resized by the user, remembered per column set. */
  // Widths are applied in updated(): the re-render they ask for waits until this update has finished
  // (Lit warns of an update scheduled from within one, and it would cost a second pass each time).
  private readonly sizer = new ColumnSizer(() => queueMicrotask(() => this.requestUpdate()));
  /** The body's height and top padding for the row window, applied in updated(). */
  private bodyBox?: { height: number; top: number };
  private rem = 16;
  /** Re-renders once a second while the status counts down to a retry. */
  private readonly countdown = new Countdown(this);

  /** The budget meter, Follow and Download all matching (loaded after the first rows). */
  private readonly reach = new ReachControls(this, {
    session: () => this.lookupStore, rows: () => this.rows, rowHeight: () => this.windowing.rowHeight,
    grid: () => this.renderRoot.querySelector<HTMLElement>('.grid'), active: (i) => (this.activeIndex = i ?? this.activeIndex),
  });

  protected slice({ view, lookup, budget, findings }: StoreSnapshot): readonly unknown[] {
    // The findings' version only when their column is shown: evaluating them re-renders nothing else.
    return [lookup, view.columns.includes('finding') ? findings?.version : 0, view.compare, view.selectedId, view.timeZone, view.columns, view.search, view.notice, view.unseen, view.exporting, budget?.recent, budget?.waitMs, budget?.throttles, this.store.regions];
  }

  protected override storeBound(store: InvestigationStore): void {
    super.storeBound(store);
    if (this.columns) store.setColumns(this.columns);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('columns') && this.columns !== undefined) {
      const checked = checkColumns(this, this.columns);
      if (checked !== this.columns) this.columns = checked;
      this.store.setColumns(checked);
    }
    if (changed.has('events')) this.consumer.refillOwn();
    this.countdown.track(this.store.lookup.state.waiting?.until);
  }

  protected override fillOwn(own: InvestigationStore): void {
    own.lookup.show(this.events);
  }

  /**
   * The store while it shows a lookup, for what acts on one (compare, pivots, the budget meter,
   * Follow, Download all matching); undefined while it shows the events the page gave.
   */
  private get lookupStore(): InvestigationStore | undefined {
    return this.store.lookup.state.query ? this.store : undefined;
  }

  private get shownColumns(): readonly ColumnId[] {
    return this.store.state.columns;
  }

  /** Renders only the rows in view (plus a margin); all rows share one height. */
  private readonly windowing = new VirtualWindow(this, (w, cause) => this.onWindow(w, cause));

  /**
   * The loaded rows: the controller's own append-only array (each page re-renders the table
   * through the subscription, and only the rows in view are rendered, so no copy is needed).
   */
  private get loaded(): readonly CtEvent[] {
    return this.store.lookup.state.events;
  }

  private get searching(): boolean {
    return isSearching(this.store.state.search);
  }

  /**
   * The loaded rows, or those that match the search box. The search reads the controller's own
   * append-only array (not the per-page copy), so a page costs a search of that page only.
   */
  private get rows(): readonly CtEvent[] {
    // Until the search's module is in (moments after the first rows), a search shows no rows yet.
    const rows = this.searching ? this.filter?.apply(this.loaded, this.store.state.search) ?? [] : this.loaded;
    return this.insights ? (insightsPart ? this.paired(rows, insightsPart.pairInsights) : []) : rows;
  }

  /** Insights events are loaded but their columns are not yet: skeleton rows meanwhile. */
  private get insightsPending(): boolean {
    if (!this.insights || insightsPart) return false;
    insightsLoading ??= import('../../state/insights.js').then((m) => (insightsPart = m), (err: unknown) => {
      insightsLoading = undefined;
      console.warn('cloudtrail-elements: the Insights columns could not be loaded.', err);
    });
    void insightsLoading.then(() => this.requestUpdate());
    return true;
  }

  /** An Insights lookup (or standalone Insights events): one row per insight, with the Insights columns. */
  private get insights(): boolean {
    const query = this.store.lookup.state.query;
    return query ? query.category === 'insight' : this.loaded[0]?.isInsight === true;
  }

  #pairedFrom?: { rows: readonly CtEvent[]; length: number; paired: CtEvent[] };

  /** Start and End of each insight as one row; recomputed only when rows arrive. */
  private paired(rows: readonly CtEvent[], pair: (rows: readonly CtEvent[]) => CtEvent[]): CtEvent[] {
    const was = this.#pairedFrom;
    if (was && was.rows === rows && was.length === rows.length) return was.paired;
    const paired = pair(rows);
    this.#pairedFrom = { rows, length: rows.length, paired };
    return paired;
  }

  /** The columns shown: the chosen ones, or the Insights columns for Insights events. */
  private get columnList(): readonly Column[] {
    return this.insights && insightsPart ? insightsPart.INSIGHT_COLUMNS : columnsFor(this.shownColumns);
  }

  private get zone(): TimeZoneMode {
    return this.store.state.timeZone;
  }

  override render(): TemplateResult {
    const store = this.store;
    const lookup = store.lookup.state;
    const picking = Boolean(lookup.query);
    const rows = this.rows;
    const view = this.store.state;
    const all = this.columnList;
    const compare = view.compare;
    const selected = view.selectedId;
    this.sizer.use(all);
    // Each column's natural width, from its values (measured again only when the first rows change).
    // On a server (SSR) there is no layout: the columns get their widths once the element hydrates.
    if (!isServer) {
      this.rem = remPx();
      this.sizer.measure(all, rows, this.zone, () => getComputedStyle(this).font, this.rem);
    }
    const columns = (this.gridColumns = all.filter((c) => !this.sizer.hidden.has(c.id)));
    const active = Math.min(this.activeIndex, Math.max(0, rows.length - 1));
    const col = Math.min(this.activeCol, columns.length);
    const win = this.windowing.window(rows.length);
    const rowHeight = this.windowing.rowHeight;
    // Applied in updated() through the CSSOM: a style attribute would break under a strict CSP.
    this.bodyBox = rows.length ? { height: rows.length * rowHeight, top: win.first * rowHeight } : undefined;
    const skeleton = !rows.length && (lookup.status === 'loading' || this.insightsPending);
    const message = this.renderMessage(rows.length);
    return html`<div part="base" class="frame">
      <div part="toolbar" class="toolbar">
        <span class="status" role="status" aria-live="polite">${statusText(lookup, Date.now(), this.reach.regionsText)}${
          this.insights ? ` · ${rows.length} ${rows.length === 1 ? 'insight' : 'insights'}` : ''}</span>
        ${this.reach.searched(store.regions, store.sources.current === 'athena', this.onSearchAll)}
        ${scanning(lookup) ? html`<button type="button" part="stop" class="stop" @click=${this.onStop}
          ?disabled=${lookup.status === 'stopping'}>${lookup.status === 'stopping' ? 'Stopping…' : 'Stop'}</button>` : nothing}
        ${this.reach.status()}
        ${view.notice ? html`<span class="notice" role="status">${view.notice}</span>` : nothing}
        <span class="spacer"></span>
        ${this.insights ? nothing : this.renderColumnChooser()}
        <button type="button" @click=${this.downloadCsv} ?disabled=${!rows.length}>CSV of ${rows.length} loaded rows</button>
        <button type="button" @click=${this.downloadJson} ?disabled=${!rows.length}>JSON of ${rows.length} loaded rows</button>
        ${this.reach.button()}
        ${picking ? html`<span class="compare-count">${compare.length ? `${compare.length} of ${MAX_COMPARE} picked to compare` : ''}</span>` : nothing}
        ${picking && compare.length >= 2 ? html`<button type="button" class="compare-open" part="compare-open" @click=${this.openCompare}>Compare ${compare.length} events</button>` : nothing}
      </div>
      ${this.reach.panel()}
      ${renderSearchBox({ id: this.uid, ...view.search, shown: rows.length, loaded: this.loaded.length,
        onInput: (query) => this.store.setSearch({ query }), onErrorsOnly: (errorsOnly) => this.store.setSearch({ errorsOnly }), onClear: this.clearSearch })}
      ${this.reach.regions(lookup, this.onRetry)}
      <div class="grid-area">
        ${rows.length ? message : nothing}
        <div part="grid" class="grid${rows.length || skeleton ? '' : ' bare'}" role="grid" tabindex="0" aria-label=${this.label} aria-rowcount=${rows.length + 1}
          aria-colcount=${columns.length + 1} aria-activedescendant=${rows.length ? `${this.uid}-row-${active}${col ? `-${col}` : ''}` : nothing}
          aria-busy=${skeleton ? 'true' : 'false'} @keydown=${this.onKeydown}>
          <div role="rowgroup" class="head">
            <div role="row" class="row header" aria-rowindex="1">
              <div role="columnheader" class="cell pick"><span class="visually-hidden">Compare</span></div>
              ${columns.map((c) => html`<div role="columnheader" class="cell"><span class="label">${c.label}</span>${this.sizer.renderHandle(c, this.rem)}</div>`)}
            </div>
          </div>
          <div role="rowgroup" class="body">
            ${skeleton ? renderSkeleton(columns.length) : repeat(
              rows.slice(win.first, win.end),
              (e, k) => e.EventId ?? `#${win.first + k}`,
              (e, k) => this.renderRow(e, win.first + k, columns, win.first + k === active ? col : -1, e.EventId === selected, compare),
            )}
          </div>
        </div>
        ${rows.length ? nothing : message}
      </div>
      ${laterPart?.renderMenu(this.menu, this.onPick, this.closeMenu) ?? nothing}
      ${lookup.hasMore && lookup.status !== 'error'
        ? html`<div class="more"><button type="button" @click=${this.onLoadMoreClick} aria-disabled=${settled(lookup.status) ? 'false' : 'true'}>${
          lookup.plan?.filters.length ? 'Scan further' : 'Load more'}</button></div>`
        : nothing}
    </div>`;
  }

  /** `active`: the keyboard's cell when this is the keyboard's row (0: the row), else -1. */
  private renderRow(e: CtEvent, i: number, columns: readonly Column[], active: number, selected: boolean, compare: readonly CtEvent[]) {
    const failed = Boolean(e.errorCode);
    const hidden = eventHasInvisible(e);
    const picked = compare.some((c) => c.EventId === e.EventId);
    return html`<div role="row" id="${this.uid}-row-${i}" aria-rowindex=${i + 2} aria-selected=${selected ? 'true' : 'false'}
      part="row${failed ? ' failed-row' : ''}" class="row${failed ? ' failed' : ''}${active >= 0 ? ' active' : ''}${selected ? ' selected' : ''}"
      data-index=${i} @click=${() => this.choose(i, 0)}>
      <div role="gridcell" class="cell pick">${this.lookupStore
        ? html`<input type="checkbox" tabindex="-1" .checked=${picked} aria-label="Compare ${revealInvisible(e.EventName ?? 'event')} ${revealInvisible(e.EventId ?? '')}"
            @click=${(ev: Event) => { ev.stopPropagation(); this.togglePick(e, ev.target as HTMLInputElement); }} />`
        : nothing}</div>
      ${columns.map((c, ci) => html`<div role="gridcell" id="${this.uid}-row-${i}-${ci + 1}" class="cell${active === ci + 1 ? ' focus' : ''}" title=${revealInvisible(c.value(e, this.zone))}
        @contextmenu=${(ev: MouseEvent) => this.openMenu(ev, e, [c], i)}>${
        ci === 0 && failed ? html`<span class="badge" aria-label="failed call">✕</span>` : nothing}${
        ci === 0 ? invisibleWarning(hidden) : nothing}${c.id === 'finding' ? findingMark(e) : nothing}<span class="v">${visible(c.value(e, this.zone))}</span></div>`)}
    </div>`;
  }

  private renderColumnChooser() {
    return html`<details class="chooser" @keydown=${this.onChooserKeydown}>
      <summary>Columns</summary>
      <fieldset>
        <legend class="visually-hidden">Visible columns</legend>
        ${COLUMNS.map((c) => html`<label><input type="checkbox" .checked=${this.shownColumns.includes(c.id)}
          @change=${(ev: Event) => this.toggleColumn(c.id, (ev.target as HTMLInputElement).checked)} />${c.label}</label>`)}
      </fieldset>
    </details>`;
  }

  /** Escape closes the Columns popover and gives focus back to its button; so does a click outside it. */
  private onChooserKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    const chooser = e.currentTarget as HTMLDetailsElement;
    if (!chooser.open) return;
    e.preventDefault();
    e.stopPropagation();
    chooser.open = false;
    chooser.querySelector('summary')?.focus();
  };

  private toggleColumn(id: ColumnId, on: boolean): void {
    const shown = this.shownColumns;
    const next = on ? COLUMNS.map((c) => c.id).filter((c) => c === id || shown.includes(c)) : shown.filter((c) => c !== id);
    if (!next.length) return;
    const event = new CtColumnsChangeEvent(next);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.setColumns(next);
  }

  private openCompare = () => {
    this.store.setComparing(true);
  };

  private togglePick(e: CtEvent, box: HTMLInputElement): void {
    const store = this.store;
    if (!store.toggleCompare(e)) {
      box.checked = false;
      return;
    }
    this.dispatchEvent(new CtCompareChangeEvent(store.state.compare));
  }

  /** Opens the event at `index` (a click puts the keyboard back on the row, `col` 0): selects it and fires `ct-event-select`. */
  private choose(index: number, col = this.activeCol): void {
    const event = this.rows[index];
    if (!event) return;
    this.activeIndex = index;
    this.activeCol = col;
    const selectEvent = new CtEventSelectEvent(event);
    this.dispatchEvent(selectEvent);
    if (!selectEvent.defaultPrevented) this.store.select(event);
    this.focusGrid();
  }

  private onKeydown = (e: KeyboardEvent) => {
    const count = this.rows.length;
    if (!count || (e.target as HTMLElement).localName === 'input') return;
    const page = Math.max(1, Math.floor((this.renderRoot.querySelector('.grid')?.clientHeight ?? 400) / this.windowing.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
    if (e.key in moves) {
      e.preventDefault();
      this.moveTo(Math.max(0, Math.min(count - 1, this.activeIndex + moves[e.key])));
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      // Onto a cell: its value shows whole, as on hover, and is what a screen reader reads.
      e.preventDefault();
      const rtl = getComputedStyle(this).direction === 'rtl';
      const last = this.gridColumns.length;
      this.activeCol = Math.max(0, Math.min(last, Math.min(last, this.activeCol) + ((e.key === 'ArrowRight') !== rtl ? 1 : -1)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.choose(this.activeIndex);
    } else if (e.key === 'Escape' && this.store.state.selectedId) {
      // Closes the open event; the keyboard is back on its row (the grid keeps focus).
      e.preventDefault();
      const at = this.rows.findIndex((r) => r.EventId === this.store.state.selectedId);
      if (at >= 0) this.moveTo(at);
      this.store.select(null);
    } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      e.preventDefault();
      const event = this.rows[this.activeIndex];
      const cell = this.gridColumns[this.activeCol - 1];
      if (event && this.lookupStore) this.openMenu(undefined, event, cell ? [cell] : this.columnList, this.activeIndex);
    } else if (e.key === ' ' && this.lookupStore) {
      e.preventDefault();
      const box = this.renderRoot.querySelector<HTMLInputElement>(`#${this.uid}-row-${this.activeIndex} input`);
      const event = this.rows[this.activeIndex];
      if (box && event) {
        box.checked = !box.checked;
        this.togglePick(event, box);
      }
    }
  };

  #indexing?: number;

  /**
   * Builds the search index in idle time as pages arrive, so the first search is as fast as the
   * rest: small slices while the browser has time to spare, never a long task (a scroll keeps its
   * frames); when no idle time comes within a second, one small slice anyway.
   */
  private indexWhenIdle(): void {
    if (this.#indexing !== undefined || !this.isConnected || !this.filter) return;
    const filter = this.filter;
    const idle = globalThis.requestIdleCallback
      ?? ((fn: (d: { timeRemaining(): number; didTimeout: boolean }) => void) => setTimeout(() => fn({ timeRemaining: () => 8, didTimeout: false }), 16) as unknown as number);
    this.#indexing = idle((deadline) => {
      this.#indexing = undefined;
      if (!this.isConnected) return;
      let done = false;
      do done = filter.prepare(this.loaded, 250);
      while (!done && !deadline.didTimeout && deadline.timeRemaining() > 4);
      if (!done) this.indexWhenIdle();
    }, { timeout: 1000 });
  }

  protected override updated(): void {
    if (this.loaded.length) this.indexWhenIdle();
    const grid = this.renderRoot.querySelector<HTMLElement>('.grid');
    this.windowing.attach(grid);
    this.windowing.measure(this.renderRoot.querySelector<HTMLElement>('.body [role="row"]'));
    if (!grid) return;
    const columns = this.columnList;
    const rem = this.rem;
    this.sizer.apply(grid, columns, rem);
    const body = grid.querySelector<HTMLElement>('.body')!.style;
    body.height = this.bodyBox ? `${this.bodyBox.height}px` : '';
    body.paddingTop = this.bodyBox ? `${this.bodyBox.top}px` : '';
  }

  /** The message in the grid's area: an error, an empty lookup, or a search that matches nothing, each with what helps. */
  private renderMessage(shown: number) {
    const lookup = this.store.lookup.state;
    const part = emptyPart;
    if (!part) return nothing;
    if (lookup.status === 'error') return part.renderError(lookup, this.onRetry);
    if (shown || this.insightsPending) return nothing;
    if (this.searching && this.loaded.length && this.filter) return part.renderNoMatch(this.store.state.search.query, this.clearSearch);
    // An empty lookup says why (the events the page gave need no explaining).
    if (lookup.query && settled(lookup.status) && (!lookup.hasMore || lookup.plan?.filters.length) && !this.searching) {
      return part.renderEmpty(lookup, this.store.lookup.regions.join(', '), this.widen);
    }
    return nothing;
  }

  /** The empty state's "widen the range": the same lookup over the next longer preset. */
  private widen = () => {
    const query = this.store.lookup.state.query;
    const range = query && emptyPart?.widerRange(query.timeRange);
    if (!query || !range) return;
    this.focusGrid();
    this.store.run({ ...query, timeRange: range }).catch(() => {});
  };

  private moveTo(index: number): void {
    this.activeIndex = index;
    this.windowing.scrollIntoView(index);
  }

  /** The user scrolled near the end of the loaded rows: fetch the next page (never for a resize: see WindowCause). */
  private onWindow(w: RowWindow, cause: WindowCause): void {
    const lookup = this.store.lookup.state;
    // While searching, the end of the matches is not the end of the lookup: load only on request.
    if (cause !== 'scroll' || !lookup.hasMore || !settled(lookup.status) || this.searching) return;
    if (w.lastVisible >= 0 && w.lastVisible >= this.rows.length - PREFETCH_ROWS) this.requestMore();
  }

  /** Opens the pivot menu for `columns` of `event` (one cell on right-click, the whole row from the keyboard). */
  private openMenu(ev: MouseEvent | undefined, event: CtEvent, columns: readonly Column[], index: number): void {
    if (!this.lookupStore) return;
    ev?.preventDefault();
    const later = laterPart;
    // Loaded beside the first rows; a click before that waits for it.
    if (!later) return void loadLater().then(() => this.openMenu(undefined, event, columns, index));
    const frame = this.renderRoot.querySelector<HTMLElement>('.frame')!.getBoundingClientRect();
    const row = this.renderRoot.querySelector<HTMLElement>(`#${this.uid}-row-${index}`)?.getBoundingClientRect();
    const x = ev ? ev.clientX : (row?.left ?? frame.left) + 24;
    const y = ev ? ev.clientY : (row?.bottom ?? frame.top);
    this.activeIndex = index;
    this.menu = { items: later.menuItems(event, columns), left: Math.max(0, Math.min(x - frame.left, frame.width - 240)), top: y - frame.top };
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.menu [role="menuitem"]')?.focus());
  }

  /** One listener for both popovers (the cell menu, the Columns chooser): a press outside an open one closes it. */
  private onOutside = (e: PointerEvent) => {
    const path = e.composedPath();
    const menu = this.renderRoot.querySelector('.menu');
    if (this.menu && (!menu || !path.includes(menu))) this.closeMenu(false);
    const chooser = this.renderRoot.querySelector<HTMLDetailsElement>('.chooser');
    if (chooser?.open && !path.includes(chooser)) chooser.open = false;
  };

  private closeMenu = (refocus: boolean) => {
    this.menu = undefined;
    if (refocus) this.focusGrid();
  };

  private onPick = (item: MenuItem) => {
    this.closeMenu(true);
    if ('around' in item) laterPart?.runAround(this, this.store, item.event, item.around);
    else pivot(this, this.store, item.condition, item.mode);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    emptyLoading ??= Promise.all([import('./empty-states.js'), loadLater(), loadColumnDrag()]).then(([m]) => (emptyPart = m), (err: unknown) => {
      emptyLoading = undefined;
      console.warn('cloudtrail-elements: the empty-state explanations could not be loaded.', err);
    });
    void emptyLoading.then(() => {
      if (laterPart) adoptStyles(this, laterPart.narrowStyles);
      this.requestUpdate();
    });
    if (!this.filter) {
      void import('./row-filter.js').then((m) => {
        this.filter ??= new m.RowFilter();
        this.requestUpdate();
      }, (err: unknown) => console.warn('cloudtrail-elements: the search could not be loaded.', err));
    }
    document.addEventListener('pointerdown', this.onOutside, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside, true);
    this.sizer.detach();
  }

  private onStop = () => {
    const event = new CtStopEvent();
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.stop().catch(() => {});
  };

  private clearSearch = () => {
    this.store.setSearch({ query: '', errorsOnly: false });
    this.renderRoot.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
  };

  private requestMore = () => {
    const event = new CtLoadMoreEvent();
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.loadMore().catch(() => {});
  };

  /**
   * The button may vanish once the last page is in, so focus moves to the grid first, onto the
   * first row the new page brings: keyboard users carry on reading where the new rows start.
   */
  private onLoadMoreClick = () => {
    if (!settled(this.store.lookup.state.status)) return;
    this.activeIndex = this.rows.length;
    this.focusGrid();
    this.requestMore();
  };

  /** Moves focus to the rows (the grid), on the row the keyboard was on. */
  focusRows(): void {
    this.focusGrid();
  }

  private focusGrid(): void {
    this.renderRoot.querySelector<HTMLElement>('.grid')?.focus({ preventScroll: true });
  }

  /** "Search all": every Region the view offers, in a new investigation (the provider makes it). */
  private onSearchAll = () => {
    this.dispatchEvent(new CtRegionsChangeEvent(this.store.regions.allowed));
  };

  /** Retry after an error, or of one Region that was refused or set aside (`region`). */
  private onRetry = (which?: string | Event) => {
    // The error banner's button passes its click event: that retries the whole lookup.
    const region = typeof which === 'string' ? which : undefined;
    // The error banner and its button go away: keep focus in the table.
    this.focusGrid();
    const event = new CtRetryEvent(region);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.retry(region).catch(() => {});
  };

  private downloadCsv = () => {
    const later = laterPart;
    if (!later) return void loadLater().then(this.downloadCsv);
    const zone = this.zone;
    const cols = this.columnList.map((c) => ({ label: c.label, value: (e: CtEvent) => c.value(e, zone) }));
    this.explain(later.saveText('CSV file', `${later.exportName('cloudtrail-events')}.csv`, () => later.toCsv(this.rows, cols), 'text/csv;charset=utf-8'));
  };

  private downloadJson = () => {
    const later = laterPart;
    if (!later) return void loadLater().then(this.downloadJson);
    this.explain(later.saveText('JSON file', `${later.exportName('cloudtrail-events')}.json`, () => later.toRecordsJson(this.rows.map((e) => e.CloudTrailEvent)), 'application/json'));
  };

  private explain(problem: string | undefined): void {
    if (problem) this.store.showNotice(problem);
  }
}
