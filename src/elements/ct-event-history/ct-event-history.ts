import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { defaultQuery } from '../../lookup/query.js';
import type { LookupQuery } from '../../lookup/types.js';
import type { CtAccountsChangeEvent, CtColumnsChangeEvent, CtRegionsChangeEvent, CtSessionChangeEvent, CtSourceChangeEvent } from '../events.js';
import type { CtLookupProvider } from '../ct-lookup-provider/ct-lookup-provider.js';
import { listChanged } from '../shared/regions.js';
import { LookupConfigElement, configOf } from '../shared/lookup-config.js';
import type { ColumnId } from '../../state/columns.js';
import type { InvestigationStore } from '../../state/store.js';
import type { TimeZoneMode } from '../../state/time.js';
import { historyStyles } from './ct-event-history.styles.js';
import type { SplitPane } from './split-pane.js';
import { adoptStyles } from '../shared/adopt.js';
import type { CtEventTable } from '../ct-event-table/ct-event-table.js';
import { THEMES, TIME_ZONES, checkColumns, keepChoice } from '../shared/ct-element.js';
import { loadLazyTags } from '../../define/lazy.js';
import type { LinkedView } from './url-state.js';

/** Reading and writing links: loaded only by a history with `url-state`. */
let urlPart: typeof import('./url-state.js') | undefined;
const loadUrlPart = () => import('./url-state.js').then((m) => (urlPart = m));

/**
 * @summary The drop-in Event history: filter, timeline, table and detail around one controller, in a
 * responsive layout. The table gets the width until an event is opened; then the detail opens beside
 * it on wide screens, in a split the reader can resize (drag or arrow keys; remembered), or below it
 * on narrow ones, scrolled into view with a way back. Picked events compare in a full-width view.
 * Escape closes the detail (or the comparison) and gives focus back to the rows. The first Tab stop
 * is a "Skip to events" button (shown when focused) that goes straight to the rows.
 *
 * The inner elements' events bubble out of it (they are composed); cancel one to keep the shared
 * controller from acting on it.
 *
 * @fires ct-query-submit - The user ran a valid query from the filter.
 * @fires ct-query-reset - The user restored the filter's defaults.
 * @fires ct-event-select - The user opened an event in the table.
 * @fires ct-load-more - The table needs the next page.
 * @fires ct-retry - The user asked to retry after an error.
 * @fires ct-compare-change - The user changed the events picked for comparison.
 * @fires ct-columns-change - The user changed the visible columns.
 * @fires ct-session-change - The inner provider made a new session (the configuration changed) or dropped it.
 * @fires ct-time-zone-change - The time zone changed (the user chose another, or `time-zone` was set).
 * @fires ct-stop - The user stopped a scan.
 * @fires ct-facet-select - The user narrowed the lookup to a top value, or excluded one.
 * @fires ct-pivot - The user pivoted on a value in the detail or a table cell's menu.
 * @fires ct-around - The user asked for the events around one (the detail's "Events around this", or a table cell's menu).
 * @fires ct-time-range-select - The user chose a span on the timeline to zoom to.
 * @fires ct-follow-change - The user switched Follow (newer events appear at the top) on or off in the table.
 * @fires ct-pause-change - The user paused or resumed paging with the table's budget meter.
 * @fires ct-source-change - The user chose another source (Event history or Athena) in the filter.
 * @fires ct-regions-change - The user chose the Regions to search (the filter's Region chooser, or the table's "Search all").
 * @fires ct-accounts-change - The user chose the accounts to search (the filter's account chooser).
 *
 * @csspart filter - The `<ct-lookup-filter>`.
 * @csspart timeline - The `<ct-event-timeline>` (loaded after the rest: it upgrades when its module arrives).
 * @csspart table - The `<ct-event-table>`.
 * @csspart detail - The `<ct-event-detail>`.
 * @csspart facets - The `<ct-event-facets>` (in a section the reader can fold).
 * @csspart pane - The area holding the detail (beside or below the table).
 * @csspart splitter - The handle between the table and the detail on wide screens.
 * @csspart sign-in - What to do when there is nothing to sign in with, or after `signOut()`.
 *
 * @cssprop --ct-color-background - The history's own background, painted when `theme` is set (default: the surface-alt colour of that theme); without `theme` it is transparent and the page's shows.
 * @cssprop --ct-table-height - Height of the table's scrolling grid.
 * @cssprop --ct-detail-width - Width of the detail beside the table (set by the splitter; default 460px).
 */
