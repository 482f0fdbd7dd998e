/**
 * The Region chooser offers the Regions enabled for the account, listed with EC2's DescribeRegions
 * (the emulator answers it as EC2 does), opt-in Regions the account enabled included; when EC2
 * refuses or cannot be reached, the Regions every account has stand in and the chooser says why.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, InvestigationStore } from '../../src/index.js';
import { createInstance, getLog, lookupLog, until, type Instance } from './helpers/emulator.js';
import { afterEach, describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

let history: CtEventHistory | undefined;
afterEach(() => history?.remove());

async function mount(inst: Instance, ec2Endpoint: string): Promise<CtEventHistory> {
  history = await fixture<CtEventHistory>(html`<ct-event-history .endpoint=${inst.url} .ec2Endpoint=${ec2Endpoint} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => history!.session?.lookup.state.status === 'done', 30_000);
  return history;
}

const parts = (h: CtEventHistory) => {
  const root = h.shadowRoot!;
  const filter = root.querySelector('ct-lookup-filter')!;
  const table = root.querySelector('ct-event-table')!;
  return { filter, table, chooser: () => filter.shadowRoot!.querySelector<HTMLDetailsElement>('[part="regions"]') };
};

/** The chooser's Regions as a reader sees them (the boxes' labels, "All" aside). */
const offered = (chooser: HTMLDetailsElement | null) => [...(chooser?.querySelectorAll('.region-list label:not(.all)') ?? [])].map(text);

describe('the Regions enabled for the account, in the chooser', () => {
  it('lists the Regions EC2 names, an opt-in Region the account enabled among them, and searches it when ticked', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records: [record(0, { awsRegion: 'ap-east-1' }), record(1, { awsRegion: 'us-east-1' })], rebase: true, optInRegions: ['ap-east-1'] });
    const h = await mount(inst, inst.url);
    const { filter, table, chooser } = parts(h);
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'DescribeRegions' && e.status === 200), 30_000);
    await until(() => offered(chooser()).includes('ap-east-1'), 30_000);
    expect(offered(chooser()), 'the 17 Regions every account has and the one it enabled').to.have.length(18);
    expect(text(chooser()!.querySelector('.region-list .all'))).to.equal('All (18)');
    expect(chooser()!.querySelector('[part="regions-note"]'), 'no note: the list is the account\'s').to.equal(null);
    await table.updateComplete;
    expect(text(table.shadowRoot!.querySelector('[part="searched"]'))).to.equal('Searched 1 of 18 Regions (us-east-1); 17 not searched Search all');

    const first = h.session!;
    chooser()!.querySelector('summary')!.click();
    filter.shadowRoot!.querySelector<HTMLInputElement>('.region-list input[value="ap-east-1"]')!.click();
    await filter.updateComplete;
    filter.shadowRoot!.querySelector<HTMLButtonElement>('[part="regions-apply"]')!.click();
    await until(() => h.session !== first && h.session?.lookup.state.status === 'done', 30_000);
    const both: InvestigationStore = h.session!;
    expect(both.regions.searched).to.deep.equal(['us-east-1', 'ap-east-1']);
    expect(both.regions.allowed, 'the listed Regions stay offered').to.have.length(18);
    expect(both.lookup.state.events.map((e) => e.region).sort()).to.deep.equal(['ap-east-1', 'us-east-1']);
    expect((await lookupLog(inst.id)).some((e) => e.region === 'ap-east-1' && e.status === 200), 'ap-east-1 answered').to.equal(true);
    expect((await getLog(inst.id)).filter((e) => e.operation === 'DescribeRegions'), 'listed once for the configuration').to.have.length(1);
  });

  it('an identity EC2 refuses gets the Regions every account has, and the chooser says why', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ records: [record(0)], rebase: true, optInRegions: ['ap-east-1'], denyActions: ['ec2:DescribeRegions'] });
    const h = await mount(inst, inst.url);
    const { chooser } = parts(h);
    await until(async () => (await getLog(inst.id)).some((e) => e.operation === 'DescribeRegions' && e.outcome === 'UnauthorizedOperation'), 30_000);
    await until(() => Boolean(chooser()?.querySelector('[part="regions-note"]')), 30_000);
    expect(offered(chooser())).to.have.length(17);
    expect(offered(chooser())).to.not.include('ap-east-1');
    expect(text(chooser()!.querySelector('[part="regions-note"]'))).to.match(
      /^The Regions enabled for this account could not be listed \(EC2 answered UnauthorizedOperation: the identity needs ec2:DescribeRegions\); the Regions every account has are offered\.$/,
    );
  });

  it('an endpoint that does not answer as EC2 leaves the default Regions, with a note naming what it answered', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ records: [record(0)], rebase: true });
    // The emulator's control route answers a form POST with its own 404: not EC2, and it says so.
    const h = await mount(inst, `${location.origin}/aws/i/no-such-instance/`);
    const { chooser } = parts(h);
    await until(() => Boolean(chooser()?.querySelector('[part="regions-note"]')), 30_000);
    expect(offered(chooser())).to.have.length(17);
    expect(text(chooser()!.querySelector('[part="regions-note"]'))).to.match(/^The Regions enabled for this account could not be listed \(the EC2 endpoint answered HTTP 404 without an EC2 error\); the Regions every account has are offered\.$/);
  });
});
