/**
 * React 19 with the tags used directly (no wrappers), in a real React 19 app
 * (test/browser/frameworks/react19-app.ts): React 19 sets known props as properties and listens to
 * `onct-...` props as DOM events.
 */
import { expect } from '@open-wc/testing';
import { createInstance, truth, until } from './helpers/emulator.js';
import { firstRow, headers, lookUpButton, nextFrame, rows, tableOf } from './helpers/framework-dom.js';
import { after, before, describe, it } from './helpers/mocha.js';

type App = typeof import('./frameworks/react19-app.js');
const APP_URL = '/__apps/react19-app.js';

describe('React 19 app with the tags used directly', () => {
  let app: App;
  let handle: import('./frameworks/react19-app.js').AppHandle | undefined;
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

  it('runs on React 19', () => {
    expect(app.reactVersion).to.match(/^19\./);
  });

  it('passes objects and arrays as properties and hears ct- events through onct-... props', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 70, seed: 20 } });
    const all = await truth(inst.id, {});
    handle = app.mount(container, {
      region: inst.region,
      endpoint: inst.url,
      credentials: { ...inst.staticCredentials },
      columns: ['eventName', 'eventSource', 'time'],
    });
    const history = container.querySelector('ct-event-history')!;
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-event-table')));
    const table = tableOf(history);

    // Objects and arrays became properties, never "[object Object]" attributes.
    expect(history.hasAttribute('credentials')).to.equal(false);
    expect(history.hasAttribute('columns')).to.equal(false);
    expect((history as unknown as { columns: string[] }).columns).to.deep.equal(['eventName', 'eventSource', 'time']);
    await until(() => rows(table).length > 0, 30_000);
    await nextFrame();
    expect(headers(table)).to.deep.equal(['Event name', 'Event source', 'Event time']);
    expect(rows(table)[0]![0]).to.equal(all[0]!.EventName);
    expect(handle.selected).to.have.length(0);

    firstRow(table).click();
    expect(handle.selected.map((e) => e.EventId)).to.deep.equal([all[0]!.EventId]);
    await until(() => container.querySelector('#selected')!.textContent === `Selected: ${all[0]!.EventName}`);

    lookUpButton(history).click();
    expect(handle.submitted).to.have.length(1);
    expect(handle.submitted[0]).to.have.property('timeRange');

    handle.setColumns(['username']);
    await nextFrame();
    expect(headers(table)).to.deep.equal(['User name']);
  });
});