export class CtEventHistory extends LookupConfigElement {
  static override styles = historyStyles;

  /** Visible table columns (written into the store). Property only. Unset: the link's, else those the reader last chose on this origin, else the defaults. */
  @property({ attribute: false, hasChanged: listChanged }) columns?: readonly ColumnId[];
  /** Times in UTC ("utc") or local time ("local"), written into the store; unset keeps the store's (or the link's) choice. */
  @property({ attribute: 'time-zone' }) timeZone?: TimeZoneMode;
  /** Keep the view in the page URL (query, open event, time zone, columns, Regions, accounts, source, search text, "Errors only") so a link reopens it; only its own `ct-*` parameters are written, others are dropped. */
  @property({ type: Boolean, attribute: 'url-state' }) urlState = false;
  /** Do not run the default lookup when the element appears. */
  @property({ type: Boolean, attribute: 'no-auto-run' }) noAutoRun = false;
  /** Light or dark, with the history's own background; unset follows the system on the page's background. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @query('ct-lookup-provider') private provider?: CtLookupProvider;
  @query('ct-event-table') private table?: CtEventTable;
  @query('.pane') private pane?: HTMLElement;
  /** An event is open in the detail (from the store). */
  @state() private open = false;
  /** The picked events are compared (from the store). */
  @state() private comparing = false;
  /** Loaded events that a rule flags: the folded top values say so, so findings are not missed. */
  @state() private flagged = 0;
  /** The splitter and the wide layout, loaded beside the first rows. */
  @state() private split?: SplitPane;
  private unwatchView?: () => void;
  /** The top values start open where there is room for them beside the rows (not on a phone). */
  private readonly facetsOpen = readFacetsOpen();
  /** The query to run when an investigation starts: the link's, else the last one run, else the default. */
  private nextQuery?: LookupQuery;
  private linked: LinkedView = {};
  /** The link's view while it is being read (url-state): a new investigation waits for it. */
  private linkRead?: Promise<void>;
  private store?: InvestigationStore;
  /** Why the provider has no session, as it said when the session last changed (nothing before: a server render shows no notice). */
  @state() private signInNeeded?: CtLookupProvider['signInNeeded'];
  private unwatch?: () => void;
  /** The provider that has been handed the whole configuration. */
  private configured?: CtLookupProvider;

  override connectedCallback(): void {
    super.connectedCallback();
    // The facets, the timeline and the splitter are not needed for the first rows: they load beside them.
    void loadLazyTags();
    if (!this.split) {
      void import('./split-pane.js').then((m) => {
        adoptStyles(this, m.splitStyles);
        this.split ??= new m.SplitPane(this, () => ({ pane: this.pane, table: this.table, store: this.store, comparing: this.comparing }));
      }, (err: unknown) => console.warn('cloudtrail-elements: the splitter could not be loaded; the detail opens below the table.', err));
    }
    // Loaded beside the first rows in any case, so a host that switches url-state on later finds it there.
    if (!urlPart) void loadUrlPart().catch(() => {});
    if (this.urlState && !this.store) {
      // The investigation waits for the link (see onSessionChange): its query runs, not the default.
      this.linkRead = loadUrlPart().then((m) => {
        const params = new URLSearchParams(location.search);
        this.nextQuery = m.readQuery(params) ?? this.nextQuery;
        this.linked = m.readView(params);
        // What the host set wins over the link.
        this.searchRegions ??= this.linked.regions;
        this.searchAccounts ??= this.linked.accounts;
      }, (err: unknown) => console.warn('cloudtrail-elements: the link could not be read; the default lookup runs.', err))
        .finally(() => { this.linkRead = undefined; });
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('timeZone') && this.timeZone !== undefined) keepChoice(this, 'timeZone', 'time-zone', TIME_ZONES, 'utc');
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('columns') && this.columns !== undefined) {
      const checked = checkColumns(this, this.columns);
      if (checked !== this.columns) this.columns = checked;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The provider reads the configuration: it gets what changed (all of it the first time), as one object.
    const provider = this.provider;
    if (provider && provider !== this.configured) {
      this.configured = provider;
      Object.assign(provider, configOf(this));
    } else if (provider) Object.assign(provider, configOf(this, changed));
    if (changed.has('timeZone') && this.timeZone) this.store?.setTimeZone(this.timeZone);
    if (changed.has('columns') && this.columns) this.store?.setColumns(this.columns);
    if (changed.has('urlState') && this.store) {
      const store = this.store;
      if (urlPart || !this.urlState) this.watchUrl(store);
      else void loadUrlPart().then(() => { if (this.store === store) this.watchUrl(store); });
    }
  }

