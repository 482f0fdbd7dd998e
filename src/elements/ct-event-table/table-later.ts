/**
 * What the table needs only once someone acts on its rows: the cell menu (pivots), saving the
 * loaded rows as CSV or JSON, and the two-line rows of a phone's width. Loaded when the table connects, beside its first rows, so it is there
 * before the first click.
 */
export { menuAt, menuItems, pick, renderMenu } from './cell-menu.js';
export { downloadRows } from './row-downloads.js';
export { narrowStyles } from './narrow.styles.js';
