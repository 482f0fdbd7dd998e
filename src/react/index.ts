/**
 * React wrappers (`cloudtrail-elements/react`), made with `@lit/react`: props become element
 * properties (so arrays, objects and functions pass as they are), and each `ct-` event has a typed
 * `onCt...` prop. Importing this module registers the tags.
 *
 * React 19 renders custom elements natively: `<ct-event-history>` works there without these
 * wrappers (see the README). React 18 and older need them.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { CtLookupProvider as CtLookupProviderElement } from '../define/ct-lookup-provider.js';
import { CtLookupFilter as CtLookupFilterElement } from '../define/ct-lookup-filter.js';
import { CtEventTable as CtEventTableElement } from '../define/ct-event-table.js';
import { CtEventDetail as CtEventDetailElement } from '../define/ct-event-detail.js';
import { CtEventFacets as CtEventFacetsElement } from '../define/ct-event-facets.js';
import { CtEventTimeline as CtEventTimelineElement } from '../define/ct-event-timeline.js';
import { CtEventHistory as CtEventHistoryElement } from '../define/ct-event-history.js';
import type {
  CtColumnsChangeEvent,
  CtCompareChangeEvent,
  CtEventSelectEvent,
  CtFacetSelectEvent,
  CtFollowChangeEvent,
  CtLoadMoreEvent,
  CtPauseChangeEvent,
  CtPivotEvent,
  CtAroundEvent,
  CtQueryResetEvent,
  CtQuerySubmitEvent,
  CtRetryEvent,
  CtSessionChangeEvent,
  CtRegionsChangeEvent,
  CtAccountsChangeEvent,
  CtSourceChangeEvent,
  CtStopEvent,
  CtTimeRangeSelectEvent,
  CtTimeZoneChangeEvent,
} from '../elements/events.js';

/** The filter's events. */
const filterEvents = {
  onCtQuerySubmit: 'ct-query-submit' as EventName<CtQuerySubmitEvent>,
  onCtQueryReset: 'ct-query-reset' as EventName<CtQueryResetEvent>,
  onCtTimeZoneChange: 'ct-time-zone-change' as EventName<CtTimeZoneChangeEvent>,
  onCtSourceChange: 'ct-source-change' as EventName<CtSourceChangeEvent>,
  onCtRegionsChange: 'ct-regions-change' as EventName<CtRegionsChangeEvent>,
  onCtAccountsChange: 'ct-accounts-change' as EventName<CtAccountsChangeEvent>,
};

/** The table's events. */
const tableEvents = {
  onCtEventSelect: 'ct-event-select' as EventName<CtEventSelectEvent>,
  onCtLoadMore: 'ct-load-more' as EventName<CtLoadMoreEvent>,
  onCtRetry: 'ct-retry' as EventName<CtRetryEvent>,
  onCtStop: 'ct-stop' as EventName<CtStopEvent>,
  onCtPivot: 'ct-pivot' as EventName<CtPivotEvent>,
  onCtAround: 'ct-around' as EventName<CtAroundEvent>,
  onCtCompareChange: 'ct-compare-change' as EventName<CtCompareChangeEvent>,
  onCtColumnsChange: 'ct-columns-change' as EventName<CtColumnsChangeEvent>,
  onCtFollowChange: 'ct-follow-change' as EventName<CtFollowChangeEvent>,
  onCtPauseChange: 'ct-pause-change' as EventName<CtPauseChangeEvent>,
  onCtRegionsChange: 'ct-regions-change' as EventName<CtRegionsChangeEvent>,
};

/** The facets' events. */
const facetEvents = {
  onCtFacetSelect: 'ct-facet-select' as EventName<CtFacetSelectEvent>,
};

/** The timeline's events. */
const timelineEvents = {
  onCtTimeRangeSelect: 'ct-time-range-select' as EventName<CtTimeRangeSelectEvent>,
};

/** Every `ct-` event: the provider and the drop-in contain the filter, timeline, facets and table, whose events bubble out of them. */
const allEvents = {
  ...filterEvents,
  ...tableEvents,
  ...facetEvents,
  ...timelineEvents,
  onCtSessionChange: 'ct-session-change' as EventName<CtSessionChangeEvent>,
};

/** `<ct-lookup-provider>`: hosts the shared lookup controller for the elements inside it. */
export const CtLookupProvider = createComponent({
  tagName: 'ct-lookup-provider',
  elementClass: CtLookupProviderElement,
  react: React,
  events: allEvents,
  displayName: 'CtLookupProvider',
});

/** `<ct-lookup-filter>`: the lookup form. */
export const CtLookupFilter = createComponent({
  tagName: 'ct-lookup-filter',
  elementClass: CtLookupFilterElement,
  react: React,
  events: filterEvents,
  displayName: 'CtLookupFilter',
});

/** `<ct-event-table>`: the virtualized table of events. */
export const CtEventTable = createComponent({
  tagName: 'ct-event-table',
  elementClass: CtEventTableElement,
  react: React,
  events: tableEvents,
  displayName: 'CtEventTable',
});

/** `<ct-event-detail>`: the selected event and the comparison of picked events. */
export const CtEventDetail = createComponent({
  tagName: 'ct-event-detail',
  elementClass: CtEventDetailElement,
  react: React,
  events: { onCtPivot: 'ct-pivot' as EventName<CtPivotEvent>, onCtAround: 'ct-around' as EventName<CtAroundEvent> },
  displayName: 'CtEventDetail',
});

/** `<ct-event-facets>`: the top values of the loaded events; a click narrows the lookup. */
export const CtEventFacets = createComponent({
  tagName: 'ct-event-facets',
  elementClass: CtEventFacetsElement,
  react: React,
  events: facetEvents,
  displayName: 'CtEventFacets',
});

/** `<ct-event-timeline>`: events per time bucket; a drag (or the keyboard) zooms the lookup. */
export const CtEventTimeline = createComponent({
  tagName: 'ct-event-timeline',
  elementClass: CtEventTimelineElement,
  react: React,
  events: timelineEvents,
  displayName: 'CtEventTimeline',
});

/** `<ct-event-history>`: the drop-in filter, table and detail around one controller. */
export const CtEventHistory = createComponent({
  tagName: 'ct-event-history',
  elementClass: CtEventHistoryElement,
  react: React,
  events: allEvents,
  displayName: 'CtEventHistory',
});

export type {
  CtColumnsChangeEvent,
  CtCompareChangeEvent,
  CtEventSelectEvent,
  CtFacetSelectEvent,
  CtFollowChangeEvent,
  CtLoadMoreEvent,
  CtPauseChangeEvent,
  CtPivotEvent,
  CtAroundEvent,
  CtQueryResetEvent,
  CtQuerySubmitEvent,
  CtRetryEvent,
  CtSessionChangeEvent,
  CtSourceChangeEvent,
  CtStopEvent,
  CtTimeRangeSelectEvent,
  CtTimeZoneChangeEvent,
} from '../elements/events.js';
