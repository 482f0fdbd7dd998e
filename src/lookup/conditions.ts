/**
 * Conditions: what a query asks beyond LookupEvents' one attribute. Each is "field is value" or
 * "field is not value", on one of the eight lookup keys or on a field the API cannot filter on.
 * The controller sends the most selective "is" on a lookup key to the API and tests the rest in the
 * browser on each page as it arrives (see query.ts).
 */
import type { CtEvent } from './events.js';
import type { LookupAttributeKey } from './types.js';
import { findingIds } from './findings/registry.js';

/** Fields LookupEvents cannot filter on; only the browser can. */
export type BrowserField =
  | 'ErrorCode' | 'ErrorMessage' | 'SourceIPAddress' | 'UserAgent' | 'AwsRegion' | 'AccountId' | 'IdentityType' | 'Errors'
  /** The id of a rule that flags the event (see src/lookup/findings). */
  | 'Finding';

export type ConditionField = LookupAttributeKey | BrowserField;

export interface Condition {
  field: ConditionField;
  /** Matched exactly and case-sensitively, as LookupEvents matches. For `Errors` and `ReadOnly`: "true" or "false". */
  value: string;
  /** "is not": keep the events that do not match. */
  exclude?: boolean;
}

export const BROWSER_FIELDS: readonly BrowserField[] = [
  'ErrorCode', 'ErrorMessage', 'SourceIPAddress', 'UserAgent', 'AwsRegion', 'AccountId', 'IdentityType', 'Errors', 'Finding',
];

/** The order in which a lookup key narrows LookupEvents most: the first "is" condition in it goes to the API. */
export const SELECTIVITY: readonly LookupAttributeKey[] = [
  'EventId', 'AccessKeyId', 'ResourceName', 'Username', 'EventName', 'ResourceType', 'EventSource', 'ReadOnly',
];

/** Fields whose value is "true" or "false". */
export const BOOLEAN_FIELDS: readonly ConditionField[] = ['ReadOnly', 'Errors'];

const one = (v: string | undefined): readonly string[] => (v === undefined || v === '' ? [] : [v]);

/** The values an event has for a field (resources have several). */
export function fieldValues(event: CtEvent, field: ConditionField): readonly string[] {
  switch (field) {
    case 'EventId': return one(event.EventId);
    case 'EventName': return one(event.EventName);
    case 'ReadOnly': return event.ReadOnly === undefined ? [] : [String(event.ReadOnly)];
    case 'Username': return one(event.Username);
    case 'ResourceType': return event.Resources.map((r) => r.type ?? '').filter(Boolean);
    case 'ResourceName': return event.Resources.map((r) => r.name ?? '').filter(Boolean);
    case 'EventSource': return one(event.EventSource);
    case 'AccessKeyId': return one(event.AccessKeyId);
    case 'ErrorCode': return one(event.errorCode);
    case 'ErrorMessage': return one(event.errorMessage);
    case 'SourceIPAddress': return one(event.sourceIp);
    case 'UserAgent': return one(event.userAgent);
    case 'AwsRegion': return one(event.region);
    case 'AccountId': return one(event.accountId);
    case 'IdentityType': return one(event.identityType);
    case 'Errors': return [String(event.isError)];
    case 'Finding': return findingIds(event);
    default: return [];
  }
}

/** The single value of a field that has at most one (all but the resource fields), without an array. */
export function fieldValue(event: CtEvent, field: ConditionField): string | undefined {
  switch (field) {
    case 'EventId': return event.EventId;
    case 'EventName': return event.EventName;
    case 'ReadOnly': return event.ReadOnly === undefined ? undefined : String(event.ReadOnly);
    case 'Username': return event.Username;
    case 'EventSource': return event.EventSource;
    case 'AccessKeyId': return event.AccessKeyId;
    case 'ErrorCode': return event.errorCode;
    case 'ErrorMessage': return event.errorMessage;
    case 'SourceIPAddress': return event.sourceIp;
    case 'UserAgent': return event.userAgent;
    case 'AwsRegion': return event.region;
    case 'AccountId': return event.accountId;
    case 'IdentityType': return event.identityType;
    case 'Errors': return String(event.isError);
    default: return undefined;
  }
}

/** Fields with several values per event (one per resource, one per rule that flags it). */
export const MULTI_FIELDS: readonly ConditionField[] = ['ResourceType', 'ResourceName', 'Finding'];

/** Whether the event meets the condition ("is not" holds for events without the field). */
export function meets(event: CtEvent, c: Condition): boolean {
  // Called for every loaded event when a condition is added: no array for single-valued fields.
  const has = MULTI_FIELDS.includes(c.field) ? fieldValues(event, c.field).includes(c.value) : fieldValue(event, c.field) === c.value;
  return c.exclude ? !has : has;
}

export function isConditionField(field: unknown): field is ConditionField {
  return typeof field === 'string' && (SELECTIVITY.includes(field as LookupAttributeKey) || BROWSER_FIELDS.includes(field as BrowserField));
}

export function isLookupKey(field: ConditionField): field is LookupAttributeKey {
  return SELECTIVITY.includes(field as LookupAttributeKey);
}

/** `Field:value`, as deep links write a condition. */
export function formatCondition(c: Condition): string {
  return `${c.field}:${c.value}`;
}

/** Reads `Field:value`, split at the first colon (values such as ARNs hold colons); undefined if the field is unknown. */
export function parseCondition(text: string, exclude = false): Condition | undefined {
  const at = text.indexOf(':');
  if (at <= 0) return undefined;
  const field = text.slice(0, at);
  const value = text.slice(at + 1);
  if (!isConditionField(field) || value === '') return undefined;
  return exclude ? { field, value, exclude: true } : { field, value };
}

export const sameCondition = (a: Condition, b: Condition): boolean =>
  a.field === b.field && a.value === b.value && Boolean(a.exclude) === Boolean(b.exclude);
