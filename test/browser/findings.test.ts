/**
 * Findings in the view: the Findings facet, the Finding column with its severity mark, a
 * `ct-filter=Finding:<rule id>` link, the timeline's marks and the detail's explanation, over real
 * HTTP to the emulator with records that hold a few attack calls among ordinary ones.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { eventFromRecord } from '../../src/index.js';
import type { CtEventFacets, CtEventHistory, CtEventTable, CtEventTimeline } from '../../src/index.js';
import { describe, it } from './helpers/mocha.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { detailText, mountHistory, renderedRows, settle, tableRoot, waitForStatus, type Mounted } from './helpers/elements.js';
import { record } from './helpers/records.js';

const STOP = record(0, {
  eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com', readOnly: false, resources: [],
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events' },
});
const ADMIN = record(1, {
  eventName: 'AttachUserPolicy', eventSource: 'iam.amazonaws.com', readOnly: false, resources: [],
  requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
});
const SHARE = record(2, {
  eventName: 'ModifySnapshotAttribute', eventSource: 'ec2.amazonaws.com', readOnly: false, resources: [],
  requestParameters: { snapshotId: 'snap-0123456789abcdef0', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ userId: '444455556666' }] } } },
});
// The attack calls are the newest, so they are the table's first rows.
const RECORDS = [STOP, ADMIN, SHARE, ...Array.from({ length: 30 }, (_, i) => record(i + 3))];
const id = (r: Record<string, unknown>) => r.eventID as string;

function instance(): Promise<Instance> {
  return createInstance({ records: RECORDS, throttle: false });
}

async function facets(m: Mounted): Promise<CtEventFacets> {
  await until(() => Boolean(customElements.get('ct-event-facets')));
  const el = m.history.shadowRoot!.querySelector('ct-event-facets')!;
  await el.updateComplete;
  return el;
}

/** The Findings facet's values as a reader sees them, once every loaded event is checked. */
async function findingValues(m: Mounted, el: CtEventFacets): Promise<string[]> {
  await until(() => m.session.findings.state.status === 'ready' && m.session.findings.state.evaluated === m.session.lookup.state.events.length);
  await el.updateComplete;
  return [...el.shadowRoot!.querySelectorAll('[data-field="Finding"] button.value')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
}

describe('findings in the view', () => {
  it('the Findings facet lists the rules that flag the loaded events, most severe first, and is accessible', async function () {
    this.timeout(40_000);
    const m = await mountHistory(await instance(), { autoRun: true });
    await waitForStatus(m.session, ['done']);
    const el = await facets(m);
    expect(await findingValues(m, el)).to.deep.equal([
      '◆Critical: CloudTrail logging stopped 1 event',
      '▲High: Administrator policy attached 1 event',
      '▲High: EBS snapshot shared with another account 1 event',
    ]);
    await expect(el).to.be.accessible();
    // Folded, the top values still say that events are flagged.
    await until(() => m.history.shadowRoot!.querySelector('details.facets > summary')!.textContent === 'Top values · 3 events flagged');
  });

  it('a click on a finding narrows to its events without a request; Alt-click excludes them', async function () {
    this.timeout(40_000);
    const inst = await instance();
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    const el = await facets(m);
    await findingValues(m, el);
    const requests = (await lookupLog(inst.id)).length;
    const button = (rule: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-field="Finding"] button.value[data-value="${rule}"]`)!;
    const picked = new Promise<Event>((r) => el.addEventListener('ct-facet-select', r, { once: true }));
    button('cloudtrail-logging-stopped').click();
    expect((await picked as CustomEvent & { condition: unknown }).condition).to.deep.equal({ field: 'Finding', value: 'cloudtrail-logging-stopped' });
    await until(() => m.session.lookup.state.events.length === 1);
    expect(m.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal([id(STOP)]);
    expect((await lookupLog(inst.id)).length, 'narrowing loaded rows sends no request').to.equal(requests);

    await m.session.removeCondition(0);
    await waitForStatus(m.session, ['done']);
    await findingValues(m, el);
    button('iam-admin-policy-attached').dispatchEvent(new MouseEvent('click', { altKey: true, bubbles: true }));
    await until(() => m.session.lookup.state.query?.conditions?.some((c) => c.exclude) === true);
    const ids = m.session.lookup.state.events.map((e) => e.EventId);
    expect(ids).to.have.length(RECORDS.length - 1);
    expect(ids).not.to.include(id(ADMIN));
  });

  it('the Finding column shows the most severe rule with a mark of its severity', async function () {
    this.timeout(40_000);
    const m = await mountHistory(await instance(), { autoRun: true });
    await waitForStatus(m.session, ['done']);
    m.session.setColumns(['time', 'eventName', 'finding']);
    await until(() => m.session.findings.state.status === 'ready' && m.session.findings.state.evaluated === RECORDS.length);
    await m.table.updateComplete;
    await settle();
    const header = [...tableRoot(m.table).querySelectorAll('[role="columnheader"]')].map((h) => h.textContent!.trim());
    expect(header).to.include('Finding');
    const rows = renderedRows(m.table);
    const row = (name: string) => rows.find((r) => r[1] === name)!;
    expect(row('StopLogging')[2]).to.equal('◆Critical: CloudTrail logging stopped');
    expect(row('AttachUserPolicy')[2]).to.equal('▲High: Administrator policy attached');
    expect(row('GetObject')[2], 'an ordinary call has no finding').to.equal('');
    const mark = tableRoot(m.table).querySelector('.sev[data-severity="critical"]');
    expect(mark, 'the critical mark').to.exist;
    expect(getComputedStyle(mark!).color, 'a critical mark is coloured, not the text colour').not.to.equal(getComputedStyle(mark!.parentElement!).color);
  });

  it('a table standing alone flags the events its page gave it, from a store of its own like any other', async function () {
    this.timeout(40_000);
    await import('../../src/define/ct-event-table.js');
    const table = await fixture<CtEventTable>(html`<ct-event-table .events=${RECORDS.slice(0, 6).map((r) => eventFromRecord(r))}
      .columns=${['time', 'eventName', 'finding']}></ct-event-table>`);
    await until(() => renderedRows(table).some((r) => r[2] !== ''));
    const row = (name: string) => renderedRows(table).find((r) => r[1] === name)!;
    expect(row('StopLogging')[2]).to.equal('◆Critical: CloudTrail logging stopped');
    expect(row('GetObject')[2], 'an ordinary call has no finding').to.equal('');
    expect(tableRoot(table).querySelector('.status')!.textContent!.trim(), 'what it shows, with no lookup').to.equal('6 events');
    expect(tableRoot(table).querySelector('[role="gridcell"].pick input'), 'nothing to compare or pivot from without a lookup').to.equal(null);
  });

  it('a ct-filter=Finding:<rule id> link opens the events the rule flags; an unknown rule id says so', async function () {
    this.timeout(60_000);
    const inst = await instance();
    const original = location.href;
    try {
      history.replaceState(null, '', `${location.pathname}?ct-range=90d&ct-filter=Finding:ec2-snapshot-shared`);
      const el = await fixture<CtEventHistory>(html`<ct-event-history url-state .region=${inst.region} .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
      await until(() => Boolean(el.session));
      await until(() => el.session!.lookup.state.status === 'done', 30_000);
      expect(el.session!.lookup.state.events.map((e) => e.EventId)).to.deep.equal([id(SHARE)]);
      expect(new URLSearchParams(location.search).getAll('ct-filter')).to.deep.equal(['Finding:ec2-snapshot-shared']);

      history.replaceState(null, '', `${location.pathname}?ct-range=90d&ct-filter=Finding:no-such-rule`);
      const other = await fixture<CtEventHistory>(html`<ct-event-history url-state .region=${inst.region} .endpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
      await until(() => Boolean(other.session));
      await until(() => other.session!.lookup.state.status === 'done', 30_000);
      expect(other.session!.state.notice).to.equal('No rule has the id "no-such-rule": the Finding condition matches no event.');
      const table = other.shadowRoot!.querySelector('ct-event-table')!;
      await table.updateComplete;
      expect(tableRoot(table).textContent).to.include('No rule has the id "no-such-rule"');
    } finally {
      history.replaceState(history.state, '', original);
    }
  });

  it('the timeline marks the buckets that hold findings, by their most severe', async function () {
    this.timeout(40_000);
    const m = await mountHistory(await instance(), { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await until(() => Boolean(customElements.get('ct-event-timeline')));
    const timeline = m.history.shadowRoot!.querySelector('ct-event-timeline') as CtEventTimeline;
    await until(() => m.session.findings.state.evaluated === RECORDS.length && (timeline.shadowRoot?.querySelectorAll('[part="finding-mark"]').length ?? 0) > 0);
    await timeline.updateComplete;
    const marks = [...timeline.shadowRoot!.querySelectorAll('[part="finding-mark"]')];
    const severities = marks.map((p) => p.getAttribute('data-severity'));
    expect(severities, 'the bucket holding StopLogging is marked critical').to.include('critical');
    const titles = marks.map((p) => p.querySelector('title')!.textContent!).join(' | ');
    expect(titles).to.include('CloudTrail logging stopped');
    expect(titles).to.include('EBS snapshot shared with another account');
    expect(timeline.shadowRoot!.querySelector('.legend')!.textContent).to.include('Finding');
  });

  it('the detail explains each rule that flags the event: why it matched, its tactic and references', async function () {
    this.timeout(40_000);
    const m = await mountHistory(await instance(), { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await m.session.findings.ensure();
    const stop = m.session.lookup.state.events.find((e) => e.EventId === id(STOP))!;
    m.session.select(stop);
    await until(() => Boolean(m.detail.shadowRoot!.querySelector('[part="findings"]')));
    const section = m.detail.shadowRoot!.querySelector('[part="findings"]')!;
    const text = section.textContent!.replace(/\s+/g, ' ');
    expect(text).to.include('Findings (1)');
    expect(text).to.include('Critical: CloudTrail logging stopped');
    expect(text).to.include('Defense Evasion (TA0005)');
    expect(text).to.include('eventName equals StopLogging: the record has StopLogging');
    expect(text).to.include('errorCode is absent');
    expect(text).not.to.include('the record has absent');
    expect(text).to.include('cloudtrail-logging-stopped (built-in pack)');
    const links = [...section.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.include('https://attack.mitre.org/techniques/T1562/008/');
    expect(links).to.include('https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html');

    const plain = m.session.lookup.state.events.find((e) => e.EventName === 'GetObject')!;
    m.session.select(plain);
    await m.detail.updateComplete;
    expect(m.detail.shadowRoot!.querySelector('[part="findings"]'), 'an ordinary call shows no findings').to.equal(null);
    expect(detailText(m.detail)).not.to.include('Findings (');
  });
  // Last: Sigma rules apply to the whole page, so they would change what the tests above see.
  it('Sigma rules given to the provider flag events beside the pack; a rule it cannot read is named in a notice', async function () {
    this.timeout(40_000);
    const m = await mountHistory(await instance(), { autoRun: true });
    await waitForStatus(m.session, ['done']);
    m.provider.sigmaRules = `title: Any bucket listing, written for this test
id: test-list-objects
tags: [attack.discovery, attack.t1619]
logsource: { product: aws, service: cloudtrail }
level: low
detection:
  selection:
    eventName: GetObject
    requestParameters.bucketName|endswith: ['-3', '-5']
  condition: selection
---
title: Uses a modifier this library does not read
id: test-unsupported
tags: [attack.discovery]
logsource: { product: aws, service: cloudtrail }
level: low
detection:
  selection:
    sourceIPAddress|cidr: 198.51.100.0/24
  condition: selection
`;
    await until(() => m.session.state.notice !== '');
    expect(m.session.state.notice).to.equal('Some Sigma rules were not used. Rule test-unsupported: the modifier "cidr" (in "sourceIPAddress|cidr") is not supported.');
    const el = await facets(m);
    await until(async () => (await findingValues(m, el)).some((v) => v.includes('Any bucket listing')));
    const values = await findingValues(m, el);
    // GetObject on bucket-3 and bucket-5: records 3 and 5 (odd records are GetObject).
    expect(values.at(-1)).to.equal('○Low: Any bucket listing, written for this test 2 events');
  });
});
