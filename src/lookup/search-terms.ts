/** The words of a search, as the search index reads them; small, so the search box can use it before the index loads. */
import { stripInvisible } from './invisible.js';

/**
 * Terms of a query: lowercase, split on white space, empty when there is nothing to search.
 * Invisible and bidirectional characters pasted into the box are dropped (see `searchable`).
 */
export function searchTerms(query: string): string[] {
  return stripInvisible(query).toLowerCase().split(/\s+/).filter(Boolean);
}
