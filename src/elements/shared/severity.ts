/**
 * The mark of a finding's severity: a small shape whose form and colour both change with the level
 * (so it reads without colour too), beside text that names the level.
 */
import { css, html, type TemplateResult } from 'lit';
import type { Severity } from '../../lookup/findings/types.js';

const SHAPES: Record<Severity, string> = { critical: '◆', high: '▲', medium: '●', low: '○', info: '·' };

/** The mark, hidden from screen readers: the text beside it names the severity. */
export function severityMark(severity: Severity): TemplateResult {
  return html`<span class="sev" data-severity=${severity} aria-hidden="true">${SHAPES[severity]}</span>`;
}

/**
 * @cssprop --ct-color-severity-critical - The mark of critical findings.
 * @cssprop --ct-color-severity-high - The mark of high findings.
 * @cssprop --ct-color-severity-medium - The mark of medium findings.
 * @cssprop --ct-color-severity-low - The mark of low and informational findings.
 */
export const severityStyles = css`
  .sev {
    display: inline-block;
    min-width: 1em;
    margin-right: var(--ct-space-xs);
    text-align: center;
    font-weight: 700;
  }
  .sev[data-severity='critical'] { color: var(--ct-color-severity-critical, var(--ct-danger)); }
  .sev[data-severity='high'] { color: var(--ct-color-severity-high, #e5534b); }
  .sev[data-severity='medium'] { color: var(--ct-color-severity-medium, #b08800); }
  .sev[data-severity='low'],
  .sev[data-severity='info'] { color: var(--ct-color-severity-low, var(--ct-text-muted)); }
`;
