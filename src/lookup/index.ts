/** The data layer's public API: plain TypeScript, no Lit, no DOM. */
export type * from './types.js';
export { LookupController } from './controller.js';
export type { LookupControllerOptions, LookupListener, LookupState, RetryOptions } from './controller.js';
export {
  defaultQuery, describeQuery, resolveTimeRange, validateQuery, valueLength,
  INSIGHT_ATTRIBUTE_KEYS, LOOKUP_ATTRIBUTE_KEYS, MAX_PAGE_SIZE, MAX_VALUE_LENGTH, RELATIVE_PRESETS, RETENTION_MS,
} from './query.js';
export type { EventFilter, LookupPlan, ValidationResult } from './query.js';
export { CtEvent } from './events.js';
export { EventSearchIndex, searchTerms } from './search.js';
export type { SearchOptions } from './search.js';
export type { InsightDetails } from './events.js';
export { LookupError, LookupValidationError, isAbortError, toLookupError } from './errors.js';
export type { ErrorContext, LookupErrorCode, LookupErrorInit, ServiceName } from './errors.js';
export { notePolicyRefusal } from './connection.js';
export { cspConnectSources } from './csp.js';
export type { CspConnectOptions } from './csp.js';
export { awsEndpoint, serviceEndpoint } from './endpoints.js';
export type { AwsService } from './endpoints.js';
export { RateLimiter, rateLimitKey, sharedRateLimiter } from './rate-limiter.js';
export type { BudgetUsage, LimiterClock, RateLimitOptions } from './rate-limiter.js';
export type { ExportFormat, ExportOptions, ExportProgress, ExportSink } from './export-all.js';
export { cognitoCredentials, refreshable, toRefreshable } from './credentials.js';
export type {
  AwsCredentials, AwsCredentialsProvider, CognitoCredentialsOptions, CredentialsSource, IdentityIdCache, Logins,
  RefreshableCredentials, RefreshOptions,
} from './credentials.js';
export { CloudTrailPageSource, mergedSource } from './page-source.js';
export type { RegionStatus } from './region-merge.js';
export type { BudgetReading, CloudTrailSourceOptions, Page, PageRequest, PageSource } from './page-source.js';
export { toCsv, toRecordsJson, csvField } from './export.js';
export type { ExportColumn } from './export.js';
