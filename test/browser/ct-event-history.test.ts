import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventHistory } from '../../src/index.js';
import { sendKeys } from '@web/test-runner-commands';
import type { LookupAttributeKey, RelativePreset } from '../../src/lookup/types.js';
import { ATTRIBUTE_LABELS } from '../../src/elements/shared/labels.js';
import { createInstance, lookupLog, maxSentInAnySecond, setFaults, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { choose, control, detailField, expectedEvents, detailText, mountHistory, renderedRows, settle, statusLine, type, waitForStatus, type Mounted } from './helpers/elements.js';
import { before, describe, it } from './helpers/mocha.js';

const KEYS: LookupAttributeKey[] = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];
const PRESETS: RelativePreset[] = ['30m', '1h', '12h', '1d', '7d', '30d', '90d'];

/** The value of `key` shared by the most events (so each lookup has a real answer to check). */
function commonValue(events: WireEvent[], key: LookupAttributeKey): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    const values = key === 'ResourceType' ? e.Resources.map((r) => r.ResourceType)
      : key === 'ResourceName' ? e.Resources.map((r) => r.ResourceName)
      : [e[key as keyof WireEvent] as string | undefined];
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // EventId is unique: any one will do; otherwise the most frequent value.
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

async function submitWithEnter(m: Mounted, focusLabel: string): Promise<void> {
  const previous = m.session.lookup.state.queryId;
  control<HTMLElement>(m.filter, focusLabel).focus();
  await sendKeys({ press: 'Enter' });
  await until(() => m.session.lookup.state.queryId > previous);
  await waitForStatus(m.session, ['idle', 'done', 'error']);
  await m.table.updateComplete;
  await settle();
}

