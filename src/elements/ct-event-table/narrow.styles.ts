import { css } from 'lit';

/**
 * A phone's width: each row takes two lines, so the time, the event name and the user are read
 * without scrolling sideways (the time and the user on the first line, the name on the second; a
 * failed call keeps its ✕ and its colour; the header row is read by screen readers, not shown). Further columns show on wider screens and in the
 * detail. Adopted with the table's later module (table-later.ts), which loads beside the first
 * rows, so it costs the first-rows bundle nothing.
 */
export const narrowStyles = css`
  :host {
    container-type: inline-size;
  }
  @container (max-width: 30rem) {
    .row {
      /* The time keeps its whole width (the same in every row) where the line has room; the user has the rest. */
      grid-template-columns: 2.25rem minmax(0, max-content) minmax(0, 1fr);
      grid-template-rows: auto auto;
      align-content: center;
      min-width: 0;
      /* A value longer than the line (an Insights window) is cut at the row's edge, never widens it. */
      overflow: hidden;
    }
    .head,
    .body {
      min-width: 0;
    }
    /* Each row says what its values are by their place: the header row is for screen readers only. */
    .head {
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .body .row {
      height: calc(1.6 * var(--ct-row-height, 2rem));
    }
    .row > .pick {
      grid-area: 1 / 1 / 3 / 2;
    }
    .row > :nth-child(2) {
      grid-area: 1 / 2;
    }
    .row > :nth-child(3) {
      grid-area: 2 / 2 / 3 / 4;
      font-weight: 600;
    }
    .row > :nth-child(4) {
      grid-area: 1 / 3;
    }
    .row > :nth-child(n + 5),
    .resizer {
      display: none;
    }
  }
`;
