import { css } from 'lit';
import { controls, tokens } from '../shared/tokens.styles.js';

export const filterStyles = [
  tokens,
  controls,
  css`
    :host {
      display: block;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      /* Compact: the fields, conditions and buttons share one line when the width allows (1440 px does). */
      gap: var(--ct-space-s);
      align-items: flex-start;
      padding: var(--ct-space-s) var(--ct-space-m);
      background: var(--ct-surface);
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: var(--ct-space-xs);
      min-width: 4.5rem;
    }
    /* Each choice as wide as what it shows ("UTC" narrow, "Management events" whole), so
       the fields and buttons stay on one line at 1440 px with the Source, Region and account
       choosers; a longer choice than fits is cut, not the line. */
    .field > select {
      field-sizing: content;
      min-width: 4.5rem;
      max-width: 13rem;
      text-overflow: ellipsis;
    }
    .field.value {
      flex: 1 1 16rem;
    }
    .field.time {
      max-width: 15rem;
    }
    .time input {
      font-variant-numeric: tabular-nums;
    }
    label,
    legend {
      font-size: var(--ct-font-size-s);
      font-weight: 600;
      color: var(--ct-text-muted);
    }
    fieldset {
      border: 0;
      padding: 0;
      margin: 0;
      display: flex;
      gap: var(--ct-space-s);
      flex-wrap: wrap;
    }
    input,
    select,
    button {
      min-height: 2rem;
    }
    input[aria-invalid='true'],
    select[aria-invalid='true'] {
      border-color: var(--ct-danger);
    }
    .error {
      color: var(--ct-danger);
      font-size: var(--ct-font-size-s);
      max-width: 28rem;
    }
    .actions {
      display: flex;
      gap: var(--ct-space-s);
      align-self: flex-end;
    }
    button[type='submit'] {
      background: var(--ct-accent);
      border-color: var(--ct-accent);
      color: var(--ct-accent-text);
      font-weight: 600;
    }
    button:hover {
      filter: brightness(1.08);
    }
    .conditions {
      flex: 1 0 100%;
      flex-direction: column;
      align-items: flex-start;
    }
    /* No condition yet: only its legend and "Add condition", as one more field on the line (the hint is read, not shown: visually-hidden). */
    .conditions.empty {
      flex: 0 0 auto;
      gap: var(--ct-space-xs);
    }
    .conditions.empty > legend {
      padding: 0;
      margin-bottom: var(--ct-space-xs);
    }

    .condition {
      display: flex;
      flex-wrap: wrap;
      gap: var(--ct-space-s);
      align-items: center;
      width: 100%;
      max-width: 52rem;
    }
    .condition input {
      min-width: 12rem;
      flex: 1 1 14rem;
    }
    .hint {
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
  `,
];
