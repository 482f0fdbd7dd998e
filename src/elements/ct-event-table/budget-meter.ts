/**
 * The rate budget in the table's status: LookupEvents requests in the last second against the
 * limit (2 per second per account and Region, shared by every history on the page that uses them),
 * how long the limiter holds the next request back, the throttles met, and Pause / Resume for
 * paging. Reads the store's `budget` slice; asks the store to read it again as the last second's
 * requests age out, so the count falls back to 0 without a request.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { BudgetReading } from '../../lookup/page-source.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtPauseChangeEvent } from '../events.js';

export class BudgetMeter implements ReactiveController {
  #timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly session: () => InvestigationStore | undefined) {
    host.addController(this);
  }

  hostUpdated(): void {
    this.#clear();
    const budget = this.session()?.snapshot.budget;
    const waits = budget ? [budget.recent ? budget.changesIn : 0, budget.waitMs].filter((ms) => ms > 0) : [];
    const wait = Math.min(...waits);
    if (waits.length) this.#timer = setTimeout(() => this.session()?.readBudget(), wait);
  }

  hostDisconnected(): void {
    this.#clear();
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #toggle = () => {
    const store = this.session();
    if (!store) return;
    const paused = !store.lookup.state.paused;
    const event = new CtPauseChangeEvent(paused);
    this.host.dispatchEvent(event);
    if (!event.defaultPrevented) store.setPaused(paused);
  };

  render() {
    const store = this.session();
    const budget: BudgetReading | null | undefined = store?.snapshot.budget;
    if (!store || !budget) return nothing;
    const paused = store.lookup.state.paused;
    const throttles = budget.throttles;
    // With several Regions each has its own budget: the meter reads the busiest and names it.
    const region = budget.region;
    return html`<span class="budget" part="budget"
      title=${`LookupEvents requests in the last second, against the limit per account and Region that every history on this page shares${region ? `; the busiest Region of this lookup, ${region}` : ''}`}>
      <meter min="0" max=${budget.limit} value=${Math.min(budget.recent, budget.limit)} aria-label=${region ? `Requests in the last second in ${region}` : 'Requests in the last second'}></meter>
      <span>${region ? `${region} ` : ''}${budget.recent}/${budget.limit} per s</span>${budget.waitMs > 0 ? html`<span class="wait">waiting ${(budget.waitMs / 1000).toFixed(1)} s</span>` : nothing}${
      throttles ? html`<span class="throttles">${throttles} ${throttles === 1 ? 'throttle' : 'throttles'}</span>` : nothing}
      <button type="button" part="pause" @click=${this.#toggle}>${paused ? 'Resume' : 'Pause'}</button>
    </span>`;
  }
}
