/**
 * The Findings facet with Athena counts every matching event of the range, not only the loaded
 * ones: the rules compiled to SQL ride in the lookup's one counting query, and the rules SQL cannot
 * express (windows of events from one principal) are named with the reason. In Chromium over real
 * HTTP to the emulator, against the rules applied to every record of the range.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory } from '../../src/index.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { BUILTIN_RULES, FindingsEngine } from '../../src/lookup/findings/index.js';
import { ruleSql, RuleSqlError } from '../../src/lookup/findings/sql.js';
import { createInstance, getLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const DAY_MINUTES = 24 * 60;
const old = (i: number) => 2 * DAY_MINUTES + i;
const STOP = (i: number) => record(old(i), {
  eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com', readOnly: false, resources: [],
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events' },
});
const ADMIN = (i: number) => record(old(i), {
  eventName: 'AttachUserPolicy', eventSource: 'iam.amazonaws.com', readOnly: false, resources: [],
  requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
});
const DENIED = (i: number) => record(old(i), { errorCode: 'AccessDenied', errorMessage: 'no', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/probe', accountId: '123456789012', userName: 'probe', principalId: 'AIDAPROBE' } });
/**
 * The last day holds ordinary calls only (the first page); two days back, where no page has
 * reached yet, logging stopped twice, an administrator policy attached three times and a burst of
 * denied calls.
 */
const RECORDS = [
  ...Array.from({ length: 60 }, (_, i) => record(i * 10)),
  STOP(1), STOP(50), ADMIN(2), ADMIN(3), ADMIN(80),
  ...Array.from({ length: 22 }, (_, i) => DENIED(100 + i)),
];

const text = (el: Element | null) => (el?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

describe('Athena: findings over the whole range', () => {
  it('the Findings facet counts every matching event with Athena and names the rules it cannot run', async function () {
    this.timeout(240_000);
    const inst = await createInstance({ records: RECORDS, retentionDays: 90, throttle: false, athena: {} });
    const times = RECORDS.map((r) => Date.parse(r.eventTime as string));
    const q: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(Math.min(...times) - 60_000), end: new Date(Math.max(...times) + 60_000) }, readOnly: 'all', category: 'management', pageSize: 50 };

    // The truth: every rule SQL can express, applied to every record of the range.
    const engine = new FindingsEngine(BUILTIN_RULES);
    const refusedIds = BUILTIN_RULES.filter((rule) => { try { ruleSql(rule, () => '?'); return false; } catch (e) { return e instanceof RuleSqlError; } }).map((r) => r.id);
    const counted = new Map<string, number>();
    for (const r of RECORDS) {
      for (const hit of engine.hitsOf(eventFromRecord(r))) {
        if (!refusedIds.includes(hit.rule.id)) counted.set(hit.rule.id, (counted.get(hit.rule.id) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(counted), 'the records raise these findings').to.deep.equal({ 'cloudtrail-logging-stopped': 2, 'iam-admin-policy-attached': 3 });
    expect(refusedIds, 'the burst rule is one SQL cannot express').to.include('access-denied-burst');

    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena"
      .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
    const root = history.shadowRoot!;
    const session = root.querySelector('ct-lookup-provider')!.session!;
    const since = (await getLog(inst.id)).at(-1)?.seq ?? 0;
    await session.run(q);
    expect(session.lookup.state.error?.message ?? null).to.equal(null);
    const facets = root.querySelector('ct-event-facets')!;
    await until(() => text(facets).includes('Over all matching events (counted by Athena)'), 90_000);
    expect(session.lookup.state.events.every((e) => e.EventName !== 'StopLogging' && e.EventName !== 'AttachUserPolicy'), 'none of the flagged events is loaded').to.equal(true);

    const shown = Object.fromEntries([...facets.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="facet-value"][data-field="Finding"]')]
      .map((b) => [b.dataset.value!, parseInt(b.querySelector('.count')!.textContent!.replace(/,/g, ''), 10)]));
    expect(shown, 'the Findings facet').to.deep.equal(Object.fromEntries(counted));
    const note = facets.shadowRoot!.querySelector('[part="findings-note"]')!;
    expect(note.querySelector('summary')!.textContent).to.equal(`${refusedIds.length} rules cannot run in Athena and count the loaded events only (marked “loaded”)`);
    expect(note.textContent).to.include('Burst of denied calls from one principal: it counts events from one principal within 10 minutes, which one row cannot show.');
    // One counting query for the facets, the timeline and the findings.
    await until(() => text(root.querySelector('ct-event-timeline')).includes('counted by Athena'), 60_000);
    const started = (await getLog(inst.id)).filter((e) => e.seq > since && e.operation === 'StartQueryExecution');
    expect(started.filter((e) => /GROUPING SETS/.test((e.params as { QueryString: string }).QueryString)).length, 'one counting query').to.equal(1);
    await expect(facets).to.be.accessible();
    session.dispose();
  });
});
