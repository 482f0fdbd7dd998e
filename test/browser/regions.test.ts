/**
 * Several Regions at once: `<ct-event-history regions="…">` against the emulator, which serves each
 * record only to the Region in its awsRegion. The merged rows equal the emulator's merged truth in
 * order, each Region keeps to its own budget of 2 requests per second, and a Region that fails
 * shows its error beside the other Regions' rows.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, CtEventTable, InvestigationStore } from '../../src/index.js';
import { createInstance, lookupLog, maxSentInAnySecond, setFaults, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { renderedRows, settle } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';
import { defaultQuery } from '../../src/lookup/query.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/**
 * 330 records over three Regions, unevenly: stretches where one Region has everything (so the merge
 * must hold back the others' pages), and three events in most seconds, often in different Regions
 * (so ties between Regions are decided by the order they are listed in).
 */
function spreadRecords(): Record<string, unknown>[] {
  return Array.from({ length: 330 }, (_, i) => {
    const region = i >= 60 && i < 150 ? 'eu-west-1' : i >= 200 && i < 230 ? 'ap-southeast-2' : REGIONS[(i * 7 + Math.floor(i / 5)) % 3];
    const time = new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - Math.floor(i / 3) * 60_000).toISOString().replace('.000Z', 'Z');
    return record(i, { awsRegion: region, eventTime: time });
  });
}

async function mount(inst: Instance, regions: string): Promise<{ history: CtEventHistory; table: CtEventTable; session: InvestigationStore }> {
  const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run regions=${regions}
    .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session));
  const root = history.shadowRoot!;
  const table = root.querySelector('ct-event-table')!;
  const session = root.querySelector('ct-lookup-provider')!.session!;
  return { history, table, session };
}

/** Runs the default lookup and pages to its end; returns what the emulator says those Regions hold for the range sent. */
async function runToEnd(inst: Instance, session: InvestigationStore, regions: readonly string[]): Promise<WireEvent[]> {
  await session.run(session.lookup.state.query ?? defaultQuery());
  for (let guard = 0; guard < 100 && session.lookup.state.hasMore && session.lookup.state.status !== 'error'; guard++) await session.loadMore();
  const plan = session.lookup.state.plan!;
  return truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000, regions });
}

function regionLines(table: CtEventTable): Map<string, string> {
  const items = [...table.shadowRoot!.querySelectorAll<HTMLElement>('[part="regions"] li')];
  return new Map(items.map((li) => [li.dataset.region!, li.textContent!.replace(/\s+/g, ' ').trim()]));
}

