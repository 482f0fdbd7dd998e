/**
 * What the table needs only once someone acts on its rows: the cell menu (pivots) and saving the
 * loaded rows as CSV or JSON. Loaded when the table connects, beside its first rows, so it is there
 * before the first click.
 */
export { menuItems, renderMenu } from './cell-menu.js';
export { runAround } from '../shared/around.js';
export { toCsv, toRecordsJson } from '../../lookup/export.js';
export { exportName, saveText } from '../shared/download.js';
