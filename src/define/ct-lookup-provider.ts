import { CtLookupProvider } from '../elements/ct-lookup-provider/ct-lookup-provider.js';
import { define } from './define.js';

define('ct-lookup-provider', CtLookupProvider);

declare global {
  interface HTMLElementTagNameMap {
    'ct-lookup-provider': CtLookupProvider;
  }
}

export { CtLookupProvider };
