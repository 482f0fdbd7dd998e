/**
 * The lookup value's suggestions (the filter's datalist): loaded with import() when the field is
 * first focused. Event names and sources come from the catalog, most telling first, and from the
 * loaded events; other keys from the loaded events only.
 */
import type { CtEvent } from '../../lookup/events.js';
import type { LookupAttributeKey } from '../../lookup/types.js';
import { CATALOG_EVENT_NAMES, CATALOG_EVENT_SOURCES } from '../../lookup/event-catalog.js';

const LIMIT = 100;
const cache = new WeakMap<readonly CtEvent[], Map<string, string[]>>();

/** What to offer for `key`: the catalog's names or sources first, then the rest of what is loaded. */
export function suggest(events: readonly CtEvent[] | undefined, key: LookupAttributeKey): string[] {
  const catalog = key === 'EventName' ? CATALOG_EVENT_NAMES : key === 'EventSource' ? CATALOG_EVENT_SOURCES : [];
  return [...new Set([...catalog, ...suggestionsFor(events, key)])];
}

/** Values of `key` seen in the loaded events, most frequent first; memoized per events array. */
function suggestionsFor(events: readonly CtEvent[] | undefined, key: LookupAttributeKey): string[] {
  if (!events?.length) return [];
  let byKey = cache.get(events);
  if (!byKey) cache.set(events, (byKey = new Map()));
  const hit = byKey.get(`${key}:${events.length}`);
  if (hit) return hit;
  const counts = new Map<string, number>();
  for (const event of events) {
    for (const value of valuesOf(event, key)) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const list = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, LIMIT).map(([v]) => v);
  byKey.set(`${key}:${events.length}`, list);
  return list;
}

function valuesOf(event: CtEvent, key: LookupAttributeKey): string[] {
  switch (key) {
    case 'EventName': return event.EventName ? [event.EventName] : [];
    case 'EventSource': return event.EventSource ? [event.EventSource] : [];
    case 'Username': return event.Username ? [event.Username] : [];
    case 'AccessKeyId': return event.AccessKeyId ? [event.AccessKeyId] : [];
    case 'EventId': return event.EventId ? [event.EventId] : [];
    case 'ReadOnly': return event.ReadOnly === undefined ? [] : [String(event.ReadOnly)];
    case 'ResourceType': return event.Resources.flatMap((r) => (r.type ? [r.type] : []));
    case 'ResourceName': return event.Resources.flatMap((r) => (r.name ? [r.name] : []));
  }
}
