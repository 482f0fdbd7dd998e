/**
 * Several conditions, exclusions, facets: what the console and the CLI cannot do, checked against
 * the emulator's ground truth over real HTTP.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventHistory } from '../../src/index.js';
import type { InvestigationStore } from '../../src/state/store.js';
import { describe, it } from './helpers/mocha.js';
import { createInstance, lookupLog, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { control, renderedRows, settle, statusLine } from './helpers/elements.js';

const INVICTUS = 'invictus-ir_aws_dataset.full.jsonl.gz';

const record = (e: WireEvent) => JSON.parse(e.CloudTrailEvent) as { errorCode?: string; sourceIPAddress?: string };

/** Opens `<ct-event-history url-state>` at `search` and pages until the lookup is complete. */
async function openLink(inst: Instance, search: string): Promise<{ el: CtEventHistory; store: InvestigationStore; restore: () => void }> {
  const original = location.href;
  history.replaceState(null, '', `${location.pathname}?${search}`);
  const el = await fixture<CtEventHistory>(html`<ct-event-history url-state scan-limit="5000" .region=${inst.region} .endpoint=${inst.url}
    .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(el.session));
  const store = el.session!;
  await until(() => store.lookup.state.status === 'done' || store.lookup.state.status === 'error', 60_000);
  for (let i = 0; i < 200 && store.lookup.state.hasMore && store.lookup.state.status !== 'error'; i++) await store.loadMore();
  return { el, store, restore: () => history.replaceState(history.state, '', original) };
}

const ids = (events: readonly { EventId?: string }[]) => events.map((e) => e.EventId);

describe('several conditions', () => {
  it('a link with two conditions shows exactly the matching events, having scanned the events of the source', async function () {
    this.timeout(90_000);
    const inst = await createInstance({ events: [INVICTUS], rebase: true, throttle: false });
    const { el, store, restore } = await openLink(inst, 'ct-range=90d&ct-filter=EventSource:ec2.amazonaws.com&ct-filter=ErrorCode:Client.UnauthorizedOperation');
    try {
      const plan = store.lookup.state.plan!;
      const ofSource = await truth(inst.id, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' }], StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000 });
      const want = ofSource.filter((e) => record(e).errorCode === 'Client.UnauthorizedOperation');
      expect(want.length, 'the data has such events').to.be.greaterThan(0);
      expect(plan.input.LookupAttributes, 'the API gets the source').to.deep.equal([{ AttributeKey: 'EventSource', AttributeValue: 'ec2.amazonaws.com' }]);
      expect(ids(store.lookup.state.events)).to.deep.equal(ids(want));
      expect(store.lookup.state.counts.scanned, 'scanned = the events of that source').to.equal(ofSource.length);
      const table = el.shadowRoot!.querySelector('ct-event-table')!;
      await table.updateComplete;
      expect(statusLine(table)).to.equal(`Scanned ${ofSource.length.toLocaleString('en-US')} events, ${want.length} matched · all events for this lookup`);
    } finally {
      restore();
    }
  });

  it('an exclusion drops what it names', async function () {
    this.timeout(90_000);
    const inst = await createInstance({ generate: { count: 400, seed: 41 }, throttle: false });
    const all = await truth(inst.id, {});
    const source = all[0].EventSource!;
    const ofSource = all.filter((e) => e.EventSource === source);
    const name = ofSource[0].EventName!;
    const { store, restore } = await openLink(inst, `ct-range=90d&ct-filter=EventSource:${source}&ct-exclude=EventName:${name}`);
    try {
      expect(ids(store.lookup.state.events)).to.deep.equal(ids(ofSource.filter((e) => e.EventName !== name)));
      expect(store.lookup.state.events.some((e) => e.EventName === name)).to.equal(false);
    } finally {
      restore();
    }
  });

  it('a browser-only condition alone sends no attribute and keeps what matches', async function () {
    this.timeout(90_000);
    const inst = await createInstance({ generate: { count: 400, seed: 42 }, throttle: false });
    const all = await truth(inst.id, {});
    const counts = new Map<string, number>();
    for (const e of all) { const code = record(e).errorCode; if (code) counts.set(code, (counts.get(code) ?? 0) + 1); }
    const [code] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(code, 'the generated data has failed calls').to.be.a('string');
    const { store, restore } = await openLink(inst, `ct-range=90d&ct-filter=ErrorCode:${encodeURIComponent(code)}`);
    try {
      expect(ids(store.lookup.state.events)).to.deep.equal(ids(all.filter((e) => record(e).errorCode === code)));
      const sent = await lookupLog(inst.id);
      expect(sent.every((e) => !(e.params as { LookupAttributes?: unknown }).LookupAttributes), 'no attribute went to the API').to.equal(true);
    } finally {
      restore();
    }
  });

  it('an old ct-key link still works', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 200, seed: 43 }, throttle: false });
    const all = await truth(inst.id, {});
    const name = all[3].EventName!;
    const { el, store, restore } = await openLink(inst, `ct-key=EventName&ct-value=${name}&ct-range=90d`);
    try {
      expect(ids(store.lookup.state.events)).to.deep.equal(ids(all.filter((e) => e.EventName === name)));
      const filter = el.shadowRoot!.querySelector('ct-lookup-filter')!;
      await filter.updateComplete;
      expect(control(filter, 'Lookup attribute').value).to.equal('EventName');
      expect(new URLSearchParams(location.search).getAll('ct-filter'), 'rewritten in the new form').to.deep.equal([`EventName:${name}`]);
    } finally {
      restore();
    }
  });

  it('the filter adds, edits and removes conditions from the keyboard and runs them', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 200, seed: 44 }, throttle: false });
    const all = await truth(inst.id, {});
    const ip = record(all[0]).sourceIPAddress!;
    const { el, store, restore } = await openLink(inst, 'ct-range=90d');
    try {
      const filter = el.shadowRoot!.querySelector('ct-lookup-filter')!;
      const root = filter.shadowRoot!;
      root.querySelector<HTMLButtonElement>('.add')!.click();
      await filter.updateComplete;
      await settle();
      const field = root.querySelector<HTMLSelectElement>('[aria-label="Condition 1 field"]')!;
      expect(root.activeElement, 'focus moves to the new condition').to.equal(field);
      field.value = 'SourceIPAddress';
      field.dispatchEvent(new Event('change'));
      await filter.updateComplete;
      const value = root.querySelector<HTMLInputElement>('[aria-label="Condition 1 value"]')!;
      value.value = ip;
      value.dispatchEvent(new Event('input'));
      await filter.updateComplete;
      expect(filter.submit()).to.equal(true);
      await until(() => store.lookup.state.status === 'done', 30_000);
      for (let i = 0; i < 50 && store.lookup.state.hasMore; i++) await store.loadMore();
      expect(ids(store.lookup.state.events)).to.deep.equal(ids(all.filter((e) => record(e).sourceIPAddress === ip)));
      expect(new URLSearchParams(location.search).getAll('ct-filter')).to.deep.equal([`SourceIPAddress:${ip}`]);

      // An empty value is explained beside the condition, and nothing is sent.
      root.querySelector<HTMLButtonElement>('.add')!.click();
      await filter.updateComplete;
      const before = (await lookupLog(inst.id)).length;
      expect(filter.submit()).to.equal(false);
      await filter.updateComplete;
      expect(root.querySelector('[aria-label="Condition 2"] .error')?.textContent).to.include('Enter a value');
      root.querySelector<HTMLButtonElement>('[aria-label="Remove condition 2"]')!.click();
      await filter.updateComplete;
      expect(root.querySelectorAll('.condition')).to.have.length(1);
      expect((await lookupLog(inst.id)).length).to.equal(before);
    } finally {
      restore();
    }
  });
});

describe('facets', () => {
  it('passes an axe check with values shown', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 120, seed: 46 }, throttle: false });
    const el = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => el.session?.lookup.state.status === 'done', 30_000);
    const facets = el.shadowRoot!.querySelector('ct-event-facets')!;
    await until(() => (facets.shadowRoot?.querySelectorAll('[part="facet-value"]').length ?? 0) > 0);
    await expect(facets).to.be.accessible();
    const filter = el.shadowRoot!.querySelector('ct-lookup-filter')!;
    filter.shadowRoot!.querySelector<HTMLButtonElement>('.add')!.click();
    await filter.updateComplete;
    await expect(filter, 'the filter with a condition row').to.be.accessible();
  });

  it('counts the top values of the loaded events, and a click narrows the rows with no request; Alt-click excludes', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 300, seed: 45 }, throttle: false });
    const el = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(el.session));
    const store = el.session!;
    await until(() => store.lookup.state.status === 'done', 30_000);
    await store.loadMore();
    await store.loadMore();
    const facets = el.shadowRoot!.querySelector('ct-event-facets')!;
    const table = el.shadowRoot!.querySelector('ct-event-table')!;
    await facets.updateComplete;
    const loaded = store.lookup.state.events;
    const byName = new Map<string, number>();
    for (const e of loaded) byName.set(e.EventName!, (byName.get(e.EventName!) ?? 0) + 1);
    const want = [...byName].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
    const buttons = [...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="EventName"]')];
    expect(buttons.map((b) => [b.dataset.value, Number.parseInt(b.querySelector('.count')!.textContent!.replace(/,/g, ''), 10)])).to.deep.equal(want);
    expect(buttons[0].textContent!.replace(/\s+/g, ' ').trim(), 'named by its value and count').to.equal(`${want[0][0]} ${want[0][1]} events`);

    const [name, count] = want[0];
    const requests = (await lookupLog(inst.id)).length;
    const loadedBefore = loaded.length;
    buttons[0].click();
    await until(() => store.lookup.state.query?.conditions?.length === 1);
    await table.updateComplete;
    await settle();
    expect(store.lookup.state.events.length).to.equal(count);
    expect(store.lookup.state.events.every((e) => e.EventName === name)).to.equal(true);
    expect(renderedRows(table).every((r) => r[1] === name), 'the rows show only that name').to.equal(true);
    expect((await lookupLog(inst.id)).length, 'no LookupEvents request').to.equal(requests);
    expect(store.lookup.state.counts.scanned).to.equal(loadedBefore);

    // Alt-click on another field's value excludes it.
    await facets.updateComplete;
    const other = facets.shadowRoot!.querySelector<HTMLButtonElement>('[part="facet-value"][data-field="Username"]')!;
    const user = other.dataset.value!;
    other.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, altKey: true }));
    await until(() => store.lookup.state.query?.conditions?.length === 2);
    expect(store.lookup.state.query!.conditions![1]).to.deep.equal({ field: 'Username', value: user, exclude: true });
    expect(store.lookup.state.events.some((e) => e.Username === user)).to.equal(false);
    expect((await lookupLog(inst.id)).length, 'still no request').to.equal(requests);
    const filter = el.shadowRoot!.querySelector('ct-lookup-filter')!;
    await filter.updateComplete;
    expect(filter.shadowRoot!.querySelectorAll('.condition'), 'the filter shows both conditions').to.have.length(2);

    // Paging then continues with the conditions.
    if (store.lookup.state.hasMore) {
      await store.loadMore();
      expect(store.lookup.state.events.every((e) => e.EventName === name && e.Username !== user)).to.equal(true);
    }
  });
});
