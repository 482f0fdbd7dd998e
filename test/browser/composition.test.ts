/**
 * How the elements fit a portal page: placed apart and sharing one provider by id, the query kept
 * in the URL on request, themes, and attacker-controlled strings rendered as inert text.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventDetail, CtEventHistory, CtEventTable, CtLookupFilter, CtLookupProvider } from '../../src/index.js';
import { createInstance, truth, until } from './helpers/emulator.js';
import { choose, control, detailField, expectedEvents, detailText, mountHistory, renderedRows, settle, waitForStatus } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { CATALOG_EVENT_SOURCES } from '../../src/lookup/event-catalog.js';

describe('elements on a portal page', () => {
  it('share one controller across the page by naming the provider\'s id', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 120, seed: 5 } });
    const page = await fixture<HTMLElement>(html`<div>
      <ct-lookup-provider id="ct-shared" .region=${inst.region} .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-lookup-provider>
      <header><ct-lookup-filter provider="ct-shared"></ct-lookup-filter></header>
      <main><ct-event-table provider="ct-shared"></ct-event-table></main>
      <aside><ct-event-detail provider="ct-shared"></ct-event-detail></aside>
    </div>`);
    const provider = page.querySelector<CtLookupProvider>('ct-lookup-provider')!;
    const filter = page.querySelector<CtLookupFilter>('ct-lookup-filter')!;
    const table = page.querySelector<CtEventTable>('ct-event-table')!;
    const detail = page.querySelector<CtEventDetail>('ct-event-detail')!;
    await provider.updateComplete;
    const session = provider.session!;
    expect(session).to.exist;

    expect(filter.submit()).to.equal(true);
    await waitForStatus(session, ['done', 'error']);
    await table.updateComplete;
    await settle();
    const want = await expectedEvents(inst, session);
    expect(renderedRows(table)[0][1]).to.equal(want[0].EventName);
    table.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!.click();
    await detail.updateComplete;
    expect(detailField(detail, 'Event ID')).to.equal(want[0].EventId);

    // The filter suggests the catalog's event sources first, then those of the loaded events not among them, most frequent first.
    await choose(filter, 'Lookup attribute', 'EventSource');
    const input = control<HTMLInputElement>(filter, 'Event source');
    const options = () => [...filter.shadowRoot!.getElementById(input.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value);
    await until(() => options().includes('cloudtrail.amazonaws.com'));
    const suggested = options();
    const loaded = session.lookup.state.events.map((e) => e.EventSource!);
    for (const source of loaded) expect(suggested, 'every loaded source is offered').to.include(source);
    expect(new Set(suggested).size, 'each once').to.equal(suggested.length);
    expect(suggested.slice(0, CATALOG_EVENT_SOURCES.length), 'the catalog first').to.deep.equal([...CATALOG_EVENT_SOURCES]);
    const tail = suggested.slice(CATALOG_EVENT_SOURCES.length);
    const count = (v: string) => loaded.filter((x) => x === v).length;
    for (let i = 1; i < tail.length; i++) expect(count(tail[i - 1]), `${tail[i - 1]} before ${tail[i]}`).to.be.at.least(count(tail[i]));
  });

  it('keeps the query in the URL when the host opts in, and reopens it from a link', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 60, seed: 6 } });
    const original = location.href;
    try {
      const m = await mountHistory(inst);
      m.history.urlState = true;
      await m.history.updateComplete;
      const value = (await truth(inst.id, {}))[0].EventName!;
      m.filter.query = { attribute: { key: 'EventName', value }, timeRange: { kind: 'relative', preset: '7d' }, readOnly: 'all', category: 'management', pageSize: 50 };
      await m.filter.updateComplete;
      expect(m.filter.submit()).to.equal(true);
      // The link code loads beside the first rows: the address follows once it is there.
      await until(() => new URLSearchParams(location.search).has('ct-filter'));
      const params = new URLSearchParams(location.search);
      expect(params.getAll('ct-filter'), 'the attribute is the first condition').to.deep.equal([`EventName:${value}`]);
      expect(params.get('ct-range')).to.equal('7d');
      await waitForStatus(m.session, ['done', 'error']);

      // A link with that URL reopens the same view.
      const reopened = await fixture<CtEventHistory>(html`<ct-event-history url-state no-auto-run></ct-event-history>`);
      const filter = reopened.shadowRoot!.querySelector<CtLookupFilter>('ct-lookup-filter')!;
      await until(() => control(filter, 'Lookup attribute').value === 'EventName');
      expect(control<HTMLInputElement>(filter, 'Event name').value).to.equal(value);
      expect(control(filter, 'Time range').value).to.equal('7d');
    } finally {
      history.replaceState(history.state, '', original);
    }
  });

  it('renders attacker-controlled strings as inert text', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const e = eventFromRecord(record(1, {
      userAgent: payload,
      eventName: `Get${payload}`,
      errorCode: payload,
      errorMessage: payload,
      userIdentity: { type: 'IAMUser', userName: payload, accessKeyId: payload },
      resources: [{ type: payload, ARN: `arn:aws:s3:::${payload}` }],
      requestParameters: { [payload]: payload, url: 'javascript:alert(1)' },
    }));
    const table = await fixture<CtEventTable>(html`<ct-event-table .events=${[e]} .columns=${['time', 'eventName', 'username', 'userAgent', 'errorCode', 'resourceName']}></ct-event-table>`);
    const detail = await fixture<CtEventDetail>(html`<ct-event-detail .event=${e}></ct-event-detail>`);
    await settle();
    for (const root of [table.shadowRoot!, detail.shadowRoot!]) {
      expect(root.querySelectorAll('img, script, a[href^="javascript"]')).to.have.length(0);
      expect([...root.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => a.name.startsWith('on')))).to.equal(false);
    }
    expect(renderedRows(table)[0]).to.include(payload);
    expect(detailField(detail, 'User agent')).to.equal(payload);
    expect(detailText(detail)).to.include('javascript:alert(1)');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('follows the theme attribute for light and dark', async () => {
    const light = await fixture<CtEventTable>(html`<ct-event-table theme="light"></ct-event-table>`);
    const dark = await fixture<CtEventTable>(html`<ct-event-table theme="dark"></ct-event-table>`);
    const bg = (el: CtEventTable) => getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor;
    expect(bg(light)).to.equal('rgb(255, 255, 255)');
    expect(bg(dark)).to.equal('rgb(22, 27, 34)');
    light.style.setProperty('--ct-color-surface', 'rgb(1, 2, 3)');
    expect(bg(light), 'a --ct-* property restyles it').to.equal('rgb(1, 2, 3)');
  });
});
