/**
 * The tags the first rows do not need, registered from their own modules on demand: bundlers (and
 * the one-file bundle) put them in chunks of their own. `<ct-event-history>` calls this when it
 * appears, so its detail, facets and timeline upgrade a moment after the table paints.
 */
let loading: Promise<void> | undefined;

export function loadLazyTags(): Promise<void> {
  loading ??= import('./lazy-tags.js').then(() => undefined, (err: unknown) => {
    // A chunk the network refused: try again next time, and say why now.
    loading = undefined;
    console.warn('cloudtrail-elements: the detail, the facets or the timeline could not be loaded.', err);
  });
  return loading;
}
