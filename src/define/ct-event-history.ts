import './ct-lookup-provider.js';
import './ct-lookup-filter.js';
import './ct-event-table.js';
import './ct-event-detail.js';
import { CtEventHistory } from '../elements/ct-event-history/ct-event-history.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-event-history', CtEventHistory);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-history': CtEventHistory;
  }
}

export { CtEventHistory };
