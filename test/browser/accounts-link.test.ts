/**
 * The accounts searched in the view and in the link: the filter's account chooser narrows a
 * history with two accounts to one, the link keeps it (`ct-accounts`), a new history from that link
 * searches only that account (the emulator's request log says which account each lookup read), and
 * a link naming an account the page does not offer says so and searches the others.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, InvestigationStore } from '../../src/index.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { afterEach, describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const PROD = '111122223333';
const AUDIT = '444455556666';
const READER = (account: string) => `arn:aws:iam::${account}:role/CloudTrailElementsReader`;
const ACCOUNTS = [
  { accountId: PROD, roleArn: READER(PROD), label: 'Prod' },
  { accountId: AUDIT, roleArn: READER(AUDIT), label: 'Audit' },
];

const accountRecords = (account: string) => Array.from({ length: 20 }, (_, i) => record(i, { recipientAccountId: account, eventID: `${account}-${i}` }));

async function instance(): Promise<Instance> {
  return createInstance({ records: [], rebase: true, accounts: [{ accountId: PROD, records: accountRecords(PROD) }, { accountId: AUDIT, records: accountRecords(AUDIT) }] });
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** A history with both accounts, once its lookup is done (and, after `before`, on a newer investigation). */
async function done(history: CtEventHistory, before?: InvestigationStore): Promise<InvestigationStore> {
  await until(() => Boolean(history.session) && history.session !== before && history.session!.lookup.state.status === 'done', 30_000);
  return history.session!;
}

const mountWith = (inst: Instance) => fixture<CtEventHistory>(html`<ct-event-history url-state accounts=${JSON.stringify(ACCOUNTS)}
  .endpoint=${inst.url} .stsEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);

/** The accounts the lookups logged since `from` read. */
async function accountsRead(inst: Instance, from: number): Promise<string[]> {
  return [...new Set((await lookupLog(inst.id)).filter((e) => e.seq > from).map((e) => e.account ?? ''))].sort();
}

describe('Accounts in the view and the link', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('the account chooser searches the account ticked, the link keeps it, and a new history from the link searches only that account', async function () {
    this.timeout(120_000);
    const inst = await instance();
    history.replaceState(null, '', `${location.pathname}?ct-range=90d`);
    const view = await mountWith(inst);
    const first = await done(view);
    expect(first.accounts!.searched.map((a) => a.accountId), "every account by default").to.deep.equal([PROD, AUDIT]);
    expect(await accountsRead(inst, 0)).to.deep.equal([PROD, AUDIT]);
    expect(new URLSearchParams(location.search).has('ct-accounts'), 'all accounts: nothing in the link').to.equal(false);

    const filter = view.shadowRoot!.querySelector('ct-lookup-filter')!;
    await until(() => Boolean(filter.shadowRoot!.querySelector('[part="accounts"]')));
    const chooser = filter.shadowRoot!.querySelector<HTMLDetailsElement>('[part="accounts"]')!;
    expect(text(chooser.querySelector('summary'))).to.equal('All 2 accounts');
    chooser.querySelector('summary')!.click();
    chooser.querySelector<HTMLInputElement>(`input[value="${PROD}"]`)!.click();
    await filter.updateComplete;
    expect(text(chooser.querySelector('summary'))).to.equal('Audit (444455556666) (not searched yet)');
    const seq = Math.max(0, ...(await lookupLog(inst.id)).map((e) => e.seq));
    chooser.querySelector<HTMLButtonElement>('[part="accounts-apply"]')!.click();
    const second = await done(view, first);
    expect(second.accounts!.searched.map((a) => a.accountId)).to.deep.equal([AUDIT]);
    expect(second.lookup.state.events.every((e) => e.EventId?.startsWith(AUDIT)), 'only Audit\'s rows').to.equal(true);
    expect(await accountsRead(inst, seq), 'only Audit was asked').to.deep.equal([AUDIT]);
    await until(() => new URLSearchParams(location.search).get('ct-accounts') === AUDIT);
    expect(view.searchAccounts, "the history's property says which accounts it searches").to.deep.equal([AUDIT]);

    // The host sets the property back to both: the view searches both again (it is not a stale copy).
    const seqBoth = Math.max(0, ...(await lookupLog(inst.id)).map((e) => e.seq));
    view.searchAccounts = [PROD, AUDIT];
    const both = await done(view, second);
    expect(both.accounts!.searched.map((a) => a.accountId)).to.deep.equal([PROD, AUDIT]);
    expect(await accountsRead(inst, seqBoth), 'both accounts asked again').to.deep.equal([PROD, AUDIT]);
    view.searchAccounts = [AUDIT];
    await done(view, both);
    await until(() => new URLSearchParams(location.search).get('ct-accounts') === AUDIT);

    // A reload: a new history on the same link searches Audit alone.
    view.remove();
    const seqAgain = Math.max(0, ...(await lookupLog(inst.id)).map((e) => e.seq));
    const again = await mountWith(inst);
    const restored = await done(again);
    expect(restored.accounts!.searched.map((a) => a.accountId)).to.deep.equal([AUDIT]);
    expect(await accountsRead(inst, seqAgain), 'the reloaded view asked only Audit').to.deep.equal([AUDIT]);
    const summary = again.shadowRoot!.querySelector('ct-lookup-filter')!.shadowRoot!;
    await until(() => text(summary.querySelector('[part="accounts"] summary')) === 'Audit (444455556666)');
  });

  it('a link naming an account the page does not offer says so and searches the others', async function () {
    this.timeout(120_000);
    const inst = await instance();
    history.replaceState(null, '', `${location.pathname}?ct-range=90d&ct-accounts=999988887777,${PROD}`);
    const view = await mountWith(inst);
    const session = await done(view);
    expect(session.accounts!.searched.map((a) => a.accountId)).to.deep.equal([PROD]);
    expect(await accountsRead(inst, 0)).to.deep.equal([PROD]);
    const table = view.shadowRoot!.querySelector('ct-event-table')!;
    await table.updateComplete;
    expect(text(table.shadowRoot!.querySelector('.notice'))).to.equal('The link asked for the account 999988887777, which this page does not offer; left out.');
    expect(new URLSearchParams(location.search).get('ct-accounts'), 'the link keeps what was searched').to.equal(PROD);
  });
});
