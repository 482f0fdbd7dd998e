/**
 * What the table loads with import() when it connects, beside its first rows (they do not need
 * it): the empty and error states, the later part (the cell menu, the downloads, the rows of a
 * phone's width) and the column edges' keys and drag. Loaded once for every table.
 */
import type { ReactiveElement } from 'lit';
import { adoptStyles } from '../shared/adopt.js';
import { loadColumnDrag } from './column-resize.js';

/** The empty states. */
export let emptyPart: typeof import('./empty-states.js') | undefined;
/** The cell menu and the loaded-rows downloads: loaded with the empty states. */
export let laterPart: typeof import('./table-later.js') | undefined;
export const loadLater = () => import('./table-later.js').then((m) => (laterPart = m));
let emptyLoading: Promise<unknown> | undefined;

/** Loads the parts, then adopts the narrow rows' styles into `table` and renders it again. */
export function loadParts(table: ReactiveElement): void {
  emptyLoading ??= Promise.all([import('./empty-states.js'), loadLater(), loadColumnDrag()]).then(([m]) => (emptyPart = m), (err: unknown) => {
    emptyLoading = undefined;
    console.warn('cloudtrail-elements: the empty-state explanations could not be loaded.', err);
  });
  void emptyLoading.then(() => {
    if (laterPart) adoptStyles(table, laterPart.narrowStyles);
    table.requestUpdate();
  });
}
