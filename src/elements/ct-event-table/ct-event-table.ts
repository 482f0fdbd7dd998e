import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { CtEvent } from '../../lookup/events.js';
import type { LookupStatus } from '../../lookup/types.js';
import { toCsv, toRecordsJson } from '../../lookup/export.js';
import { CtColumnsChangeEvent, CtCompareChangeEvent, CtEventSelectEvent, CtLoadMoreEvent, CtRetryEvent } from '../events.js';
import { CtSessionElement, warnInvalid } from '../shared/ct-element.js';
import { downloadText, exportName } from '../shared/download.js';
import type { TimeZoneMode } from '../shared/format.js';
import { MAX_COMPARE } from '../shared/session.js';
import { COLUMNS, DEFAULT_COLUMNS, columnsFor, gridTemplate, isColumnId, type ColumnId } from './columns.js';
import { renderEmpty, renderError, statusText } from './states.js';
import { tableStyles } from './ct-event-table.styles.js';

/** Load the next page when the last visible row is this close to the end. */
const PREFETCH_ROWS = 5;
/** A row's usual height, to turn PREFETCH_ROWS into pixels. */
const ROW_HEIGHT_PX = 32;
let nextId = 0;

/** Nothing in flight: the controller reports `done` after each page, with `hasMore` telling if more exist. */
const settled = (status: LookupStatus) => status === 'idle' || status === 'done';

/**
 * @summary A virtualized table of CloudTrail events that loads the next page as the user nears the
 * end, with a column chooser, CSV/JSON download, comparison picks and explained empty and error states.
 *
 * @fires ct-event-select - The user opened an event (click, or Enter on the active row).
 * @fires ct-load-more - The table needs the next page (scrolled near the end, or Load more).
 * @fires ct-retry - The user asked to retry after an error.
 * @fires ct-compare-change - The user changed the events picked for comparison.
 * @fires ct-columns-change - The user changed the visible columns.
 *
 * @csspart base - The table's frame.
 * @csspart toolbar - The status line and actions above the grid.
 * @csspart grid - The scrolling grid.
 * @csspart row - A row of the grid.
 * @csspart failed-row - A row whose call failed (it has an error code).
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry - The Retry button.
 *
 * @cssprop --ct-table-height - Height of the scrolling grid (default 28rem).
 * @cssprop --ct-color-danger - Failed calls.
 * @cssprop --ct-color-selected - The selected row.
 */
export class CtEventTable extends CtSessionElement {
  static override styles = tableStyles;

  /** Events to show when no session is connected (standalone use). */
  @property({ attribute: false }) events: readonly CtEvent[] = [];

  /** Visible columns, in order. The attribute takes a comma-separated list of column ids. */
  @property({
    converter: {
      fromAttribute: (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [...DEFAULT_COLUMNS]),
      toAttribute: (v: readonly string[]) => v.join(','),
    },
  })
  columns: readonly ColumnId[] = DEFAULT_COLUMNS;

  /** Show times in UTC ("utc") or the browser's time zone ("local"); a connected session decides otherwise. */
  @property({ attribute: 'time-zone' }) timeZone: TimeZoneMode = 'utc';

