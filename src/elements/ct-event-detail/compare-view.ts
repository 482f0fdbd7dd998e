/**
 * The picked events side by side: every field of their records, flattened to paths
 * (`requestParameters.bucketName`, `userIdentity.sessionContext.attributes.mfaAuthenticated`),
 * rows that differ marked, and a "differences only" switch. Loaded with import() when the reader
 * first compares: the first rows do not need it.
 */
import { revealInvisible, visible } from '../shared/visible.js';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import { formatTime, type TimeZoneMode } from '../../state/time.js';
import { SUMMARY_FIELDS } from './summary.js';

/** Record paths the summary rows already show under their on-screen labels. */
const IN_SUMMARY = new Set(['eventTime', 'eventName', 'eventSource', 'userIdentity.accessKeyId', 'awsRegion', 'recipientAccountId',
  'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage', 'readOnly', 'eventType', 'eventID', 'requestID']);

export interface CompareRow {
  path: string;
  values: string[];
  differs: boolean;
}

/** Leaves of `value` as path → text; empty objects and arrays are leaves too ("{}", "[]"). */
export function flatten(value: unknown, path = '', out = new Map<string, string>(), depth = 0): Map<string, string> {
  if (value !== null && typeof value === 'object' && depth < 40) {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [k, v] as const);
    if (!entries.length) out.set(path || '(record)', Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) flatten(v, k.startsWith('[') ? `${path}${k}` : path ? `${path}.${k}` : k, out, depth + 1);
    return out;
  }
  out.set(path || '(record)', typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  return out;
}

const row = (path: string, values: string[]): CompareRow => ({ path, values, differs: new Set(values).size > 1 });

/**
 * The summary's fields under their labels, then one row per other path found in any record, in
 * first-seen order; a path missing from a record reads as empty.
 */
export function compareRows(events: readonly CtEvent[], zone: TimeZoneMode): CompareRow[] {
  const summary = SUMMARY_FIELDS.map((f) => row(f.label, events.map((e) => f.value(e, zone) ?? '')));
  const flat = events.map((e) => flatten(e.record ?? { CloudTrailEvent: e.CloudTrailEvent ?? '' }));
  const paths = new Set<string>();
  for (const f of flat) for (const p of f.keys()) if (!IN_SUMMARY.has(p)) paths.add(p);
  return [...summary, ...[...paths].map((path) => row(path, flat.map((f) => f.get(path) ?? '')))];
}

/** Text that may break after punctuation (ARNs, paths, dotted names) as well as at spaces, never inside a word. */
export function breakable(raw: string): (string | TemplateResult)[] {
  // Bidi and invisible characters show as ⟨U+…⟩ tokens here too: a comparison must not be spoofed.
  const text = revealInvisible(raw);
  // A huge value breaks anywhere (CSS) rather than costing a template per piece.
  if (text.length > 2000) return [text];
  const parts = text.split(/(?<=[./:,;_=&?@|-])/);
  return parts.flatMap((p, i) => (i < parts.length - 1 ? [p, html`<wbr />`] : [p]));
}

export interface CompareOptions {
  differencesOnly: boolean;
  onDifferencesOnly: (on: boolean) => void;
  onBack: () => void;
  onClear: () => void;
}

export function renderCompare(events: readonly CtEvent[], zone: TimeZoneMode, o: CompareOptions): TemplateResult {
  const rows = compareRows(events, zone);
  const differing = rows.filter((r) => r.differs).length;
  const shown = o.differencesOnly ? rows.filter((r) => r.differs) : rows;
  return html`<div class="compare-bar">
      <button type="button" class="compare-back" @click=${o.onBack}>Back to the events</button>
      <label class="switch"><input type="checkbox" role="switch" .checked=${o.differencesOnly}
        @change=${(e: Event) => o.onDifferencesOnly((e.target as HTMLInputElement).checked)} />Differences only</label>
      <span class="muted">${differing} of ${rows.length} fields differ</span>
      <span class="spacer"></span>
      <button type="button" @click=${o.onClear}>Clear picks</button>
    </div>
    <div class="compare-scroll">
      <table part="compare" class="compare">
        <caption class="visually-hidden">${events.length} events side by side; rows that differ are marked.</caption>
        <colgroup><col class="path-col" />${events.map(() => html`<col />`)}</colgroup>
        <thead><tr><th scope="col">Field</th>${events.map((e, i) => html`<th scope="col">Event ${i + 1}: ${visible(e.EventName)}<span class="when">${formatTime(e.EventTime, zone)}</span></th>`)}</tr></thead>
        <tbody>${shown.map((r) => html`<tr class=${r.differs ? 'differs' : ''}><th scope="row">${breakable(r.path)}${r.differs
          ? html` <span class="mark" aria-hidden="true">≠</span><span class="visually-hidden"> (differs)</span>` : nothing}</th>${
          r.values.map((v) => html`<td>${v === '' ? html`<span class="muted">(none)</span>` : breakable(v)}</td>`)}</tr>`)}</tbody>
      </table>
    </div>`;
}

/** Adopted by the detail when this module loads (see adoptStyles): they travel in this chunk. */
export const compareStyles = css`
    .compare-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--ct-space-s) var(--ct-space-m);
      margin-bottom: var(--ct-space-s);
    }
    .switch {
      display: inline-flex;
      align-items: center;
      gap: var(--ct-space-xs);
    }
    .compare-scroll {
      overflow-x: auto;
    }
    .compare {
      table-layout: fixed;
      min-width: 40rem;
    }
    .compare .path-col {
      width: 16rem;
    }
    .compare thead th {
      position: sticky;
      top: 0;
      background: var(--ct-surface-alt);
    }
    .compare tbody th {
      font-family: var(--ct-mono);
      font-size: var(--ct-font-size-s);
      font-weight: 500;
    }
    .compare td {
      font-family: var(--ct-mono);
      font-size: var(--ct-font-size-s);
    }
    .compare .when {
      display: block;
      font-weight: 400;
      color: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
    }
    .compare tr.differs {
      background: var(--ct-warning-bg);
      box-shadow: inset 3px 0 0 var(--ct-accent);
    }
    .compare .mark {
      color: var(--ct-accent);
      font-weight: 700;
    }
`;
