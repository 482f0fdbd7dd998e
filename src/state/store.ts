/**
 * The investigation store: the one owner of every piece of view state of one investigation (the
 * filter's draft and its messages, the selected event, the comparison, the time zone, the columns,
 * the in-table search, the notices), beside the lookup controller that owns the data. Plain
 * TypeScript: no Lit, no DOM.
 *
 * A value flows one way: an element turns a user action into an intent (a method here), the store
 * changes, and every element renders from the store. Elements subscribe to a *selector* with
 * {@link ViewStore.watch} and hear only of changes to their slice.
 *
 * The view state itself and its selectors are {@link ViewStore}'s (view-store.ts); an
 * {@link InvestigationStore} adds the lookup controller, the findings, the source and Regions, and
 * the intents that reach them. An element standing alone keeps one too, looking nothing up
 * ({@link InvestigationStore.alone}): every element renders from a store the same way.
 */
import type { RegionChoice } from '../lookup/aws-regions.js';
import type { AccountChoice } from '../lookup/account-names.js';
import { LookupController } from '../lookup/controller.js';
import { type LookupState } from '../lookup/lookup-session.js';
import { heldEventsSource } from '../lookup/page-source.js';
import { defaultQuery } from '../lookup/query.js';
import { isLookupKey, sameCondition, type Condition } from '../lookup/conditions.js';
import type { LookupQuery, ValidationIssue } from '../lookup/types.js';
import type { BudgetReading } from '../lookup/page-source.js';
import type { ExportOptions, ExportProgress } from '../lookup/export-all.js';
import { FindingsTracker, type FindingsState, type Scheduler } from './findings.js';
import { NO_COMPARE, ViewStore, type ViewStoreOptions } from './view-store.js';
import { queryFromDraft } from './draft.js';

/** Where events come from: LookupEvents or the trail's logs through Athena. */
export type EventSourceKind = 'event-history' | 'athena';

export interface InvestigationStoreOptions extends ViewStoreOptions {
  /** When findings are evaluated (idle time by default); tests pass their own. */
  findingsScheduler?: Scheduler;
  /** The source this investigation reads and the ones the host configured (the filter offers a switch when there are two). */
  sources?: { current: EventSourceKind; available: readonly EventSourceKind[] };
  /** The Regions this investigation searches and the ones the host offers (the filter's Region chooser, the status line). */
  regions?: RegionChoice;
  /** The accounts this investigation searches and the ones the host configured (the filter's account chooser). */
  accounts?: AccountChoice;
}

/**
 * One investigation: the lookup controller and the view state over its results. Hosted by a
 * `<ct-lookup-provider>` (or `<ct-event-history>`), handed to the elements inside it, and kept
 * while they move in the DOM; disposed with the controller.
 */
export class InvestigationStore extends ViewStore {
  readonly #unsubscribe: () => void;
  readonly #unwatchBudget: () => void;
  #finding?: AbortController;
  #followed = { queryId: 0, count: 0 };
  #export?: AbortController;

  /** The source read and the ones available (see {@link InvestigationStoreOptions.sources}). */
  readonly sources: { current: EventSourceKind; available: readonly EventSourceKind[] };
  #regions: RegionChoice;
  /** The accounts searched and the ones configured (see {@link InvestigationStoreOptions.accounts}); unset: the credentials' own. */
  readonly accounts?: AccountChoice;
  /** The rules that flag the loaded events (the engine loads after the first rows). */
  readonly findings: FindingsTracker;
  readonly #unwatchFindings: () => void;
  /** Looks nothing up: shows what its element's host gives it (see {@link InvestigationStore.alone}). */
  readonly #alone: boolean;

  /**
   * The store of an element standing alone (no provider, no `session`): the same store, over a
   * controller that looks nothing up. It shows the events the host gives the element
   * (`lookup.show(events)`); a query run on it is shown, and nothing is sent.
   */
  static alone(): InvestigationStore {
    return new InvestigationStore(new LookupController({ region: 'us-east-1', source: heldEventsSource() }), { alone: true });
  }

