import { CtLookupProvider } from '../elements/ct-lookup-provider/ct-lookup-provider.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-lookup-provider', CtLookupProvider);

declare global {
  interface HTMLElementTagNameMap {
    'ct-lookup-provider': CtLookupProvider;
  }
}

export { CtLookupProvider };
