/** The tags loaded after the first rows, in one module so that bundlers make one chunk of them (see lazy.ts). */
import './ct-event-detail.js';
import './ct-event-facets.js';
import './ct-event-timeline.js';
