import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/ct-event-detail.js';
import type { CtEventDetail } from '../../src/index.js';
import { CtEvent } from '../../src/lookup/events.js';
import { LookupController } from '../../src/lookup/controller.js';
import { InvestigationStore } from '../../src/state/store.js';
import { createInstance, truth, until } from './helpers/emulator.js';
import { detailField, detailText } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { fromWire, record, recordTimeText } from './helpers/records.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

describe('<ct-event-detail>', () => {
  it('passes an axe check with an event shown', async () => {
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .event=${eventFromRecord(record(1, { errorCode: 'AccessDenied', errorMessage: 'Denied' }))}></ct-event-detail>`);
    await expect(el).to.be.accessible();
  });

  it('reads a JSON member on one line: the key, its colon and its value side by side', async () => {
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .event=${eventFromRecord(record(2))}></ct-event-detail>`);
    const line = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.json-box .line')].find((l) => l.querySelector('.key')?.textContent === '"eventName"')!;
    expect(line, 'the eventName member').to.exist;
    const [key, colon, value] = [line.querySelector('.key')!, line.querySelector('.punct')!, line.querySelector('.string')!].map((n) => n.getBoundingClientRect());
    expect(colon.top, 'the colon beside the key').to.be.closeTo(key.top, 2);
    expect(value.top, 'the value beside the colon').to.be.closeTo(key.top, 2);
    expect(value.left).to.be.greaterThan(colon.left);
  });

  it('asks for a choice before an event is selected', async () => {
    const el = await fixture<CtEventDetail>(html`<ct-event-detail></ct-event-detail>`);
    expect(detailText(el)).to.include('Choose an event in the table');
  });

  it('shows the summary, the resources and the record as collapsible JSON', async () => {
    const e = eventFromRecord(record(4, { errorCode: 'AccessDenied', errorMessage: 'User is not authorized', requestParameters: { bucketName: 'b', nested: { deep: { deeper: { deepest: 'hidden-at-first' } } } } }));
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .event=${e}></ct-event-detail>`);
    expect(detailField(el, 'Event name')).to.equal('DescribeInstances');
    expect(detailField(el, 'Event time')).to.equal(recordTimeText(4));
    expect(detailField(el, 'User name')).to.equal('user4');
    expect(detailField(el, 'AWS access key')).to.equal('AKIA0000000000000004');
    expect(detailField(el, 'AWS Region')).to.equal('us-east-1');
    expect(detailField(el, 'Source IP address')).to.equal('198.51.100.4');
    expect(detailField(el, 'User agent')).to.equal('aws-cli/2.9.19');
    expect(detailField(el, 'Error code')).to.equal('AccessDenied');
    expect(detailField(el, 'Error message')).to.equal('User is not authorized');
    expect(detailField(el, 'Read-only')).to.equal('true');
    expect(detailField(el, 'Event ID')).to.equal('00000000-0000-0000-0000-000000000004');
    const resources = [...el.shadowRoot!.querySelectorAll('.resources tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent).join(' '));
    expect(resources).to.deep.equal(['AWS::S3::Bucket bucket-4']);

    const json = () => el.shadowRoot!.querySelector('[part="json"]')!.textContent!.replace(/\s+/g, ' ');
    expect(json()).to.include('"eventName": "DescribeInstances"');
    expect(json(), 'deep branches start collapsed').not.to.include('hidden-at-first');
    const expandAll = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Expand all')!;
    expandAll.click();
    await el.updateComplete;
    expect(json()).to.include('"deepest": "hidden-at-first"');
    const string = el.shadowRoot!.querySelector('.json .string')!;
    expect(getComputedStyle(string).color, 'strings are colour-coded').not.to.equal(getComputedStyle(el.shadowRoot!.querySelector('.json .key')!).color);
  });

  it('shows an Insights event\'s insight: type, state, baseline against insight average, attributions', async function () {
    this.timeout(20_000);
    // The documentation's examples span years: keep them all visible instead of rebasing.
    const inst = await createInstance({ events: ['awsdocs_aws-cloudtrail-user-guide.jsonl'], retentionDays: 36_500 });
    const insights = (await truth(inst.id, { EventCategory: 'insight' })).map(fromWire);
    expect(insights.length).to.be.greaterThan(0);
    const withStats = insights.find((e) => e.insight?.baselineAverage !== undefined && e.CloudTrailEvent!.includes('attributions'))!;
    expect(withStats, 'the documentation has an insight with statistics and attributions').to.exist;
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .event=${withStats}></ct-event-detail>`);
    const text = detailText(el);
    expect(text).to.include('Insight');
    expect(detailField(el, 'Insight type')).to.equal(withStats.insight!.insightType);
    expect(detailField(el, 'Insight state')).to.equal(withStats.insight!.state);
    expect(detailField(el, 'Baseline average')).to.equal(withStats.insight!.baselineAverage!.toLocaleString('en-US', { maximumFractionDigits: 3 }));
    expect(detailField(el, 'Insight average')).to.equal(withStats.insight!.insightAverage!.toLocaleString('en-US', { maximumFractionDigits: 3 }));
    expect(detailField(el, 'Change against baseline')).to.match(/× the baseline$/);
    const attributions = el.shadowRoot!.querySelector('caption')?.closest('table')?.textContent ?? '';
    expect(attributions).to.include('userIdentityArn');
    expect(attributions).to.include('CodeDeployRole1');
    await expect(el).to.be.accessible();
  });

  it('compares up to five picked events side by side, marking rows that differ', async () => {
    const session = new InvestigationStore(new LookupController({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } }));
    const picked = Array.from({ length: 6 }, (_, i) => eventFromRecord(record(i)));
    for (const e of picked.slice(0, 5)) expect(session.toggleCompare(e)).to.equal(true);
    expect(session.toggleCompare(picked[5]), 'a sixth is refused').to.equal(false);
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .session=${session}></ct-event-detail>`);
    const toggle = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('Compare 5 picked events'))!;
    toggle.click();
    // The comparison's module loads on first use.
    await until(() => Boolean(el.shadowRoot!.querySelector('[part="compare"]')));
    const table = el.shadowRoot!.querySelector('[part="compare"]')!;
    expect(table.querySelectorAll('thead th')).to.have.length(6);
    const nameRow = [...table.querySelectorAll('tbody tr')].find((r) => r.querySelector('th')?.textContent?.startsWith('Event name'))!;
    expect(nameRow.classList.contains('differs')).to.equal(true);
    const regionRow = [...table.querySelectorAll('tbody tr')].find((r) => r.querySelector('th')?.textContent?.startsWith('AWS Region'))!;
    expect(regionRow.classList.contains('differs')).to.equal(false);
    await expect(el).to.be.accessible();
    session.lookup.dispose();
  });

  it('does not render again when a new query resets a view that had nothing picked', async () => {
    const session = new InvestigationStore(new LookupController({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } }));
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .session=${session}></ct-event-detail>`);
    const host = el as unknown as { render(): unknown };
    const render = host.render.bind(el);
    let renders = 0;
    host.render = () => {
      renders++;
      return render();
    };
    for (let i = 0; i < 3; i++) {
      session.resetView();
      session.clearCompare();
      await el.updateComplete;
    }
    expect(renders, 'nothing it shows changed').to.equal(0);
    session.select(eventFromRecord(record(2)));
    await el.updateComplete;
    expect(renders, 'a selection renders once').to.equal(1);
    expect(detailField(el, 'Event name')).to.equal('DescribeInstances');
    session.lookup.dispose();
  });

  it('renders a record that is not valid JSON as raw text, with a note', async () => {
    const e = new CtEvent({ EventId: 'broken', EventName: 'Broken', CloudTrailEvent: '{"eventName": "Broken", ' });
    const el = await fixture<CtEventDetail>(html`<ct-event-detail .event=${e}></ct-event-detail>`);
    expect(detailText(el)).to.include('not valid JSON');
    expect(el.shadowRoot!.querySelector('.raw')!.textContent).to.equal('{"eventName": "Broken", ');
  });
});
