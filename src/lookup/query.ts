/**
 * The query model: defaults, time presets, and the validation that stands in for the service's
 * (the SDK validates nothing before sending, see PROTOCOL.md). A valid query becomes a
 * {@link LookupPlan}: the LookupEvents input the controller sends page after page, plus the filters
 * the browser applies because the API takes only one lookup attribute.
 */
import type { LookupEventsInput as LookupEventsCommandInput } from './wire.js';
import { BOOLEAN_FIELDS, MULTI_FIELDS, SELECTIVITY, isConditionField, isLookupKey, meets, type Condition } from './conditions.js';
import type { CtEvent } from './events.js';
import { labelOf } from './labels.js';
import { isOwnKey } from './own.js';
import type {
  LookupAttribute,
  LookupAttributeKey,
  LookupQuery,
  ReadOnlyFilter,
  RelativePreset,
  TimeRange,
  ValidationIssue,
} from './types.js';


export const LOOKUP_ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = [
  'EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId',
];

/** The only keys LookupEvents accepts together with `EventCategory: "insight"`. */
export const INSIGHT_ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = ['EventId', 'EventName', 'EventSource'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RELATIVE_PRESETS: Readonly<Record<RelativePreset, { ms: number; label: string }>> = {
  '30m': { ms: 30 * MINUTE, label: 'the last 30 minutes' },
  '1h': { ms: HOUR, label: 'the last hour' },
  '12h': { ms: 12 * HOUR, label: 'the last 12 hours' },
  '1d': { ms: DAY, label: 'the last day' },
  '7d': { ms: 7 * DAY, label: 'the last 7 days' },
  '30d': { ms: 30 * DAY, label: 'the last 30 days' },
  '90d': { ms: 90 * DAY, label: 'the last 90 days' },
};

/** Event history keeps 90 days. */
export const RETENTION_MS = 90 * DAY;
/** Slack on the 90-day rule, so a '90d' range resolved a moment ago is still valid when sent. */
const RETENTION_TOLERANCE_MS = 5 * MINUTE;
const MAX_VALUE_LENGTH = 2000;
export const MAX_PAGE_SIZE = 50;

/**
 * The console's Event history default: all 90 days, newest first, no lookup attribute. (The console
 * also hides read-only events at first; this library shows them all unless asked.)
 */
/** An AttributeValue's length as CloudTrail counts it: `_`, space, `,` and newline count twice. */
export function valueLength(value: string): number {
  // UTF-16 code units, as the service (Java) counts them: an emoji counts two.
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5f || c === 0x20 || c === 0x2c || c === 0x0a) length++;
  }
  return length;
}

export function defaultQuery(): LookupQuery {
  return {
    timeRange: { kind: 'relative', preset: '90d' },
    readOnly: 'all',
    category: 'management',
    pageSize: MAX_PAGE_SIZE,
  };
}

/** A time range as absolute times, a relative preset measured back from `now` (epoch ms). */
export function resolveTimeRange(range: TimeRange, now: number): { start: Date; end: Date } {
  if (range.kind === 'absolute') return { start: range.start, end: range.end };
  const preset = isOwnKey(RELATIVE_PRESETS, range.preset) ? RELATIVE_PRESETS[range.preset] : undefined;
  return { start: new Date(now - (preset?.ms ?? Number.NaN)), end: new Date(now) };
}

/** A test the browser applies to each event the API returns. */
export interface EventFilter {
  /** Stable name, e.g. `readOnly`. */
  readonly id: string;
  /** In words, for an empty-state explanation. */
  readonly description: string;
  /** The condition it tests, when it is one: lets columns of value ids test it without visiting each event (see columns.ts). */
  readonly condition?: Condition;
  test(event: CtEvent): boolean;
}

/** What the controller sends for a valid query. */
export interface LookupPlan {
  readonly query: LookupQuery;
  /** The resolved range: every page of one query uses exactly these times (NextToken is bound to them). */
  readonly start: Date;
  readonly end: Date;
  /** LookupEvents input without NextToken. */
  readonly input: Readonly<LookupEventsCommandInput>;
  readonly filters: readonly EventFilter[];
}

