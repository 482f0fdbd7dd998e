/**
 * The table's empty and error states, in words: an empty lookup is the most confusing thing LookupEvents
 * does, so it says why it can happen for this query and offers a wider range; a search that
 * matches nothing offers to clear it. Loaded with import() beside the first rows (they do not need it).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LookupState } from '../../lookup/lookup-session.js';
import type { RelativePreset, TimeRange } from '../../lookup/types.js';
import type { InvestigationStore } from '../../state/store.js';
import { accountName, type AccountChoice } from '../../lookup/account-names.js';
import { ATTRIBUTE_LABELS } from '../shared/labels.js';
import { filtering, num, settled } from './states.js';

/** Services whose events CloudTrail records in US East (N. Virginia) only. */
const GLOBAL_SERVICES = 'IAM, STS (global endpoint), CloudFront, Route 53 and AWS sign-in';

const PRESETS: readonly RelativePreset[] = ['30m', '1h', '12h', '1d', '7d', '30d', '90d'];
const PRESET_WORDS: Record<RelativePreset, string> = {
  '30m': '30 minutes', '1h': 'hour', '12h': '12 hours', '1d': 'day', '7d': '7 days', '30d': '30 days', '90d': '90 days',
};

/** What the message in the grid's area needs of the table besides its store. */
interface MessageParts {
  /** Rows shown; `pending` (Insights columns still loading) is asked only when none are. */
  shown: number;
  pending: () => boolean;
  searching: boolean;
  /** The search's module is in (until then a search shows no rows, and no "no match" either). */
  searchReady: boolean;
  onRetry: () => void;
  onClear: () => void;
  /** Gives focus to the grid (before the wider lookup runs). */
  focus: () => void;
}

/** The message in the grid's area: an error, an empty lookup, or a search that matches nothing, each with what helps. */
export function renderMessage(store: InvestigationStore, parts: MessageParts): TemplateResult | typeof nothing {
  const lookup = store.lookup.state;
  if (lookup.status === 'error') return renderError(lookup, parts.onRetry);
  if (parts.shown || parts.pending()) return nothing;
  if (parts.searching && lookup.events.length && parts.searchReady) return renderNoMatch(store.state.search.query, parts.onClear);
  // An empty lookup says why (the events the page gave need no explaining).
  if (lookup.query && settled(lookup.status) && (!lookup.hasMore || lookup.plan?.filters.length) && !parts.searching) {
    return renderEmpty(lookup, { region: store.lookup.regions.join(', '), accounts: store.accounts, athena: store.sources.current === 'athena' }, () => widen(store, parts.focus));
  }
  return nothing;
}

/** The empty state's "widen the range": the same lookup over the next longer preset. */
function widen(store: InvestigationStore, focus: () => void): void {
  const query = store.lookup.state.query;
  const range = query && widerRange(query.timeRange);
  if (!query || !range) return;
  focus();
  store.run({ ...query, timeRange: range }).catch(() => {});
}

/** The next longer preset than `range` (an absolute range widens to the whole 90 days); none past 90 days. */
function widerRange(range: TimeRange): TimeRange | undefined {
  if (range.kind === 'absolute') return { kind: 'relative', preset: '90d' };
  const next = PRESETS[PRESETS.indexOf(range.preset) + 1];
  return next ? { kind: 'relative', preset: next } : undefined;
}

/** The in-table search matched none of the loaded rows. */
function renderNoMatch(query: string, onClear: () => void): TemplateResult {
  return html`<div class="empty" part="empty" role="status">
    <p><strong>No loaded event matches${query.trim() ? html` <q>${query.trim()}</q>` : ' this search'}.</strong>
      The search looks at the events loaded so far, not the whole lookup.</p>
    <button type="button" @click=${onClear}>Clear search</button>
  </div>`;
}

/** Where the lookup read: its Regions, the accounts searched among those configured, and whether it read Athena. */
interface Searched { region?: string; accounts?: AccountChoice; athena: boolean }

function renderEmpty(state: LookupState, { region, accounts, athena }: Searched, onWiden?: () => void): TemplateResult {
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
  if (athena) {
    reasons.push(html`<li>Only events in the chosen time range are shown, and the table holds only the logs its trail
      delivered to S3: a trail's own table holds its account's logs, an organization trail's every member's.</li>`);
  } else {
    reasons.push(html`<li>Only events in the chosen time range are shown, and CloudTrail keeps event history for
      <strong>90 days</strong>; older events are only in a trail's S3 log files.</li>`);
    reasons.push(html`<li>Event history is per Region${region ? html` (this is <code>${region}</code>)` : nothing}: events of
      global services (${GLOBAL_SERVICES}) are recorded in <code>us-east-1</code>.</li>`);
  }
  const unsearched = accounts ? accounts.allowed.filter((a) => !accounts.searched.some((s) => s.accountId === a.accountId)) : [];
  if (accounts && unsearched.length) {
    reasons.push(html`<li>Only the accounts chosen are searched (${accounts.searched.map(accountName).join(', ')});
      ${unsearched.length === 1 ? 'one other is' : `${unsearched.length} others are`} not: ${unsearched.map(accountName).join(', ')}.</li>`);
  }
  if (q.category === 'insight') {
    reasons.push(html`<li>Insights events exist only if CloudTrail Insights is enabled on a trail and unusual activity was detected.</li>`);
  }
  const wider = widerRange(q.timeRange);
  return html`<div class="empty" part="empty" role="status">
    <p><strong>${state.hasMore ? 'No events match this lookup so far.' : 'No events match this lookup.'}</strong> This can happen because:</p>
    <ul>${reasons}</ul>
    ${wider?.kind === 'relative' && onWiden ? html`<p><button type="button" class="widen" @click=${onWiden}>Look in the last ${PRESET_WORDS[wider.preset]}</button></p>` : nothing}
  </div>`;
}

function renderError(state: LookupState, onRetry: () => void): TemplateResult | typeof nothing {
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
