/**
 * The table's Follow switch (a live tail) and its "N new events" button. Newer events arrive at
 * the top while the reader may be anywhere in the list: after each render that brought followed
 * events, the grid scrolls by the rows inserted above the row that was first in view, so what the
 * reader was reading stays where it was. The count of rows above it lives in the store (`unseen`);
 * going back to the top (the button, or scrolling there) clears it.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtFollowChangeEvent } from '../events.js';

export interface FollowParts {
  session: () => InvestigationStore | undefined;
  /** The rows rendered (all of them, not only the window). */
  rows: () => readonly CtEvent[];
  grid: () => HTMLElement | null;
  rowHeight: () => number;
  /** The keyboard's row: gets the index, or with an argument moves it (it follows its event too). */
  active?: (index?: number) => number;
}

/** Where the event at `index` of `before` is in `after` (insertions only happen above it); `index` if gone. */
function moved(before: readonly CtEvent[], after: readonly CtEvent[], index: number): number {
  const id = before[index]?.EventId;
  if (id === undefined) return index;
  let at = index;
  while (at < after.length && after[at]!.EventId !== id) at++;
  return at < after.length ? at : index;
}

export class FollowView implements ReactiveController {
  #rows: readonly CtEvent[] = [];
  #followed = 0;
  #grid?: HTMLElement;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly parts: FollowParts) {
    host.addController(this);
  }

  /** Followed rows arrived: the keyboard's row moves with its event before the render (moved after it, it would ask for a second render). */
  hostUpdate(): void {
    const { active } = this.parts;
    if (active && this.#arrived()) active(moved(this.#rows, this.parts.rows(), active()));
  }

  hostUpdated(): void {
    const { rows, grid, rowHeight, session } = this.parts;
    const el = grid();
    const now = rows();
    const followed = session()?.lookup.state.followed ?? 0;
    if (el && this.#arrived()) this.#anchor(el, now, rowHeight());
    this.#rows = now;
    this.#followed = followed;
    if (el !== this.#grid) {
      this.#grid?.removeEventListener('scroll', this.#onScroll);
      el?.addEventListener('scroll', this.#onScroll, { passive: true });
      this.#grid = el ?? undefined;
    }
  }

  /** Followed events came in since the last render and changed the rows. */
  #arrived(): boolean {
    return Boolean(this.parts.grid()) && (this.parts.session()?.lookup.state.followed ?? 0) > this.#followed && this.parts.rows() !== this.#rows;
  }

  hostDisconnected(): void {
    this.#grid?.removeEventListener('scroll', this.#onScroll);
    this.#grid = undefined;
  }

  /** Keeps the row that was first in view in view: scrolls down by the rows inserted above it. */
  #anchor(grid: HTMLElement, rows: readonly CtEvent[], height: number): void {
    const index = Math.floor(grid.scrollTop / height);
    grid.scrollTop += (moved(this.#rows, rows, index) - index) * height;
  }

  #onScroll = () => {
    const store = this.parts.session();
    if (store?.state.unseen && (this.#grid?.scrollTop ?? 1) < 1) store.seeNew();
  };

  #toggle = (e: Event) => {
    const box = e.target as HTMLInputElement;
    const store = this.parts.session();
    if (!store) return;
    const event = new CtFollowChangeEvent(box.checked);
    this.host.dispatchEvent(event);
    if (event.defaultPrevented) box.checked = !box.checked;
    else void store.setFollow(box.checked);
  };

  #jump = () => {
    const grid = this.#grid;
    this.parts.session()?.seeNew();
    if (!grid) return;
    grid.scrollTop = 0;
    grid.focus({ preventScroll: true });
  };

  render() {
    const store = this.parts.session();
    if (!store) return nothing;
    const unseen = store.state.unseen;
    return html`<label class="follow" part="follow"><input type="checkbox" role="switch" .checked=${store.lookup.state.following}
      @change=${this.#toggle} />Follow</label>${unseen
      ? html`<button type="button" class="new-events" part="new-events" @click=${this.#jump}>${unseen.toLocaleString('en-US')} new ${unseen === 1 ? 'event' : 'events'} ↑</button>`
      : nothing}`;
  }
}
