/**
 * React 18 with the `cloudtrail-elements/react` wrappers (@lit/react), in a real React app bundled
 * with React 18 (test/browser/frameworks/react18-app.ts): object and array props reach the elements
 * as properties, and `onCt...` props receive the typed events and drive React state.
 */
import { expect } from '@open-wc/testing';
import { createInstance, truth, until } from './helpers/emulator.js';
import { columnBox, firstRow, headers, lookUpButton, nextFrame, rows, tableOf } from './helpers/framework-dom.js';
import { after, before, describe, it } from './helpers/mocha.js';

type App = typeof import('./frameworks/react18-app.js');
const APP_URL = '/__apps/react18-app.js';

describe('React 18 app with the @lit/react wrappers', () => {
  let app: App;
  let handle: import('./frameworks/react18-app.js').AppHandle;
  let container: HTMLElement;

  before(async () => {
    app = (await import(/* @vite-ignore */ APP_URL)) as App;
    container = document.createElement('div');
    document.body.append(container);
  });

  after(() => {
    handle?.unmount();
    container.remove();
  });

  it('runs on React 18', () => {
    expect(app.reactVersion).to.match(/^18\./);
  });

  it('sets object and array props as properties, receives typed events, and re-renders with new props', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 90, seed: 18 } });
    const all = await truth(inst.id, {});
    handle = app.mount(container, {
      region: inst.region,
      endpoint: inst.url,
      credentials: { ...inst.staticCredentials },
      columns: ['time', 'eventName', 'errorCode'],
      events: all.slice(0, 3),
    });
    const history = container.querySelector('ct-event-history')!;
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-event-table')));
    const table = tableOf(history);

    // Props went in as properties: the credentials object signed real requests, the columns array shows.
    expect(history.hasAttribute('columns')).to.equal(false);
    expect(history.hasAttribute('credentials')).to.equal(false);
    await until(() => rows(table).length > 0, 30_000);
    await nextFrame();
    expect(headers(table)).to.deep.equal(['Event time', 'Event name', 'Error code']);
    expect(rows(table)[0]![1]).to.equal(all[0]!.EventName);

    // Nothing fired while React set properties.
    expect(handle.selected).to.have.length(0);
    expect(handle.submitted).to.have.length(0);

    // A click on a row reaches onCtEventSelect with the event, and React renders it.
    firstRow(table).click();
    expect(handle.selected).to.have.length(1);
    expect(handle.selected[0]!.EventId).to.equal(all[0]!.EventId);
    await until(() => container.querySelector('#selected')!.textContent === `Selected: ${all[0]!.EventName}`);

    // Look up reaches onCtQuerySubmit with the query object.
    lookUpButton(history).click();
    expect(handle.submitted).to.have.length(1);
    expect(handle.submitted[0]).to.have.property('timeRange');

    // A new array from React state replaces the columns.
    handle.setColumns(['eventName', 'username']);
    await nextFrame();
    expect(headers(table)).to.deep.equal(['Event name', 'User name']);
    expect(handle.selected).to.have.length(1);
  });

  it('feeds a standalone table an array of events and hears the column chooser', async () => {
    const inst = await createInstance({ generate: { count: 12, seed: 19 } });
    const all = await truth(inst.id, {});
    const table = container.querySelector('#table')!;
    handle.setTableEvents(all.slice(0, 5));
    // The grid renders the rows in view (it is virtualized); the app puts this table below the history.
    table.scrollIntoView();
    await until(() => rows(table).length === 5);
    expect(rows(table).map((r) => r[1])).to.deep.equal(all.slice(0, 5).map((e) => e.EventName));
    expect(handle.columnsChanged).to.have.length(0);
    columnBox(table, 'Source IP address').click();
    expect(handle.columnsChanged).to.have.length(1);
    expect(handle.columnsChanged[0]).to.include('sourceIp');
  });
});
