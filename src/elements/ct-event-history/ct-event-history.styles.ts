import { css } from 'lit';
import { controls, tokens } from '../shared/tokens.styles.js';

export const historyStyles = [
  tokens,
  controls,
  css`
    :host {
      display: block;
    }
    .layout {
      display: grid;
      gap: var(--ct-space-m);
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
    .pane-bar {
      display: flex;
      align-items: center;
      gap: var(--ct-space-s);
      margin-bottom: var(--ct-space-xs);
    }
    .spacer {
      flex: 1;
    }
    .splitter {
      display: none;
    }
    .facets > summary {
      cursor: pointer;
      font-size: var(--ct-font-size-s);
      font-weight: 600;
      color: var(--ct-text-muted);
      margin-bottom: var(--ct-space-xs);
    }
    @container (min-width: 64rem) {
      /* An event open: the detail beside the table, as wide as the splitter left it. */
      .main.open:not(.comparing) {
        grid-template-columns: minmax(22rem, 1fr) 0.75rem minmax(17.5rem, var(--ct-detail-width, 520px));
        gap: 0;
      }
      .main.open:not(.comparing) .back {
        display: none;
      }
      .main.open:not(.comparing) .pane {
        position: sticky;
        top: 0;
        max-height: 100vh;
        overflow: auto;
      }
      .splitter {
        display: block;
        align-self: stretch;
        cursor: col-resize;
        touch-action: none;
        position: relative;
      }
      .splitter::after {
        content: '';
        position: absolute;
        inset-block: 0;
        inset-inline-start: calc(50% - 1px);
        width: 2px;
        border-radius: 1px;
        background: var(--ct-border);
      }
      .splitter:hover::after,
      .splitter:focus-visible::after {
        background: var(--ct-focus);
        width: 4px;
        inset-inline-start: calc(50% - 2px);
      }
      .splitter:focus-visible {
        outline: none;
      }
    }
  `,
];
