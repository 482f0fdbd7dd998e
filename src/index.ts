/**
 * cloudtrail-elements: classes and types, with no side effects. Import `cloudtrail-elements/define`
 * (or one tag's module under `define/`) to register the tags.
 *
 * This lists what host pages use. The data layer's internals (rate limiter, page source, search
 * index, CSV helpers) are not part of the package's API.
 */
// The data layer: run lookups without the elements.
export type * from './lookup/types.js';
export { LookupController } from './lookup/controller.js';
export type { LookupControllerOptions, LookupListener, LookupState } from './lookup/lookup-session.js';
export type { RetryOptions } from './lookup/retry.js';
export {
  defaultQuery, describeQuery, resolveTimeRange, validateQuery,
  LOOKUP_ATTRIBUTE_KEYS, MAX_PAGE_SIZE, RELATIVE_PRESETS, RETENTION_MS,
} from './lookup/query.js';
export type { ValidationResult } from './lookup/query.js';
export type { AroundSpan } from './lookup/around.js';
export { CtEvent } from './lookup/events.js';
export { eventFromRecord } from './lookup/from-record.js';
export type { InsightDetails } from './lookup/events.js';
export { LookupError, LookupValidationError } from './lookup/errors.js';
export type { LookupErrorCode, ServiceName } from './lookup/errors.js';
export { cspConnectSources } from './lookup/csp.js';
export type { CspConnectOptions } from './lookup/csp.js';
export { cognitoCredentials, refreshable } from './lookup/credentials.js';
export type {
  AwsCredentials, AwsCredentialsProvider, CognitoCredentialsOptions, CredentialsSource, IdentityIdCache, Logins,
  RefreshableCredentials, RefreshOptions,
} from './lookup/credentials.js';
export type { RateLimitOptions } from './lookup/rate-limiter.js';
// The investigation store: view state shared by the elements.
export { InvestigationStore } from './state/store.js';
export { MAX_COMPARE } from './state/view-store.js';
export type { InvestigationStoreOptions } from './state/store.js';
export type { SearchState, Selector, StoreSnapshot, ViewChange, ViewState } from './state/view-store.js';
export { COLUMNS, DEFAULT_COLUMNS } from './state/columns.js';
export type { Column, ColumnId } from './state/columns.js';
export type { FilterDraft } from './state/draft.js';
export type { Facet, FacetValue } from './state/facets.js';
export type { TimeZoneMode } from './state/time.js';
// Findings: the rules that flag events (the engine and the built-in pack load with import()).
export { addSigmaRules } from './state/findings.js';
export type { FindingsState, RuleCount } from './state/findings.js';
export type { Aggregate, AggregateEvidence, Attack, Evidence, FieldMatch, Hit, Match, Rule, Severity } from './lookup/findings/types.js';
export type { SigmaInput } from './lookup/findings/sigma.js';
// The elements.
export { CtLookupProvider } from './elements/ct-lookup-provider/ct-lookup-provider.js';
export { CtLookupFilter } from './elements/ct-lookup-filter/ct-lookup-filter.js';
export { CtEventTable } from './elements/ct-event-table/ct-event-table.js';
export { CtEventDetail } from './elements/ct-event-detail/ct-event-detail.js';
export { CtEventFacets } from './elements/ct-event-facets/ct-event-facets.js';
export { CtEventTimeline } from './elements/ct-event-timeline/ct-event-timeline.js';
export { CtEventHistory } from './elements/ct-event-history/ct-event-history.js';
export * from './elements/events.js';
