/**
 * CloudTrail Insights in the table: the Start and End records of one insight (they share a
 * `sharedEventID`) become one row, and the columns are the insight's own (type, state, the API it
 * is about, its window and its averages), not the management columns, which are empty for it.
 * Plain TypeScript: no Lit, no DOM.
 */
import type { CtEvent } from '../lookup/events.js';
import type { Column } from './columns.js';
import { formatTime, type TimeZoneMode } from './time.js';

/** The other record of the same insight (Start ↔ End), once both are loaded and paired. */
const partners = new WeakMap<CtEvent, CtEvent>();

export function insightPartner(e: CtEvent): CtEvent | undefined {
  return partners.get(e);
}

/** The Start and End records of an insight, whichever are loaded. */
export function insightEnds(e: CtEvent): { start?: CtEvent; end?: CtEvent } {
  const other = partners.get(e);
  const isEnd = (x: CtEvent | undefined) => x?.insight?.state === 'End';
  return isEnd(e) ? { start: other, end: e } : { start: e, end: other };
}

const sharedId = (e: CtEvent): string | undefined => {
  const id = e.record?.sharedEventID;
  return typeof id === 'string' && id ? id : undefined;
};

/**
 * One event per insight, where the list first shows it: the Start record when loaded (the row
 * opens it), else the End. Records without a `sharedEventID` stay rows of their own.
 */
export function pairInsights(events: readonly CtEvent[]): CtEvent[] {
  const first = new Map<string, CtEvent>();
  const rows: CtEvent[] = [];
  const slot = new Map<string, number>();
  for (const e of events) {
    const id = sharedId(e);
    if (!id) {
      rows.push(e);
      continue;
    }
    const seen = first.get(id);
    if (!seen) {
      first.set(id, e);
      slot.set(id, rows.length);
      rows.push(e);
      continue;
    }
    partners.set(seen, e);
    partners.set(e, seen);
    if (e.insight?.state === 'Start') rows[slot.get(id)!] = e;
  }
  return rows;
}

/** `ApiCallRateInsight` → `API call rate`. */
export function insightTypeLabel(type: string | undefined): string {
  if (type === 'ApiCallRateInsight') return 'API call rate';
  if (type === 'ApiErrorRateInsight') return 'API error rate';
  return type ?? '';
}

const num = (n: number | undefined) => (n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: 3 }));

/** "Ended" when the End record is loaded, "Started" while only the Start is (the insight may be ongoing). */
export function insightStateLabel(e: CtEvent): string {
  const { start, end } = insightEnds(e);
  if (end) return start ? 'Ended' : 'Ended (start not loaded)';
  return 'Started';
}

/** The insight's window: start to end (duration), or from its start while the End is not loaded. */
export function insightWindow(e: CtEvent, zone: TimeZoneMode): string {
  const { start, end } = insightEnds(e);
  const from = start?.EventTime;
  const to = end?.EventTime;
  if (from && to) {
    const minutes = Math.round((to.getTime() - from.getTime()) / 60_000);
    // `2026-11-20 21:17:15 UTC`: the start without its zone, the end without the parts it shares.
    const a = formatTime(from, zone);
    const b = formatTime(to, zone);
    const zoneLabel = a.slice(20);
    const endText = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b.slice(5);
    return `${a.slice(0, 19)} – ${endText.replace(` ${zoneLabel}`, '')} ${zoneLabel} (${minutes} min)`;
  }
  if (from) return `${formatTime(from, zone)} – ongoing`;
  return to ? `… – ${formatTime(to, zone)}` : '';
}

/** The Insights columns. Their ids are not in the chooser: an Insights lookup always shows these. */
export const INSIGHT_COLUMNS: readonly Column[] = [
  { id: 'insightWindow', label: 'Insight window', min: 16, grow: 1.4, value: insightWindow },
  { id: 'insightType', label: 'Insight type', min: 8, grow: 0.8, value: (e) => insightTypeLabel(e.insight?.insightType) },
  { id: 'insightState', label: 'State', min: 5, grow: 0.5, value: insightStateLabel },
  { id: 'insightSource', label: 'Event source', min: 9, grow: 1, value: (e) => e.insight?.eventSource ?? e.EventSource ?? '', field: 'EventSource' },
  { id: 'insightName', label: 'Event name', min: 9, grow: 1, value: (e) => e.insight?.eventName ?? e.EventName ?? '', field: 'EventName' },
  { id: 'baselineAverage', label: 'Baseline average', min: 7, grow: 0.6, value: (e) => num(e.insight?.baselineAverage) },
  { id: 'insightAverage', label: 'Insight average', min: 7, grow: 0.6, value: (e) => num(e.insight?.insightAverage) },
];