  /** Accessible name of the grid. */
  @property() label = 'CloudTrail events';

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @state() private activeIndex = 0;
  @state() private selectedId?: string;
  @state() private notice = '';
  private readonly uid = `ct-table-${++nextId}`;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('columns')) {
      const bad = this.columns.filter((c) => !isColumnId(c));
      if (bad.length || this.columns.length === 0) {
        warnInvalid(this, 'columns', this.columns, DEFAULT_COLUMNS, `known columns: ${COLUMNS.map((c) => c.id).join(', ')}`);
        const good = this.columns.filter(isColumnId);
        this.columns = good.length ? good : DEFAULT_COLUMNS;
      }
    }
  }

  private snapshot: { source?: readonly CtEvent[]; version: number; rows: CtEvent[] } = { version: -1, rows: [] };

  /**
   * The rows to render. The controller appends to one array per query and bumps `eventsVersion`;
   * the virtualizer notices new items only by a new array, so take a fresh copy per page.
   */
  private get rows(): readonly CtEvent[] {
    const lookup = this.activeSession?.lookup.state;
    if (!lookup) return this.events;
    if (this.snapshot.source !== lookup.events || this.snapshot.version !== lookup.eventsVersion) {
      this.snapshot = { source: lookup.events, version: lookup.eventsVersion, rows: lookup.events.slice() };
    }
    return this.snapshot.rows;
  }

  private get zone(): TimeZoneMode {
    return this.activeSession?.state.timeZone ?? this.timeZone;
  }

  override render() {
    const session = this.activeSession;
    const lookup = session?.lookup.state;
    const rows = this.rows;
    const columns = columnsFor(this.columns);
    const compare = session?.state.compare ?? [];
    const selected = session?.state.selected?.EventId ?? this.selectedId;
    const { template, minWidth } = gridTemplate(columns);
    const active = Math.min(this.activeIndex, Math.max(0, rows.length - 1));
    return html`<div part="base" class="frame">
      <div part="toolbar" class="toolbar">
        <span class="status" role="status" aria-live="polite">${lookup ? statusText(lookup) : `${rows.length} events`}</span>
        ${this.notice ? html`<span class="notice" role="status">${this.notice}</span>` : nothing}
        <span class="spacer"></span>
        ${this.renderColumnChooser()}
        <button type="button" @click=${this.downloadCsv} ?disabled=${!rows.length}>Download CSV</button>
        <button type="button" @click=${this.downloadJson} ?disabled=${!rows.length}>Download JSON</button>
        ${session ? html`<span class="compare-count">${compare.length ? `${compare.length} of ${MAX_COMPARE} picked to compare` : ''}</span>` : nothing}
      </div>
      ${lookup ? renderError(lookup, this.onRetry) : nothing}
      <div part="grid" class="grid" role="grid" tabindex="0" aria-label=${this.label} aria-rowcount=${rows.length + 1}
        aria-colcount=${columns.length + 1} aria-activedescendant=${rows.length ? `${this.uid}-row-${active}` : nothing}
        style="--ct-columns: ${template}; --ct-row-min-width: ${minWidth}" @keydown=${this.onKeydown} @scroll=${this.onScroll}>
        <div role="rowgroup" class="head">
          <div role="row" class="row header" aria-rowindex="1">
            <div role="columnheader" class="cell pick"><span class="visually-hidden">Compare</span></div>
            ${columns.map((c) => html`<div role="columnheader" class="cell">${c.label}</div>`)}
          </div>
        </div>
        <div role="rowgroup" class="body" @visibilityChanged=${this.onVisibilityChanged}>
          ${virtualize({
            items: rows as CtEvent[],
            keyFunction: (e: CtEvent, i: number) => e.EventId ?? `#${i}`,
            renderItem: (e: CtEvent, i: number) => this.renderRow(e, i, columns, i === active, e.EventId === selected, compare),
          })}
        </div>
      </div>
      ${rows.length === 0 && lookup && settled(lookup.status) && !lookup.hasMore ? renderEmpty(lookup, session?.lookup.region) : nothing}
      ${lookup?.hasMore && lookup.status !== 'error'
        ? html`<div class="more"><button type="button" @click=${this.onLoadMoreClick} aria-disabled=${settled(lookup.status) ? 'false' : 'true'}>Load more</button></div>`
        : nothing}
    </div>`;
  }

  private renderRow(e: CtEvent, i: number, columns: ReturnType<typeof columnsFor>, active: boolean, selected: boolean, compare: readonly CtEvent[]) {
    const failed = Boolean(e.errorCode);
    const picked = compare.some((c) => c.EventId === e.EventId);
    return html`<div role="row" id="${this.uid}-row-${i}" aria-rowindex=${i + 2} aria-selected=${selected ? 'true' : 'false'}
      part="row${failed ? ' failed-row' : ''}" class="row${failed ? ' failed' : ''}${active ? ' active' : ''}${selected ? ' selected' : ''}"
      data-index=${i} @click=${() => this.choose(i)}>
      <div role="gridcell" class="cell pick">${this.activeSession
        ? html`<input type="checkbox" tabindex="-1" .checked=${picked} aria-label="Compare ${e.EventName ?? 'event'} ${e.EventId}"
            @click=${(ev: Event) => { ev.stopPropagation(); this.togglePick(e, ev.target as HTMLInputElement); }} />`
        : nothing}</div>
      ${columns.map((c, ci) => html`<div role="gridcell" class="cell" title=${c.value(e, this.zone)}>${
        ci === 0 && failed ? html`<span class="badge" aria-label="failed call">✕</span>` : nothing}${c.value(e, this.zone)}</div>`)}
    </div>`;
  }

  private renderColumnChooser() {
    return html`<details class="chooser">
      <summary>Columns</summary>
      <fieldset>
        <legend class="visually-hidden">Visible columns</legend>
        ${COLUMNS.map((c) => html`<label><input type="checkbox" .checked=${this.columns.includes(c.id)}
          @change=${(ev: Event) => this.toggleColumn(c.id, (ev.target as HTMLInputElement).checked)} />${c.label}</label>`)}
      </fieldset>
    </details>`;
  }

  private toggleColumn(id: ColumnId, on: boolean): void {
    const next = on ? COLUMNS.map((c) => c.id).filter((c) => c === id || this.columns.includes(c)) : this.columns.filter((c) => c !== id);
    if (!next.length) return;
    this.columns = next;
    this.dispatchEvent(new CtColumnsChangeEvent(next));
  }

  private togglePick(e: CtEvent, box: HTMLInputElement): void {
    const session = this.activeSession;
    if (!session) return;
    if (!session.toggleCompare(e)) {
      box.checked = false;
      this.notice = `You can compare up to ${MAX_COMPARE} events; clear one first.`;
      return;
    }
    this.notice = '';
    this.dispatchEvent(new CtCompareChangeEvent(session.state.compare));
  }

  /** Opens the event at `index`: selects it and fires `ct-event-select`. */
  private choose(index: number): void {
    const event = this.rows[index];
    if (!event) return;
    this.activeIndex = index;
    this.selectedId = event.EventId;
    const selectEvent = new CtEventSelectEvent(event);
    this.dispatchEvent(selectEvent);
    if (!selectEvent.defaultPrevented) this.activeSession?.select(event);
    this.focusGrid();
  }

  private onKeydown = (e: KeyboardEvent) => {
    const count = this.rows.length;
    if (!count || (e.target as HTMLElement).localName === 'input') return;
    const page = Math.max(1, Math.floor((this.renderRoot.querySelector('.grid')?.clientHeight ?? 400) / 32) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
    if (e.key in moves) {
      e.preventDefault();
      this.moveTo(Math.max(0, Math.min(count - 1, this.activeIndex + moves[e.key])));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.choose(this.activeIndex);
    } else if (e.key === ' ' && this.activeSession) {
      e.preventDefault();
      const box = this.renderRoot.querySelector<HTMLInputElement>(`#${this.uid}-row-${this.activeIndex} input`);
      const event = this.rows[this.activeIndex];
      if (box && event) {
        box.checked = !box.checked;
        this.togglePick(event, box);
      }
    }
  };

  private moveTo(index: number): void {
    this.activeIndex = index;
    const body = this.renderRoot.querySelector('.body') as (HTMLElement & { [virtualizerRef]?: { element(i: number): { scrollIntoView(o?: ScrollIntoViewOptions): void } | undefined } }) | null;
    body?.[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
  }

  /** Near the grid's end by its own scroll position, whether or not the page shows the grid whole. */
  private onScroll = (e: Event) => {
    const grid = e.currentTarget as HTMLElement;
    const lookup = this.activeSession?.lookup.state;
    if (!lookup?.hasMore || !settled(lookup.status)) return;
    if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - PREFETCH_ROWS * ROW_HEIGHT_PX) this.requestMore();
  };

  private onVisibilityChanged = (e: VisibilityChangedEvent) => {
    const lookup = this.activeSession?.lookup.state;
    if (!lookup?.hasMore || !settled(lookup.status)) return;
    if (e.last >= this.rows.length - PREFETCH_ROWS) this.requestMore();
  };

  private requestMore = () => {
    const event = new CtLoadMoreEvent();
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.activeSession?.lookup.loadMore().catch(() => {});
  };

  /**
   * The button may vanish once the last page is in, so focus moves to the grid first, onto the
   * first row the new page brings: keyboard users carry on reading where the new rows start.
   */
  private onLoadMoreClick = () => {
    const lookup = this.activeSession?.lookup.state;
    if (!lookup || !settled(lookup.status)) return;
    this.activeIndex = this.rows.length;
    this.focusGrid();
    this.requestMore();
  };

  private focusGrid(): void {
    this.renderRoot.querySelector<HTMLElement>('.grid')?.focus({ preventScroll: true });
  }

  private onRetry = () => {
    // The error banner and its button go away: keep focus in the table.
    this.focusGrid();
    const event = new CtRetryEvent();
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.activeSession?.lookup.retry().catch(() => {});
  };

  private downloadCsv = () => {
    const zone = this.zone;
    const cols = columnsFor(this.columns).map((c) => ({ label: c.label, value: (e: CtEvent) => c.value(e, zone) }));
    downloadText(`${exportName('cloudtrail-events')}.csv`, toCsv(this.rows, cols), 'text/csv;charset=utf-8');
  };

  private downloadJson = () => {
    downloadText(`${exportName('cloudtrail-events')}.json`, toRecordsJson(this.rows.map((e) => e.CloudTrailEvent)), 'application/json');
  };
}
