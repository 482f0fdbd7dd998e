import { CtEventFacets } from '../elements/ct-event-facets/ct-event-facets.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-event-facets', CtEventFacets);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-facets': CtEventFacets;
  }
}

export { CtEventFacets };
