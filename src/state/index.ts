/** The investigation store: view state and selectors, plain TypeScript (no Lit, no DOM). */
export { InvestigationStore, ViewStore, MAX_COMPARE, shallowEqual } from './store.js';
export type {
  Equality, InvestigationStoreOptions, SearchState, Selector, StoreSnapshot, ViewChange, ViewState, ViewStoreOptions,
} from './store.js';
export { COLUMNS, DEFAULT_COLUMNS, columnsFor, isColumnId } from './columns.js';
export type { Column, ColumnId } from './columns.js';
export { draftFromQuery, queryFromDraft } from './draft.js';
export type { FilterDraft } from './draft.js';
export { formatTime } from './time.js';
export type { TimeZoneMode } from './time.js';
