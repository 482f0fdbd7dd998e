/** Registers every tag of the library. */
export * from './ct-lookup-provider.js';
export * from './ct-lookup-filter.js';
export * from './ct-event-table.js';
export * from './ct-event-detail.js';
export * from './ct-event-facets.js';
export * from './ct-event-timeline.js';
export * from './ct-event-history.js';
