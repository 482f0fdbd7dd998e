/**
 * A React 18 app that uses the `@lit/react` wrappers of src/react (served bundled with React 18 at
 * /__apps/react18-app.js): the drop-in history with object and array props and event props that
 * feed React state, and a table on its own fed an array of events.
 */
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { CtEventHistory, CtEventTable } from '../../../src/react/index.js';
import { CtEvent, type ColumnId, type LookupQuery } from '../../../src/index.js';
import type { WireEvent } from '../helpers/emulator.js';

const h = React.createElement;

export const reactVersion = React.version;

export interface AppConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  columns: ColumnId[];
  events: WireEvent[];
}

/** What the app received from the elements, and levers to re-render it with new props. */
export interface AppHandle {
  selected: CtEvent[];
  submitted: LookupQuery[];
  columnsChanged: (readonly string[])[];
  setColumns(columns: ColumnId[]): void;
  setTableEvents(events: WireEvent[]): void;
  unmount(): void;
}

const fromWire = (e: WireEvent) => new CtEvent({ ...e, EventTime: new Date(e.EventTime * 1000) });

export function mount(container: HTMLElement, config: AppConfig): AppHandle {
  const handle = { selected: [], submitted: [], columnsChanged: [] } as unknown as AppHandle;

  function App() {
    const [columns, setColumns] = React.useState(config.columns);
    const [tableEvents, setTableEvents] = React.useState(() => config.events.map(fromWire));
    const [selectedName, setSelectedName] = React.useState('');
    handle.setColumns = (c) => flushSync(() => setColumns(c));
    handle.setTableEvents = (list) => flushSync(() => setTableEvents(list.map(fromWire)));
    return h('div', null,
      h('p', { id: 'selected' }, selectedName ? `Selected: ${selectedName}` : 'Nothing selected'),
      h(CtEventHistory, {
        id: 'history',
        region: config.region,
        endpoint: config.endpoint,
        credentials: config.credentials,
        columns,
        onCtEventSelect: (e) => {
          handle.selected.push(e.event);
          setSelectedName(e.event.EventName ?? '');
        },
        onCtQuerySubmit: (e) => {
          handle.submitted.push(e.query);
        },
      }),
      h(CtEventTable, {
        id: 'table',
        events: tableEvents,
        label: 'Events picked by the app',
        onCtColumnsChange: (e) => {
          handle.columnsChanged.push(e.columns);
        },
      }),
    );
  }

  const root = createRoot(container);
  flushSync(() => root.render(h(App)));
  handle.unmount = () => root.unmount();
  return handle;
}
