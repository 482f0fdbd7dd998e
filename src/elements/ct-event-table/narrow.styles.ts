import { css } from 'lit';

/**
 * A phone's width: each row takes two lines, so the time, the event name and the user are read
 * without scrolling sideways (the time and the user on the first line, the name on the second; a
 * failed call keeps its ✕ and its colour; the header row is read by screen readers, not shown).
 * The columns after those three follow on further lines, three to a line in a smaller type (the
 * first under the time, the next two under the user), so every chosen column is read without
 * scrolling too; the Columns chooser decides which. Adopted with the table's later module (table-later.ts), which loads beside the first
 * rows, so it costs the first-rows bundle nothing.
 */
export const narrowStyles = css`
  :host {
    container-type: inline-size;
  }
  @container (max-width: 30rem) {
    .row {
      /* The time keeps its whole width (the same in every row) where the line has room; the user has the rest. */
      grid-template-columns: 2.25rem minmax(0, max-content) minmax(0, 1fr) minmax(0, 1fr);
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
    /* Further columns: a line more for each three of them. */
    .body .row:has(> :nth-child(5)) {
      height: calc(2.3 * var(--ct-row-height, 2rem));
    }
    .body .row:has(> :nth-child(8)) {
      height: calc(3 * var(--ct-row-height, 2rem));
    }
    .body .row:has(> :nth-child(11)) {
      height: calc(3.7 * var(--ct-row-height, 2rem));
    }
    .row > .pick {
      grid-area: 1 / 1 / 3 / 2;
    }
    .row > :nth-child(2) {
      grid-area: 1 / 2;
    }
    .row > :nth-child(3) {
      grid-area: 2 / 2 / 3 / 5;
      font-weight: 600;
    }
    .row > :nth-child(4) {
      grid-area: 1 / 3 / 2 / 5;
    }
    .row > :nth-child(n + 5) {
      grid-row: auto;
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .row > :nth-child(3n + 5) {
      grid-column: 2;
    }
    .row > :nth-child(3n + 6) {
      grid-column: 3;
    }
    .row > :nth-child(3n + 7) {
      grid-column: 4;
    }
    .row > :nth-child(n + 14),
    .resizer {
      display: none;
    }
  }
`;
