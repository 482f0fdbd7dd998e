/**
 * Keeps a query in the page URL (opt-in) so a link reopens the same view. Only the query goes in
 * the URL: never credentials or tokens.
 */
import { LOOKUP_ATTRIBUTE_KEYS, RELATIVE_PRESETS, defaultQuery } from '../../lookup/query.js';
import type { LookupAttributeKey, LookupQuery, ReadOnlyFilter, RelativePreset } from '../../lookup/types.js';

const P = { key: 'ct-key', value: 'ct-value', range: 'ct-range', readOnly: 'ct-readonly', category: 'ct-category' } as const;

export function writeQuery(params: URLSearchParams, query: LookupQuery): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const name of Object.values(P)) out.delete(name);
  if (query.attribute) {
    out.set(P.key, query.attribute.key);
    out.set(P.value, query.attribute.value);
  }
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
  if (key && LOOKUP_ATTRIBUTE_KEYS.includes(key)) query.attribute = { key, value: params.get(P.value) ?? '' };
  const range = params.get(P.range);
  if (range && range in RELATIVE_PRESETS) query.timeRange = { kind: 'relative', preset: range as RelativePreset };
  else if (range?.includes('/')) {
    const [start, end] = range.split('/').map((s) => new Date(s));
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime())) query.timeRange = { kind: 'absolute', start, end };
  }
  const readOnly = params.get(P.readOnly);
  if (readOnly === 'read' || readOnly === 'write') query.readOnly = readOnly as ReadOnlyFilter;
  if (params.get(P.category) === 'insight') query.category = 'insight';
  return query;
}
