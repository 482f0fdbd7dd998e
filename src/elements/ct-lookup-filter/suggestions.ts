/**
 * The lookup value's suggestions (the filter's datalist): loaded with import() when the field is
 * first focused, with the catalog of every AWS operation (its own large part of this chunk, never in
 * the first-rows bundle). Event names and sources come from the hand-made catalog of the calls an
 * investigation asks for most, then from the loaded events, then from every operation of the AWS
 * service models, the security-relevant verbs first; other keys from the loaded events only. What
 * the reader has typed narrows them (the datalist offers at most {@link SHOWN} at a time).
 */
import type { CtEvent } from '../../lookup/events.js';
import type { LookupAttributeKey } from '../../lookup/types.js';
import { CATALOG_EVENT_NAMES, CATALOG_EVENT_SOURCES } from '../../lookup/event-catalog.js';

/**
 * The catalog, a module of its own (the one-file bundle's chunks import the package's copy, beside
 * them): a page that serves the bundle without it still suggests the hand-made names and the loaded
 * ones, and says why the rest are missing.
 */
let AWS_OPERATIONS: Readonly<Record<string, string>> = {};
/** Resolves once the catalog is in, or could not be loaded (said in the console). */
export const ready: Promise<void> = import('../../lookup/aws-operations.js').then((m) => {
  AWS_OPERATIONS = m.AWS_OPERATIONS;
  operations = undefined;
}, (err: unknown) => {
  console.warn('cloudtrail-elements: the catalog of AWS operations (lookup/aws-operations.js beside the bundle-chunks folder) could not be loaded; suggestions come from the loaded events and the common calls only.', err);
});

const LIMIT = 100;
/** At most this many options: a datalist of thousands would cost more than it helps. */
const SHOWN = 200;
const cache = new WeakMap<readonly CtEvent[], Map<string, string[]>>();

/**
 * How telling a call's verb is in an investigation, most first: turning things off and deleting
 * them, then changing access and configuration, then creating and running; reading (Get, List,
 * Describe) and the rest come last.
 */
const VERBS = [
  'Stop', 'Delete', 'Disable', 'Deactivate', 'Detach', 'Remove', 'Revoke', 'Deregister', 'Disassociate', 'Leave', 'Purge', 'Terminate', 'Cancel', 'Reject',
  'Put', 'Set', 'Attach', 'Update', 'Modify', 'Authorize', 'Grant', 'Add', 'Import', 'Enable', 'Associate', 'Change', 'Replace', 'Reset', 'Restore', 'Share', 'Assume', 'Accept', 'Register', 'Copy',
  'Create', 'Start', 'Run', 'Send', 'Invoke', 'Execute', 'Publish', 'Upload', 'Generate', 'Decrypt', 'Encrypt', 'Sign', 'Allocate', 'Request', 'Apply', 'Activate',
];
/** The verb's place in VERBS (a whole word: "Settle" is not "Set"), or after them all. */
const rank = (name: string) => {
  const verb = /^[A-Z][a-z]+/.exec(name)?.[0];
  const i = verb ? VERBS.indexOf(verb) : -1;
  return i < 0 ? VERBS.length : i;
};

/** Every operation name of the service models once, most telling verbs first, then A to Z. */
let operations: string[] | undefined;
function allOperations(): string[] {
  operations ??= [...new Set(Object.values(AWS_OPERATIONS).flatMap((names) => names.split(' ')))]
    .map((name) => [rank(name), name] as const)
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([, name]) => name);
  return operations;
}

/**
 * What to offer for `key` when the field holds `typed`: the hand-made catalog's names or sources
 * first, then the loaded ones by frequency, then those of the AWS service models that contain what
 * was typed (any case; those starting with it first), at most {@link SHOWN} of them; each once.
 */
export function suggest(events: readonly CtEvent[] | undefined, key: LookupAttributeKey, typed = ''): string[] {
  const loaded = suggestionsFor(events, key);
  if (key !== 'EventName' && key !== 'EventSource') return loaded;
  const [catalog, models] = key === 'EventName'
    ? [CATALOG_EVENT_NAMES, allOperations()]
    : [CATALOG_EVENT_SOURCES, Object.keys(AWS_OPERATIONS)];
  const want = typed.trim().toLowerCase();
  const fromModels = want ? models.filter((v) => v.toLowerCase().includes(want)) : models;
  if (want) fromModels.sort((a, b) => Number(!a.toLowerCase().startsWith(want)) - Number(!b.toLowerCase().startsWith(want)));
  return [...new Set([...catalog, ...loaded, ...fromModels.slice(0, SHOWN)])];
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