export type ValidationResult = { ok: true; plan: LookupPlan } | { ok: false; issues: ValidationIssue[] };

/** A time as the table shows it in UTC, for messages about the range (named From and To, as on the form). */
const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const fmt = (n: number) => n.toLocaleString('en-US');

const readOnlyFilter = (keep: 'read' | 'write'): EventFilter => ({
  id: 'readOnly',
  description: keep === 'read' ? 'only read-only events' : 'only write events',
  condition: { field: 'ReadOnly', value: String(keep === 'read') },
  test: (e) => e.ReadOnly === (keep === 'read'),
});

const conditionFilter = (c: Condition): EventFilter => ({
  id: `${c.exclude ? 'not' : 'is'}:${c.field}:${c.value}`,
  description: `${c.field} ${c.exclude ? 'is not' : 'is'} "${c.value}"`,
  condition: c,
  test: (e) => meets(e, c),
});

function validateRange(query: LookupQuery, now: number, issues: ValidationIssue[], retentionMs = RETENTION_MS): { start: Date; end: Date } {
  const range = query.timeRange;
  if (range?.kind === 'relative' && !isOwnKey(RELATIVE_PRESETS, range.preset)) {
    issues.push({ field: 'start', message: `"${String(range.preset)}" is not a time range preset. Choose one of ${Object.keys(RELATIVE_PRESETS).join(', ')}.` });
    return { start: new Date(Number.NaN), end: new Date(Number.NaN) };
  }
  if (range?.kind !== 'relative' && range?.kind !== 'absolute') {
    issues.push({ field: 'start', message: 'Choose a time range: a relative one such as the last day, or a start and an end time.' });
    return { start: new Date(Number.NaN), end: new Date(Number.NaN) };
  }
  const { start, end } = resolveTimeRange(range, now);
  const startOk = start instanceof Date && !Number.isNaN(start.getTime());
  const endOk = end instanceof Date && !Number.isNaN(end.getTime());
  if (!startOk) issues.push({ field: 'start', message: 'From (the start time) is not a valid date and time.' });
  if (!endOk) issues.push({ field: 'end', message: 'To (the end time) is not a valid date and time.' });
  if (startOk && endOk && start.getTime() > end.getTime()) {
    issues.push({ field: 'end', message: `From must be before To: the start time (${utc(start)}) is after the end time (${utc(end)}).` });
  }
  const earliest = now - retentionMs;
  if (startOk && Number.isFinite(retentionMs) && start.getTime() < earliest - RETENTION_TOLERANCE_MS) {
    issues.push({
      field: 'start',
      message: `From (${utc(start)}) is more than 90 days ago. Event history keeps only the last 90 days: choose a From after ${utc(new Date(earliest))}.`,
    });
  }
  return { start, end };
}

/** Checks a query the way the service would, and says what is wrong in words a user can act on. */
export interface PlanOptions {
  /**
   * Send this attribute to LookupEvents (null: none) instead of the most selective one, so that a
   * narrowed query keeps the input, and the NextToken, of the lookup it narrows. It must be one of
   * the query's "is" conditions (or null); otherwise the usual choice is made.
   */
  keepAttribute?: LookupAttribute | null;
  /** How far back the source reaches (ms); Event history's 90 days by default, Infinity for trail logs. */
  retentionMs?: number;
}

