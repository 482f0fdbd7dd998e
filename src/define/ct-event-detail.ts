import { CtEventDetail } from '../elements/ct-event-detail/ct-event-detail.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-event-detail', CtEventDetail);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-detail': CtEventDetail;
  }
}

export { CtEventDetail };