describe('<ct-event-history> against the emulator', () => {
  let inst: Instance;
  let all: WireEvent[];

  before(async () => {
    inst = await createInstance({ generate: { count: 400, seed: 11 } });
    all = await truth(inst.id, {});
  });

  it('looks up by each of the eight keys and shows exactly the emulator\'s events', async function () {
    this.timeout(120_000);
    const m = await mountHistory(inst);
    for (const key of KEYS) {
      const value = key === 'ReadOnly' ? 'false' : commonValue(all, key);
      await choose(m.filter, 'Lookup attribute', key);
      if (key === 'ReadOnly') await choose(m.filter, 'Read-only', 'false');
      else await type(m.filter, ATTRIBUTE_LABELS[key], value);
      await submitWithEnter(m, key === 'ReadOnly' ? 'Lookup attribute' : ATTRIBUTE_LABELS[key]);
      const want = await expectedEvents(inst, m.session);
      const got = m.session.lookup.state.events.map((e) => e.EventId);
      expect(want.length, `${key}=${value} matches something`).to.be.greaterThan(0);
      expect(got, `${key}=${value}`).to.deep.equal(want.slice(0, Math.min(50, want.length)).map((e) => e.EventId));
      const rows = renderedRows(m.table);
      expect(rows.length, `${key}: rows are rendered`).to.be.greaterThan(0);
      expect(rows[0][1], `${key}: first row's event name`).to.equal(want[0].EventName);
      expect(statusLine(m.table)).to.match(new RegExp(`^${Math.min(50, want.length)} events? loaded`));
    }
  });

  it('shows the right events for each time preset, and explains an empty one', async function () {
    this.timeout(120_000);
    const m = await mountHistory(inst);
    for (const preset of PRESETS) {
      await choose(m.filter, 'Time range', preset);
      await submitWithEnter(m, 'Time range');
      const want = await expectedEvents(inst, m.session);
      const got = m.session.lookup.state.events.map((e) => e.EventId);
      expect(got, preset).to.deep.equal(want.slice(0, 50).map((e) => e.EventId));
      const empty = m.table.shadowRoot!.querySelector('.empty')?.textContent ?? '';
      if (want.length === 0) {
        expect(empty, `${preset}: empty state`).to.include('No events match this lookup');
        expect(empty).to.include('90 days');
      } else {
        expect(empty, `${preset}: no empty state`).to.equal('');
        expect(statusLine(m.table)).to.include(want.length > 50 ? 'more available' : 'all events for this lookup');
      }
    }
  });

  it('opens a row in the detail by mouse and by keyboard, JSON included', async function () {
    this.timeout(30_000);
    const m = await mountHistory(inst);
    await choose(m.filter, 'Time range', '90d');
    await submitWithEnter(m, 'Time range');
    const events = m.session.lookup.state.events;

    const rows = m.table.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]');
    rows[3].click();
    await m.detail.updateComplete;
    expect(detailField(m.detail, 'Event ID')).to.equal(events[3].EventId);
    expect(detailField(m.detail, 'Event name')).to.equal(events[3].EventName);
    expect(detailText(m.detail)).to.include(`"eventID": "${events[3].EventId}"`);

    const grid = m.table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
    grid.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await m.detail.updateComplete;
    expect(detailField(m.detail, 'Event ID')).to.equal(events[5].EventId);
    expect(detailText(m.detail)).to.include(`"eventName": "${events[5].EventName}"`);
    expect(m.table.shadowRoot!.activeElement, 'focus stays on the grid').to.equal(grid);
    expect(grid.getAttribute('aria-activedescendant')).to.match(/-row-5$/);
  });

  it('loads exactly one more page per scroll to the end, never above 2 requests/s', async function () {
    this.timeout(60_000);
    // Over 200 events in us-east-1 at any hour (400 generated fell short some hours: the mix follows the clock).
    const fresh = await createInstance({ generate: { count: 600, seed: 12 } });
    const m = await mountHistory(fresh);
    await choose(m.filter, 'Time range', '90d');
    await submitWithEnter(m, 'Time range');
    const grid = m.table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
    for (let page = 2; page <= 4; page++) {
      grid.scrollTop = grid.scrollHeight;
      await until(() => m.session.lookup.state.events.length === page * 50 && m.session.lookup.state.status === 'done', 15_000);
      await settle(300);
      expect((await lookupLog(fresh.id)).length, `requests after page ${page}`).to.equal(page);
      expect(m.session.lookup.state.events.length).to.equal(page * 50);
    }
    const want = await expectedEvents(fresh, m.session);
    expect(m.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.slice(0, 200).map((e) => e.EventId));
    expect(maxSentInAnySecond(fresh), 'at most 2 requests sent in any second').to.be.at.most(2);
    expect((await lookupLog(fresh.id)).every((e) => e.outcome !== 'ThrottlingException'), 'the server never had to throttle').to.equal(true);
  });

  it('explains an empty lookup', async function () {
    this.timeout(30_000);
    const m = await mountHistory(inst);
    await choose(m.filter, 'Lookup attribute', 'EventName');
    await type(m.filter, 'Event name', 'consolelogin');
    await submitWithEnter(m, 'Event name');
    expect(m.session.lookup.state.status).to.equal('done');
    expect(m.session.lookup.state.hasMore).to.equal(false);
    const empty = m.table.shadowRoot!.querySelector('.empty')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(empty).to.include('No events match this lookup');
    expect(empty).to.include('exactly and case-sensitively');
    expect(empty).to.include('consolelogin');
    expect(empty).to.include('90 days');
    expect(empty).to.include('us-east-1');
  });

  it('keeps loaded rows on an error and resumes from the last page on retry', async function () {
    this.timeout(60_000);
    const fresh = await createInstance({ generate: { count: 400, seed: 13 } });
    const m = await mountHistory(fresh);
    await choose(m.filter, 'Time range', '90d');
    await submitWithEnter(m, 'Time range');
    expect(m.session.lookup.state.events.length).to.equal(50);
    await setFaults(fresh.id, { script: ['500', '500', '500', '500', '500', '500'] });
    m.table.shadowRoot!.querySelector<HTMLButtonElement>('.more button')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(m.table.shadowRoot!.activeElement, 'Load more hands focus to the grid').to.equal(m.table.shadowRoot!.querySelector('[role="grid"]'));
    await waitForStatus(m.session, ['error'], 40_000);
    await m.table.updateComplete;
    const error = m.table.shadowRoot!.querySelector('.error')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(error).to.include('The lookup failed.');
    expect(error).to.include('50 events already loaded are kept');
    expect(renderedRows(m.table).length).to.be.greaterThan(0);

    await setFaults(fresh.id, {});
    const before = (await lookupLog(fresh.id)).length;
    m.table.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => m.session.lookup.state.events.length === 100 && m.session.lookup.state.status === 'done', 15_000);
    await m.table.updateComplete;
    expect(m.table.shadowRoot!.activeElement, 'focus moves to the grid, not lost with the banner').to.equal(m.table.shadowRoot!.querySelector('[role="grid"]'));
    const log = await lookupLog(fresh.id);
    expect(log.length).to.equal(before + 1);
    expect((log.at(-1)!.params as { NextToken?: string }).NextToken, 'retry resumes with the last token').to.be.a('string');
    const want = await expectedEvents(fresh, m.session);
    expect(m.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.slice(0, 100).map((e) => e.EventId));
    expect(maxSentInAnySecond(fresh), 'at most 2 requests sent in any second').to.be.at.most(2);
    expect(log.every((e) => e.outcome !== 'ThrottlingException'), 'the server never had to throttle').to.equal(true);
  });

  it('passes an axe check', async function () {
    this.timeout(30_000);
    const m = await mountHistory(inst);
    await choose(m.filter, 'Time range', '90d');
    await submitWithEnter(m, 'Time range');
    m.table.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!.click();
    await m.detail.updateComplete;
    await expect(m.history).to.be.accessible();
  });
});

describe('<ct-event-history> without a sign-in', () => {
  it('says what is missing instead of an empty table, says "Signed out" after signOut(), and looks up once credentials come', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 120, seed: 41 } });
    const history = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url}></ct-event-history>`);
    const notice = () => history.shadowRoot!.querySelector('[part="sign-in"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    // The provider inside says why it has no session; the history shows it once the provider has looked at its configuration.
    await until(() => notice() !== '');
    expect(notice()).to.equal('Sign in to look up CloudTrail events. The page has not given this history a way to sign in: an identity pool with a sign-in (identity-pool-id and logins), or credentials.');
    expect(history.session).to.equal(undefined);

    history.identityPoolId = inst.identityPoolId;
    await until(() => notice().includes('has not passed'));
    expect(notice()).to.include('has not passed a sign-in (logins) to this history yet, and guest access is off');
    expect(await lookupLog(inst.id), 'nothing sent without a sign-in').to.deep.equal([]);

    history.credentials = { ...inst.staticCredentials };
    await until(() => (history.session?.lookup.state.events.length ?? 0) > 0, 30_000);
    await history.updateComplete;
    expect(notice(), 'signed in: no notice').to.equal('');

    history.signOut();
    await until(() => history.session === undefined && notice() !== '');
    expect(notice()).to.equal('Signed out. Nothing more is sent to AWS until you sign in again.');
    expect(renderedRows(history.shadowRoot!.querySelector('ct-event-table')!), 'the events are dropped').to.deep.equal([]);
  });
});
