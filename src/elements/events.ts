/**
 * The DOM events the elements fire. Each is its own class with a typed payload, bubbles and is
 * composed (crosses shadow roots), and is fired on user action only, never when code sets a
 * property. They are cancelable: a host page that calls `preventDefault()` keeps the element from
 * handing the action to the shared controller.
 */
import type { Condition } from '../lookup/conditions.js';
import type { LookupQuery } from '../lookup/types.js';
import type { CtEvent } from '../lookup/events.js';
import type { AroundSpan } from '../lookup/around.js';
import type { InvestigationStore } from '../state/store.js';
import type { TimeZoneMode } from '../state/time.js';

/** What each event class extends: Event's statics, a constructor its subclass calls, and its name. */
type CtEventBase<N extends string> = Omit<typeof Event, never> & { new (): Event; readonly eventName: N };

/**
 * The base of each event class: its one name, bubbling and composed, cancelable unless it reports
 * a change that has already happened. The name is written once, here in each class's `extends`.
 */
function ctEvent<const N extends `ct-${string}`>(name: N, { cancelable = true } = {}): CtEventBase<N> {
  return class extends Event {
    static readonly eventName: N = name;
    constructor() {
      super(name, { bubbles: true, composed: true, cancelable });
    }
  };
}

/** The user asked to run a query (Enter or the Look up button in `<ct-lookup-filter>`). */
export class CtQuerySubmitEvent extends ctEvent('ct-query-submit') {
  constructor(readonly query: LookupQuery) {
    super();
  }
}

/** The user reset the filter to its defaults. */
export class CtQueryResetEvent extends ctEvent('ct-query-reset') {
  constructor(readonly query: LookupQuery) {
    super();
  }
}

/** The table needs the next page (the user scrolled near the end or pressed Load more). */
export class CtLoadMoreEvent extends ctEvent('ct-load-more') {}

/** The user asked to retry after an error; paging resumes from the last page received. */
export class CtRetryEvent extends ctEvent('ct-retry') {
  /** @param region - The one Region to try again (several Regions); undefined: the whole lookup. */
  constructor(readonly region?: string) {
    super();
  }
}

/** The user chose an event (click, Enter on a row). */
export class CtEventSelectEvent extends ctEvent('ct-event-select') {
  constructor(readonly event: CtEvent) {
    super();
  }
}

/** The user changed the set of events chosen for side-by-side comparison (up to five). */
export class CtCompareChangeEvent extends ctEvent('ct-compare-change') {
  constructor(readonly events: readonly CtEvent[]) {
    super();
  }
}

/** The user changed which table columns are shown. */
export class CtColumnsChangeEvent extends ctEvent('ct-columns-change') {
  constructor(readonly columns: readonly string[]) {
    super();
  }
}

/** The user chose a facet value: "is" (a click) or "is not" (Alt-click, or the exclude button). */
export class CtFacetSelectEvent extends ctEvent('ct-facet-select') {
  constructor(readonly condition: Condition) {
    super();
  }
}

/**
 * The user pivoted on a value (in the detail, or a table cell's menu): `filter` adds it as a
 * condition to the lookup shown, `new` runs a new lookup on it alone.
 */
export class CtPivotEvent extends ctEvent('ct-pivot') {
  constructor(readonly condition: Condition, readonly mode: 'filter' | 'new') {
    super();
  }
}

/**
 * The user asked for the events around one (the detail's "Events around this", or a table cell's
 * menu): `query` is that lookup (±5 minutes, ±1 hour, or the same identity's hour before it).
 * Unless a listener cancels it, the lookup runs and the event stays open.
 */
export class CtAroundEvent extends ctEvent('ct-around') {
  constructor(readonly event: CtEvent, readonly span: AroundSpan, readonly query: LookupQuery) {
    super();
  }
}

/** The user asked to stop a scan in progress (the browser filters pages and keeps paging for matches). */
export class CtStopEvent extends ctEvent('ct-stop') {}

/**
 * The user chose a span on the timeline (a drag, or Enter on the selected buckets). Unless a
 * listener cancels it, the lookup is zoomed to `start`..`end` and re-run.
 */
export class CtTimeRangeSelectEvent extends ctEvent('ct-time-range-select') {
  constructor(readonly start: Date, readonly end: Date) {
    super();
  }
}

/**
 * The investigation's time zone changed: the user chose another, or a `time-zone` attribute wrote
 * into the shared store. Fired by the provider that hosts the store (by a lone filter on user
 * action). Not cancelable: the change has happened.
 */
export class CtTimeZoneChangeEvent extends ctEvent('ct-time-zone-change', { cancelable: false }) {
  constructor(readonly timeZone: TimeZoneMode) {
    super();
  }
}

/** The user chose where events come from in the filter's source switch; the provider switches unless it is cancelled. */
export class CtSourceChangeEvent extends ctEvent('ct-source-change') {
  constructor(readonly source: 'event-history' | 'athena') {
    super();
  }
}

/** The user chose which Regions to search (the filter's Region chooser, or "Search all"). Cancel it to keep the Regions searched. */
export class CtRegionsChangeEvent extends ctEvent('ct-regions-change') {
  /** @param regions - The Regions to search, among those the host offers. */
  constructor(readonly regions: readonly string[]) {
    super();
  }
}

/** The user chose the accounts to search (the filter's account chooser). */
export class CtAccountsChangeEvent extends ctEvent('ct-accounts-change') {
  /** @param accounts - The ids of the accounts to search, among those the host configured. */
  constructor(readonly accounts: readonly string[]) {
    super();
  }
}

/** A provider made a new session (its configuration changed) or dropped it. Not cancelable. */
export class CtSessionChangeEvent extends ctEvent('ct-session-change', { cancelable: false }) {
  constructor(readonly session: InvestigationStore | undefined) {
    super();
  }
}

/** The user switched Follow (a live tail of newer events) on or off in the table. */
export class CtFollowChangeEvent extends ctEvent('ct-follow-change') {
  constructor(readonly following: boolean) {
    super();
  }
}

/** The user paused or resumed paging (every request of the lookup waits while paused). */
export class CtPauseChangeEvent extends ctEvent('ct-pause-change') {
  constructor(readonly paused: boolean) {
    super();
  }
}

/** Every event the elements fire: the one list the global event map below is typed from. */
const CT_EVENTS = [
  CtQuerySubmitEvent, CtQueryResetEvent, CtLoadMoreEvent, CtRetryEvent, CtEventSelectEvent, CtCompareChangeEvent,
  CtColumnsChangeEvent, CtFacetSelectEvent, CtPivotEvent, CtAroundEvent, CtStopEvent, CtTimeRangeSelectEvent, CtTimeZoneChangeEvent,
  CtSourceChangeEvent, CtRegionsChangeEvent, CtAccountsChangeEvent, CtSessionChangeEvent, CtFollowChangeEvent, CtPauseChangeEvent,
] as const;

/** Each event's name to its class, from CT_EVENTS. */
type CtEventMap = { [C in (typeof CT_EVENTS)[number] as C['eventName']]: InstanceType<C> };

declare global {
  interface GlobalEventHandlersEventMap extends CtEventMap {}
}
