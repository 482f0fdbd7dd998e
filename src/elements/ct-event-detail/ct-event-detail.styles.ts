import { css } from 'lit';
import { controls, tokens } from '../shared/tokens.styles.js';

export const detailStyles = [
  tokens,
  controls,
  css`
    :host {
      display: block;
      min-width: 0;
      container-type: inline-size;
    }
    .frame {
      background: var(--ct-surface);
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
      padding: var(--ct-space-m);
      overflow-wrap: break-word;
    }
    h2 {
      font-size: 1.125rem;
      margin: 0 0 var(--ct-space-s);
    }
    h3 {
      font-size: 0.9375rem;
      margin: var(--ct-space-l) 0 var(--ct-space-s);
    }
    .failed,
    .failed-field dd {
      color: var(--ct-danger);
    }
    .warning {
      background: var(--ct-warning-bg);
      padding: var(--ct-space-s);
      border-radius: var(--ct-radius);
    }
    .placeholder,
    .muted {
      color: var(--ct-text-muted);
    }
    .summary {
      display: grid;
      grid-template-columns: minmax(8rem, max-content) 1fr;
      gap: var(--ct-space-xs) var(--ct-space-m);
      margin: 0;
    }
    .summary .row {
      display: contents;
    }
    dt {
      font-weight: 600;
      color: var(--ct-text-muted);
    }
    dd {
      margin: 0;
      unicode-bidi: plaintext;
      min-width: 0;
    }
    .pivots {
      display: inline-flex;
      gap: var(--ct-space-xs);
      margin-inline-start: var(--ct-space-s);
      vertical-align: baseline;
    }
    button.pivot {
      min-height: 1.5rem;
      padding: 0 var(--ct-space-s);
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    button.pivot:hover,
    button.pivot:focus-visible {
      color: var(--ct-text);
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    caption {
      text-align: left;
      color: var(--ct-text-muted);
      padding-bottom: var(--ct-space-xs);
    }
    th,
    td {
      text-align: left;
      border-bottom: 1px solid var(--ct-border);
      padding: var(--ct-space-xs) var(--ct-space-s);
      vertical-align: top;
      unicode-bidi: plaintext;
    }
    /* Table cells break between words and after punctuation, never letter by letter. */
    th,
    td {
      overflow-wrap: break-word;
      word-break: normal;
    }
    .resources th[scope='col'],
    .attributions td:first-child {
      white-space: nowrap;
    }
    .bar,
    .json-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--ct-space-s);
    }
    .spacer {
      flex: 1;
    }
    .note {
      color: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
    }
    .json-box {
      margin-top: var(--ct-space-s);
      padding: var(--ct-space-s);
      background: var(--ct-surface-alt);
      border-radius: var(--ct-radius);
      font-family: var(--ct-mono);
      font-size: var(--ct-font-size-s);
      max-height: var(--ct-json-height, 32rem);
      overflow: auto;
    }
    .raw {
      margin: 0;
      white-space: pre-wrap;
    }
    .children {
      padding-left: 1.25rem;
      border-left: 1px dotted var(--ct-border);
    }
    summary {
      cursor: pointer;
    }
    .line {
      padding-left: 1rem;
    }
    .key {
      color: var(--ct-json-key);
    }
    .string {
      color: var(--ct-json-string);
      white-space: pre-wrap;
      unicode-bidi: plaintext;
    }
    .number {
      color: var(--ct-json-number);
    }
    .boolean,
    .null {
      color: var(--ct-json-literal);
    }
    button.more {
      display: block;
      margin: 0.125rem 0;
      font: inherit;
    }
    .punct,
    .index,
    .count {
      color: var(--ct-text-muted);
    }
    /* Last, to win over the rules above. Narrow (a phone, or a narrow pane): each label above its value, so a value has the whole line. */
    @container (max-width: 26rem) {
      .summary {
        grid-template-columns: minmax(0, 1fr);
        gap: 0;
      }
      .summary dd {
        margin-bottom: var(--ct-space-s);
      }
    }
  `,
];
