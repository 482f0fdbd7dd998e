/**
 * Several accounts: `<ct-event-history accounts="…">` against an emulator instance with three
 * accounts, each serving only its own events to credentials of its own role. The rows of two
 * accounts in two Regions are the emulator's truth merged newest first (an event both accounts
 * hold shows once); an account whose role refuses is named in place with STS's reason while the
 * other's rows show; Account is a column and a facet; each account's credentials are renewed on
 * their own when the emulator's clock passes their expiry.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventTable, InvestigationStore } from '../../src/index.js';
import { advanceClock, createInstance, emulatorLogins, getLog, lookupLog, maxSentInAnySecond, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { historyOf, renderedRows, settle } from './helpers/elements.js';
import { openExport } from './helpers/downloads.js';
import { DEFAULT_COLUMNS } from '../../src/state/columns.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';
import { defaultQuery } from '../../src/lookup/query.js';
import type { LookupQuery } from '../../src/lookup/types.js';

const HOME = '123456789012';
const PROD = '111122223333';
const AUDIT = '444455556666';
const REGIONS = ['us-east-1', 'eu-west-1'];
const READER = (account: string) => `arn:aws:iam::${account}:role/CloudTrailElementsReader`;

/**
 * 160 records, each at its own minute: even ones are Prod's, odd ones Audit's, spread over the two
 * Regions (stretches where one Region has all, so the merge must hold the others back). record(0)
 * is in both accounts, with the same EventId: the rows show it once.
 */
function accountRecords(account: string): Record<string, unknown>[] {
  const mine = Array.from({ length: 160 }, (_, i) => i).filter((i) => (account === PROD ? i % 2 === 0 : i % 2 === 1 || i === 0));
  return mine.map((i) => record(i, { recipientAccountId: account, awsRegion: i >= 40 && i < 80 ? 'eu-west-1' : REGIONS[Math.floor(i / 3) % 2] }));
}

/** The range around the records (record(0) is the newest). */
function rangeQuery(): LookupQuery {
  const newest = Date.parse(record(0).eventTime as string);
  return { ...defaultQuery(), timeRange: { kind: 'absolute', start: new Date(newest - 86_400_000), end: new Date(newest + 60_000) } };
}

async function instanceWithAccounts(auditRoles?: { name: string; trust: string[] }[]): Promise<Instance> {
  return createInstance({
    records: [record(0, { eventID: 'home-only' })],
    accounts: [{ accountId: PROD, records: accountRecords(PROD) }, { accountId: AUDIT, records: accountRecords(AUDIT), ...(auditRoles ? { roles: auditRoles } : {}) }],
  });
}

async function runToEnd(session: InvestigationStore): Promise<void> {
  await session.run(rangeQuery());
  for (let guard = 0; guard < 100 && session.lookup.state.hasMore && session.lookup.state.status !== 'error'; guard++) await session.loadMore();
}

/** Every account's truth over both Regions, newest first, each EventId once. */
async function mergedTruth(inst: Instance, accounts: readonly string[]): Promise<WireEvent[]> {
  const plan = rangeQuery();
  const range = plan.timeRange as { start: Date; end: Date };
  const all = (await Promise.all(accounts.map((account) => truth(inst.id, { account, regions: REGIONS, StartTime: range.start.getTime() / 1000, EndTime: range.end.getTime() / 1000 })))).flat();
  const seen = new Set<string>();
  return all.sort((a, b) => b.EventTime - a.EventTime).filter((e) => !seen.has(e.EventId) && Boolean(seen.add(e.EventId)));
}

