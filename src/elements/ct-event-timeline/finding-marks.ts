/**
 * Findings on the timeline: a mark in the band above the bars for each bucket holding events that a
 * rule flags, shaped and coloured by the most severe, with the count and the rules in its tooltip.
 */
import { css, svg, nothing } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import type { Severity } from '../../lookup/findings/types.js';
import { SEVERITY_LABEL, severityRank, topFinding } from '../../state/findings.js';
import type { TimelineBuckets } from './buckets.js';

interface Mark {
  bucket: number;
  severity: Severity;
  events: number;
  titles: Set<string>;
}

export function renderFindingMarks(flagged: readonly CtEvent[], b: TimelineBuckets, x: (t: number) => number, band: number) {
  if (!flagged.length || !b.count) return nothing;
  const marks = new Map<number, Mark>();
  for (const e of flagged) {
    const t = e.EventTime?.getTime();
    const top = topFinding(e);
    if (t === undefined || !top || t < b.start || t > b.end) continue;
    const bucket = b.indexOf(t);
    const mark = marks.get(bucket) ?? { bucket, severity: top.rule.severity, events: 0, titles: new Set<string>() };
    mark.events++;
    mark.titles.add(top.rule.title);
    if (severityRank(top.rule.severity) > severityRank(mark.severity)) mark.severity = top.rule.severity;
    marks.set(bucket, mark);
  }
  return svg`${[...marks.values()].map((m) => {
    const cx = (x(b.bucketStart(m.bucket)) + x(b.bucketEnd(m.bucket))) / 2;
    const label = `${m.events} ${m.events === 1 ? 'event' : 'events'} with findings (most severe: ${SEVERITY_LABEL[m.severity]}): ${[...m.titles].join('; ')}`;
    return svg`<path part="finding-mark" class="finding-mark" data-severity=${m.severity} data-start=${new Date(b.bucketStart(m.bucket)).toISOString()}
      d="M${cx - 4} 0 L${cx + 4} 0 L${cx} ${band - 1} Z"><title>${label}</title></path>`;
  })}`;
}

export const findingMarkStyles = css`
  .key.finding { background: var(--ct-color-severity-high, #e5534b); }
  .finding-mark { fill: var(--ct-color-severity-low, var(--ct-text-muted)); }
  .finding-mark[data-severity='medium'] { fill: var(--ct-color-severity-medium, #b08800); }
  .finding-mark[data-severity='high'] { fill: var(--ct-color-severity-high, #e5534b); }
  .finding-mark[data-severity='critical'] { fill: var(--ct-color-severity-critical, var(--ct-danger)); }
`;
