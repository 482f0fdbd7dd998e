/**
 * Keeps the view in the page URL (opt-in) so a link reopens it: the query (a timeline zoom is its
 * time range), the open event, the time zone, the columns, the Regions searched, the source, the
 * search text and "Errors only". Never credentials or tokens.
 */
import { LOOKUP_ATTRIBUTE_KEYS, RELATIVE_PRESETS, defaultQuery } from '../../lookup/query.js';
import { isOwnKey } from '../../lookup/own.js';
import { formatCondition, isLookupKey, parseCondition, type Condition } from '../../lookup/conditions.js';
import type { LookupAttributeKey, LookupQuery, ReadOnlyFilter } from '../../lookup/types.js';
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from '../../state/columns.js';
import type { TimeZoneMode } from '../../state/time.js';

const P = { key: 'ct-key', value: 'ct-value', range: 'ct-range', readOnly: 'ct-readonly', category: 'ct-category', filter: 'ct-filter', exclude: 'ct-exclude' } as const;
const V = { event: 'ct-event', timeZone: 'ct-tz', columns: 'ct-columns', regions: 'ct-regions', source: 'ct-source', search: 'ct-search', errors: 'ct-errors' } as const;

/** What a link holds beside the query. */
export interface LinkedView {
  eventId?: string;
  timeZone?: TimeZoneMode;
  columns?: readonly ColumnId[];
  /** The Regions searched (names as the link gave them: the provider checks them against what it offers). */
  regions?: readonly string[];
  source?: 'event-history' | 'athena';
  /** The table's "Search loaded events" text and its "Errors only". */
  search?: string;
  errorsOnly?: boolean;
}

/** The view's parameters written into `params` (defaults are left out, so links stay short). */
export function writeView(params: URLSearchParams, view: LinkedView): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const name of Object.values(V)) out.delete(name);
  if (view.eventId) out.set(V.event, view.eventId);
  if (view.timeZone && view.timeZone !== 'utc') out.set(V.timeZone, view.timeZone);
  if (view.columns && view.columns.join() !== DEFAULT_COLUMNS.join()) out.set(V.columns, view.columns.join(','));
  if (view.regions?.length) out.set(V.regions, view.regions.join(','));
  if (view.source === 'athena') out.set(V.source, view.source);
  if (view.search) out.set(V.search, view.search);
  if (view.errorsOnly) out.set(V.errors, '1');
  return out;
}

/** The view a URL holds; unknown values are left out. */
export function readView(params: URLSearchParams): LinkedView {
  const view: LinkedView = {};
  const id = params.get(V.event)?.trim();
  if (id) view.eventId = id.slice(0, 200);
  const zone = params.get(V.timeZone);
  if (zone === 'utc' || zone === 'local') view.timeZone = zone;
  const columns = params.get(V.columns)?.split(',').map((c) => c.trim()).filter(isColumnId);
  if (columns?.length) view.columns = columns;
  const regions = params.get(V.regions)?.split(',').map((r) => r.trim()).filter(Boolean).slice(0, 40);
  if (regions?.length) view.regions = [...new Set(regions.map((r) => r.slice(0, 30)))];
  const source = params.get(V.source);
  if (source === 'athena' || source === 'event-history') view.source = source;
  const search = params.get(V.search);
  if (search) view.search = search.slice(0, 500);
  if (params.get(V.errors) === '1') view.errorsOnly = true;
  return view;
}

export function writeQuery(params: URLSearchParams, query: LookupQuery): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const name of Object.values(P)) out.delete(name);
  // Each condition is one repeated parameter, `Field:value`; the lookup attribute is the first "is".
  if (query.attribute) out.append(P.filter, formatCondition({ field: query.attribute.key, value: query.attribute.value }));
  for (const c of query.conditions ?? []) out.append(c.exclude ? P.exclude : P.filter, formatCondition(c));
  out.set(P.range, query.timeRange.kind === 'relative' ? query.timeRange.preset : `${query.timeRange.start.toISOString()}/${query.timeRange.end.toISOString()}`);
  if (query.readOnly !== 'all') out.set(P.readOnly, query.readOnly);
  if (query.category !== 'management') out.set(P.category, query.category);
  return out;
}

/** The query a URL holds, or undefined when it holds none. Unknown values fall back to defaults. */
export function readQuery(params: URLSearchParams): LookupQuery | undefined {
  if (![...Object.values(P)].some((name) => params.has(name))) return undefined;
  const query = defaultQuery();
  const key = params.get(P.key) as LookupAttributeKey | null;
  // Links from before conditions (`ct-key`/`ct-value`) keep working.
  if (key && LOOKUP_ATTRIBUTE_KEYS.includes(key)) query.attribute = { key, value: params.get(P.value) ?? '' };
  const conditions: Condition[] = [
    ...params.getAll(P.filter).map((t) => parseCondition(t)),
    ...params.getAll(P.exclude).map((t) => parseCondition(t, true)),
  ].filter((c): c is Condition => c !== undefined).slice(0, 50);
  const first = conditions.findIndex((c) => !c.exclude && isLookupKey(c.field));
  if (!query.attribute && first >= 0) {
    query.attribute = { key: conditions[first].field as LookupAttributeKey, value: conditions[first].value };
    conditions.splice(first, 1);
  }
  if (conditions.length) query.conditions = conditions;
  const range = params.get(P.range);
  if (isOwnKey(RELATIVE_PRESETS, range)) query.timeRange = { kind: 'relative', preset: range };
  else if (range?.includes('/')) {
    const [start, end] = range.split('/').map((s) => new Date(s));
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime())) query.timeRange = { kind: 'absolute', start, end };
  }
  const readOnly = params.get(P.readOnly);
  if (readOnly === 'read' || readOnly === 'write') query.readOnly = readOnly as ReadOnlyFilter;
  if (params.get(P.category) === 'insight') query.category = 'insight';
  return query;
}