  private watchUrl(store: InvestigationStore): void {
    this.unwatch?.();
    this.unwatch = this.urlState
      ? store.watch((s) => [s.lookup?.query, s.view.selectedId, s.view.timeZone, s.view.columns, s.view.search], () => this.writeUrl(store))
      : undefined;
    // The view as it is now, too: the link code may have arrived after the view changed.
    if (this.urlState) this.writeUrl(store);
  }

  /** The investigation shown, once there are credentials. */
  get session(): InvestigationStore | undefined {
    return this.store;
  }

  /** Runs the lookup as soon as there is an investigation, as the console does on opening. */
  private onSessionChange = (e: CtSessionChangeEvent) => {
    const reading = this.linkRead;
    if (reading) {
      // Once the link is read (its Regions may make yet another investigation), for this one if still current.
      const provider = e.currentTarget as CtLookupProvider;
      void reading.then(() => { if (provider.session === e.session) this.onSessionChange(e); });
      return;
    }
    const previous = this.store?.lookup.state.query;
    if (previous) this.nextQuery = previous;
    this.unwatch?.();
    this.unwatch = undefined;
    this.unwatchView?.();
    const store = (this.store = e.session);
    // The provider, also when this runs after the event (a link was being read).
    this.signInNeeded = (this.provider ?? (e.currentTarget as CtLookupProvider | null))?.signInNeeded;
    // The provider signed out (its signOut() forgot them): so does what this history hands it.
    if (this.signInNeeded === 'signed-out') {
      this.logins = undefined;
      this.credentials = undefined;
    }
    this.requestUpdate();
    this.open = store?.state.selected != null;
    this.comparing = store?.state.comparing ?? false;
    this.flagged = 0;
    if (!store) return;
    // A link to the other source the page offers: switch to it, and apply the rest of the link there.
    const wanted = this.linked.source;
    if (wanted && wanted !== store.sources.current && store.sources.available.includes(wanted)) {
      this.linked = { ...this.linked, source: undefined };
      this.source = wanted;
      return;
    }
    this.unwatchView = store.watch((s) => [s.view.selected !== null, s.view.comparing, s.lookup?.query, s.findings && store.findings.flaggedEvents().length] as const, ([open, comparing, , flagged]) => {
      this.open = open;
      this.comparing = comparing;
      this.flagged = flagged || 0;
      // The folded lookup's line says what was looked up.
      this.requestUpdate();
    });
    // What the host set wins over the link; the link over the store's defaults.
    const zone = this.timeZone ?? this.linked.timeZone;
    if (zone) store.setTimeZone(zone);
    const columns = this.columns ?? this.linked.columns ?? keptColumns();
    if (columns) store.setColumns(columns);
    if (this.linked.eventId) store.selectId(this.linked.eventId);
    const linked = this.linked;
    this.linked = {};
    this.watchUrl(store);
    const query = this.nextQuery ?? defaultQuery();
    if (this.noAutoRun) store.showQuery(query);
    else store.run(query).catch(() => {
      // The controller publishes the error; the table shows it.
    });
    // After run(), which clears the search and the notices of the view before.
    if (linked.search || linked.errorsOnly) store.setSearch({ query: linked.search ?? '', errorsOnly: linked.errorsOnly ?? false });
    // A link may name what this page does not offer: say so, and search what it does.
    const refused = urlPart?.refusedOf(linked, store);
    if (refused) store.showNotice(refused);
  };

