import { CtEventTable } from '../elements/ct-event-table/ct-event-table.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-event-table', CtEventTable);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-table': CtEventTable;
  }
}

export { CtEventTable };