function laneLines(table: CtEventTable): string[] {
  return [...table.shadowRoot!.querySelectorAll<HTMLElement>('[part="regions"] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
}

const ACCOUNTS = [
  { accountId: PROD, roleArn: READER(PROD), label: 'Prod' },
  { accountId: AUDIT, roleArn: READER(AUDIT), label: 'Audit' },
];

describe('several accounts', () => {
  it('shows two accounts in two Regions merged newest first, exactly the truth, with an Account column and facet, each account and Region within its own budget', async function () {
    this.timeout(120_000);
    const inst = await instanceWithAccounts();
    const { table, session, history } = await historyOf(html`<ct-event-history no-auto-run regions=${REGIONS.join(',')} accounts=${JSON.stringify(ACCOUNTS)}
      .endpoint=${inst.url} .stsEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await runToEnd(session);
    const want = await mergedTruth(inst, [PROD, AUDIT]);
    expect(want.length, 'both accounts\' records, the shared one once').to.equal(160);
    const state = session.lookup.state;
    expect(state.error).to.equal(null);
    expect(state.events.map((e) => e.EventId), 'merged rows in the truth\'s order, none lost or repeated').to.deep.equal(want.map((e) => e.EventId));
    expect(state.events.some((e) => e.EventId === 'home-only'), 'the home account is not read: only the accounts named').to.equal(false);
    expect(state.counts.duplicates, 'the event both accounts hold came twice and shows once').to.equal(1);

    // The Account column (added by default with several accounts) names each row's account by label and id.
    await table.updateComplete;
    await settle();
    const header = [...table.shadowRoot!.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent!.trim());
    const column = header.indexOf('Account') - 1;
    expect(column, 'an Account column').to.be.greaterThan(-1);
    const rows = renderedRows(table);
    expect(rows.length).to.be.greaterThan(5);
    const name = (e: WireEvent) => ((JSON.parse(e.CloudTrailEvent) as { recipientAccountId: string }).recipientAccountId === PROD ? `Prod (${PROD})` : `Audit (${AUDIT})`);
    rows.forEach((row, i) => expect(row[column], `row ${i}`).to.equal(name(want[i])));
    expect(laneLines(table)).to.deep.equal([
      `Prod (${PROD}) us-east-1 ${want.filter((e) => name(e).startsWith('Prod') && JSON.parse(e.CloudTrailEvent).awsRegion === 'us-east-1').length} events, all loaded`,
      `Prod (${PROD}) eu-west-1 ${want.filter((e) => name(e).startsWith('Prod') && JSON.parse(e.CloudTrailEvent).awsRegion === 'eu-west-1').length} events, all loaded`,
      // record(0) of Audit is the duplicate: it came, and was not counted as loaded twice.
      `Audit (${AUDIT}) us-east-1 ${want.filter((e) => name(e).startsWith('Audit') && JSON.parse(e.CloudTrailEvent).awsRegion === 'us-east-1').length + 1} events, all loaded`,
      `Audit (${AUDIT}) eu-west-1 ${want.filter((e) => name(e).startsWith('Audit') && JSON.parse(e.CloudTrailEvent).awsRegion === 'eu-west-1').length} events, all loaded`,
    ]);

    // The budget meter names the busiest lane by its account and Region: each account has its own budget there.
    const meter = table.shadowRoot!.querySelector('[part="budget"]')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(meter, 'the budget meter names an account and a Region').to.match(/^(Prod|Audit) (us-east-1|eu-west-1) \d\/2 per s/);

    // A row's menu pivots on its account, by id.
    const grid = table.shadowRoot!.querySelector<HTMLElement>('.grid')!;
    grid.focus();
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'F10', shiftKey: true, bubbles: true, composed: true }));
    await table.updateComplete;
    await settle();
    const items = [...table.shadowRoot!.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')].map((i) => i.textContent);
    const second = (JSON.parse(want[1].CloudTrailEvent) as { recipientAccountId: string }).recipientAccountId;
    expect(items).to.include.members([`Filter on Account ID is ${second}`, `New lookup where Account ID is ${second}`]);
    table.shadowRoot!.querySelector<HTMLElement>('[role="menu"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));

    // The Account facet: both accounts with their counts, by label and id; choosing one narrows the rows.
    const facets = history.shadowRoot!.querySelector('ct-event-facets')!;
    await facets.updateComplete;
    const values = [...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="AccountId"]')];
    expect(new Map(values.map((b) => [b.querySelector('.text')!.textContent!.trim(), Number.parseInt(b.querySelector('.count')!.textContent!, 10)]))).to.deep.equal(new Map([
      [`Prod (${PROD})`, want.filter((e) => name(e).startsWith('Prod')).length],
      [`Audit (${AUDIT})`, want.filter((e) => name(e).startsWith('Audit')).length],
    ]));
    values.find((b) => b.dataset.value === AUDIT)!.click();
    await until(() => session.lookup.state.events.length > 0 && session.lookup.state.events.every((e) => e.accountId === AUDIT));
    expect(session.lookup.state.events.length).to.equal(want.filter((e) => name(e).startsWith('Audit')).length);

    // Each account has its own budget in each Region; the service never throttled.
    for (const account of [PROD, AUDIT]) for (const region of REGIONS) expect(maxSentInAnySecond(inst, region, account), `${account} ${region}`).to.be.at.most(2);
    const log = await lookupLog(inst.id);
    expect(log.filter((e) => e.outcome !== 'ok').map((e) => e.outcome)).to.deep.equal([]);
    expect(new Set(log.map((e) => `${e.account} ${e.region}`))).to.deep.equal(new Set([PROD, AUDIT].flatMap((a) => REGIONS.map((r) => `${a} ${r}`))));
    // Credentials came from AssumeRole into each account's role, signed with the host's keys.
    const assumed = (await getLog(inst.id)).filter((e) => e.operation === 'AssumeRole');
    expect(new Set(assumed.map((e) => (e.params as { RoleArn: string }).RoleArn))).to.deep.equal(new Set([READER(PROD), READER(AUDIT)]));
    expect(assumed.every((e) => e.outcome === 'ok')).to.equal(true);
    expect(HOME).to.equal(inst.accountId);
  });

  it('an incident export of several accounts ticks the Account by default, also when the reader hid its column', async function () {
    this.timeout(60_000);
    const inst = await instanceWithAccounts();
    const { table, session } = await historyOf(html`<ct-event-history no-auto-run regions=${REGIONS.join(',')} accounts=${JSON.stringify(ACCOUNTS)}
      .endpoint=${inst.url} .stsEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await session.run(rangeQuery());
    session.setColumns(DEFAULT_COLUMNS);
    await table.updateComplete;
    const panel = await openExport(table);
    const ticked = [...panel.panel.querySelectorAll<HTMLInputElement>('.export-columns input[type="checkbox"]')].filter((b) => b.checked).map((b) => b.parentElement!.textContent!.trim());
    expect(ticked, 'the Account beside what an incident export needs').to.include.members(['Account', 'Error code', 'Source IP address', 'AWS access key', 'AWS Region']);
  });

  it('an account whose role refuses the identity pool is named in place with the reason; the other account\'s rows show', async function () {
    this.timeout(120_000);
    const inst = await instanceWithAccounts([{ name: 'Refuses', trust: [HOME] }]);
    const accounts = [ACCOUNTS[0], { accountId: AUDIT, roleArn: `arn:aws:iam::${AUDIT}:role/Refuses`, label: 'Audit' }];
    const { table, session } = await historyOf(html`<ct-event-history no-auto-run regions=${REGIONS.join(',')} .accounts=${accounts}
      .endpoint=${inst.url} .stsEndpoint=${inst.url} .cognitoEndpoint=${inst.url} identity-pool-id=${inst.identityPoolId} .logins=${emulatorLogins('analyst')}></ct-event-history>`);
    await runToEnd(session);
    const state = session.lookup.state;
    expect(state.status, 'the lookup itself did not fail').to.equal('done');
    expect(state.error).to.equal(null);
    const want = await mergedTruth(inst, [PROD]);
    expect(want.length).to.equal(80);
    expect(state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
    await table.updateComplete;
    await settle();
    const lines = laneLines(table);
    const refusal = `account Audit (${AUDIT}): role cannot be assumed: Not authorized to perform sts:AssumeRoleWithWebIdentity (AccessDenied)`;
    for (const region of REGIONS) {
      expect(lines).to.include(`Audit (${AUDIT}) ${region} not searched, the other accounts and Regions carry on: ${refusal} Retry Audit (${AUDIT}) ${region}`);
      expect(lines.some((l) => l.startsWith(`Prod (${PROD}) ${region} `) && l.endsWith('all loaded'))).to.equal(true);
    }
    expect(table.shadowRoot!.querySelector('[part="regions"] .failed [role="alert"]'), 'the refusal is announced').to.not.equal(null);
    expect(renderedRows(table).length).to.be.greaterThan(0);
    const status = table.shadowRoot!.querySelector('.status')!.textContent!.replace(/\s+/g, ' ');
    expect(status).to.contain(`Audit (${AUDIT}) us-east-1: not searched (access denied)`);
    expect(status).to.not.contain('all events for this lookup');
    // The basic flow: one GetId and one GetOpenIdToken serve both accounts; each role is asked with the token.
    const log = await getLog(inst.id);
    expect(log.filter((e) => e.operation === 'GetId').length).to.equal(1);
    expect(log.filter((e) => e.operation === 'GetOpenIdToken').length).to.equal(1);
    const asked = log.filter((e) => e.operation === 'AssumeRoleWithWebIdentity');
    expect(asked.filter((e) => e.outcome === 'ok').map((e) => (e.params as { RoleArn: string }).RoleArn)).to.deep.equal([READER(PROD)]);
    expect(asked.some((e) => e.outcome === 'AccessDenied')).to.equal(true);
    expect((await lookupLog(inst.id)).every((e) => e.account === PROD), 'nothing was asked of the refusing account').to.equal(true);
  });

  it('with accounts-via="assume-role", the identity pool\'s own role assumes each account\'s role, and a role that trusts another principal refuses it', async function () {
    this.timeout(120_000);
    // Audit's role trusts only a role the pool's identities do not get.
    const inst = await instanceWithAccounts([{ name: 'CloudTrailElementsReader', trust: [`arn:aws:iam::${HOME}:role/SomeoneElse`] }]);
    const { session, table } = await historyOf(html`<ct-event-history no-auto-run regions=${REGIONS.join(',')} .accounts=${ACCOUNTS} accounts-via="assume-role"
      .endpoint=${inst.url} .stsEndpoint=${inst.url} .cognitoEndpoint=${inst.url} identity-pool-id=${inst.identityPoolId} .logins=${emulatorLogins('analyst')}></ct-event-history>`);
    await runToEnd(session);
    expect(session.lookup.state.error).to.equal(null);
    const want = await mergedTruth(inst, [PROD]);
    expect(session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.map((e) => e.EventId));
    const log = await getLog(inst.id);
    expect(log.filter((e) => e.operation === 'GetCredentialsForIdentity').length, 'the enhanced flow, once').to.equal(1);
    expect(log.filter((e) => e.operation === 'GetOpenIdToken').length, 'not the basic flow').to.equal(0);
    const assumed = log.filter((e) => e.operation === 'AssumeRole');
    expect(assumed.filter((e) => e.outcome === 'ok').map((e) => (e.params as { RoleArn: string }).RoleArn)).to.deep.equal([READER(PROD)]);
    await table.updateComplete;
    const refusal = `account Audit (${AUDIT}): role cannot be assumed: User: arn:aws:sts::${HOME}:assumed-role/Cognito_EmulatorAuth_Role/CognitoIdentityCredentials is not authorized to perform: sts:AssumeRole on resource: ${READER(AUDIT)} (AccessDenied)`;
    expect(laneLines(table)).to.include(`Audit (${AUDIT}) us-east-1 not searched, the other accounts and Regions carry on: ${refusal} Retry Audit (${AUDIT}) us-east-1`);
  });

  it('renews each account\'s credentials on its own when the emulator\'s clock passes their expiry, and pages on', async function () {
    this.timeout(120_000);
    const inst = await instanceWithAccounts();
    const { session } = await historyOf(html`<ct-event-history no-auto-run regions=${REGIONS.join(',')} .accounts=${ACCOUNTS}
      .endpoint=${inst.url} .stsEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await session.run({ ...rangeQuery(), pageSize: 10 });
    expect(session.lookup.state.error).to.equal(null);
    const before = (await getLog(inst.id)).filter((e) => e.operation === 'AssumeRole').length;
    expect(before, 'one session per account').to.equal(2);
    const seq = (await getLog(inst.id)).at(-1)!.seq;
    // An hour and a second later by the emulator's clock, both sessions have expired.
    await advanceClock(inst.id, 3601);
    for (let guard = 0; guard < 100 && session.lookup.state.hasMore && session.lookup.state.status !== 'error'; guard++) await session.loadMore();
    const state = session.lookup.state;
    expect(state.error).to.equal(null);
    const want = await mergedTruth(inst, [PROD, AUDIT]);
    expect(state.events.map((e) => e.EventId), 'nothing lost across the renewal').to.deep.equal(want.map((e) => e.EventId));
    const after = (await getLog(inst.id)).filter((e) => e.seq > seq);
    const expired = after.filter((e) => e.outcome === 'ExpiredTokenException');
    expect(new Set(expired.map((e) => e.account)), 'each account\'s old session was refused').to.deep.equal(new Set([PROD, AUDIT]));
    const renewed = after.filter((e) => e.operation === 'AssumeRole');
    expect(new Set(renewed.map((e) => (e.params as { RoleArn: string }).RoleArn)), 'each account renewed its own').to.deep.equal(new Set([READER(PROD), READER(AUDIT)]));
    expect(renewed.length, 'once per account, not once per Region or page').to.equal(2);
  });
});
