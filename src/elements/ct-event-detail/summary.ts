/** The detail's summary fields and the comparison of picked events, as label/value pairs. */
import type { ConditionField } from '../../lookup/conditions.js';
import type { CtEvent } from '../../lookup/events.js';
import { formatTime, type TimeZoneMode } from '../../state/time.js';

export interface Field {
  label: string;
  value: (e: CtEvent, zone: TimeZoneMode) => string | undefined;
  /** The condition field the value can pivot on ("filter on this", "new lookup"). */
  field?: ConditionField;
}

export const SUMMARY_FIELDS: readonly Field[] = [
  { label: 'Event time', value: (e, zone) => formatTime(e.EventTime, zone) },
  { label: 'Event name', value: (e) => e.EventName, field: 'EventName' },
  { label: 'Event source', value: (e) => e.EventSource, field: 'EventSource' },
  { label: 'User name', value: (e) => e.Username, field: 'Username' },
  { label: 'Identity', value: (e) => [e.identityType, e.identityArn].filter(Boolean).join(' · ') || undefined },
  { label: 'AWS access key', value: (e) => e.AccessKeyId, field: 'AccessKeyId' },
  { label: 'AWS Region', value: (e) => e.region, field: 'AwsRegion' },
  { label: 'Account', value: (e) => e.accountId, field: 'AccountId' },
  { label: 'Source IP address', value: (e) => e.sourceIp, field: 'SourceIPAddress' },
  { label: 'User agent', value: (e) => e.userAgent, field: 'UserAgent' },
  { label: 'Error code', value: (e) => e.errorCode, field: 'ErrorCode' },
  { label: 'Error message', value: (e) => e.errorMessage, field: 'ErrorMessage' },
  { label: 'Read-only', value: (e) => (e.ReadOnly === undefined ? undefined : String(e.ReadOnly)), field: 'ReadOnly' },
  { label: 'Event type', value: (e) => e.eventType },
  { label: 'Event ID', value: (e) => e.EventId, field: 'EventId' },
  { label: 'Request ID', value: (e) => e.requestId },
];

export const INSIGHT_FIELDS: readonly Field[] = [
  { label: 'Insight type', value: (e) => e.insight?.insightType },
  { label: 'Insight state', value: (e) => e.insight?.state },
  { label: 'API', value: (e) => [e.insight?.eventSource, e.insight?.eventName].filter(Boolean).join(' ') || undefined },
  { label: 'Error code', value: (e) => e.insight?.errorCode },
  { label: 'Baseline average', value: (e) => fmtNumber(e.insight?.baselineAverage) },
  { label: 'Insight average', value: (e) => fmtNumber(e.insight?.insightAverage) },
  {
    label: 'Change against baseline',
    value: (e) => {
      const b = e.insight?.baselineAverage;
      const i = e.insight?.insightAverage;
      if (b === undefined || i === undefined) return undefined;
      return b === 0 ? `${fmtNumber(i)} vs none` : `${(i / b).toFixed(1)}× the baseline`;
    },
  },
];

function fmtNumber(n: number | undefined): string | undefined {
  return n === undefined ? undefined : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** The attributions of an Insights record: which users, user agents and error codes drove it. */
export function insightAttributions(e: CtEvent): { attribute: string; insight: string; baseline: string }[] {
  const context = (e.record?.insightDetails as { insightContext?: { attributions?: unknown } } | undefined)?.insightContext;
  const list = Array.isArray(context?.attributions) ? context.attributions : [];
  return list.flatMap((a: unknown) => {
    const item = a as { attribute?: unknown; insight?: unknown; baseline?: unknown };
    if (typeof item?.attribute !== 'string') return [];
    const top = (v: unknown) =>
      Array.isArray(v)
        ? v.slice(0, 5).map((x: { value?: unknown; average?: unknown }) => `${String(x?.value ?? '')} (${String(x?.average ?? '')})`).join(', ')
        : '';
    return [{ attribute: item.attribute, insight: top(item.insight), baseline: top(item.baseline) }];
  });
}