describe('several Regions, merged', () => {
  it('shows the three Regions\' events merged newest first, exactly the emulator\'s truth, within each Region\'s budget', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: spreadRecords(), rebase: true });
    const perRegion = await Promise.all(REGIONS.map((region) => truth(inst.id, { region })));
    expect(perRegion.map((events) => events.length).every((n) => n > 40), 'every Region holds events').to.equal(true);
    const { table, session } = await mount(inst, REGIONS.join(', '));
    expect(session.lookup.regions).to.deep.equal(REGIONS);

    const want = await runToEnd(inst, session, REGIONS);
    expect(want.length).to.equal(330);
    const state = session.lookup.state;
    expect(state.error).to.equal(null);
    expect(state.events.map((e) => e.EventId), 'merged rows in the truth\'s order, none lost or repeated').to.deep.equal(want.map((e) => e.EventId));

    // What the reader sees: the Region column (added by default for several Regions), a line per Region, the facet.
    await table.updateComplete;
    await settle();
    const header = [...table.shadowRoot!.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent!.trim());
    const column = header.indexOf('AWS Region') - 1;
    expect(column, 'a Region column').to.be.greaterThan(-1);
    const rows = renderedRows(table);
    expect(rows.length).to.be.greaterThan(5);
    rows.forEach((row, i) => expect(row[column], `row ${i}`).to.equal(JSON.parse(want[i].CloudTrailEvent).awsRegion));
    const lines = regionLines(table);
    REGIONS.forEach((region, i) => expect(lines.get(region)).to.equal(`${region} ${perRegion[i].length} events, all loaded`));
    const facets = table.getRootNode() instanceof ShadowRoot ? (table.getRootNode() as ShadowRoot).querySelector('ct-event-facets')! : null;
    await facets!.updateComplete;
    const regionFacet = [...facets!.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="AwsRegion"]')]
      .map((b) => [b.dataset.value, Number.parseInt(b.querySelector('.count')!.textContent!.replace(/,/g, ''), 10)]);
    expect(new Map(regionFacet as [string, number][])).to.deep.equal(new Map(REGIONS.map((r, i) => [r, perRegion[i].length])));

    // The meter reads the busiest Region's budget and names it; Pause is there as for one Region.
    const meter = () => table.shadowRoot!.querySelector('[part="budget"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    await until(() => /^(us-east-1|eu-west-1|ap-southeast-2) [0-2]\/2 per s/.test(meter()));
    expect(table.shadowRoot!.querySelector('[part="pause"]')?.textContent?.trim()).to.equal('Pause');

    // Each Region has its own budget: never more than 2 requests in any second to one Region, and the service never throttled.
    const log = await lookupLog(inst.id);
    for (const region of REGIONS) {
      expect(maxSentInAnySecond(inst, region), `${region}: requests in any 1000 ms`).to.be.at.most(2);
      expect(log.filter((e) => e.region === region).length, `${region} was asked`).to.be.greaterThan(0);
    }
    expect(log.filter((e) => e.outcome !== 'ok').map((e) => e.outcome)).to.deep.equal([]);
  });

  it('a Region that is denied shows its error while the other two show their events', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: spreadRecords(), rebase: true });
    await setFaults(inst.id, { denyRegions: ['eu-west-1'] });
    const { table, session } = await mount(inst, REGIONS.join(','));
    const others = REGIONS.filter((r) => r !== 'eu-west-1');
    const want = await runToEnd(inst, session, others);
    const state = session.lookup.state;
    expect(state.status, 'the lookup itself did not fail').to.equal('done');
    expect(state.error).to.equal(null);
    expect(state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
    expect(want.length).to.be.greaterThan(100);
    await table.updateComplete;
    const lines = regionLines(table);
    expect(lines.get('eu-west-1')).to.match(/^eu-west-1 not searched, the other Regions carry on: eu-west-1: Access denied.*explicit deny in a service control policy Retry eu-west-1$/);
    expect(table.shadowRoot!.querySelector('[part="regions"] .failed [role="alert"]'), 'the failure is announced').to.not.equal(null);
    expect(lines.get('us-east-1')).to.match(/^us-east-1 \d+ events, all loaded$/);
    expect(table.shadowRoot!.querySelector('[part="error"]'), 'no error state for the whole lookup').to.equal(null);
    expect(renderedRows(table).length).to.be.greaterThan(0);
    const status = table.shadowRoot!.querySelector('.status')!.textContent!;
    expect(status, 'never "all events" while a Region was not searched').to.not.contain('all events for this lookup');
    expect(status).to.match(/not complete · eu-west-1: not searched \(access denied\)/);

    // The denial is lifted: the Region's own Retry searches it, and the view is then whole.
    await setFaults(inst.id, {});
    const asked = (await lookupLog(inst.id)).length;
    table.shadowRoot!.querySelector<HTMLButtonElement>('[part="region-retry"]')!.click();
    await until(() => session.lookup.state.status === 'done' && session.lookup.state.regions.every((r) => !r.error));
    for (let guard = 0; guard < 100 && session.lookup.state.hasMore; guard++) await session.loadMore();
    const plan = session.lookup.state.plan!;
    const all = await truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000, regions: REGIONS });
    const shown = session.lookup.state.events.map((e) => e.EventId);
    expect(new Set(shown).size, 'none repeated').to.equal(shown.length);
    expect([...shown].sort()).to.deep.equal(all.map((e) => e.EventId).sort());
    const times = session.lookup.state.events.map((e) => e.EventTime!.getTime());
    expect(times.every((t, i) => i === 0 || times[i - 1] >= t), 'the late Region\'s events in their place, newest first').to.equal(true);
    const retried = (await lookupLog(inst.id)).slice(asked);
    expect(new Set(retried.map((e) => e.region)), 'only the retried Region was asked again').to.deep.equal(new Set(['eu-west-1']));
    await table.updateComplete;
    expect(table.shadowRoot!.querySelector('.status')!.textContent).to.contain('all events for this lookup');
  });

  it('an opt-in Region the account has not enabled says so; a lookup whose every Region fails shows the error', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ records: spreadRecords(), rebase: true });
    const { table, session } = await mount(inst, 'us-east-1,af-south-1');
    const want = await runToEnd(inst, session, ['us-east-1']);
    expect(session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
    await table.updateComplete;
    expect(regionLines(table).get('af-south-1')).to.match(/security token included in the request is invalid.*If af-south-1 is an opt-in Region, it may not be enabled for this account/);

    await setFaults(inst.id, { denyRegions: ['us-east-1', 'eu-west-1'] });
    const both = await mount(inst, 'us-east-1,eu-west-1');
    await both.session.run(defaultQuery());
    expect(both.session.lookup.state.status).to.equal('error');
    await both.table.updateComplete;
    expect(both.table.shadowRoot!.querySelector('[part="error"]')!.textContent).to.match(/us-east-1: Access denied/);

    // Once allowed again, Retry asks every Region afresh.
    await setFaults(inst.id, {});
    both.table.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await until(() => both.session.lookup.state.status === 'done', 30_000);
    const plan = both.session.lookup.state.plan!;
    const fresh = await truth(inst.id, { StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000, regions: ['us-east-1', 'eu-west-1'] });
    expect(both.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(fresh.slice(0, both.session.lookup.state.events.length).map((e) => e.EventId));
    expect(both.session.lookup.state.events.length).to.be.greaterThan(0);
  });

  it('a Region name that is not one is left out, with a warning naming it', async () => {
    const inst = await createInstance({ records: spreadRecords(), rebase: true });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const { session } = await mount(inst, 'eu-west-1, nowhere, eu-west-1');
      expect(session.lookup.regions).to.deep.equal(['eu-west-1']);
    } finally {
      console.warn = warn;
    }
    expect(warnings.join('\n')).to.match(/regions "nowhere" is not valid/);
  });
});
