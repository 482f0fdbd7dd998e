/**
 * The one-file bundle (dist/cloudtrail-elements.bundle.js, built by `npm run build:bundle`, which
 * `npm test` runs first): a static page that loads only that file and holds one <ct-event-history>
 * signs in through the emulator's Cognito and shows the emulator's events.
 */
import { expect } from '@open-wc/testing';
import { createInstance, getLog, truth, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

function openPage(src: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1200px; height: 900px; border: 0';
  document.body.append(frame);
  return new Promise((resolve, reject) => {
    frame.addEventListener('load', () => resolve(frame), { once: true });
    frame.addEventListener('error', reject, { once: true });
    frame.src = src;
  });
}

describe('the one-file bundle on a static page', () => {
  it('loads alone, registers every tag and shows the emulator\'s events in <ct-event-history>', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 80, seed: 21 } });
    const frame = await openPage(`/test/browser/pages/bundle.html?instance=${inst.id}`);
    const win = frame.contentWindow as Window & typeof globalThis;
    const doc = frame.contentDocument!;

    // Only the bundle was loaded as a script: no module graph, no bare specifiers. (The test
    // server injects its own web-socket script into every page it serves.)
    const scripts = win.performance.getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script')
      .map((e) => new URL(e.name).pathname)
      .filter((path) => !path.startsWith('/__web-dev-server'));
    // What the first rows do not need (the facets, the timeline) comes after, from chunks beside it.
    expect(scripts[0]).to.equal('/dist/cloudtrail-elements.bundle.js');
    for (const later of scripts.slice(1)) expect(later, 'a lazy chunk of the bundle').to.match(/^\/dist\/bundle-chunks\/[\w.-]+\.js$/);

    await until(() => Boolean(win.customElements.get('ct-event-history')), 20_000);
    await until(() => Boolean(win.customElements.get('ct-event-facets')), 20_000);
    for (const tag of ['ct-lookup-provider', 'ct-lookup-filter', 'ct-event-table', 'ct-event-detail', 'ct-event-history', 'ct-event-facets']) {
      expect(win.customElements.get(tag), tag).to.be.a('function');
    }

    // What a user sees: the table's rows, newest first, as the emulator holds them.
    const history = doc.querySelector('ct-event-history')!;
    const table = () => history.shadowRoot?.querySelector('ct-event-table')?.shadowRoot;
    const rowNames = () => [...(table()?.querySelectorAll('.body [role="row"]') ?? [])]
      .map((row) => row.querySelectorAll('[role="gridcell"]')[2]?.textContent?.trim());
    await until(() => rowNames().length > 0, 30_000);
    const lookups = (await getLog(inst.id)).filter((e) => e.operation === 'LookupEvents');
    expect(lookups.length).to.be.greaterThan(0);
    expect(lookups.every((e) => e.status === 200)).to.equal(true);
    const all = await truth(inst.id, {});
    const shown = rowNames();
    expect(shown.slice(0, 10)).to.deep.equal(all.slice(0, 10).map((e) => e.EventName));
    expect(table()!.querySelector('.status')!.textContent).to.match(/\d+ events? loaded/);
    // Signed in through the emulator's Cognito, not with static keys.
    const cognito = (await getLog(inst.id)).filter((e) => e.operation === 'GetCredentialsForIdentity');
    expect(cognito.length).to.equal(1);
    frame.remove();
  });
});
