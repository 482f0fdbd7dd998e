import { CtEventTable } from '../elements/ct-event-table/ct-event-table.js';
import { define } from './define.js';

define('ct-event-table', CtEventTable);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-table': CtEventTable;
  }
}

export { CtEventTable };
