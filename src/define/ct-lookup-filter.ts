import { CtLookupFilter } from '../elements/ct-lookup-filter/ct-lookup-filter.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-lookup-filter', CtLookupFilter);

declare global {
  interface HTMLElementTagNameMap {
    'ct-lookup-filter': CtLookupFilter;
  }
}

export { CtLookupFilter };
