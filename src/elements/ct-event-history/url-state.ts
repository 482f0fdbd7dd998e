/**
 * Keeps the view in the page URL (opt-in) so a link reopens it: the query (a timeline zoom is its
 * time range), the open event, the time zone, the columns, the Regions and accounts searched, the source, the
 * search text and "Errors only". Never credentials or tokens.
 */
import { LOOKUP_ATTRIBUTE_KEYS, RELATIVE_PRESETS, defaultQuery } from '../../lookup/query.js';
import { isOwnKey } from '../../lookup/own.js';
import { formatCondition, isLookupKey, parseCondition, type Condition } from '../../lookup/conditions.js';
import type { LookupAttributeKey, LookupQuery, ReadOnlyFilter } from '../../lookup/types.js';
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from '../../state/columns.js';
import type { TimeZoneMode } from '../../state/time.js';
import type { AccountChoice } from '../../lookup/account-names.js';
import type { InvestigationStore } from '../../state/store.js';

const P = { key: 'ct-key', value: 'ct-value', range: 'ct-range', readOnly: 'ct-readonly', category: 'ct-category', filter: 'ct-filter', exclude: 'ct-exclude' } as const;
const V = { event: 'ct-event', timeZone: 'ct-tz', columns: 'ct-columns', regions: 'ct-regions', accounts: 'ct-accounts', source: 'ct-source', search: 'ct-search', errors: 'ct-errors' } as const;

/** What a link holds beside the query. */
export interface LinkedView {
  eventId?: string;
  timeZone?: TimeZoneMode;
  columns?: readonly ColumnId[];
  /** The Regions searched (names as the link gave them: the provider checks them against what it offers). */
  regions?: readonly string[];
  /** The accounts searched, by id (as the link gave them: the provider checks them against `accounts`). */
  accounts?: readonly string[];
  source?: 'event-history' | 'athena';
  /** The table's "Search loaded events" text and its "Errors only". */
  search?: string;
  errorsOnly?: boolean;
}

/** The link to `store`'s view (its query and view), with the Regions left out when they are `defaultRegions`. */
export function linkOf(store: InvestigationStore, defaultRegions: readonly string[]): URLSearchParams {
  const query = store.lookup.state.query;
  const params = query ? writeQuery(new URLSearchParams(), query) : new URLSearchParams();
  const { selectedId, timeZone, columns, search } = store.state;
  const { searched } = store.regions;
  const regions = searched.join() === defaultRegions.join() ? undefined : searched;
  return writeView(params, { eventId: selectedId ?? undefined, timeZone, columns, regions, accounts: store.accounts, source: store.sources.current, search: search.query, errorsOnly: search.errorsOnly });
}

/** What the page searches, as far as a link's refusals go. */
interface Offered {
  readonly regions: { readonly allowed: readonly string[] };
  readonly accounts?: AccountChoice;
  readonly sources: { readonly current: string };
}

/** The notice naming what `linked` asks for and `offered` does not offer, or undefined when it offers all of it. */
export function refusedOf(linked: LinkedView, offered: Offered): string | undefined {
  const refused = [
    ...(linked.regions ?? []).filter((r) => !offered.regions.allowed.includes(r)),
    ...(linked.accounts ?? []).filter((a) => !offered.accounts?.allowed.some((b) => b.accountId === a)).map((a) => `the account ${a}`),
    ...(linked.source && offered.sources.current !== linked.source ? [`the source ${linked.source}`] : []),
  ];
  return refused.length ? `The link asked for ${refused.join(', ')}, which this page does not offer; left out.` : undefined;
}

/** The view's parameters written into `params` (defaults are left out, so links stay short). */
export function writeView(params: URLSearchParams, view: Omit<LinkedView, 'accounts'> & { accounts?: AccountChoice }): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const name of Object.values(V)) out.delete(name);
  if (view.eventId) out.set(V.event, view.eventId);
  if (view.timeZone && view.timeZone !== 'utc') out.set(V.timeZone, view.timeZone);
  if (view.columns && view.columns.join() !== DEFAULT_COLUMNS.join()) out.set(V.columns, view.columns.join(','));
  if (view.regions?.length) out.set(V.regions, view.regions.join(','));
  // The accounts searched, unless all of them are (the default).
  const accounts = view.accounts;
  if (accounts && accounts.searched.length < accounts.allowed.length) out.set(V.accounts, accounts.searched.map((a) => a.accountId).join(','));
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
  const regions = listOf(params.get(V.regions));
  if (regions) view.regions = regions;
  const accounts = listOf(params.get(V.accounts));
  if (accounts) view.accounts = accounts;
  const source = params.get(V.source);
  if (source === 'athena' || source === 'event-history') view.source = source;
  const search = params.get(V.search);
  if (search) view.search = search.slice(0, 500);
  if (params.get(V.errors) === '1') view.errorsOnly = true;
  return view;
}

/** Names separated by commas (at most 40, each at most 30 characters, each once), or undefined for none. */
function listOf(text: string | null): string[] | undefined {
  const names = text?.split(',').map((r) => r.trim().slice(0, 30)).filter(Boolean).slice(0, 40);
  return names?.length ? [...new Set(names)] : undefined;
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
