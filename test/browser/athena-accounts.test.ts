/**
 * Athena over an organization trail's table (`cloudtrail_org`, partitioned by account, Region and
 * day: https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-org-wide-trail.html) with
 * several accounts configured: the accounts searched become a filter on the table's account
 * partition key, so the rows are those accounts' events and Athena reads only their partitions (the
 * emulator's query statistics: fewer bytes than the same lookup over every account). A table
 * without the partition is filtered on the account column instead. The emulator
 * serves three accounts; its organization trail's table holds all three's logs, an account's own
 * trail's table the home account's alone.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, InvestigationStore } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { createInstance, getLog, until, type Instance } from './helpers/emulator.js';
import { historyOf, runToEnd } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';

const DAY = 86_400_000;
const DAY_START = Date.UTC(2026, 4, 11);
const HOME = '123456789012';
const PROD = '210987654321';
const AUDIT = '111122223333';
const ORG = [HOME, PROD, AUDIT];
const READER = (account: string) => `arn:aws:iam::${account}:role/CloudTrailElementsReader`;
const ACCOUNTS = [
  { accountId: HOME, roleArn: READER(HOME), label: 'Management' },
  { accountId: PROD, roleArn: READER(PROD), label: 'Prod' },
  { accountId: AUDIT, roleArn: READER(AUDIT), label: 'Audit' },
];

/** An event every 11 minutes over two days, delivered by the three accounts in turn, in two Regions. */
const records = Array.from({ length: Math.floor(2 * 24 * 60 / 11) }, (_, i) => ({
  eventVersion: '1.09', eventTime: new Date(DAY_START + i * 11 * 60_000 + 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ORG[i % 3]}:user/ana`, accountId: ORG[i % 3], userName: 'ana' },
  eventSource: 'iam.amazonaws.com', eventName: i % 4 ? 'ListUsers' : 'GetUser', awsRegion: i % 2 ? 'us-east-1' : 'eu-west-1',
  eventID: `org-${String(i).padStart(4, '0')}`, readOnly: true, eventType: 'AwsApiCall', recipientAccountId: ORG[i % 3],
}));

const twoDays: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(DAY_START), end: new Date(DAY_START + 2 * DAY - 1000) }, readOnly: 'all', category: 'management', pageSize: 50 };

async function mount(inst: Instance, search: readonly string[], table = 'cloudtrail_org'): Promise<{ history: CtEventHistory; session: InvestigationStore }> {
  const { history, session } = await historyOf(html`<ct-event-history no-auto-run source="athena" athena-table=${table}
    accounts=${JSON.stringify(ACCOUNTS)} search-accounts=${search.join(',')}
    .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`, 60_000);
  return { history, session };
}

/** Runs the two days to the end; the page queries it sent (SQL and parameters) since `since`. */
async function runAll(inst: Instance, session: InvestigationStore): Promise<{ sql: string; parameters: string[] }[]> {
  const since = (await getLog(inst.id)).at(-1)?.seq ?? 0;
  await runToEnd(session, twoDays);
  expect(session.lookup.state.error?.message ?? null).to.equal(null);
  return (await getLog(inst.id)).filter((e) => e.seq > since && e.operation === 'StartQueryExecution')
    .map((e) => e.params as { QueryString: string; ExecutionParameters?: string[] })
    .filter((p) => p.QueryString.includes('ORDER BY eventtime DESC'))
    .map((p) => ({ sql: p.QueryString, parameters: p.ExecutionParameters ?? [] }));
}

/** The home account's records, and each other account's own. */
function instance(): Promise<Instance> {
  const of = (account: string) => records.filter((r) => r.recipientAccountId === account);
  return createInstance({ records: of(HOME), accounts: [PROD, AUDIT].map((accountId) => ({ accountId, records: of(accountId) })), retentionDays: 3650, throttle: false, athena: {} });
}

const idsOf = (accounts: readonly string[]) => records.filter((r) => accounts.includes(r.recipientAccountId)).map((r) => r.eventID).sort();

describe('Athena: an organization trail\'s table, several accounts', () => {
  it('reads only the accounts searched: their rows, their partitions (fewer bytes than every account\'s)', async function () {
    this.timeout(180_000);
    const inst = await instance();

    const one = await mount(inst, [PROD]);
    expect(one.session.accounts!.searched.map((a) => a.accountId)).to.deep.equal([PROD]);
    const prodQueries = await runAll(inst, one.session);
    expect(one.session.lookup.state.events.map((e) => e.EventId).sort(), 'Prod\'s events only').to.deep.equal(idsOf([PROD]));
    expect(prodQueries.length, 'page queries').to.be.greaterThan(0);
    for (const q of prodQueries) {
      expect(q.sql, 'the account partition key, filtered').to.include('account IN (?)');
      expect(q.parameters).to.include(`'${PROD}'`);
    }
    const prodBytes = one.session.lookup.state.counts.bytesScanned!;
    // What the reader sees: the bytes read, in the status line.
    const oneTable = one.history.shadowRoot!.querySelector('ct-event-table')!;
    await oneTable.updateComplete;
    expect(oneTable.shadowRoot!.querySelector('.status')!.textContent).to.match(/scanned [\d.]+ (bytes|KB|MB)/);
    // Folded on a phone, the lookup's line says where it looked: Athena, one account of three.
    await one.history.updateComplete;
    expect(one.history.shadowRoot!.querySelector('.fold-what')!.textContent).to.equal('Management events from 2026-05-11 00:00:00 UTC to 2026-05-12 23:59:59 UTC · Athena · Prod (1 of 3 accounts)');
    one.history.remove();

    const all = await mount(inst, ORG);
    await runAll(inst, all.session);
    expect(all.session.lookup.state.events.map((e) => e.EventId).sort(), 'every account\'s events').to.deep.equal(idsOf(ORG));
    const allBytes = all.session.lookup.state.counts.bytesScanned!;
    // A third of the files (one account of three): Athena read Prod's partitions, not the others'.
    expect(prodBytes, `${prodBytes} of ${allBytes} bytes`).to.be.greaterThan(0).and.below(allBytes * 0.5);
    // Every account searched: each row names its account.
    const table = all.history.shadowRoot!.querySelector('ct-event-table')!;
    await table.updateComplete;
    const newest = all.session.lookup.state.events[0]!;
    const label = ACCOUNTS.find((a) => a.accountId === newest.accountId)!.label;
    const row = table.shadowRoot!.querySelector('.body [role="row"][data-index="0"]');
    expect(row?.textContent, 'the row names its account').to.include(`${label} (${newest.accountId})`);
  });

  it('a table of one account\'s own trail (no account partition) is filtered on the account column: the accounts chosen are those read, and an empty result names the accounts not searched', async function () {
    this.timeout(120_000);
    const inst = await instance();
    // The home account's own trail, Home and Prod chosen: Home's events (the table holds no other account's).
    const both = await mount(inst, [HOME, PROD], 'cloudtrail_logs_pp');
    const queries = await runAll(inst, both.session);
    expect(queries.length, 'page queries').to.be.greaterThan(0);
    for (const q of queries) {
      expect(q.sql, 'the account column, filtered').to.include('coalesce(recipientaccountid, useridentity.accountid) IN (?, ?)');
      expect(q.parameters).to.include.members([`'${HOME}'`, `'${PROD}'`]);
    }
    expect(both.session.lookup.state.events.map((e) => e.EventId).sort(), 'the home account\'s events').to.deep.equal(idsOf([HOME]));
    both.history.remove();

    // Prod alone: none of the home trail's events is Prod's, and the empty table says which accounts it left out.
    const prod = await mount(inst, [PROD], 'cloudtrail_logs_pp');
    await runAll(inst, prod.session);
    expect(prod.session.lookup.state.events.length, 'no event of Prod in the home account\'s trail').to.equal(0);
    const table = prod.history.shadowRoot!.querySelector('ct-event-table')!;
    await until(() => Boolean(table.shadowRoot!.querySelector('[part="empty"]')), 30_000);
    const empty = table.shadowRoot!.querySelector('[part="empty"]')!.textContent!.replace(/\s+/g, ' ');
    expect(empty).to.include(`Only the accounts chosen are searched (Prod (${PROD}))`);
    expect(empty).to.include(`2 others are not: Management (${HOME}), Audit (${AUDIT})`);
    expect(empty, 'Athena, not Event history: no 90-day retention').not.to.include('keeps event history');
  });

  it('the filter\'s account chooser stays in Athena (the Region chooser does not: a table is not read by Region), and the accounts ticked there are those read', async function () {
    this.timeout(120_000);
    const inst = await instance();
    const { history, session } = await mount(inst, ORG);
    const filter = history.shadowRoot!.querySelector('ct-lookup-filter')!;
    await until(() => Boolean(filter.shadowRoot!.querySelector('[part="accounts"]')), 30_000);
    expect(filter.shadowRoot!.querySelector('[part="regions"]'), 'no Region chooser').to.equal(null);
    const chooser = filter.shadowRoot!.querySelector<HTMLDetailsElement>('[part="accounts"]')!;
    chooser.querySelector('summary')!.click();
    for (const account of [HOME, AUDIT]) chooser.querySelector<HTMLInputElement>(`input[value="${account}"]`)!.click();
    await filter.updateComplete;
    chooser.querySelector<HTMLButtonElement>('[part="accounts-apply"]')!.click();
    await until(() => history.session !== session && history.session !== undefined, 30_000);
    const prod = history.session!;
    expect(prod.sources.current).to.equal('athena');
    expect(prod.accounts!.searched.map((a) => a.accountId)).to.deep.equal([PROD]);
    const queries = await runAll(inst, prod);
    expect(queries.every((q) => q.parameters.includes(`'${PROD}'`) && q.sql.includes('account IN (?)')), 'Prod\'s partitions only').to.equal(true);
    expect(prod.lookup.state.events.map((e) => e.EventId).sort()).to.deep.equal(idsOf([PROD]));
  });
});
