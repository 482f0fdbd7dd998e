// Generated from custom-elements.json by `npm run analyze` (scripts/framework-types.ts). Do not edit.
// Vue 3 GlobalComponents for the tags (templates type-check with vue-tsc and Volar). Load with
// `import type {} from 'cloudtrail-elements/types/vue';` and tell Vue's compiler the `ct-` tags are
// custom elements (`isCustomElement: (tag) => tag.startsWith('ct-')`).
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { CtAccountsChangeEvent, CtAroundEvent, CtColumnsChangeEvent, CtCompareChangeEvent, CtEventDetail, CtEventFacets, CtEventHistory, CtEventSelectEvent, CtEventTable, CtEventTimeline, CtFacetSelectEvent, CtFollowChangeEvent, CtLoadMoreEvent, CtLookupFilter, CtLookupProvider, CtPauseChangeEvent, CtPivotEvent, CtQueryResetEvent, CtQuerySubmitEvent, CtRegionsChangeEvent, CtRetryEvent, CtSessionChangeEvent, CtSourceChangeEvent, CtStopEvent, CtTimeRangeSelectEvent, CtTimeZoneChangeEvent } from '../dist/index.js';

/** As in Vue's guide (Web Components, TypeScript): template types for a custom element. */
export type CtVueElement<Element extends HTMLElement, Props extends keyof Element, Events extends Record<string, Event>> = new () => Element & {
  /** @deprecated Template prop types only: not a property of the element. */
  $props: HTMLAttributes & Partial<Pick<Element, Props>> & PublicProps;
  /** @deprecated Template event types only: not a property of the element. */
  $emit: EmitFn<{ [Name in keyof Events]: (event: Events[Name]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    /** `<ct-event-detail>`: The selected event: its summary, the rules that flag it (findings: why each matched, its ATT&CK tactic and references), resources, Insights details, and the full record as formatted, collapsible, colour-coded JSON with copy and download. While the picked events are compared (the table's "Compare" button), shows every field of their records side by side, with a "differences only" switch. */
    'ct-event-detail': CtVueElement<CtEventDetail, 'event' | 'theme' | 'session' | 'provider' | 'timeZone', {
      'ct-pivot': CtPivotEvent;
      'ct-around': CtAroundEvent;
    }>;
    /** `<ct-event-facets>`: The rules that flag the loaded events (findings, most severe first), then the top values, with counts, of event name, user, event source, source IP, error code, Region, resource type and access key among the loaded events that match. A click narrows the lookup to a value; Alt-click (or the ⊘ button beside it) excludes it. On loaded rows that takes effect at once, with no request. Each field's list is one Tab stop: the arrow keys move through its values (Up and Down), and between a value and its ⊘ (Left and Right); Home and End go to its first and last value. */
    'ct-event-facets': CtVueElement<CtEventFacets, 'events' | 'limit' | 'theme' | 'session' | 'provider' | 'timeZone', {
      'ct-facet-select': CtFacetSelectEvent;
    }>;
    /** `<ct-event-history>`: The drop-in Event history: filter, timeline, table and detail around one controller, in a responsive layout. The table gets the width until an event is opened; then the detail opens beside it on wide screens, in a split the reader can resize (drag or arrow keys; remembered), or below it on narrow ones, scrolled into view with a way back. Picked events compare in a full-width view. Escape closes the detail (or the comparison) and gives focus back to the rows. The first Tab stop is a "Skip to events" button (shown when focused) that goes straight to the rows. */
    'ct-event-history': CtVueElement<CtEventHistory, 'columns' | 'timeZone' | 'urlState' | 'noAutoRun' | 'theme' | 'region' | 'regions' | 'searchRegions' | 'endpoint' | 'cognitoEndpoint' | 'ec2Endpoint' | 'identityPoolId' | 'logins' | 'credentials' | 'allowGuest' | 'scanLimit' | 'source' | 'athenaEndpoint' | 'athenaDatabase' | 'athenaTable' | 'athenaCatalog' | 'athenaPartitions' | 'athenaWorkgroup' | 'athenaOutputLocation' | 'athenaScanLimit' | 'accounts' | 'searchAccounts' | 'stsEndpoint' | 'accountsVia' | 'disposeDelay' | 'sigmaRules', {
      'ct-query-submit': CtQuerySubmitEvent;
      'ct-query-reset': CtQueryResetEvent;
      'ct-event-select': CtEventSelectEvent;
      'ct-load-more': CtLoadMoreEvent;
      'ct-retry': CtRetryEvent;
      'ct-compare-change': CtCompareChangeEvent;
      'ct-columns-change': CtColumnsChangeEvent;
      'ct-session-change': CtSessionChangeEvent;
      'ct-time-zone-change': CtTimeZoneChangeEvent;
      'ct-stop': CtStopEvent;
      'ct-facet-select': CtFacetSelectEvent;
      'ct-pivot': CtPivotEvent;
      'ct-around': CtAroundEvent;
      'ct-time-range-select': CtTimeRangeSelectEvent;
      'ct-follow-change': CtFollowChangeEvent;
      'ct-pause-change': CtPauseChangeEvent;
      'ct-source-change': CtSourceChangeEvent;
      'ct-regions-change': CtRegionsChangeEvent;
      'ct-accounts-change': CtAccountsChangeEvent;
    }>;
    /** `<ct-event-table>`: A virtualized table of CloudTrail events that loads the next page as the user nears the end, with a column chooser, columns sized to their values and resizable (drag a header's edge, or focus it and use the arrow keys; remembered per column set), CSV/JSON download, comparison picks, and loading, empty, no-match and error states in the grid's own area. Insights events show one row per insight (Start and End paired) with the insight's own columns. The Finding column (in the chooser) shows the most severe rule that flags each event, with a mark of its severity. */
    'ct-event-table': CtVueElement<CtEventTable, 'events' | 'columns' | 'label' | 'theme' | 'session' | 'provider' | 'timeZone', {
      'ct-event-select': CtEventSelectEvent;
      'ct-load-more': CtLoadMoreEvent;
      'ct-retry': CtRetryEvent;
      'ct-regions-change': CtRegionsChangeEvent;
      'ct-pivot': CtPivotEvent;
      'ct-around': CtAroundEvent;
      'ct-stop': CtStopEvent;
      'ct-compare-change': CtCompareChangeEvent;
      'ct-columns-change': CtColumnsChangeEvent;
      'ct-follow-change': CtFollowChangeEvent;
      'ct-pause-change': CtPauseChangeEvent;
    }>;
    /** `<ct-event-timeline>`: Events per time bucket over the query's range: failed calls stacked apart from the rest, Insights windows marked above the bars. While more pages exist, the chart spans a round stretch back from the range's end that holds every loaded event (its part older than the oldest loaded event hatched), and says in words how much of the range is not loaded yet. When the source counts on the service side (Athena), the bars count every matching event of the range, from one query per bucket width, and the chart says so once the counts have arrived. Drag across it (or choose buckets with the arrow keys and press Enter) to zoom the lookup to that span. */
    'ct-event-timeline': CtVueElement<CtEventTimeline, 'events' | 'start' | 'end' | 'theme' | 'session' | 'provider' | 'timeZone', {
      'ct-time-range-select': CtTimeRangeSelectEvent;
    }>;
    /** `<ct-lookup-filter>`: The lookup form: one lookup attribute and its value, a time range, the read-only filter and the event category. Invalid input is explained beside the field before anything is sent. */
    'ct-lookup-filter': CtVueElement<CtLookupFilter, 'query' | 'theme' | 'session' | 'provider' | 'timeZone', {
      'ct-regions-change': CtRegionsChangeEvent;
      'ct-query-submit': CtQuerySubmitEvent;
      'ct-query-reset': CtQueryResetEvent;
      'ct-time-zone-change': CtTimeZoneChangeEvent;
      'ct-source-change': CtSourceChangeEvent;
      'ct-accounts-change': CtAccountsChangeEvent;
    }>;
    /** `<ct-lookup-provider>`: Hosts one investigation (the lookup controller and the store of its view state) and hands it to the filter, table and detail inside it, or to those elsewhere on the page that name this element's id in their `provider` attribute. */
    'ct-lookup-provider': CtVueElement<CtLookupProvider, 'region' | 'regions' | 'searchRegions' | 'endpoint' | 'cognitoEndpoint' | 'ec2Endpoint' | 'identityPoolId' | 'logins' | 'credentials' | 'allowGuest' | 'scanLimit' | 'source' | 'athenaEndpoint' | 'athenaDatabase' | 'athenaTable' | 'athenaCatalog' | 'athenaPartitions' | 'athenaWorkgroup' | 'athenaOutputLocation' | 'athenaScanLimit' | 'accounts' | 'searchAccounts' | 'stsEndpoint' | 'accountsVia' | 'disposeDelay' | 'sigmaRules', {
      'ct-time-zone-change': CtTimeZoneChangeEvent;
      'ct-session-change': CtSessionChangeEvent;
    }>;
  }
}
