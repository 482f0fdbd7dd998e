import { CtEventDetail } from '../elements/ct-event-detail/ct-event-detail.js';
import { define } from './define.js';

define('ct-event-detail', CtEventDetail);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-detail': CtEventDetail;
  }
}

export { CtEventDetail };
