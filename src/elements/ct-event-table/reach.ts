/**
 * The table's reach controls: the rate budget meter with Pause / Resume, the Follow switch with its
 * "N new events" button, and "Download all matching…". None is needed for the first rows, so they
 * load with import() once the table has a lookup to work on (see reach-parts.ts).
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { FollowParts } from './follow.js';

type Parts = ReturnType<typeof import('./reach-parts.js').createReach>;

export class ReachControls implements ReactiveController {
  #parts?: Parts;
  #loading = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly options: FollowParts) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#loading || !this.options.session()) return;
    this.#loading = true;
    import('./reach-parts.js').then((m) => {
      this.#parts = m.createReach(this.host, this.options);
      this.host.requestUpdate();
    }, (err: unknown) => {
      this.#loading = false;
      console.warn('cloudtrail-elements: the budget meter, Follow and Download all matching could not be loaded.', err);
    });
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
