/**
 * The filter form's draft: what the user typed, kept as text so that half-typed or impossible
 * input can be shown back with a message. `toQuery` turns it into a LookupQuery or says why not.
 */
import type { Condition } from '../lookup/conditions.js';
import type { EventCategory, LookupAttributeKey, LookupQuery, ReadOnlyFilter, RelativePreset, ValidationIssue } from '../lookup/types.js';
import { TIME_FORMAT, parseTime, toInputValue, type TimeZoneMode } from './time.js';

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

/** Builds the query; date text that is not a date, or a range out of order, is reported here, the rest by validateQuery. */
export function queryFromDraft(draft: FilterDraft, zone: TimeZoneMode): { query?: LookupQuery; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  let timeRange: LookupQuery['timeRange'] = { kind: 'relative', preset: draft.preset };
  if (draft.rangeMode === 'absolute') {
    // Messages name the fields as the form labels them.
    const read = (text: string, field: 'start' | 'end', label: string) => {
      const at = text.trim() ? parseTime(text, zone) : `enter a date and time as ${TIME_FORMAT}`;
      if (typeof at === 'string') issues.push({ field, message: `${label}: ${at}.` });
      return at;
    };
    const start = read(draft.from, 'start', 'From');
    const end = read(draft.to, 'end', 'To');
    if (typeof start === 'string' || typeof end === 'string') return { issues };
    if (start > end) return { issues: [{ field: 'end', message: `From must be before To: ${toInputValue(start, zone)} is after ${toInputValue(end, zone)}.` }] };
    timeRange = { kind: 'absolute', start, end };
  }
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