export function validateQuery(query: LookupQuery, now: number = Date.now(), options: PlanOptions = {}): ValidationResult {
  const issues: ValidationIssue[] = [];
  const insight = query.category === 'insight';
  if (query.category !== 'management' && query.category !== 'insight') {
    issues.push({ field: 'category', message: `"${String(query.category)}" is not an event category: choose management events or Insights events.` });
  }
  const readOnly: ReadOnlyFilter = query.readOnly;
  if (readOnly !== 'all' && readOnly !== 'read' && readOnly !== 'write') {
    issues.push({ field: 'readOnly', message: `"${String(readOnly)}" is not a read-only filter: choose all, read-only or write events.` });
  } else if (insight && readOnly !== 'all') {
    issues.push({ field: 'readOnly', message: 'Insights events are not read or write calls, so a read-only filter cannot apply: set Read-only to All to look up Insights events.' });
  }

  const attribute = query.attribute;
  if (attribute) {
    const { key, value } = attribute;
    if (!LOOKUP_ATTRIBUTE_KEYS.includes(key)) {
      issues.push({ field: 'attributeKey', message: `"${String(key)}" is not a lookup attribute. Choose one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.` });
    } else if (insight && !INSIGHT_ATTRIBUTE_KEYS.includes(key)) {
      issues.push({ field: 'attributeKey', message: `Insights events can be looked up only by Event ID, Event name or Event source, not by ${labelOf(key)}.` });
    }
    if (typeof value !== 'string' || value.length === 0) {
      issues.push({ field: 'attributeValue', message: `Enter a value for ${labelOf(key)}: lookups match it exactly.` });
    } else if (value.trim().length === 0) {
      issues.push({ field: 'attributeValue', message: `The ${labelOf(key)} value is only blank space. Lookups match the value exactly, so enter the text to look for.` });
    } else {
      const length = valueLength(value);
      if (length > MAX_VALUE_LENGTH) {
        issues.push({
          field: 'attributeValue',
          message: `The ${labelOf(key)} value is ${fmt(length)} characters as CloudTrail counts them (underscores, spaces, commas and line breaks count twice); the limit is ${fmt(MAX_VALUE_LENGTH)}.`,
        });
      }
      if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
        issues.push({ field: 'attributeValue', message: `Read-only lookups take the value "true" or "false", not "${value.length > 40 ? `${value.slice(0, 40)}…` : value}".` });
      } else if (key === 'ReadOnly' && readOnly !== 'all' && (value === 'true') !== (readOnly === 'read')) {
        issues.push({ field: 'readOnly', message: `The lookup asks for Read-only = ${value} but the filter keeps only ${readOnly} events: no event can match both.` });
      }
    }
  }

  const conditions = query.conditions ?? [];
  if (!Array.isArray(conditions)) {
    issues.push({ field: 'condition', message: 'Conditions must be a list of { field, value, exclude } entries.' });
  } else {
    conditions.forEach((c: Condition, index) => {
      const field = c?.field;
      if (!isConditionField(field)) {
        issues.push({ field: 'condition', index, message: `"${String(field)}" is not a field a condition can use.` });
      } else if (typeof c.value !== 'string' || c.value.trim() === '') {
        issues.push({ field: 'condition', index, message: `Enter a value for the ${labelOf(field)} condition: conditions match it exactly.` });
      } else if (BOOLEAN_FIELDS.includes(field) && c.value !== 'true' && c.value !== 'false') {
        issues.push({ field: 'condition', index, message: `A ${labelOf(field)} condition takes "true" or "false", not "${c.value.slice(0, 40)}".` });
      } else if (valueLength(c.value) > MAX_VALUE_LENGTH) {
        issues.push({ field: 'condition', index, message: `The ${labelOf(field)} value is longer than ${fmt(MAX_VALUE_LENGTH)} characters as CloudTrail counts them.` });
      }
    });
    // Two "is" on a single-valued field with different values: no event can match.
    const single = [...(attribute ? [{ field: attribute.key, value: attribute.value } as Condition] : []), ...conditions]
      .filter((c) => c && !c.exclude && isConditionField(c.field) && !MULTI_FIELDS.includes(c.field));
    for (let i = 0; i < single.length; i++) {
      const clash = single.slice(i + 1).find((c) => c.field === single[i].field && c.value !== single[i].value);
      if (clash) {
        issues.push({ field: 'condition', message: `${labelOf(single[i].field)} cannot be both "${single[i].value}" and "${clash.value}": no event can match. Remove one of them.` });
        break;
      }
    }
  }

  const pageSize = query.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    issues.push({ field: 'pageSize', message: `Events per page must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${String(pageSize)}.` });
  }

  const { start, end } = validateRange(query, now, issues, options.retentionMs);
  if (issues.length > 0) return { ok: false, issues };

  // One lookup attribute goes to the API: the most selective "is" on a lookup key (a read-only
  // filter is an "is ReadOnly"). The browser applies every other condition to what comes back.
  const all: Condition[] = [
    ...(attribute ? [{ field: attribute.key, value: attribute.value }] : []),
    ...conditions,
    ...(readOnly !== 'all' ? [{ field: 'ReadOnly' as const, value: readOnly === 'read' ? 'true' : 'false' }] : []),
  ];
  const allowed = insight ? INSIGHT_ATTRIBUTE_KEYS : SELECTIVITY;
  const rank = (c: Condition) => (!c.exclude && isLookupKey(c.field) && allowed.includes(c.field) ? SELECTIVITY.indexOf(c.field) : Infinity);
  let chosen = -1;
  all.forEach((c, i) => { if (rank(c) < (chosen < 0 ? Infinity : rank(all[chosen]))) chosen = i; });
  const keep = options.keepAttribute;
  if (keep === null) chosen = -1;
  else if (keep) {
    const at = all.findIndex((c) => !c.exclude && c.field === keep.key && c.value === keep.value);
    if (at >= 0) chosen = at;
  }
  const apiAttribute = chosen >= 0 ? { key: all[chosen].field as LookupAttributeKey, value: all[chosen].value } : undefined;
  const filters: EventFilter[] = [];
  all.forEach((c, i) => {
    if (i === chosen) return;
    // The read-only filter and the same condition twice need no second test.
    if (all.slice(0, i).some((o, j) => j !== chosen && o.field === c.field && o.value === c.value && Boolean(o.exclude) === Boolean(c.exclude))) return;
    if (chosen >= 0 && all[chosen].field === c.field && all[chosen].value === c.value && !c.exclude) return;
    filters.push(c.field === 'ReadOnly' && readOnly !== 'all' && i === all.length - 1 && !c.exclude ? readOnlyFilter(readOnly as 'read' | 'write') : conditionFilter(c));
  });
  const input: LookupEventsCommandInput = {
    StartTime: start,
    EndTime: end,
    MaxResults: pageSize,
    ...(apiAttribute ? { LookupAttributes: [{ AttributeKey: apiAttribute.key, AttributeValue: apiAttribute.value }] } : {}),
    ...(insight ? { EventCategory: 'insight' as const } : {}),
  };
  return { ok: true, plan: { query, start, end, input, filters } };
}

/** One line of words for a query, naming fields as the form labels them, e.g. for "No events matched …". */
export function describeQuery(query: LookupQuery): string {
  const what = query.category === 'insight' ? 'Insights events' : 'Management events';
  const parts = [what];
  if (query.attribute) parts.push(`where ${labelOf(query.attribute.key)} is "${query.attribute.value}"`);
  for (const c of query.conditions ?? []) parts.push(`${parts.length > 1 ? 'and' : 'where'} ${labelOf(c.field)} ${c.exclude ? 'is not' : 'is'} "${c.value}"`);
  if (query.readOnly === 'read') parts.push('(read-only only)');
  if (query.readOnly === 'write') parts.push('(write events only)');
  const range = query.timeRange;
  if (range?.kind === 'relative') parts.push(`in ${isOwnKey(RELATIVE_PRESETS, range.preset) ? RELATIVE_PRESETS[range.preset].label : range.preset}`);
  else if (range?.kind === 'absolute') {
    const show = (d: Date) => (Number.isNaN(d.getTime()) ? 'an invalid time' : utc(d));
    parts.push(`from ${show(range.start)} to ${show(range.end)}`);
  }
  return parts.join(' ');
}