  override render(): TemplateResult {
    return html`<ct-lookup-provider @ct-session-change=${this.onSessionChange}
      @ct-regions-change=${(e: CtRegionsChangeEvent) => { if (!e.defaultPrevented) this.searchRegions = [...e.regions]; }}
      @ct-accounts-change=${(e: CtAccountsChangeEvent) => { if (!e.defaultPrevented && e.accounts.length) this.searchAccounts = [...e.accounts]; }}
      @ct-source-change=${(e: CtSourceChangeEvent) => { if (!e.defaultPrevented) this.source = e.source; }}>
      <div class="layout${this.split?.folded ? ' folded' : ''}" @ct-query-submit=${() => this.split?.onLookup()} @ct-columns-change=${(e: CtColumnsChangeEvent) => this.split?.keepColumns(e)}>
        ${this.split?.renderSkip()}
        ${this.split?.renderFold()}
        <ct-lookup-filter part="filter" exportparts="base: filter-base" theme=${this.theme ?? ''}
          .query=${this.store ? undefined : this.nextQuery}></ct-lookup-filter>
        <ct-event-timeline part="timeline" theme=${this.theme ?? ''}></ct-event-timeline>
        <details class="facets" ?open=${this.facetsOpen} @toggle=${keepFacetsOpen}>
          <summary>Top values${this.flagged ? ` · ${this.flagged.toLocaleString('en-US')} ${this.flagged === 1 ? 'event' : 'events'} flagged` : ''}</summary>
          <ct-event-facets part="facets" theme=${this.theme ?? ''}></ct-event-facets>
        </details>
        <div class="main${this.open ? ' open' : ''}${this.comparing ? ' comparing' : ''}" @ct-event-select=${() => this.split?.onSelect()}>
          ${this.renderSignIn()}
          <ct-event-table part="table" theme=${this.theme ?? ''}></ct-event-table>
          ${this.open && !this.comparing ? this.split?.render() : nothing}
          <div part="pane" class="pane" ?hidden=${!this.open && !this.comparing} @keydown=${(e: KeyboardEvent) => this.split?.onPaneKey(e)}>
            ${this.comparing ? nothing : this.split?.renderBar()}
            <ct-event-detail part="detail" theme=${this.theme ?? ''}></ct-event-detail>
          </div>
        </div>
      </div>
    </ct-lookup-provider>`;
  }

  /** Why there are no events to look up, as the provider says, when it has nothing to sign in with (never a silent empty table). */
  private renderSignIn() {
    const needed = this.signInNeeded;
    if (!needed) return nothing;
    return html`<div part="sign-in" class="sign-in" role="status">
      <strong>${needed === 'signed-out' ? 'Signed out.' : 'Sign in to look up CloudTrail events.'}</strong>
      <span>${needed === 'signed-out'
        ? 'Nothing more is sent to AWS until you sign in again.'
        : needed === 'no-logins'
          ? 'The page has not passed a sign-in (logins) to this history yet, and guest access is off.'
          : 'The page has not given this history a way to sign in: an identity pool with a sign-in (identity-pool-id and logins), or credentials.'}</span>
    </div>`;
  }

  /** Signs out: forgets `logins` and `credentials`; the controller, its credentials and the loaded events are dropped. */
  signOut(): void {
    this.provider?.signOut();
  }

  /**
   * The view as a link (url-state.ts's linkOf; replaceState: no history entry per
   * click). Only these parameters: whatever else the address held (a token a form put there) is not
   * carried into every link.
   */
  private writeUrl(store: InvestigationStore): void {
    if (!urlPart) return;
    // The Regions searched by default: all of `regions`, else `region`.
    const search = urlPart.linkOf(store, this.regions?.length ? store.regions.allowed : [this.region]).toString();
    if (`?${search}` === location.search || (!search && !location.search)) return;
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  }
}

const FACETS_OPEN = 'ct-event-history.top-values-open';

/** The columns the reader last chose (kept by the splitter's module, see SplitPane.keepColumns); the store drops unknown ids. */
function keptColumns(): ColumnId[] | undefined {
  try {
    return JSON.parse(globalThis.localStorage?.getItem('ct-event-history.columns') ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The top values start folded, so the rows are on the first screen; a reader who opens them finds
 * them open next time (remembered in localStorage).
 */
function readFacetsOpen(): boolean {
  try {
    return globalThis.localStorage?.getItem(FACETS_OPEN) === 'true';
  } catch {
    return false;
  }
}

function keepFacetsOpen(e: Event): void {
  try {
    globalThis.localStorage?.setItem(FACETS_OPEN, String((e.currentTarget as HTMLDetailsElement).open));
  } catch {
    // Storage refused: folded again next time.
  }
}
