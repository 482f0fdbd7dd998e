/**
 * Resizing a column by its header's edge: arrow keys (Shift for bigger steps), Home and End, and a
 * pointer drag, remembered per set of columns. Loaded beside the first rows (see loadColumnDrag).
 */
import type { Column } from '../../state/columns.js';
import { MIN_PX, NATURAL_CAP, STEP, type ColumnSizer } from './column-resize.js';

export function onKey(sizer: ColumnSizer, e: KeyboardEvent, c: Column, remPx: number): void {
  const step = e.shiftKey ? STEP * 4 : STEP;
  const current = (e.currentTarget as HTMLElement).parentElement?.getBoundingClientRect().width ?? sizer.width(c, remPx);
  const to = { ArrowLeft: current - step, ArrowRight: current + step, Home: MIN_PX, End: NATURAL_CAP }[e.key];
  // The grid's own keys (rows, Home/End) must not move rows while the edge has focus.
  e.stopPropagation();
  if (to === undefined) return;
  e.preventDefault();
  sizer.resizeTo(c.id, to);
}

export function onDown(sizer: ColumnSizer, e: PointerEvent, c: Column): void {
  if (e.button !== 0) return;
  const handle = e.currentTarget as HTMLElement;
  handle.setPointerCapture(e.pointerId);
  sizer.drag = { id: c.id, startX: e.clientX, startWidth: handle.parentElement?.getBoundingClientRect().width ?? 0 };
  e.preventDefault();
}

export function onMove(sizer: ColumnSizer, e: PointerEvent): void {
  const drag = sizer.drag;
  if (!drag) return;
  // Right-to-left pages grow a column leftwards.
  const dir = getComputedStyle(e.currentTarget as Element).direction === 'rtl' ? -1 : 1;
  sizer.resizeTo(drag.id, drag.startWidth + dir * (e.clientX - drag.startX), false);
}

export function onUp(sizer: ColumnSizer): void {
  if (sizer.drag) sizer.keepWidths();
  sizer.drag = undefined;
}
