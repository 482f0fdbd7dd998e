/**
 * cloudtrail-elements: classes and types, with no side effects. Import `cloudtrail-elements/define`
 * (or one tag's module under `define/`) to register the tags.
 */
export * from './lookup/index.js';
export { CtLookupProvider } from './elements/ct-lookup-provider/ct-lookup-provider.js';
export { CtLookupFilter } from './elements/ct-lookup-filter/ct-lookup-filter.js';
export { CtEventTable } from './elements/ct-event-table/ct-event-table.js';
export { CtEventDetail } from './elements/ct-event-detail/ct-event-detail.js';
export { CtEventHistory } from './elements/ct-event-history/ct-event-history.js';
export { CtSession, MAX_COMPARE } from './elements/shared/session.js';
export type { SessionView } from './elements/shared/session.js';
export { COLUMNS, DEFAULT_COLUMNS } from './elements/ct-event-table/columns.js';
export type { Column, ColumnId } from './elements/ct-event-table/columns.js';
export type { TimeZoneMode } from './elements/shared/format.js';
export * from './elements/events.js';
