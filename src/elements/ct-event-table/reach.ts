/**
 * The table's reach controls: the rate budget meter with Pause / Resume, the Follow switch with its
 * "N new events" button, "Download all matching…", and the lines about Regions (searched, missing,
 * retried). None is needed for the first rows, so they load with import() once the table has a
 * lookup to work on (see reach-parts.ts and region-lines.ts).
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { FollowParts } from './follow.js';
import type { LookupState } from '../../lookup/lookup-session.js';
import type { RegionChoice } from '../../lookup/aws-regions.js';

type Parts = ReturnType<typeof import('./reach-parts.js').createReach>;
type Lines = typeof import('./region-lines.js');

export class ReachControls implements ReactiveController {
  #parts?: Parts;
  #lines?: Lines;
  #loading = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly options: FollowParts) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#loading || !this.options.session()) return;
    this.#loading = true;
    Promise.all([import('./reach-parts.js'), import('./region-lines.js')]).then(([m, lines]) => {
      this.#parts = m.createReach(this.host, this.options);
      this.#lines = lines;
      this.host.requestUpdate();
    }, (err: unknown) => {
      this.#loading = false;
      console.warn('cloudtrail-elements: the budget meter, Follow, Download all matching and the Region lines could not be loaded.', err);
    });
  }

  /** What is missing or retried, Region by Region, and a follow poll's gap, for the status line. */
  readonly regionsText = (state: LookupState, now: number): string => this.#lines?.regionsText(state, now) ?? '';

  /** A line per Region above the grid (several Regions). */
  regions(state: LookupState, onRetry: (region: string) => void) {
    return this.#lines?.renderRegions(state, onRetry) ?? nothing;
  }

  /** "Searched 1 of 17 Regions; 16 not searched · Search all". */
  searched(choice: RegionChoice | undefined, athena: boolean, onSearchAll: () => void) {
    return this.#lines?.renderSearched(choice, athena, onSearchAll) ?? nothing;
  }

  /** The budget meter and the Follow switch (in the status line). */
  status() {
    return this.#parts?.status() ?? nothing;
  }

  /** "Download all matching…" (in the toolbar). */
  button() {
    return this.#parts?.button() ?? nothing;
  }

  /** The download panel, when open. */
  panel() {
    return this.#parts?.panel() ?? nothing;
  }
}
