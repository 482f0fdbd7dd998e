/**
 * What the table asks on the reader's behalf: each request fires its event from the table first,
 * and the store acts unless a listener prevented it (a page that handles a request itself calls
 * preventDefault()).
 */
import type { CtEvent } from '../../lookup/events.js';
import type { ColumnId } from '../../state/columns.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtColumnsChangeEvent, CtCompareChangeEvent, CtEventSelectEvent, CtLoadMoreEvent, CtRetryEvent, CtStopEvent } from '../events.js';

/** Fires `event` from `host`; unless a listener prevented it, `then` asks the store. */
function ask(host: EventTarget, event: Event, then: () => unknown): void {
  host.dispatchEvent(event);
  if (!event.defaultPrevented) then();
}

export const requestStop = (host: EventTarget, store: InvestigationStore): void => ask(host, new CtStopEvent(), () => store.stop().catch(() => {}));

export const requestMore = (host: EventTarget, store: InvestigationStore): void => ask(host, new CtLoadMoreEvent(), () => store.loadMore().catch(() => {}));

/** Retry the lookup, or one Region that was refused or set aside (`region`). */
export const requestRetry = (host: EventTarget, store: InvestigationStore, region?: string): void =>
  ask(host, new CtRetryEvent(region), () => store.retry(region).catch(() => {}));

export const requestColumns = (host: EventTarget, store: InvestigationStore, next: readonly ColumnId[]): void =>
  ask(host, new CtColumnsChangeEvent(next), () => store.setColumns(next));

export const requestSelect = (host: EventTarget, store: InvestigationStore, event: CtEvent): void =>
  ask(host, new CtEventSelectEvent(event), () => store.select(event));

/** Picks or unpicks `event` for comparison and fires `ct-compare-change`; a pick past the limit unchecks its box. */
export function togglePick(host: EventTarget, store: InvestigationStore, event: CtEvent, box: HTMLInputElement): void {
  if (!store.toggleCompare(event)) {
    box.checked = false;
    return;
  }
  host.dispatchEvent(new CtCompareChangeEvent(store.state.compare));
}
