/**
 * The DOM events the elements fire. Each is its own class with a typed payload, bubbles and is
 * composed (crosses shadow roots), and is fired on user action only, never when code sets a
 * property. They are cancelable: a host page that calls `preventDefault()` keeps the element from
 * handing the action to the shared controller.
 */
import type { Condition } from '../lookup/conditions.js';
import type { LookupQuery } from '../lookup/types.js';
import type { CtEvent } from '../lookup/events.js';
import type { InvestigationStore } from '../state/store.js';
import type { TimeZoneMode } from '../state/time.js';

const init = { bubbles: true, composed: true, cancelable: true } as const;

/** The user asked to run a query (Enter or the Look up button in `<ct-lookup-filter>`). */
export class CtQuerySubmitEvent extends Event {
  static readonly eventName = 'ct-query-submit';
  constructor(readonly query: LookupQuery) {
    super(CtQuerySubmitEvent.eventName, init);
  }
}

/** The user reset the filter to its defaults. */
export class CtQueryResetEvent extends Event {
  static readonly eventName = 'ct-query-reset';
  constructor(readonly query: LookupQuery) {
    super(CtQueryResetEvent.eventName, init);
  }
}

/** The table needs the next page (the user scrolled near the end or pressed Load more). */
export class CtLoadMoreEvent extends Event {
  static readonly eventName = 'ct-load-more';
  constructor() {
    super(CtLoadMoreEvent.eventName, init);
  }
}

/** The user asked to retry after an error; paging resumes from the last page received. */
export class CtRetryEvent extends Event {
  static readonly eventName = 'ct-retry';
  /** @param region - The one Region to try again (several Regions); undefined: the whole lookup. */
  constructor(readonly region?: string) {
    super(CtRetryEvent.eventName, init);
  }
}

/** The user chose an event (click, Enter on a row). */
export class CtEventSelectEvent extends Event {
  static readonly eventName = 'ct-event-select';
  constructor(readonly event: CtEvent) {
    super(CtEventSelectEvent.eventName, init);
  }
}

/** The user changed the set of events chosen for side-by-side comparison (up to five). */
export class CtCompareChangeEvent extends Event {
  static readonly eventName = 'ct-compare-change';
  constructor(readonly events: readonly CtEvent[]) {
    super(CtCompareChangeEvent.eventName, init);
  }
}

/** The user changed which table columns are shown. */
export class CtColumnsChangeEvent extends Event {
  static readonly eventName = 'ct-columns-change';
  constructor(readonly columns: readonly string[]) {
    super(CtColumnsChangeEvent.eventName, init);
  }
}

/** The user chose a facet value: "is" (a click) or "is not" (Alt-click, or the exclude button). */
export class CtFacetSelectEvent extends Event {
  static readonly eventName = 'ct-facet-select';
  constructor(readonly condition: Condition) {
    super(CtFacetSelectEvent.eventName, init);
  }
}

/**
 * The user pivoted on a value (in the detail, or a table cell's menu): `filter` adds it as a
 * condition to the lookup shown, `new` runs a new lookup on it alone.
 */
export class CtPivotEvent extends Event {
  static readonly eventName = 'ct-pivot';
  constructor(readonly condition: Condition, readonly mode: 'filter' | 'new') {
    super(CtPivotEvent.eventName, init);
  }
}

/** The user asked to stop a scan in progress (the browser filters pages and keeps paging for matches). */
export class CtStopEvent extends Event {
  static readonly eventName = 'ct-stop';
  constructor() {
    super(CtStopEvent.eventName, init);
  }
}

/**
 * The user chose a span on the timeline (a drag, or Enter on the selected buckets). Unless a
 * listener cancels it, the lookup is zoomed to `start`..`end` and re-run.
 */
export class CtTimeRangeSelectEvent extends Event {
  static readonly eventName = 'ct-time-range-select';
  constructor(readonly start: Date, readonly end: Date) {
    super(CtTimeRangeSelectEvent.eventName, init);
  }
}

/**
 * The investigation's time zone changed: the user chose another, or a `time-zone` attribute wrote
 * into the shared store. Fired by the provider that hosts the store (by a lone filter on user
 * action). Not cancelable: the change has happened.
 */
export class CtTimeZoneChangeEvent extends Event {
  static readonly eventName = 'ct-time-zone-change';
  constructor(readonly timeZone: TimeZoneMode) {
    super(CtTimeZoneChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/** The user chose where events come from in the filter's source switch; the provider switches unless it is cancelled. */
export class CtSourceChangeEvent extends Event {
  static readonly eventName = 'ct-source-change';
  constructor(readonly source: 'event-history' | 'athena') {
    super(CtSourceChangeEvent.eventName, init);
  }
}

/** The user chose which Regions to search (the filter's Region chooser, or "Search all"). Cancel it to keep the Regions searched. */
export class CtRegionsChangeEvent extends Event {
  static readonly eventName = 'ct-regions-change';
  /** @param regions - The Regions to search, among those the host offers. */
  constructor(readonly regions: readonly string[]) {
    super(CtRegionsChangeEvent.eventName, init);
  }
}

/** A provider made a new session (its configuration changed) or dropped it. Not cancelable. */
export class CtSessionChangeEvent extends Event {
  static readonly eventName = 'ct-session-change';
  constructor(readonly session: InvestigationStore | undefined) {
    super(CtSessionChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/** The user switched Follow (a live tail of newer events) on or off in the table. */
export class CtFollowChangeEvent extends Event {
  static readonly eventName = 'ct-follow-change';
  constructor(readonly following: boolean) {
    super(CtFollowChangeEvent.eventName, init);
  }
}

/** The user paused or resumed paging (every request of the lookup waits while paused). */
export class CtPauseChangeEvent extends Event {
  static readonly eventName = 'ct-pause-change';
  constructor(readonly paused: boolean) {
    super(CtPauseChangeEvent.eventName, init);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ct-follow-change': CtFollowChangeEvent;
    'ct-pause-change': CtPauseChangeEvent;
    'ct-query-submit': CtQuerySubmitEvent;
    'ct-query-reset': CtQueryResetEvent;
    'ct-load-more': CtLoadMoreEvent;
    'ct-retry': CtRetryEvent;
    'ct-event-select': CtEventSelectEvent;
    'ct-compare-change': CtCompareChangeEvent;
    'ct-columns-change': CtColumnsChangeEvent;
    'ct-session-change': CtSessionChangeEvent;
    'ct-stop': CtStopEvent;
    'ct-facet-select': CtFacetSelectEvent;
    'ct-pivot': CtPivotEvent;
    'ct-time-zone-change': CtTimeZoneChangeEvent;
    'ct-time-range-select': CtTimeRangeSelectEvent;
    'ct-source-change': CtSourceChangeEvent;
    'ct-regions-change': CtRegionsChangeEvent;
  }
}
