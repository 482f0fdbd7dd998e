import { css } from 'lit';
import { tokens } from '../shared/tokens.styles.js';

export const timelineStyles = [
  tokens,
  css`
    :host {
      display: block;
      min-width: 0;
      --ct-insight: var(--ct-timeline-insight, var(--ct-json-literal));
    }
    .frame {
      background: var(--ct-surface);
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
      padding: var(--ct-space-s) var(--ct-space-m);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--ct-space-xs) var(--ct-space-m);
      margin-bottom: var(--ct-space-xs);
    }
    h2 {
      font-size: 0.875rem;
      margin: 0;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: var(--ct-space-xs) var(--ct-space-s);
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .key {
      display: inline-block;
      width: 0.75em;
      height: 0.75em;
      margin-right: 0.25em;
      vertical-align: -0.05em;
      border-radius: 2px;
    }
    .key.ok,
    .ok {
      background: var(--ct-accent);
      fill: var(--ct-accent);
    }
    .key.err,
    .err {
      background: var(--ct-danger);
      fill: var(--ct-danger);
    }
    .key.unloaded {
      background: repeating-linear-gradient(45deg, var(--ct-border-strong) 0 1px, var(--ct-surface-alt) 1px 4px);
      outline: 1px solid var(--ct-border);
    }
    .key.insight,
    .insight {
      background: var(--ct-insight);
      fill: var(--ct-insight);
    }
    .scale {
      margin-left: auto;
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .plot {
      position: relative;
      min-height: 48px;
    }
    .chart {
      display: block;
      touch-action: none;
      cursor: crosshair;
      user-select: none;
      border-radius: 2px;
    }
    .chart:focus-visible {
      outline: 2px solid var(--ct-focus);
      outline-offset: 2px;
    }
    .hatch-bg {
      fill: var(--ct-surface-alt);
    }
    .hatch {
      stroke: var(--ct-border-strong);
      stroke-width: 1.5;
    }
    .unloaded-note {
      fill: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
      text-anchor: middle;
      dominant-baseline: middle;
      paint-order: stroke;
      stroke: var(--ct-surface);
      stroke-width: 6px;
      stroke-linejoin: round;
    }
    .baseline {
      stroke: var(--ct-border-strong);
    }
    .selection {
      fill: var(--ct-focus);
      fill-opacity: 0.18;
      stroke: var(--ct-focus);
      stroke-width: 1.5;
    }
    .axis {
      display: flex;
      justify-content: space-between;
      flex-wrap: wrap;
      gap: 0 var(--ct-space-s);
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
      margin-top: 2px;
    }
    .unloaded-text {
      text-align: center;
    }
    .readout,
    .empty {
      margin: var(--ct-space-xs) 0 0;
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
      min-height: 1.2em;
    }
    .empty {
      margin: 0;
      line-height: 48px;
      text-align: center;
    }
  `,
];
