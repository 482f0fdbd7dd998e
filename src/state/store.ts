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
 * {@link ViewStore} holds view state alone (what a standalone element needs); an
 * {@link InvestigationStore} adds the lookup controller and the intents that reach it.
 */
import type { RegionChoice } from '../lookup/aws-regions.js';
import type { LookupController, LookupState } from '../lookup/controller.js';
import type { CtEvent } from '../lookup/events.js';
import { defaultQuery, validateQuery } from '../lookup/query.js';
import { isLookupKey, sameCondition, type Condition } from '../lookup/conditions.js';
import type { LookupQuery, ValidationIssue } from '../lookup/types.js';
import type { BudgetReading } from '../lookup/page-source.js';
import type { ExportOptions, ExportProgress } from '../lookup/export-all.js';
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from './columns.js';
import { draftFromQuery, queryFromDraft, type FilterDraft } from './draft.js';
import type { TimeZoneMode } from './time.js';
import { FindingsTracker, type FindingsState, type Scheduler } from './findings.js';

export const MAX_COMPARE = 5;

export interface SearchState {
  query: string;
  errorsOnly: boolean;
}

export interface ViewState {
  /** What the filter form shows: text as typed, so half-typed input survives re-renders and moves. */
  readonly draft: FilterDraft;
  /** The filter's validation messages for `draft`. */
  readonly issues: readonly ValidationIssue[];
  readonly selected: CtEvent | null;
  /** The id of `selected`, or of an event a deep link asked for that is not loaded yet. */
  readonly selectedId: string | null;
  readonly compare: readonly CtEvent[];
  /** The picked events are shown side by side (in place of the table and detail, in the drop-in layout). */
  readonly comparing: boolean;
  readonly timeZone: TimeZoneMode;
  readonly columns: readonly ColumnId[];
  readonly search: SearchState;
  /** A one-line notice about the last action (e.g. the comparison is full); cleared by the next lookup. */
  readonly notice: string;
  /** Events that following put above the rows in view since the reader last went to the top. */
  readonly unseen: number;
  /** The "Download all matching" in progress or last finished, null when none. */
  readonly exporting: ExportProgress | null;
}

/** Everything an element can select from: the view state and, in an investigation, the lookup's. */
export interface StoreSnapshot {
  readonly view: ViewState;
  readonly lookup: LookupState | null;
  /** The rate budget of the lookup's account and Region (shared with other histories on the page), null when unknown. */
  readonly budget: BudgetReading | null;
  /** How far findings are over the loaded events; null without an investigation. */
  readonly findings: FindingsState | null;
}

export type Selector<T> = (state: StoreSnapshot) => T;
export type Equality<T> = (a: T, b: T) => boolean;

/** Equal when both are the same value, or arrays/plain objects whose entries are the same values. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface ViewStoreOptions {
  /** Clock for the draft's default custom range (epoch ms). */
  now?: () => number;
  /** The first view; anything missing takes its default. */
  initial?: Partial<Pick<ViewState, 'timeZone' | 'columns'>> & { query?: LookupQuery };
}

/** Which part of the view changed, for hosts that follow along (the provider turns these into DOM events). */
export type ViewChange = keyof ViewState;

/**
 * The empty comparison and search, one object each: a reset that finds nothing picked or searched
 * changes no slice, so the detail and the table do not render again for it.
 */
const NO_COMPARE: readonly CtEvent[] = Object.freeze([]);
const NO_SEARCH: Readonly<ViewState['search']> = Object.freeze({ query: '', errorsOnly: false });

export class ViewStore {
  #view: ViewState;
  #snapshot: StoreSnapshot | null = null;
  readonly #listeners = new Set<() => void>();
  readonly #changeListeners = new Set<(changed: ReadonlySet<ViewChange>, view: ViewState) => void>();
  protected readonly now: () => number;

