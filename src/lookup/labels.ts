/**
 * The words the console shows for each field, used on screen and in the data layer's messages,
 * so that a validation message names the field the way the form labels it.
 */
import type { ConditionField } from './conditions.js';
import { isOwnKey } from './own.js';
import type { LookupAttributeKey } from './types.js';

export const ATTRIBUTE_LABELS: Record<LookupAttributeKey, string> = {
  EventName: 'Event name',
  Username: 'User name',
  EventSource: 'Event source',
  ResourceType: 'Resource type',
  ResourceName: 'Resource name',
  AccessKeyId: 'AWS access key',
  EventId: 'Event ID',
  ReadOnly: 'Read-only',
};

/** Every field a condition can use: the lookup keys, then the browser's. */
export const FIELD_LABELS: Record<ConditionField, string> = {
  ...ATTRIBUTE_LABELS,
  ErrorCode: 'Error code',
  ErrorMessage: 'Error message',
  SourceIPAddress: 'Source IP address',
  UserAgent: 'User agent',
  AwsRegion: 'AWS Region',
  AccountId: 'Account ID',
  IdentityType: 'Identity type',
  Errors: 'Failed call',
  Finding: 'Finding',
};

/** The label of a field, or the text itself when it is not a known field (for messages about bad input). */
export const labelOf = (field: unknown): string => (isOwnKey(FIELD_LABELS, field) ? FIELD_LABELS[field] : String(field));
