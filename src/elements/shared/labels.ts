import { BROWSER_FIELDS, type ConditionField } from '../../lookup/conditions.js';
import { INSIGHT_ATTRIBUTE_KEYS } from '../../lookup/query.js';
import type { LookupAttributeKey, RelativePreset } from '../../lookup/types.js';

export { ATTRIBUTE_LABELS, FIELD_LABELS } from '../../lookup/labels.js';

export const MANAGEMENT_KEYS: readonly LookupAttributeKey[] = [
  'EventName',
  'Username',
  'EventSource',
  'ResourceType',
  'ResourceName',
  'AccessKeyId',
  'EventId',
  'ReadOnly',
];

/** The keys Insights events can be looked up by (the data layer's rule), in the console's order. */
export const INSIGHT_KEYS: readonly LookupAttributeKey[] = MANAGEMENT_KEYS.filter((k) => INSIGHT_ATTRIBUTE_KEYS.includes(k));

export const PRESET_LABELS: Record<RelativePreset, string> = {
  '30m': 'Last 30 minutes',
  '1h': 'Last hour',
  '12h': 'Last 12 hours',
  '1d': 'Last day',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};

export const CONDITION_FIELDS: readonly ConditionField[] = [...MANAGEMENT_KEYS, ...BROWSER_FIELDS];
