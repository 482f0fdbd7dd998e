/**
 * A small chart of an insight's rate against its baseline: the baseline average as a dashed line
 * over the whole width, the insight's average as a raised block over its window. Loaded with
 * import() when an Insights event is first opened. SVG attributes only (no style attribute), so it
 * renders under a strict CSP.
 */
import { css, svg, type TemplateResult } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import { insightEnds } from '../../state/insights.js';

export { insightWindow } from '../../state/insights.js';

const W = 320;
const H = 112;
const TOP = 18;
const BOTTOM = 22;
const WINDOW_X = 200;

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n < 1 ? 3 : 1 });

export function renderInsightChart(e: CtEvent): TemplateResult | undefined {
  const { start, end } = insightEnds(e);
  const stats = (end ?? start ?? e).insight;
  const baseline = stats?.baselineAverage;
  const peak = stats?.insightAverage;
  if (baseline === undefined || peak === undefined) return undefined;
  const max = Math.max(baseline, peak) || 1;
  const y = (v: number) => TOP + (H - TOP - BOTTOM) * (1 - v / max);
  const minutes = end?.insight?.insightDuration
    ?? (start?.EventTime && end?.EventTime ? Math.round((end.EventTime.getTime() - start.EventTime.getTime()) / 60_000) : undefined);
  const times = baseline > 0 ? `${(peak / baseline).toFixed(1)} times the baseline` : 'with no calls in the baseline';
  const label = `Insight average ${fmt(peak)} per minute against a baseline average of ${fmt(baseline)}: ${times}${minutes ? `, for ${minutes} minutes` : ''}.`;
  return svg`<svg class="insight-chart" viewBox="0 0 ${W} ${H}" width="100%" height=${H} role="img" aria-label=${label}>
    <line class="axis" x1="0" x2=${W} y1=${H - BOTTOM} y2=${H - BOTTOM}></line>
    <rect class="peak" x=${WINDOW_X} width=${W - WINDOW_X - 8} y=${y(peak)} height=${Math.max(1, H - BOTTOM - y(peak))}></rect>
    <line class="baseline" x1="0" x2=${W} y1=${y(baseline)} y2=${y(baseline)}></line>
    <text class="label" x="4" y=${Math.max(12, y(baseline) - 4)}>baseline ${fmt(baseline)}/min</text>
    <text class="label strong" x=${WINDOW_X} y=${Math.max(12, y(peak) - 4)}>insight ${fmt(peak)}/min</text>
    <text class="label" x="4" y=${H - 6}>before</text>
    <text class="label" x=${WINDOW_X} y=${H - 6}>${minutes ? `window, ${minutes} min` : 'window'}</text>
  </svg>`;
}

/** Adopted by the detail when this module loads (see adoptStyles). */
export const chartStyles = css`
    .chart {
      margin: 0 0 var(--ct-space-s);
      max-width: 28rem;
    }
    .insight-chart .axis {
      stroke: var(--ct-border-strong);
    }
    .insight-chart .peak {
      fill: var(--ct-accent);
      opacity: 0.35;
    }
    .insight-chart .baseline {
      stroke: var(--ct-text-muted);
      stroke-width: 2;
      stroke-dasharray: 6 4;
    }
    .insight-chart .label {
      fill: var(--ct-text-muted);
      font-size: 11px;
    }
    .insight-chart .strong {
      fill: var(--ct-text);
      font-weight: 600;
    }
`;