  constructor(options: ViewStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    const zone = options.initial?.timeZone === 'local' ? 'local' : 'utc';
    this.#view = {
      draft: draftFromQuery(options.initial?.query ?? defaultQuery(), zone, this.now()),
      issues: [],
      selected: null,
      selectedId: null,
      compare: NO_COMPARE,
      comparing: false,
      timeZone: zone,
      columns: validColumns(options.initial?.columns) ?? DEFAULT_COLUMNS,
      search: NO_SEARCH,
      notice: '',
      unseen: 0,
      exporting: null,
    };
  }

  /** The view state now (a new object after every change). */
  get state(): ViewState {
    return this.#view;
  }

  /** The view and lookup state together; the same object until either changes. */
  get snapshot(): StoreSnapshot {
    return (this.#snapshot ??= { view: this.#view, lookup: this.lookupState, budget: this.budgetState, findings: this.findingsState });
  }

  /** How far back the lookup reaches (ms); Event history's 90 days when undefined. */
  protected get retentionMs(): number | undefined {
    return undefined;
  }

  protected get lookupState(): LookupState | null {
    return null;
  }

  protected get budgetState(): BudgetReading | null {
    return null;
  }

  protected get findingsState(): FindingsState | null {
    return null;
  }

  /** Calls `listener` after every change of view or lookup state; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Calls `listener` with `selector`'s value whenever it changes (by `equals`, shallow by default),
   * not on other changes. Returns the unsubscribe function. The listener is not called at once.
   */
  watch<T>(selector: Selector<T>, listener: (value: T) => void, equals: Equality<T> = shallowEqual): () => void {
    let last = selector(this.snapshot);
    return this.subscribe(() => {
      const next = selector(this.snapshot);
      if (equals(last, next)) return;
      last = next;
      listener(next);
    });
  }

  /** Shows a one-line notice about the last action (a download that failed, say); the next lookup clears it. */
  showNotice(notice: string): void {
    this.update({ notice });
  }

  /** Hears which view fields changed, after each change. */
  onViewChange(listener: (changed: ReadonlySet<ViewChange>, view: ViewState) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  protected update(patch: Partial<ViewState>): void {
    const changed = new Set<ViewChange>();
    for (const key of Object.keys(patch) as ViewChange[]) {
      if (!Object.is(patch[key], this.#view[key])) changed.add(key);
    }
    if (!changed.size) return;
    this.#view = { ...this.#view, ...patch };
    this.notify();
    for (const listener of this.#changeListeners) listener(changed, this.#view);
  }

  protected notify(): void {
    this.#snapshot = null;
    for (const listener of [...this.#listeners]) listener();
  }

  // Intents: every change of view state goes through one of these.

  /** The user edited the filter. `keepIssues` keeps messages on fields the edit did not touch. */
  editDraft(patch: Partial<FilterDraft>, keepIssues = false): void {
    let draft = { ...this.#view.draft, ...patch };
    if (patch.category === 'insight' && draft.key && !['EventId', 'EventName', 'EventSource'].includes(draft.key)) {
      draft = { ...draft, key: '', value: '' };
    }
    const touched = touchedFields(new Set(Object.keys(patch)));
    this.update({ draft, issues: keepIssues ? this.#view.issues.filter((i) => !touched.has(i.field)) : [] });
  }

  /** Fills the filter with `query` (as typed in the current time zone) and clears its messages. */
  showQuery(query: LookupQuery): void {
    this.update({ draft: draftFromQuery(query, this.#view.timeZone, this.now()), issues: [] });
  }

  /**
   * The draft as a valid query, or its messages (also stored, so the filter shows them). Relative
   * ranges are resolved against the store's clock.
   */
  buildQuery(): { query?: LookupQuery; issues: readonly ValidationIssue[] } {
    const built = queryFromDraft(this.#view.draft, this.#view.timeZone);
    const result = built.query ? validateQuery(built.query, this.now(), { retentionMs: this.retentionMs }) : undefined;
    const issues = built.issues.length ? built.issues : result && !result.ok ? result.issues : [];
    this.update({ issues });
    return issues.length ? { issues } : { query: built.query, issues };
  }

  /** Shows times in `zone`. The draft's typed custom range is kept: the same instants, re-expressed. */
  setTimeZone(zone: TimeZoneMode): void {
    if (zone !== 'utc' && zone !== 'local') return;
    const view = this.#view;
    if (zone === view.timeZone) return;
    const built = queryFromDraft(view.draft, view.timeZone);
    const draft = built.query && view.draft.rangeMode === 'absolute'
      ? { ...view.draft, ...pick(draftFromQuery(built.query, zone, this.now()), 'from', 'to') }
      : view.draft;
    this.update({ timeZone: zone, draft });
  }

  setColumns(columns: readonly ColumnId[]): void {
    const valid = validColumns(columns);
    if (valid && !shallowEqual(valid, this.#view.columns)) this.update({ columns: valid });
  }

  setSearch(search: Partial<SearchState>): void {
    const next = { ...this.#view.search, ...search };
    if (!shallowEqual(next, this.#view.search)) this.update({ search: next });
  }

  /** Opens `event` (null closes the detail). */
  select(event: CtEvent | null): void {
    this.update({ selected: event, selectedId: event?.EventId ?? null });
  }

  /** A deep link asked for this event; it is selected once found (see InvestigationStore). */
  selectId(eventId: string | null): void {
    if (this.#view.selected?.EventId === eventId && eventId !== null) return;
    this.update({ selected: null, selectedId: eventId });
  }

  /** Adds or removes an event from the comparison; refuses a sixth, says so, and returns false. */
  toggleCompare(event: CtEvent): boolean {
    const compare = this.#view.compare;
    const has = compare.some((e) => e.EventId === event.EventId);
    if (!has && compare.length >= MAX_COMPARE) {
      this.update({ notice: `You can compare up to ${MAX_COMPARE} events; clear one first.` });
      return false;
    }
    const next = has ? compare.filter((e) => e.EventId !== event.EventId) : [...compare, event];
    this.update({ compare: next, comparing: this.#view.comparing && next.length >= 2, notice: '' });
    return true;
  }

  clearCompare(): void {
    this.update({ compare: NO_COMPARE, comparing: false, notice: '' });
  }

  /** Shows the picked events side by side, or goes back; needs two picks to start. */
  setComparing(on: boolean): void {
    this.update({ comparing: on && this.#view.compare.length >= 2 });
  }

  /** A new query starts a new investigation: what was selected, picked or noticed belongs to the old result. */
  resetView(): void {
    this.update({ selected: null, selectedId: null, compare: NO_COMPARE, comparing: false, notice: '', search: NO_SEARCH, unseen: 0 });
  }

  /** The reader went up to the newest events: none is unseen any more. */
  seeNew(): void {
    this.update({ unseen: 0 });
  }
}

/** Where events come from: LookupEvents or the trail's logs through Athena. */
export type EventSourceKind = 'event-history' | 'athena';

export interface InvestigationStoreOptions extends ViewStoreOptions {
  /** When findings are evaluated (idle time by default); tests pass their own. */
  findingsScheduler?: Scheduler;
  /** The source this investigation reads and the ones the host configured (the filter offers a switch when there are two). */
  sources?: { current: EventSourceKind; available: readonly EventSourceKind[] };
  /** The Regions this investigation searches and the ones the host offers (the filter's Region chooser, the status line). */
  regions?: RegionChoice;
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
  /** The rules that flag the loaded events (the engine loads after the first rows). */
  readonly findings: FindingsTracker;
  readonly #unwatchFindings: () => void;

  constructor(readonly lookup: LookupController, options: InvestigationStoreOptions = {}) {
    super(options);
    this.sources = options.sources ?? { current: 'event-history', available: ['event-history'] };
    this.#regions = options.regions ?? { searched: lookup.regions, allowed: lookup.regions };
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
    // Only a query with a Finding condition waits (a microtask or the rules' chunk): others start at once.
    if (hasFinding(query)) await this.#findingsFor(query);
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

function validColumns(columns: readonly string[] | undefined): readonly ColumnId[] | undefined {
  if (!Array.isArray(columns)) return undefined;
  const good = columns.filter(isColumnId);
  return good.length ? good : undefined;
}

function pick<T, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = value[k];
  return out;
}

function touchedFields(keys: Set<string>): Set<ValidationIssue['field']> {
  const out = new Set<ValidationIssue['field']>();
  if (keys.has('value')) out.add('attributeValue');
  if (keys.has('key')) out.add('attributeKey');
  if (keys.has('from')) out.add('start');
  if (keys.has('to')) out.add('end');
  if (keys.has('conditions')) out.add('condition');
  return out;
}
