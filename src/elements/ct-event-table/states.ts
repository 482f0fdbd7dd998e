/**
 * The table's status line and loading rows, in words. The empty and error states are in
 * empty-states.ts, loaded beside the first rows.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LookupState } from '../../lookup/controller.js';

export const num = (n: number): string => n.toLocaleString('en-US');

/** Whether the browser applies a filter the API cannot, so pages are scanned for matches. */
export const filtering = (state: LookupState): boolean => (state.plan?.filters.length ?? 0) > 0;

/** A scan is running: pages are being fetched and filtered in the browser (Stop applies). */
export const scanning = (state: LookupState): boolean =>
  (filtering(state) || state.counts.bytesScanned !== undefined) && (state.status === 'loading' || state.status === 'waiting' || state.status === 'stopping');

/**
 * The status line. With a browser-side filter it always says how many events were scanned and how
 * many matched, so an empty grid is never silent. `now` (epoch ms) counts down a wait.
 */
export function statusText(state: LookupState, now: number): string {
  const missing = regionsText(state, now);
  const text = `${lookupStatusText(state, now)}${missing ? ` · ${missing}` : ''}${followGapText(state)}`;
  const bytes = state.counts.bytesScanned;
  // Athena bills by bytes read: the status keeps the cost in sight ($5 per TB, 10 MB minimum a query).
  return bytes === undefined ? text : `${text} · ${scannedText(bytes)}`;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
/** "Scanned 1.2 GB (about $0.0059)": bytes in decimal units and their cost at Athena's price. */
export function scannedText(bytes: number): string {
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
      if (!state.query) return 'No lookup run yet';
      if (filtered && state.hasMore) return `${loaded} · more events to scan`;
      if (lacking(state).length) return `${loaded} · not complete`;
      return `${loaded} · ${state.hasMore ? 'more available' : 'all events for this lookup'}`;
  }
}

/** Grey placeholder rows while the first page loads, so the grid keeps its shape. */
export function renderSkeleton(columns: number): TemplateResult[] {
  return Array.from({ length: 8 }, () => html`<div class="row skeleton" aria-hidden="true"><div class="cell pick"></div>${
    Array.from({ length: columns }, () => html`<div class="cell"><span class="bar"></span></div>`)}</div>`);
}

type Region = LookupState['regions'][number];

/** Regions whose events are not all read: refused, set aside after repeated failures. */
const lacking = (state: LookupState): Region[] => state.regions.filter((r) => r.error || (r.behind && !r.done));

const utc = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

const events = (n: number) => `${num(n)} ${n === 1 ? 'event' : 'events'}`;

/** Why a transient failure happened, in a few words. */
const troubleText = (r: Region) => r.trouble?.code === 'ThrottlingException' ? 'throttling' : r.trouble?.code === 'NetworkError' ? 'a network error' : 'a server error';

/** One Region that is not (yet) whole: what is happening to it and how far it got. */
function regionText(r: Region, now: number): string {
  if (r.error) return `${r.region}: not searched (${r.error.code === 'AccessDeniedException' ? 'access denied' : r.error.code})`;
  if (r.behind) return `${r.region}: behind after ${r.failures} failures (${troubleText(r)}), ${events(r.loaded)} so far`;
  const seconds = r.waiting ? Math.max(0, Math.ceil((r.waiting.until - now) / 1000)) : 0;
  return `${r.region}: retrying after ${troubleText(r)}${seconds > 0 ? ` in ${seconds} s` : ''}, ${events(r.loaded)} so far`;
}

/** What is missing or retried, Region by Region, for the status line; '' when every Region is fine. */
function regionsText(state: LookupState, now: number): string {
  return state.regions.filter((r) => r.error || (!r.done && (r.behind || r.trouble))).map((r) => regionText(r, now)).join(' · ');
}

/** While following: the span a failed poll left unread (the next poll reads it). */
function followGapText(state: LookupState): string {
  const gap = state.following ? state.followGap : null;
  if (!gap) return '';
  return ` · Follow: events from ${utc(gap.from)} to ${utc(gap.to)} UTC not read yet (${gap.reason}); the next poll tries again`;
}

/**
 * With several Regions: how each stands; one refused or set aside shows why and a Retry of its own
 * (it carries on where that Region stopped) while the others' rows stay.
 */
export function renderRegions(state: LookupState, onRetry: (region: string) => void): TemplateResult | typeof nothing {
  if (state.regions.length < 2) return nothing;
  const idle = state.status === 'done' || state.status === 'error' || state.status === 'idle';
  return html`<ul class="regions" part="regions" aria-label="Regions">${state.regions.map((r) => html`<li data-region=${r.region}
    class=${r.error || r.behind ? 'failed' : ''}><strong>${r.region}</strong> ${r.error
      ? html`<span role="alert">not searched, the other Regions carry on: ${r.error.message}</span>`
      : r.behind && !r.done
        ? html`<span role="alert">behind after ${r.failures} failures in a row (${troubleText(r)}${r.trouble?.status ? `, HTTP ${r.trouble.status}` : ''}): ${r.reached === null
          ? 'none of its events read yet' : `its events before ${utc(r.reached)} UTC not read yet`}; ${events(r.loaded)} so far. The other Regions go on; it is tried again on every load.</span>`
        : `${events(r.loaded)}${r.done ? ', all loaded' : r.trouble ? `, ${regionText(r, Date.now()).slice(r.region.length + 2)}` : ''}`}${
      (r.error || (r.behind && !r.done)) && idle ? html` <button type="button" part="region-retry" @click=${() => onRetry(r.region)}>Retry ${r.region}</button>` : nothing}</li>`)}</ul>`;
}
