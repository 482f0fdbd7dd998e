/**
 * The table's status line and loading rows, in words. The empty and error states are in
 * empty-states.ts, loaded beside the first rows.
 */
import { html, type TemplateResult } from 'lit';
import type { LookupState } from '../../lookup/lookup-session.js';
import { regionLacking } from '../../lookup/page-source.js';
import type { LookupStatus } from '../../lookup/types.js';

export const num = (n: number): string => n.toLocaleString('en-US');

/** Nothing in flight: the controller reports `done` after each page, with `hasMore` telling if more exist. */
export const settled = (status: LookupStatus): boolean => status === 'idle' || status === 'done';

/** Whether the browser applies a filter the API cannot, so pages are scanned for matches. */
export const filtering = (state: LookupState): boolean => (state.plan?.filters.length ?? 0) > 0;

/** A scan is running: pages are being fetched and filtered in the browser (Stop applies). */
export const scanning = (state: LookupState): boolean =>
  (filtering(state) || state.counts.bytesScanned !== undefined) && (state.status === 'loading' || state.status === 'waiting' || state.status === 'stopping');

/**
 * The status line. With a browser-side filter it always says how many events were scanned and how
 * many matched, so an empty grid is never silent. `now` (epoch ms) counts down a wait.
 */
export function statusText(state: LookupState, now: number, regions?: (state: LookupState, now: number) => string): string {
  const missing = regions?.(state, now);
  const text = `${lookupStatusText(state, now)}${missing ? ` · ${missing}` : ''}`;
  const bytes = state.counts.bytesScanned;
  // Athena bills by bytes read: the status keeps the cost in sight ($5 per TB, 10 MB minimum a query).
  const line = bytes === undefined ? text : `${text} · ${scannedText(bytes)}`;
  return state.notice ? `${line} · ${state.notice}` : line;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
/** "Scanned 1.2 GB (about $0.0059)": bytes in decimal units and their cost at Athena's price. */
function scannedText(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) { v /= 1000; u++; }
  const size = u === 0 ? `${v} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${UNITS[u]}`;
  const usd = (Math.max(bytes, 10_485_760) / 1e12) * 5;
  return `scanned ${size} (about $${usd < 0.01 ? usd.toPrecision(2) : usd.toFixed(2)})`;
}

function lookupStatusText(state: LookupState, now: number): string {
  const n = num(state.events.length);
  const filtered = filtering(state);
  const loaded = filtered
    ? `Scanned ${num(state.counts.scanned)} ${state.counts.scanned === 1 ? 'event' : 'events'}, ${n} matched`
    : `${n} ${state.events.length === 1 ? 'event' : 'events'} loaded`;
  if (state.paused && (state.status === 'loading' || state.status === 'waiting')) return `${loaded} · paused; Resume carries on`;
  switch (state.status) {
    case 'loading':
      if (filtered) return `Scanning… ${num(state.counts.scanned)} scanned, ${n} matched`;
      return state.events.length ? `${loaded} · loading more…` : 'Loading events…';
    case 'stopping':
      return `${loaded} · stopping…`;
    case 'waiting': {
      const seconds = state.waiting ? Math.max(0, Math.ceil((state.waiting.until - now) / 1000)) : 0;
      const why = state.waiting?.reason === 'throttled'
        ? 'CloudTrail asked us to slow down (throttled); retrying'
        : state.waiting?.reason === 'retry'
          ? 'retrying after a failed request'
          : 'waiting for the rate limit (2 requests per second)';
      return `${loaded} · ${why}${seconds > 0 ? ` in ${seconds} s` : ''}…`;
    }
    case 'error':
      return `${loaded} · stopped by an error`;
    default:
      // idle or done: nothing in flight; `hasMore` tells whether the lookup has further pages.
      // No query: the events the page gave (an element standing alone), or nothing run yet.
      if (!state.query) return state.status === 'done' ? `${n} events` : 'No lookup run yet';
      if (filtered && state.hasMore) return `${loaded} · more events to scan`;
      if (state.regions.some(regionLacking)) return `${loaded} · not complete`;
      return `${loaded} · ${state.hasMore ? 'more available' : 'all events for this lookup'}`;
  }
}

/** Grey placeholder rows while the first page loads, so the grid keeps its shape. */
export function renderSkeleton(columns: number): TemplateResult[] {
  return Array.from({ length: 8 }, () => html`<div class="row skeleton" aria-hidden="true"><div class="cell pick"></div>${
    Array.from({ length: columns }, () => html`<div class="cell"><span class="bar"></span></div>`)}</div>`);
}