  constructor(readonly lookup: LookupController, options: InvestigationStoreOptions & { alone?: boolean } = {}) {
    super(options);
    this.#alone = options.alone ?? false;
    this.sources = options.sources ?? { current: 'event-history', available: ['event-history'] };
    this.#regions = options.regions ?? { searched: lookup.regions, allowed: lookup.regions };
    this.accounts = options.accounts;
    this.findings = new FindingsTracker(options.findingsScheduler);
    this.#unwatchFindings = this.findings.subscribe(() => this.notify());
    this.#unsubscribe = lookup.subscribe((state) => {
      this.findings.sync(state.events);
      const seen = this.#followed;
      this.#followed = { queryId: state.queryId, count: state.followed };
      if (state.queryId === seen.queryId && state.followed > seen.count) this.update({ unseen: this.state.unseen + state.followed - seen.count });
      this.notify();
      this.#resolvePending(state);
    });
    this.#unwatchBudget = lookup.watchBudget(() => this.notify());
  }

  /** The Regions searched and the ones offered (see {@link InvestigationStoreOptions.regions}). */
  get regions(): RegionChoice {
    return this.#regions;
  }

  /** The Regions offered became known (the account's, listed after the first rows): the chooser shows them. */
  offerRegions(choice: RegionChoice): void {
    this.#regions = choice;
    this.notify();
  }

  protected override get retentionMs(): number | undefined {
    return this.lookup.retentionMs;
  }

  protected override get lookupState(): LookupState {
    return this.lookup.state;
  }

  protected override get budgetState(): BudgetReading | null {
    return this.lookup.budget;
  }

  protected override get findingsState(): FindingsState {
    return this.findings.state;
  }

  /** Reads the rate budget again (a meter calls this as the last second's requests age out). */
  readBudget(): void {
    this.notify();
  }

  /** Follow (live tail) on or off: newer events appear at the top, counted in `unseen` until the reader goes up. */
  setFollow(on: boolean): Promise<void> {
    return this.lookup.follow(on);
  }

  /** Holds paging (and follow polls, and an export) after the request in flight, or lets it go on. */
  setPaused(paused: boolean): void {
    if (paused) this.lookup.pause();
    else this.lookup.resume();
  }

  /**
   * Downloads every event of the lookup shown into `options.sink`, with progress in
   * `state.exporting`; one at a time (a second call cancels the first). cancelExport() stops it.
   */
  exportAll(options: ExportOptions): Promise<ExportProgress> {
    this.#export?.abort();
    const abort = (this.#export = new AbortController());
    const track = (p: ExportProgress) => { if (this.#export === abort) this.update({ exporting: p }); };
    track({ status: 'running', events: 0, pages: 0, eventsPerSecond: 0, secondsLeft: null });
    return this.lookup.exportAll({ ...options, signal: abort.signal, onProgress: track }).catch((err: Error) => {
      // The export's module could not load (a chunk the network refused): say so, save nothing.
      void options.sink.abort(err).catch(() => {});
      const failed: ExportProgress = { status: 'error', events: 0, pages: 0, eventsPerSecond: 0, secondsLeft: 0, message: err.message };
      track(failed);
      return failed;
    }).finally(() => {
      if (this.#export === abort) this.#export = undefined;
    });
  }

  /** Stops the export in progress at once: no further request is sent, the one in flight is aborted. */
  cancelExport(): void {
    this.#export?.abort();
  }

  /** Forgets the last export's outcome (the reader closed its panel). */
  clearExport(): void {
    if (!this.#export) this.update({ exporting: null });
  }

  /**
   * Runs `query` as a new lookup: the filter shows it, selection, comparison, search and notices
   * are cleared. Throws the controller's validation error (and the filter shows its messages).
   */
  async run(query: LookupQuery): Promise<LookupState> {
    const keep = this.state.selectedId && !this.state.selected ? this.state.selectedId : null;
    this.resetView();
    this.showQuery(query);
    // A deep link's event stays asked for across the first lookup it arrives with.
    if (keep) this.selectId(keep);
    // Standing alone: the query is shown; the host, which heard the element's event, looks it up.
    if (this.#alone) return this.lookup.state;
    // Only a query with a Finding condition waits (a microtask or the rules' chunk): others start at once.
    if (hasFinding(query)) await this.#findingsFor(query);
    // A source that counts on the service counts the rules' findings in the lookup's counting query,
    // which starts beside the first page: the rules load now, not after the first rows.
    else if (this.lookup.countsOnService) this.findings.ensure().catch(() => {});
    return this.#showingIssues(this.lookup.run(query));
  }

  /**
   * A Finding condition is tested on each page as it arrives, so the rules must be in before the
   * first page: load them, and say so when the condition names no rule or they cannot load.
   */
  async #findingsFor(query: LookupQuery): Promise<void> {
    const ids = (query.conditions ?? []).filter((c) => c?.field === 'Finding').map((c) => c.value);
    if (!ids.length) return;
    try {
      await this.findings.ensure();
    } catch {
      this.update({ notice: 'The findings rules could not be loaded, so a Finding condition matches no event.' });
      return;
    }
    const unknown = ids.filter((id) => !this.findings.rule(id));
    if (unknown.length) this.update({ notice: `No rule has the id ${unknown.map((id) => `"${id}"`).join(' or ')}: the Finding condition matches no event.` });
  }

  /** A lookup's validation messages go where the filter shows them. */
  async #showingIssues(pending: Promise<LookupState>): Promise<LookupState> {
    try {
      return await pending;
    } catch (err) {
      const issues = (err as { issues?: ValidationIssue[] }).issues;
      if (issues) this.update({ issues });
      throw err;
    }
  }

  /** Validates the filter's draft and runs it; returns false (the filter shows why) when invalid. */
  submit(): boolean {
    const { query } = this.buildQuery();
    if (!query) return false;
    this.run(query).catch(() => {
      // The controller publishes the error in its state; the table shows it.
    });
    return true;
  }

  /** Restores the default query and runs it, so form, table and URL agree. */
  reset(): LookupQuery {
    const query = defaultQuery();
    this.run(query).catch(() => {});
    return query;
  }

  /**
   * Adds a condition to the lookup shown (a facet click, a pivot's "filter on this"). On loaded
   * data it applies at once, with no request, and paging continues with it (see
   * LookupController.refine). The filter shows the new query.
   */
  addCondition(condition: Condition): Promise<LookupState> {
    const current = this.lookup.state.query ?? queryFromDraft(this.state.draft, this.state.timeZone).query ?? defaultQuery();
    const conditions = [...(current.conditions ?? [])];
    const dup = conditions.some((c) => sameCondition(c, condition))
      || (!condition.exclude && current.attribute?.key === condition.field && current.attribute.value === condition.value);
    if (!dup) conditions.push(condition);
    return this.refine({ ...current, conditions });
  }

  /**
   * A pivot on a value: `filter` adds it to the lookup shown (no request on loaded rows); `new`
   * runs a lookup on it alone, over the same time range and category.
   */
  pivot(condition: Condition, mode: 'filter' | 'new'): Promise<LookupState> {
    if (mode === 'filter') return this.addCondition(condition);
    const current = this.lookup.state.query ?? defaultQuery();
    const base: LookupQuery = { timeRange: current.timeRange, category: current.category, pageSize: current.pageSize, readOnly: 'all' };
    const query: LookupQuery = !condition.exclude && isLookupKey(condition.field)
      ? { ...base, attribute: { key: condition.field, value: condition.value } }
      : { ...base, conditions: [condition] };
    return this.run(query);
  }

  /** Zooms the lookup shown to the span [start, end] (a drag on the timeline) and runs it. */
  zoom(start: Date, end: Date): Promise<LookupState> {
    const current = this.lookup.state.query ?? defaultQuery();
    return this.run({ ...current, timeRange: { kind: 'absolute', start, end } });
  }

  /** Removes the condition at `index` of the lookup shown and runs the looser query. */
  removeCondition(index: number): Promise<LookupState> {
    const current = this.lookup.state.query;
    if (!current?.conditions?.[index]) return Promise.resolve(this.lookup.state);
    return this.run({ ...current, conditions: current.conditions.filter((_, i) => i !== index) });
  }

  /** Narrows the lookup to `query` (no request when the loaded rows can be filtered), showing it in the filter. */
  async refine(query: LookupQuery): Promise<LookupState> {
    if (this.#alone) return this.run(query);
    this.update({ selected: null, selectedId: null, compare: NO_COMPARE, comparing: false, notice: '' });
    this.showQuery(query);
    if (hasFinding(query)) await this.#findingsFor(query);
    return this.#showingIssues(this.lookup.refine(query));
  }

  loadMore(): Promise<void> {
    return this.lookup.loadMore();
  }

  retry(region?: string): Promise<void> {
    return this.lookup.retry(region);
  }

  /** Ends a scan in progress after the page in flight; the rows found stay. */
  stop(): Promise<void> {
    return this.lookup.stop();
  }

  /** Opens the event with this id: at once if loaded, else when it arrives or after one EventId lookup. */
  openEvent(eventId: string): void {
    this.selectId(eventId);
    this.#resolvePending(this.lookup.state);
  }

  dispose(): void {
    this.#finding?.abort();
    this.#export?.abort();
    this.#unwatchBudget();
    this.#unwatchFindings();
    this.findings.dispose();
    this.#unsubscribe();
    this.lookup.dispose();
  }

  #resolvePending(state: LookupState): void {
    const { selectedId, selected } = this.state;
    if (!selectedId || selected) return;
    const found = state.events.find((e) => e.EventId === selectedId);
    if (found) {
      this.update({ selected: found });
      return;
    }
    // Not on the first page: ask for it by id once the page is in, without waiting for the scroll.
    if ((state.status === 'done' || state.status === 'error') && !this.#finding) {
      const finding = (this.#finding = new AbortController());
      this.lookup.findEvent(selectedId, finding.signal).then((event) => {
        if (this.#finding === finding && this.state.selectedId === selectedId && !this.state.selected) {
          // A source reaching further back than Event history (Athena) searched every day it holds.
          const where = this.lookup.retentionMs ? 'the trail logs Athena reads' : "this Region's event history (the last 90 days)";
          this.update(event ? { selected: event } : { selectedId: null, notice: `Event ${selectedId} is not in ${where}.` });
        }
      }, () => {}).finally(() => {
        if (this.#finding === finding) this.#finding = undefined;
      });
    }
  }
}

const hasFinding = (query: LookupQuery): boolean => Array.isArray(query.conditions) && query.conditions.some((c) => c?.field === 'Finding');

