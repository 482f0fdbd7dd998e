/**
 * Vue 3 with the tags in a template (test/browser/frameworks/vue3-app.ts): `isCustomElement`,
 * `.prop` bindings for objects and arrays, and `@ct-...` listeners.
 */
import { expect } from '@open-wc/testing';
import { createInstance, truth, until } from './helpers/emulator.js';
import { firstRow, headers, lookUpButton, nextFrame, rows, tableOf } from './helpers/framework-dom.js';
import { after, before, describe, it } from './helpers/mocha.js';

type App = typeof import('./frameworks/vue3-app.js');
const APP_URL = '/__apps/vue3-app.js';

describe('Vue 3 app with the tags in a template', () => {
  let app: App;
  let handle: import('./frameworks/vue3-app.js').AppHandle | undefined;
  let container: HTMLElement;
  const warnings: string[] = [];
  const warn = console.warn;

  before(async () => {
    app = (await import(/* @vite-ignore */ APP_URL)) as App;
    container = document.createElement('div');
    document.body.append(container);
    // Vue warns "Failed to resolve component" when isCustomElement is missing or wrong.
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      warn.apply(console, args);
    };
  });

  after(() => {
    console.warn = warn;
    handle?.unmount();
    container.remove();
  });

  it('runs on Vue 3', () => {
    expect(app.vueVersion).to.match(/^3\./);
  });

  it('binds objects and arrays with .prop and hears ct- events with @ct-...', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 70, seed: 30 } });
    const all = await truth(inst.id, {});
    handle = app.mount(container, {
      region: inst.region,
      endpoint: inst.url,
      credentials: { ...inst.staticCredentials },
      columns: ['time', 'eventName', 'eventSource'],
    });
    const history = container.querySelector('ct-event-history')!;
    expect(history, 'Vue rendered the tag as a custom element').to.exist;
    expect(warnings.filter((w) => w.includes('Failed to resolve component'))).to.deep.equal([]);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-event-table')));
    const table = tableOf(history);

    expect(history.hasAttribute('credentials')).to.equal(false);
    expect(history.hasAttribute('columns')).to.equal(false);
    // Vue sets a binding as a property when the element has one (region), even without .prop.
    expect((history as unknown as { region: string }).region).to.equal(inst.region);
    await until(() => rows(table).length > 0, 30_000);
    await nextFrame();
    expect(headers(table)).to.deep.equal(['Event time', 'Event name', 'Event source']);
    expect(rows(table)[0]![1]).to.equal(all[0]!.EventName);
    expect(handle.selected).to.have.length(0);

    firstRow(table).click();
    expect(handle.selected.map((e) => e.EventId)).to.deep.equal([all[0]!.EventId]);
    await until(() => container.querySelector('#selected')!.textContent === `Selected: ${all[0]!.EventName}`);

    lookUpButton(history).click();
    expect(handle.submitted).to.have.length(1);
    expect(handle.submitted[0]).to.have.property('timeRange');

    await handle.setColumns(['eventName', 'readOnly']);
    await nextFrame();
    expect(headers(table)).to.deep.equal(['Event name', 'Read-only']);
  });
});
