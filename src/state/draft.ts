/**
 * The filter form's draft: what the user typed, kept as text so that half-typed or impossible
 * input can be shown back with a message. `toQuery` turns it into a LookupQuery or says why not.
 */
import type { Condition } from '../lookup/conditions.js';
import type { EventCategory, LookupAttributeKey, LookupQuery, ReadOnlyFilter, RelativePreset, ValidationIssue } from '../lookup/types.js';
import { fromInputValue, toInputValue, type TimeZoneMode } from './time.js';

export interface FilterDraft {
  category: EventCategory;
  key: LookupAttributeKey | '';
  value: string;
  rangeMode: 'relative' | 'absolute';
  preset: RelativePreset;
  from: string;
  to: string;
  readOnly: ReadOnlyFilter;
  pageSize: number;
  /** Conditions beyond the lookup attribute, as edited (a value may still be empty). */
  conditions: readonly Condition[];
}

export function draftFromQuery(query: LookupQuery, zone: TimeZoneMode, now = Date.now()): FilterDraft {
  const relative = query.timeRange.kind === 'relative';
  const end = relative ? new Date(now) : (query.timeRange as { end: Date }).end;
  const start = relative ? new Date(now - 24 * 3600_000) : (query.timeRange as { start: Date }).start;
  return {
    category: query.category,
    key: query.attribute?.key ?? '',
    value: query.attribute?.value ?? '',
    rangeMode: relative ? 'relative' : 'absolute',
    preset: query.timeRange.kind === 'relative' ? query.timeRange.preset : '1d',
    from: toInputValue(start, zone),
    to: toInputValue(end, zone),
    readOnly: query.readOnly,
    pageSize: query.pageSize,
    conditions: query.conditions ? [...query.conditions] : [],
  };
}

/** Builds the query; date text that is not a date is reported here, the rest by validateQuery. */
export function queryFromDraft(draft: FilterDraft, zone: TimeZoneMode): { query?: LookupQuery; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  let timeRange: LookupQuery['timeRange'] = { kind: 'relative', preset: draft.preset };
  if (draft.rangeMode === 'absolute') {
    const start = fromInputValue(draft.from, zone);
    const end = fromInputValue(draft.to, zone);
    if (Number.isNaN(start.getTime())) issues.push({ field: 'start', message: draft.from.trim() ? `"${draft.from}" is not a real date and time.` : 'Enter a start date and time.' });
    if (Number.isNaN(end.getTime())) issues.push({ field: 'end', message: draft.to.trim() ? `"${draft.to}" is not a real date and time.` : 'Enter an end date and time.' });
    timeRange = { kind: 'absolute', start, end };
  }
  if (issues.length) return { issues };
  const query: LookupQuery = {
    timeRange,
    // The filter's Read-only field is hidden for Insights and when ReadOnly is the lookup attribute
    // (the attribute is the filter then): a hidden choice must not shape the query.
    readOnly: draft.category === 'insight' || draft.key === 'ReadOnly' ? 'all' : draft.readOnly,
    category: draft.category,
    pageSize: draft.pageSize,
    ...(draft.key ? { attribute: { key: draft.key, value: draft.value } } : {}),
    ...(draft.conditions?.length ? { conditions: draft.conditions.map((c) => ({ ...c })) } : {}),
  };
  return { query, issues };
}
