/**
 * The view state of an investigation (the filter's draft and its messages, the selected event, the
 * comparison, the time zone, the columns, the in-table search, the notices), with the selectors the
 * elements watch. Plain TypeScript: no Lit, no DOM. {@link InvestigationStore} (store.ts) adds the
 * lookup controller and the intents that reach it.
 *
 * A value flows one way: an element turns a user action into an intent (a method here), the store
 * changes, and every element renders from the store. Elements subscribe to a *selector* with
 * {@link ViewStore.watch} and hear only of changes to their slice.
 */
import type { LookupState } from '../lookup/lookup-session.js';
import type { CtEvent } from '../lookup/events.js';
import { defaultQuery, validateQuery } from '../lookup/query.js';
import type { LookupQuery, ValidationIssue } from '../lookup/types.js';
import type { BudgetReading } from '../lookup/page-source.js';
import type { ExportProgress } from '../lookup/export-all.js';
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from './columns.js';
import { draftFromQuery, queryFromDraft, type FilterDraft } from './draft.js';
import type { TimeZoneMode } from './time.js';
import type { FindingsState } from './findings.js';

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
function shallowEqual<T>(a: T, b: T): boolean {
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
export const NO_COMPARE: readonly CtEvent[] = Object.freeze([]);
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
