import { CtLookupFilter } from '../elements/ct-lookup-filter/ct-lookup-filter.js';
import { define } from './define.js';

define('ct-lookup-filter', CtLookupFilter);

declare global {
  interface HTMLElementTagNameMap {
    'ct-lookup-filter': CtLookupFilter;
  }
}

export { CtLookupFilter };
