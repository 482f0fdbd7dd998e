/**
 * Entry of the one-file bundle (`dist/cloudtrail-elements.bundle.js`): registers every tag and
 * exports the classes and types, so a static page needs one `<script type="module">` and no build.
 *
 * Everything the first rows need is in the one file, the AWS SDK included (imported here so that its
 * lazy import elsewhere resolves to this file). What they do not need (the detail, the facets, the
 * timeline) loads afterwards from `bundle-chunks/` beside it, and the Cognito provider as soon as a
 * page signs in through an identity pool (credentials.ts fetches it when it is given the pool, so it
 * is there by the first lookup); those tags register
 * when their chunk arrives, and their classes are reached with `customElements.get(tag)`.
 */
import './lookup/sdk.js';
import './define/ct-lookup-provider.js';
import './define/ct-lookup-filter.js';
import './define/ct-event-table.js';
import { define } from './define/define.js';
import { loadLazyTags } from './define/lazy.js';
import { CtEventHistory } from './elements/ct-event-history/ct-event-history.js';
import './elements/events.js';

// Not through define/ct-event-history.js, which brings <ct-event-detail> along: in the bundle the
// detail (not needed for the first rows) comes with the lazy tags and upgrades when they arrive.
define('ct-event-history', CtEventHistory);

// What the package root exports of the data layer and the store (src/index.ts), less what the first
// rows never use (eventFromRecord and its derivation rules): the internals stay out, so the parts
// that load later (the search index, the Region merge) are not pulled into this file.
export { LookupController } from './lookup/controller.js';
export {
  defaultQuery, describeQuery, resolveTimeRange, validateQuery,
  LOOKUP_ATTRIBUTE_KEYS, MAX_PAGE_SIZE, RELATIVE_PRESETS, RETENTION_MS,
} from './lookup/query.js';
export { CtEvent } from './lookup/events.js';
export { LookupError, LookupValidationError } from './lookup/errors.js';
export { cognitoCredentials, refreshable } from './lookup/credentials.js';
export { InvestigationStore } from './state/store.js';
export { MAX_COMPARE } from './state/view-store.js';
export { COLUMNS, DEFAULT_COLUMNS } from './state/columns.js';
export { addSigmaRules } from './state/findings.js';
export { CtLookupProvider } from './elements/ct-lookup-provider/ct-lookup-provider.js';
export { CtLookupFilter } from './elements/ct-lookup-filter/ct-lookup-filter.js';
export { CtEventTable } from './elements/ct-event-table/ct-event-table.js';
export { CtEventHistory } from './elements/ct-event-history/ct-event-history.js';
export * from './elements/events.js';

void loadLazyTags();
