import { css } from 'lit';
import { controls, tokens } from '../shared/tokens.styles.js';

export const tableStyles = [
  tokens,
  controls,
  css`
    :host {
      display: block;
    }
    .frame {
      display: flex;
      flex-direction: column;
      gap: var(--ct-space-s);
      background: var(--ct-surface);
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
      padding: var(--ct-space-s);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--ct-space-s);
    }
    .status {
      font-weight: 600;
    }
    .searched {
      color: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
    }
    .searched button {
      margin-left: var(--ct-space-xs);
    }
    /* The toolbar's buttons in the small size, so the toolbar takes less of the first screen. */
    .toolbar button {
      font-size: var(--ct-font-size-s);
      padding: 2px var(--ct-space-s);
    }
    .compare-count:empty {
      display: none;
    }
    .notice,
    .compare-count {
      color: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
    }
    .spacer {
      flex: 1;
    }
    .search {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--ct-space-s);
    }
    .search input[type='search'] {
      flex: 1 1 16rem;
      min-width: 10rem;
    }
    .search .inline {
      display: flex;
      align-items: center;
      gap: var(--ct-space-xs);
    }
    .matches {
      color: var(--ct-text-muted);
      font-size: var(--ct-font-size-s);
    }
    .chooser summary {
      color: var(--ct-text);
      background: var(--ct-input-bg);
      border: 1px solid var(--ct-border-strong);
      border-radius: var(--ct-radius);
      padding: var(--ct-space-xs) var(--ct-space-s);
      cursor: pointer;
    }
    .chooser {
      position: relative;
    }
    .chooser fieldset {
      position: absolute;
      right: 0;
      z-index: 2;
      margin: var(--ct-space-xs) 0 0;
      padding: var(--ct-space-s);
      display: grid;
      gap: var(--ct-space-xs);
      min-width: 12rem;
      background: var(--ct-surface);
      border: 1px solid var(--ct-border-strong);
      border-radius: var(--ct-radius);
      box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
    }
    .chooser label {
      display: flex;
      gap: var(--ct-space-s);
      align-items: center;
      white-space: nowrap;
    }
    .grid-area {
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
      overflow: hidden;
    }
    .grid {
      height: var(--ct-table-height, var(--ct-table-default-height, 28rem));
      overflow: auto;
      contain: strict;
      position: relative;
      /* The row window moves rows in and out: the browser must not re-anchor the scroll position on them. */
      overflow-anchor: none;
    }
    /* No rows: the grid is just its header, and the message under it sits at the top of the area. */
    .grid.bare {
      height: auto;
      contain: none;
      overflow-x: auto;
      overflow-y: hidden;
    }
    .grid-area > .empty,
    .grid-area > .error {
      border-radius: 0;
      margin: 0;
    }
    .grid-area > .error {
      border-width: 0 0 1px;
    }
    .row.skeleton .bar {
      display: block;
      height: 0.6rem;
      width: 70%;
      border-radius: 0.3rem;
      background: var(--ct-border);
    }
    .header .cell {
      position: relative;
    }
    .resizer {
      position: absolute;
      inset-block: 0;
      inset-inline-end: 0;
      width: 0.5rem;
      cursor: col-resize;
      touch-action: none;
      border-inline-end: 2px solid transparent;
    }
    .resizer:hover,
    .resizer:focus-visible {
      border-inline-end-color: var(--ct-focus);
      outline: none;
    }
    /* A long value shows whole over its neighbours while the pointer or the keyboard is on it (the title says it too). */
    .body .cell:not(.pick):hover,
    .grid:focus .cell.focus {
      overflow: visible;
    }
    .body .cell:not(.pick):hover > .v,
    .grid:focus .cell.focus > .v {
      position: absolute;
      inset-block: 0;
      inset-inline-start: 0;
      z-index: 1;
      display: flex;
      align-items: center;
      min-width: 100%;
      width: max-content;
      max-width: 100ch;
      box-sizing: border-box;
      padding: 0 var(--ct-space-s);
      overflow: hidden;
      text-overflow: ellipsis;
      background: var(--ct-surface);
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    }
    .body .cell:not(.pick):last-child:hover > .v,
    .grid:focus .cell.focus:last-child > .v {
      inset-inline-start: auto;
      inset-inline-end: 0;
    }
    .v {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .grid:focus-visible .row.active,
    .grid:focus .cell.focus > .v {
      outline: 2px solid var(--ct-focus);
      outline-offset: -2px;
    }
    .head {
      position: sticky;
      top: 0;
      z-index: 1;
      background: var(--ct-surface-alt);
      min-width: var(--ct-row-min-width);
    }
    .body {
      min-width: var(--ct-row-min-width);
    }
    .row {
      display: grid;
      grid-template-columns: var(--ct-columns);
      width: 100%;
      min-width: var(--ct-row-min-width);
      border-bottom: 1px solid var(--ct-border);
      cursor: pointer;
    }
    .body .row {
      /* Every body row has the same height: the table's windowing is arithmetic on it. */
      height: var(--ct-row-height, 2rem);
      box-sizing: border-box;
    }
    .body {
      box-sizing: border-box;
    }
    .row.header {
      cursor: default;
      font-weight: 600;
      padding: 0.375rem 0;
      border-bottom: 1px solid var(--ct-border-strong);
    }
    .row:not(.header):hover {
      background: var(--ct-surface-alt);
    }
    .row.selected {
      background: var(--ct-selected);
    }
    .row.failed {
      background: var(--ct-danger-bg);
      box-shadow: inset 3px 0 0 var(--ct-danger);
    }
    .row.failed.selected {
      background: var(--ct-selected);
    }
    .cell {
      position: relative;
      padding: 0 var(--ct-space-s);
      align-self: center;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      unicode-bidi: plaintext;
      min-width: 0;
    }
    .cell.pick {
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 0;
    }
    .badge {
      color: var(--ct-danger);
      font-weight: 700;
      margin-right: var(--ct-space-xs);
    }
    .empty,
    .error {
      padding: var(--ct-space-m);
      border-radius: var(--ct-radius);
      background: var(--ct-surface-alt);
    }
    .error {
      background: var(--ct-danger-bg);
      border: 1px solid var(--ct-danger);
    }
    /* In the toolbar, after the status it details: it shares a line with the buttons where they leave room. */
    .regions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--ct-space-xs) var(--ct-space-m);
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .regions li {
      min-width: 0;
      max-width: 100%;
      /* A refusal quotes ARNs: long tokens wrap instead of running off a phone's screen. */
      overflow-wrap: anywhere;
    }
    .regions .failed {
      color: var(--ct-danger);
    }
    .empty ul {
      margin: 0;
      padding-left: 1.25rem;
      display: grid;
      gap: var(--ct-space-xs);
    }
    code {
      font-family: var(--ct-mono);
      overflow-wrap: anywhere;
    }
    .more {
      display: flex;
      justify-content: center;
    }
    .frame {
      position: relative;
    }
    .menu {
      position: absolute;
      z-index: 3;
      display: flex;
      flex-direction: column;
      min-width: 15rem;
      max-width: min(28rem, 100%);
      max-height: 20rem;
      overflow: auto;
      padding: var(--ct-space-xs);
      background: var(--ct-surface);
      border: 1px solid var(--ct-border-strong);
      border-radius: var(--ct-radius);
      box-shadow: 0 4px 16px rgb(0 0 0 / 25%);
    }
    .menu [role='menuitem'] {
      text-align: start;
      border: 0;
      background: transparent;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .menu-rule {
      border-top: 1px solid var(--ct-border);
      margin: var(--ct-space-xs) 0;
    }
    .menu [role='menuitem']:focus-visible,
    .menu button[role='menuitem']:hover {
      background: var(--ct-surface-alt);
    }
  `,
];
