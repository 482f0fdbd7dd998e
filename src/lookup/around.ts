/**
 * "Events around this": from one event to the lookup of what happened near it in time (±5
 * minutes, ±1 hour) or of what its identity did in the hour before it. Plain TypeScript.
 */
import type { CtEvent } from './events.js';
import { MAX_PAGE_SIZE, RETENTION_MS } from './query.js';
import type { LookupAttribute, LookupQuery } from './types.js';

export type AroundSpan = '5m' | '1h' | 'identity-1h';

const MINUTE = 60_000;

/** The spans offered, in the order they are shown. */
export const AROUND_SPANS: readonly AroundSpan[] = ['5m', '1h', 'identity-1h'];

/** Who did it, as a lookup attribute: the user name, else the access key (an assumed role's calls may have no user name). */
function identityOf(event: CtEvent): LookupAttribute | undefined {
  if (event.Username) return { key: 'Username', value: event.Username };
  if (event.AccessKeyId) return { key: 'AccessKeyId', value: event.AccessKeyId };
  return undefined;
}

/** Words for a span: the short one on a button in the detail's "Events around this" group, the long one in a menu. */
export function aroundLabel(event: CtEvent, span: AroundSpan, long = false): string {
  if (span === 'identity-1h') {
    const who = identityOf(event)?.value;
    const short = who && who.length > 40 ? `${who.slice(0, 40)}…` : who;
    return long ? `Same identity, the hour before: events by ${short}` : 'Same identity, the hour before';
  }
  const what = span === '5m' ? '±5 minutes' : '±1 hour';
  return long ? `Events ${what} around this` : what;
}

/**
 * The lookup for `span` around `event`: every management event in the window (the conditions of
 * the lookup shown are dropped: the point is what else happened), or, for the identity, its events
 * from an hour before up to this one. The start never reaches past what the source keeps.
 * Undefined when the event has no time, or no identity for `identity-1h`.
 */
export function aroundQuery(event: CtEvent, span: AroundSpan, now: number, retentionMs: number = RETENTION_MS): LookupQuery | undefined {
  const at = event.EventTime?.getTime();
  if (at === undefined || Number.isNaN(at)) return undefined;
  const who = span === 'identity-1h' ? identityOf(event) : undefined;
  if (span === 'identity-1h' && !who) return undefined;
  const before = span === '5m' ? 5 * MINUTE : 60 * MINUTE;
  // The hour before includes the event itself (times are whole seconds), so it stays in the list.
  const after = span === '5m' ? 5 * MINUTE : span === '1h' ? 60 * MINUTE : 1000;
  const start = new Date(Math.max(at - before, Number.isFinite(retentionMs) ? now - retentionMs : -Infinity));
  return {
    timeRange: { kind: 'absolute', start, end: new Date(at + after) },
    readOnly: 'all',
    category: 'management',
    pageSize: MAX_PAGE_SIZE,
    ...(who ? { attribute: who } : {}),
  };
}
