/**
 * Every Region in the view: the filter's Region chooser, the status line that says what was
 * searched ("Searched 1 of 17 Regions; 16 not searched · Search all"), and the link that keeps the
 * Regions, the source, the search text, "Errors only" and the timeline's zoom (a Region the page does
 * not offer is named and left out). Against the emulator, which serves each Region the records made in it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/all.js';
import type { CtEventHistory, CtEventTable, CtLookupFilter, InvestigationStore } from '../../src/index.js';
import { createInstance, lookupLog, truth, until, type Instance } from './helpers/emulator.js';
import { afterEach, describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const SPREAD = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'];

/** 200 records over four Regions. */
const records = () => Array.from({ length: 200 }, (_, i) => record(i, { awsRegion: SPREAD[i % SPREAD.length] }));

interface View { history: CtEventHistory; filter: CtLookupFilter; table: CtEventTable; session: () => InvestigationStore }

async function mount(inst: Instance, template = html`<ct-event-history .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`): Promise<View> {
  const history = await fixture<CtEventHistory>(template);
  await until(() => Boolean(history.session) && history.session!.lookup.state.status === 'done', 30_000).catch((err: Error) => {
    const s = history.session?.lookup.state;
    throw new Error(`${err.message}: the history's lookup is ${s ? `${s.status} ${s.error?.message ?? ''}` : 'not made'} (${location.search})`);
  });
  const root = history.shadowRoot!;
  return { history, filter: root.querySelector('ct-lookup-filter')!, table: root.querySelector('ct-event-table')!, session: () => history.session! };
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Waits for a new investigation (the provider makes one per choice of Regions) to finish its first load. */
async function nextSession(view: View, before: InvestigationStore): Promise<InvestigationStore> {
  await until(() => view.history.session !== before && view.history.session?.lookup.state.status === 'done', 30_000);
  await view.table.updateComplete;
  return view.session();
}

async function loadAll(session: InvestigationStore): Promise<void> {
  for (let guard = 0; session.lookup.state.hasMore; guard++) {
    expect(guard, 'the lookup ends').to.be.below(100);
    await session.loadMore();
  }
}

describe('Regions in the view', () => {
  it('the chooser searches the Regions ticked, the status line says what was searched, and "Search all" searches every one', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: records(), rebase: true });
    const view = await mount(inst);
    const first = view.session();
    expect(first.regions.searched).to.deep.equal(['us-east-1']);
    expect(first.regions.allowed, 'the Regions every account has enabled').to.have.length(17);
    expect(text(view.table.shadowRoot!.querySelector('[part="searched"]'))).to.equal('Searched 1 of 17 Regions (us-east-1); 16 not searched Search all');

    const filter = view.filter.shadowRoot!;
    const chooser = filter.querySelector<HTMLDetailsElement>('[part="regions"]')!;
    expect(text(chooser.querySelector('summary'))).to.equal('us-east-1');
    chooser.querySelector('summary')!.click();
    for (const region of ['eu-west-1', 'ap-southeast-2']) filter.querySelector<HTMLInputElement>(`.region-list input[value="${region}"]`)!.click();
    await view.filter.updateComplete;
    expect(text(chooser.querySelector('summary'))).to.equal('3 of 17 Regions (not searched yet)');
    const apply = filter.querySelector<HTMLButtonElement>('[part="regions-apply"]')!;
    expect(text(apply)).to.equal('Search these 3 Regions');
    apply.click();
    const three = await nextSession(view, first);
    expect(three.regions.searched).to.deep.equal(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    await loadAll(three);
    const plan = three.lookup.state.plan!;
    const want = await truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
    expect(three.lookup.state.events.map((e) => e.EventId), 'the three Regions\' events, merged').to.deep.equal(want.map((e) => e.EventId));
    await view.table.updateComplete;
    expect(text(view.table.shadowRoot!.querySelector('[part="searched"]'))).to.equal('Searched 3 of 17 Regions (us-east-1, eu-west-1, ap-southeast-2); 14 not searched Search all');
    expect(view.table.shadowRoot!.querySelector('[part="regions"]'), 'a line per Region searched').to.not.equal(null);

    const asked = (await lookupLog(inst.id)).length;
    view.table.shadowRoot!.querySelector<HTMLButtonElement>('[part="search-all"]')!.click();
    const all = await nextSession(view, three);
    expect(all.regions.searched).to.have.length(17);
    await view.table.updateComplete;
    expect(text(view.table.shadowRoot!.querySelector('[part="searched"]'))).to.equal('Searched all 17 Regions');
    const regionsAsked = new Set((await lookupLog(inst.id)).slice(asked).map((e) => e.region));
    expect(regionsAsked.size, 'every Region was asked').to.equal(17);
    expect(text(filter.querySelector('[part="regions"] summary'))).to.equal('All 17 Regions');
  });

  it('a chooser with nothing ticked says so and searches nothing', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ records: records(), rebase: true });
    const view = await mount(inst);
    const filter = view.filter.shadowRoot!;
    filter.querySelector<HTMLElement>('[part="regions"] summary')!.click();
    filter.querySelector<HTMLInputElement>('.region-list input[value="us-east-1"]')!.click();
    await view.filter.updateComplete;
    expect(filter.querySelector<HTMLButtonElement>('[part="regions-apply"]')!.disabled).to.equal(true);
    expect(text(filter.querySelector('.region-actions [role="alert"]'))).to.equal('Choose at least one Region.');
  });
});

