/**
 * The table's status line, empty state and error state, in words. An empty lookup is the most
 * confusing thing LookupEvents does, so the empty state says why it can happen for this query.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LookupState } from '../../lookup/controller.js';
import { ATTRIBUTE_LABELS } from '../shared/labels.js';

/** Services whose events CloudTrail records in US East (N. Virginia) only. */
const GLOBAL_SERVICES = 'IAM, STS (global endpoint), CloudFront, Route 53 and AWS sign-in';

const num = (n: number) => n.toLocaleString('en-US');

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
  const text = lookupStatusText(state, now);
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
      return `${loaded} · ${state.hasMore ? 'more available' : 'all events for this lookup'}`;
  }
}

export function renderEmpty(state: LookupState, region: string | undefined): TemplateResult {
  if (!state.query) {
    return html`<div class="empty" part="empty" role="status"><p>Run a lookup to see events.</p></div>`;
  }
  const q = state.query;
  const reasons: TemplateResult[] = [];
  if (q.attribute) {
    reasons.push(html`<li>${ATTRIBUTE_LABELS[q.attribute.key]} must match <strong>exactly and case-sensitively</strong>:
      you looked up <code>${q.attribute.value}</code>. Check capitals, spaces, and the full value (for example
      <code>s3.amazonaws.com</code> for an event source, the full ARN or ID for a resource).</li>`);
  }
  if (q.readOnly !== 'all') {
    reasons.push(html`<li>The read-only filter shows only ${q.readOnly === 'read' ? 'read' : 'write'} events${
      state.counts.filteredOut ? html`: it hid ${num(state.counts.filteredOut)} events that matched otherwise` : nothing}.</li>`);
  }
  if (state.hasMore && filtering(state)) {
    reasons.push(html`<li>The browser applies the read-only filter to what CloudTrail returns (the API takes one attribute):
      ${num(state.counts.scanned)} events scanned so far, none matched. <strong>Scan further</strong> looks at the next ones.</li>`);
  }
  reasons.push(html`<li>Only events in the chosen time range are shown, and CloudTrail keeps event history for
    <strong>90 days</strong>; older events are only in a trail's S3 log files.</li>`);
  reasons.push(html`<li>Event history is per Region${region ? html` (this is <code>${region}</code>)` : nothing}: events of
    global services (${GLOBAL_SERVICES}) are recorded in <code>us-east-1</code>.</li>`);
  if (q.category === 'insight') {
    reasons.push(html`<li>Insights events exist only if CloudTrail Insights is enabled on a trail and unusual activity was detected.</li>`);
  }
  return html`<div class="empty" part="empty" role="status">
    <p><strong>${state.hasMore ? 'No events match this lookup so far.' : 'No events match this lookup.'}</strong> This can happen because:</p>
    <ul>${reasons}</ul>
  </div>`;
}

export function renderError(state: LookupState, onRetry: () => void): TemplateResult | typeof nothing {
  if (state.status !== 'error' || !state.error) return nothing;
  const kept = state.events.length;
  return html`<div class="error" part="error" role="alert">
    <p><strong>${state.error.code === 'ValidationError' ? 'This lookup is not valid.' : 'The lookup failed.'}</strong> ${state.error.message}</p>
    ${kept && state.error.code !== 'InvalidNextTokenException' ? html`<p>The ${kept.toLocaleString('en-US')} events already loaded are kept.</p>` : nothing}
    ${state.error.code === 'ValidationError'
      ? nothing
      : state.error.code === 'InvalidNextTokenException'
        ? html`<button type="button" part="retry" @click=${onRetry}>Run the lookup again from the start</button>`
        : html`<button type="button" part="retry" @click=${onRetry}>Retry${kept ? ' from the last page' : ''}</button>`}
  </div>`;
}
