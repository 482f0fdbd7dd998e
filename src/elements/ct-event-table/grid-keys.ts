/**
 * The grid's keys (WAI-ARIA grid): arrows, Page Up/Down, Home and End move the keyboard's row;
 * ArrowLeft/ArrowRight its cell; Enter opens the row's event, Escape closes it; Shift+F10 or the
 * context-menu key opens the cell menu; Space picks the row for comparison.
 */
import type { CtEvent } from '../../lookup/events.js';
import type { Column } from '../../state/columns.js';

/** Where the keyboard is in the table, when the key is pressed. */
export interface GridAt {
  rows: readonly CtEvent[];
  /** The grid's columns: the keyboard's cell 1 is the first. */
  columns: readonly Column[];
  /** The keyboard's row, and its cell in that row (0: the row itself). */
  index: number;
  col: number;
  rowHeight: number;
  /** The prefix of the rows' ids. */
  uid: string;
  /** The open event's id, if one is open. */
  selectedId?: string | null;
  /** The table shows a lookup: picks and the cell menu apply. */
  picking: boolean;
}

/** What the keys do, in the table. */
export interface GridActs {
  moveTo(index: number): void;
  setCol(col: number): void;
  choose(index: number): void;
  unselect(): void;
  /** The cell menu of the keyboard's cell (`cell` undefined: of the whole row). */
  menu(event: CtEvent, cell: Column | undefined, index: number): void;
  pick(event: CtEvent, box: HTMLInputElement): void;
}

/** The grid's keydown (the listener is on the grid: `e.currentTarget`). */
export function onGridKey(e: KeyboardEvent, at: GridAt, act: GridActs): void {
  const { rows, columns, index } = at;
  const count = rows.length;
  if (!count || (e.target as HTMLElement).localName === 'input') return;
  const grid = e.currentTarget as HTMLElement;
  const page = Math.max(1, Math.floor(grid.clientHeight / at.rowHeight) - 1);
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
  if (e.key in moves) {
    e.preventDefault();
    act.moveTo(Math.max(0, Math.min(count - 1, index + moves[e.key])));
  } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    // Onto a cell: its value shows whole, as on hover, and is what a screen reader reads.
    e.preventDefault();
    const rtl = getComputedStyle(grid).direction === 'rtl';
    const last = columns.length;
    act.setCol(Math.max(0, Math.min(last, Math.min(last, at.col) + ((e.key === 'ArrowRight') !== rtl ? 1 : -1))));
  } else if (e.key === 'Enter') {
    e.preventDefault();
    act.choose(index);
  } else if (e.key === 'Escape' && at.selectedId) {
    // Closes the open event; the keyboard is back on its row (the grid keeps focus).
    e.preventDefault();
    const open = rows.findIndex((r) => r.EventId === at.selectedId);
    if (open >= 0) act.moveTo(open);
    act.unselect();
  } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
    e.preventDefault();
    const event = rows[index];
    if (event && at.picking) act.menu(event, columns[at.col - 1], index);
  } else if (e.key === ' ' && at.picking) {
    e.preventDefault();
    const box = grid.querySelector<HTMLInputElement>(`#${at.uid}-row-${index} input`);
    const event = rows[index];
    if (box && event) {
      box.checked = !box.checked;
      act.pick(event, box);
    }
  }
}