describe('The whole view in the link', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('Regions, search text and "Errors only" go into the link and come back from it; what the page does not offer is named and left out', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: records(), rebase: true });
    history.replaceState(null, '', `${location.pathname}?ct-range=90d&ct-regions=eu-west-1,sa-east-1,ap-south-1&ct-search=user3&ct-errors=1&ct-source=athena`);
    const view = await mount(inst, html`<ct-event-history url-state regions="us-east-1,eu-west-1,sa-east-1,ap-southeast-2"
      .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    const session = view.session();
    expect(session.regions.searched, 'the link\'s Regions the page offers').to.deep.equal(['eu-west-1', 'sa-east-1']);
    expect(session.state.search).to.deep.equal({ query: 'user3', errorsOnly: true });
    await view.table.updateComplete;
    const notice = text(view.table.shadowRoot!.querySelector('.notice'));
    expect(notice).to.equal('The link asked for ap-south-1, the source athena, which this page does not offer; left out.');
    const box = view.table.shadowRoot!.querySelector<HTMLInputElement>('[part="search"] input[type="search"]')!;
    expect(box.value, 'the search box shows the link\'s text').to.equal('user3');
    const asked = new Set((await lookupLog(inst.id)).map((e) => e.region));
    expect([...asked].sort(), 'only the Regions searched were asked').to.deep.equal(['eu-west-1', 'sa-east-1']);

    // What the reader changes goes back into the link; a reload (a new history on the same URL) restores it.
    session.setSearch({ query: 'user5', errorsOnly: false });
    await until(() => new URLSearchParams(location.search).get('ct-search') === 'user5');
    const params = new URLSearchParams(location.search);
    expect(params.get('ct-regions')).to.equal('eu-west-1,sa-east-1');
    expect(params.has('ct-errors'), '"Errors only" off leaves the link').to.equal(false);
    expect(params.has('ct-source'), 'the default source is not written').to.equal(false);
    view.history.remove();
    const again = await mount(inst, html`<ct-event-history url-state regions="us-east-1,eu-west-1,sa-east-1,ap-southeast-2"
      .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    expect(again.session().regions.searched).to.deep.equal(['eu-west-1', 'sa-east-1']);
    expect(again.session().state.search).to.deep.equal({ query: 'user5', errorsOnly: false });
  });

  it('the source chosen and a zoom on the timeline go into the link, and a reload restores both', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: records(), rebase: true, athena: {} });
    history.replaceState(null, '', `${location.pathname}?ct-range=90d`);
    const page = html`<ct-event-history url-state athena-table="cloudtrail_logs"
      .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`;
    const view = await mount(inst, page);
    const first = view.session();

    // Zoom: on the timeline, from the keyboard (the newest bucket and the two before it), then Enter.
    const timeline = view.history.shadowRoot!.querySelector('ct-event-timeline')!;
    await until(() => Boolean(timeline.shadowRoot?.querySelector('[part="bar"]')), 30_000);
    timeline.shadowRoot!.querySelector<SVGSVGElement>('svg[part="chart"]')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await until(() => first.lookup.state.query?.timeRange.kind === 'absolute' && first.lookup.state.status === 'done', 30_000);
    const zoom = first.lookup.state.query!.timeRange as { start: Date; end: Date };
    const range = `${zoom.start.toISOString()}/${zoom.end.toISOString()}`;
    await until(() => new URLSearchParams(location.search).get('ct-range') === range);

    // The source: Athena, chosen in the filter (labelled "Source").
    const filter = view.filter.shadowRoot!;
    const label = [...filter.querySelectorAll('label')].find((l) => text(l) === 'Source')!;
    const source = filter.getElementById(label.htmlFor) as HTMLSelectElement;
    source.value = 'athena';
    source.dispatchEvent(new Event('change', { bubbles: true }));
    const athena = await nextSession(view, first);
    expect(athena.sources.current).to.equal('athena');
    expect(athena.lookup.state.query!.timeRange, 'the zoom carries over').to.deep.equal(zoom);
    await until(() => new URLSearchParams(location.search).get('ct-source') === 'athena');
    expect(new URLSearchParams(location.search).get('ct-range')).to.equal(range);

    // A reload: a new history on the same link reads Athena over the zoomed span.
    view.history.remove();
    const again = await mount(inst, page);
    expect(again.session().sources.current, 'the link\'s source').to.equal('athena');
    expect(again.session().lookup.state.query!.timeRange, 'the link\'s zoom').to.deep.equal(zoom);
    await again.filter.updateComplete;
    const restored = again.filter.shadowRoot!;
    const sourceLabel = [...restored.querySelectorAll('label')].find((l) => text(l) === 'Source')!;
    expect((restored.getElementById(sourceLabel.htmlFor) as HTMLSelectElement).value, 'the Source switch shows it').to.equal('athena');
  });
});
