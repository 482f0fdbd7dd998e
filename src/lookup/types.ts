/**
 * The data layer's public vocabulary. Plain TypeScript: no Lit, no DOM.
 *
 * A value flows one way: a {@link LookupQuery} (from the filter) goes to the
 * controller, which validates it, turns it into LookupEvents requests, and
 * publishes a {@link LookupState} that tables and detail views render.
 */

import type { Condition } from './conditions.js';

export type { Condition, ConditionField, BrowserField } from './conditions.js';

/** The eight lookup attributes LookupEvents accepts. */
export type LookupAttributeKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'ResourceType'
  | 'ResourceName'
  | 'EventSource'
  | 'AccessKeyId';

/** Management events (the default) or CloudTrail Insights events. */
export type EventCategory = 'management' | 'insight';

/** The console's relative time presets. */
export type RelativePreset = '30m' | '1h' | '12h' | '1d' | '7d' | '30d' | '90d';

export type TimeRange =
  | { kind: 'relative'; preset: RelativePreset }
  | { kind: 'absolute'; start: Date; end: Date };

/** Read-only filter: every event, only read calls, or only write calls. */
export type ReadOnlyFilter = 'all' | 'read' | 'write';

export interface LookupAttribute {
  key: LookupAttributeKey;
  value: string;
}

/** What the user asked for. The API takes one attribute; the rest the browser can apply. */
export interface LookupQuery {
  /** One lookup attribute (the console's form); absent means "all events in the range". Same as an "is" condition. */
  attribute?: LookupAttribute;
  /**
   * More conditions, ANDed with `attribute`: "is" or "is not" on a lookup key or on a field the
   * API cannot filter on. The most selective "is" on a lookup key goes to LookupEvents; the
   * browser applies the rest to every page.
   */
  conditions?: readonly Condition[];
  timeRange: TimeRange;
  readOnly: ReadOnlyFilter;
  category: EventCategory;
  /** Events per request, 1..50. */
  pageSize: number;
}

/** Fields a validation message can point at, so a form can show it inline. */
export type QueryField = 'attributeKey' | 'attributeValue' | 'condition' | 'start' | 'end' | 'readOnly' | 'category' | 'pageSize';

export interface ValidationIssue {
  field: QueryField;
  message: string;
  /** For `condition`: which one, by its index in `conditions`. */
  index?: number;
}

/** One row of a lookup's resources. */
export interface EventResource {
  type?: string;
  name?: string;
}

/**
 * Where the controller is in a lookup. `waiting` means backing off for the rate limit; never a
 * failure. `stopping`: stop() was called and the page in flight is the last of this load.
 */
export type LookupStatus = 'idle' | 'loading' | 'waiting' | 'stopping' | 'done' | 'error';

export interface LookupCounts {
  /** Events held (after de-duplication and browser-side filters). */
  loaded: number;
  /** Events the API returned for this query (before de-duplication and browser-side filters). */
  scanned: number;
  /** Pages received for this query. */
  pages: number;
  /** LookupEvents requests sent for this query, retries included. */
  requests: number;
  /** Events the API returned that a browser-side filter removed. */
  filteredOut: number;
  /** Events dropped because their EventId was already held. */
  duplicates: number;
  /** ThrottlingException responses met (and retried) for this query. */
  throttled: number;
  /** Bytes the service read for this query (Athena), when it reports them. */
  bytesScanned?: number;
}

/** Why the controller is waiting rather than loading; `until` is an epoch-millisecond time. */
export interface WaitingInfo {
  reason: 'rate-limit' | 'throttled' | 'retry';
  until: number;
}
