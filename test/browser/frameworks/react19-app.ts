/**
 * A React 19 app that renders the tags directly, with no wrappers (served bundled with React 19 at
 * /__apps/react19-app.js). React 19 sets a prop as a property when the element has that property
 * (so arrays and objects pass as they are) and turns `onct-event-select` into a listener for the
 * `ct-event-select` DOM event.
 */
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import '../../../src/define/all.js';
import type { ColumnId, CtEventSelectEvent, CtEvent, CtQuerySubmitEvent, LookupQuery } from '../../../src/index.js';

const h = React.createElement;

export const reactVersion = React.version;

export interface AppConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  columns: ColumnId[];
}

export interface AppHandle {
  selected: CtEvent[];
  submitted: LookupQuery[];
  setColumns(columns: ColumnId[]): void;
  unmount(): void;
}

export function mount(container: HTMLElement, config: AppConfig): AppHandle {
  const handle = { selected: [], submitted: [] } as unknown as AppHandle;

  function App() {
    const [columns, setColumns] = React.useState(config.columns);
    const [selectedName, setSelectedName] = React.useState('');
    handle.setColumns = (c) => flushSync(() => setColumns(c));
    return h('div', null,
      h('p', { id: 'selected' }, selectedName ? `Selected: ${selectedName}` : 'Nothing selected'),
      h('ct-event-history', {
        region: config.region,
        endpoint: config.endpoint,
        credentials: config.credentials,
        columns,
        'time-zone': 'utc',
        'onct-event-select': (e: CtEventSelectEvent) => {
          handle.selected.push(e.event);
          setSelectedName(e.event.EventName ?? '');
        },
        'onct-query-submit': (e: CtQuerySubmitEvent) => {
          handle.submitted.push(e.query);
        },
      }),
    );
  }

  const root = createRoot(container);
  flushSync(() => root.render(h(App)));
  handle.unmount = () => root.unmount();
  return handle;
}
