import { CtEventTimeline } from '../elements/ct-event-timeline/ct-event-timeline.js';
import { define } from './define.js';
// The `ct-` events' entries in GlobalEventHandlersEventMap: typed listeners with this module alone.
import '../elements/events.js';

define('ct-event-timeline', CtEventTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'ct-event-timeline': CtEventTimeline;
  }
}

export { CtEventTimeline };
