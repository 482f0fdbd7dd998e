import { severityStyles } from '../shared/severity.js';
import { html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { InvestigationStore } from '../../state/store.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CtEvent } from '../../lookup/events.js';
import { columnsFor, type Column, type ColumnId } from '../../state/columns.js';
import { MAX_COMPARE, type StoreSnapshot } from '../../state/view-store.js';
import type { TimeZoneMode } from '../../state/time.js';
import { CtRegionsChangeEvent } from '../events.js';
import { CtSessionElement, THEMES, checkColumns, keepChoice } from '../shared/ct-element.js';
import { visibleStyles } from '../shared/visible.js';
import type { MenuItem, OpenMenu } from './cell-menu.js';
import { Countdown } from './countdown.js';
import { renderSkeleton, scanning, settled, statusText } from './states.js';
import { renderRow, type RowParts } from './table-row.js';
import { columnsAttribute, renderColumnChooser } from './column-chooser.js';
import { onGridKey } from './grid-keys.js';
import { InsightRows } from './insight-rows.js';
import { requestColumns, requestMore, requestRetry, requestSelect, requestStop, togglePick } from './table-requests.js';
import { ColumnSizer } from './column-resize.js';
import { isSearching, renderSearchBox } from './search-filter.js';
import type { RowFilter } from './row-filter.js';
import { tableStyles } from './ct-event-table.styles.js';
import { VirtualWindow, type RowWindow, type WindowCause } from './virtual-window.js';
import { ReachControls } from './reach.js';
import { listChanged } from '../shared/regions.js';
import { emptyPart, laterPart, loadLater, loadParts } from './table-parts.js';

/** Load the next page when the last visible row is this close to the end. */
const PREFETCH_ROWS = 5;
let nextId = 0;

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
    converter: columnsAttribute,
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
   * The store when it looks events up, for what acts on a lookup (compare, pivots, the budget meter,
   * Follow, Download all matching); undefined when it shows the events the page gave.
   */
  private get lookupStore(): InvestigationStore | undefined {
    return this.store.lookup.looksUp ? this.store : undefined;
  }

  private get shownColumns(): readonly ColumnId[] {
    return this.store.state.columns;
  }

  /** Renders only the rows in view (plus a margin); all rows share one height. */
  private readonly windowing = new VirtualWindow(this, (w, cause) => this.onWindow(w, cause), () => {
    if (this.sizer.readMetrics(this)) this.requestUpdate();
  });

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
    return this.insights ? this.insightRows.rows(rows) : rows;
  }

  /** One row per insight, with the Insights columns (loaded the first time a table shows Insights events). */
  private readonly insightRows = new InsightRows(() => this.requestUpdate());

  /** Insights events are loaded but their columns are not yet: skeleton rows meanwhile. */
  private get insightsPending(): boolean {
    return this.insights && this.insightRows.pending;
  }

  /** An Insights lookup (or standalone Insights events): one row per insight, with the Insights columns. */
  private get insights(): boolean {
    const query = this.store.lookup.state.query;
    return query ? query.category === 'insight' : this.loaded[0]?.isInsight === true;
  }

  /** The columns shown: the chosen ones, or the Insights columns for Insights events. */
  private get columnList(): readonly Column[] {
    return (this.insights && this.insightRows.columns) || columnsFor(this.shownColumns);
  }

  private get zone(): TimeZoneMode {
    return this.store.state.timeZone;
  }

  override render(): TemplateResult {
    const store = this.store;
    const lookup = store.lookup.state;
    const picking = Boolean(this.lookupStore);
    const rows = this.rows;
    const view = this.store.state;
    const all = this.columnList;
    const compare = view.compare;
    const selected = view.selectedId;
    this.sizer.use(all);
    // Each column's natural width, from its values (measured again only when the first rows change).
    // On a server (SSR) there is no layout: the columns get their widths once the element hydrates.
    if (!isServer) this.sizer.measure(all, rows, this.zone, this);
    const columns = (this.gridColumns = all.filter((c) => !this.sizer.hidden.has(c.id)));
    const active = Math.min(this.activeIndex, Math.max(0, rows.length - 1));
    const col = Math.min(this.activeCol, columns.length);
    const win = this.windowing.window(rows.length);
    const rowHeight = this.windowing.rowHeight;
    // Applied in updated() through the CSSOM: a style attribute would break under a strict CSP.
    this.bodyBox = rows.length ? { height: rows.length * rowHeight, top: win.first * rowHeight } : undefined;
    const skeleton = !rows.length && (lookup.status === 'loading' || this.insightsPending);
    const message = emptyPart?.renderMessage(store, { shown: rows.length, pending: () => this.insightsPending, searching: this.searching,
      searchReady: Boolean(this.filter), onRetry: this.onRetry, onClear: this.clearSearch, focus: () => this.focusGrid() }) ?? nothing;
    const parts: RowParts = { uid: this.uid, zone: this.zone, compare: this.lookupStore && compare, choose: (i) => this.choose(i, 0),
      pick: this.togglePick, menu: (ev, e, c, i) => this.openMenu(ev, e, [c], i) };
    return html`<div part="base" class="frame">
      <div part="toolbar" class="toolbar">
        <span class="status" role="status" aria-live="polite">${statusText(lookup, Date.now(), this.reach.regionsText)}${
          this.insights ? ` · ${rows.length} ${rows.length === 1 ? 'insight' : 'insights'}` : ''}</span>
        ${this.reach.searched(store.regions, store.sources.current === 'athena', this.onSearchAll)}
        ${scanning(lookup) ? html`<button type="button" part="stop" class="stop" @click=${this.onStop}
          ?disabled=${lookup.status === 'stopping'}>${lookup.status === 'stopping' ? 'Stopping…' : 'Stop'}</button>` : nothing}
        ${this.reach.status()}
        ${view.notice ? html`<span class="notice" role="status">${view.notice}</span>` : nothing}
        ${this.reach.regions(lookup, this.onRetry)}
        <span class="spacer"></span>
        ${this.insights ? nothing : renderColumnChooser(() => this.shownColumns, this.setColumns)}
        <button type="button" @click=${() => this.download('csv')} ?disabled=${!rows.length}>CSV of ${rows.length} loaded rows</button>
        <button type="button" @click=${() => this.download('json')} ?disabled=${!rows.length}>JSON of ${rows.length} loaded rows</button>
        ${this.reach.button()}
        ${picking ? html`<span class="compare-count">${compare.length ? `${compare.length} of ${MAX_COMPARE} picked to compare` : ''}</span>` : nothing}
        ${picking && compare.length >= 2 ? html`<button type="button" class="compare-open" part="compare-open" @click=${this.openCompare}>Compare ${compare.length} events</button>` : nothing}
      </div>
      ${this.reach.panel()}
      ${renderSearchBox({ id: this.uid, ...view.search, shown: rows.length, loaded: this.loaded.length,
        onInput: (query) => this.store.setSearch({ query }), onErrorsOnly: (errorsOnly) => this.store.setSearch({ errorsOnly }), onClear: this.clearSearch })}
      <div class="grid-area">
        ${rows.length ? message : nothing}
        <div part="grid" class="grid${rows.length || skeleton ? '' : ' bare'}" role="grid" tabindex="0" aria-label=${this.label} aria-rowcount=${rows.length + 1}
          aria-colcount=${columns.length + 1} aria-activedescendant=${rows.length ? `${this.uid}-row-${active}${col ? `-${col}` : ''}` : nothing}
          aria-busy=${skeleton ? 'true' : 'false'} @keydown=${this.onKeydown}>
          <div role="rowgroup" class="head">
            <div role="row" class="row header" aria-rowindex="1">
              <div role="columnheader" class="cell pick"><span class="visually-hidden">Compare</span></div>
              ${columns.map((c) => html`<div role="columnheader" class="cell"><span class="label">${c.label}</span>${this.sizer.renderHandle(c, this.sizer.rem)}</div>`)}
            </div>
          </div>
          <div role="rowgroup" class="body">
            ${skeleton ? renderSkeleton(columns.length) : repeat(
              rows.slice(win.first, win.end),
              (e, k) => e.EventId ?? `#${win.first + k}`,
              (e, k) => renderRow(e, win.first + k, columns, win.first + k === active ? col : -1, e.EventId === selected, parts),
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

  /** The user checked or unchecked a column in the chooser. */
  private setColumns = (next: readonly ColumnId[]) => requestColumns(this, this.store, next);

  private openCompare = () => this.store.setComparing(true);

  private togglePick = (e: CtEvent, box: HTMLInputElement) => togglePick(this, this.store, e, box);

  /** Opens the event at `index` (a click puts the keyboard back on the row, `col` 0): selects it and fires `ct-event-select`. */
  private choose(index: number, col = this.activeCol): void {
    const event = this.rows[index];
    if (!event) return;
    this.activeIndex = index;
    this.activeCol = col;
    requestSelect(this, this.store, event);
    this.focusGrid();
  }

  private onKeydown = (e: KeyboardEvent) => onGridKey(e, {
    rows: this.rows, columns: this.gridColumns, index: this.activeIndex, col: this.activeCol, rowHeight: this.windowing.rowHeight,
    uid: this.uid, selectedId: this.store.state.selectedId, picking: Boolean(this.lookupStore),
  }, {
    moveTo: (i) => this.moveTo(i), setCol: (c) => (this.activeCol = c), choose: (i) => this.choose(i), unselect: () => this.store.select(null),
    menu: (event, cell, i) => this.openMenu(undefined, event, cell ? [cell] : this.columnList, i), pick: this.togglePick,
  });

  protected override updated(): void {
    if (this.loaded.length) this.filter?.indexWhenIdle(this, () => this.loaded);
    const grid = this.renderRoot.querySelector<HTMLElement>('.grid');
    this.windowing.attach(grid);
    this.windowing.measure(this.renderRoot.querySelector<HTMLElement>('.body [role="row"]'));
    if (!grid) return;
    this.sizer.apply(grid, this.columnList, this.sizer.rem);
    const body = grid.querySelector<HTMLElement>('.body')!.style;
    body.height = this.bodyBox ? `${this.bodyBox.height}px` : '';
    body.paddingTop = this.bodyBox ? `${this.bodyBox.top}px` : '';
  }

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
    this.activeIndex = index;
    this.menu = later.menuAt(this.renderRoot, `${this.uid}-row-${index}`, ev, later.menuItems(event, columns));
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
    laterPart?.pick(this, this.store, item);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    loadParts(this);
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

  private onStop = () => requestStop(this, this.store);

  private clearSearch = () => {
    this.store.setSearch({ query: '', errorsOnly: false });
    this.renderRoot.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
  };

  private requestMore = () => requestMore(this, this.store);

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
  private onSearchAll = () => this.dispatchEvent(new CtRegionsChangeEvent(this.store.regions.allowed));

  /** Retry after an error, or of one Region that was refused or set aside (`region`). */
  private onRetry = (which?: string | Event) => {
    // The error banner's button passes its click event: that retries the whole lookup.
    const region = typeof which === 'string' ? which : undefined;
    // The error banner and its button go away: keep focus in the table.
    this.focusGrid();
    requestRetry(this, this.store, region);
  };

  /** Saves the rows shown; a problem saving shows as the notice. */
  private download(format: 'csv' | 'json'): void {
    const later = laterPart;
    if (!later) return void loadLater().then(() => this.download(format));
    const problem = later.downloadRows(format, this.rows, this.columnList, this.zone);
    if (problem) this.store.showNotice(problem);
  }
}
