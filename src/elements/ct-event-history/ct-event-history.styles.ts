import { css } from 'lit';
import { controls, tokens } from '../shared/tokens.styles.js';

export const historyStyles = [
  tokens,
  controls,
  css`
    :host {
      display: block;
    }
    /* A theme chosen apart from the page's: the history paints its own background, so its loose text never sits on the page's colours. */
    :host([theme]) {
      background: var(--ct-color-background, var(--ct-surface-alt));
      padding: var(--ct-space-m);
      border-radius: var(--ct-radius);
    }
    .layout {
      display: grid;
      gap: var(--ct-space-s);
      container-type: inline-size;
    }
    /* Nothing open: the table has the whole width. */
    .main {
      display: grid;
      gap: var(--ct-space-m);
      grid-template-columns: minmax(0, 1fr);
      align-items: start;
    }
    .main.comparing > ct-event-table {
      display: none;
    }
    ct-event-table {
      /* The rows take most of a screen, within reason, unless the page sets --ct-table-height. */
      --ct-table-default-height: clamp(20rem, calc(100vh - 16rem), 48rem);
    }
    .sign-in {
      display: grid;
      gap: var(--ct-space-xs);
      padding: var(--ct-space-m);
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
      background: var(--ct-surface-alt);
      color: var(--ct-text);
    }
    .sign-in > span {
      color: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
    }
    .facets > summary {
      cursor: pointer;
      font-size: var(--ct-font-size-s);
      font-weight: 600;
      color: var(--ct-text-muted);
      margin-bottom: var(--ct-space-xs);
    }
  `,
];
