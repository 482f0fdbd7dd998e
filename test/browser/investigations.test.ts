/**
 * The two investigations a new user tries first, in the demo page as they would do them, each user
 * action counted: "a key leaked, find everything it did in the last 7 days" (in every Region and in
 * both of the demo's accounts: the home account's key, then the member account's) and "who stopped
 * logging, and what did they do in the hour before". Each takes at most four steps and no typed
 * timestamp, and its rows are the emulator's ground truth for what was sent, over every account the
 * demo lists. A step is one choice in a menu or list, one text typed (ending with Enter), or one click;
 * the view is driven by its controls' roles and labels only.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { CtEventHistory, InvestigationStore } from '../../src/index.js';
import { info, lookupLog, truth, until, type RequestLogEntry, type WireEvent } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

interface Sent { StartTime: number; EndTime: number; LookupAttributes?: { AttributeKey: string; AttributeValue: string }[] }

/** The demo at 1440 x 900 in a frame, its first lookup in. */
async function openDemo(): Promise<{ frame: HTMLIFrameElement; history: CtEventHistory; session: () => InvestigationStore }> {
  await setViewport({ width: 1500, height: 960 });
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:1440px;height:900px;border:0';
  frame.src = '/demo/index.html';
  document.body.append(frame);
  await until(() => Boolean(frame.contentDocument?.querySelector('ct-event-history')?.session), 30_000);
  const history = frame.contentDocument!.querySelector('ct-event-history') as CtEventHistory;
  const session = () => history.session!;
  await until(() => session().lookup.state.status === 'done', 30_000);
  return { frame, history, session };
}

/** The user's actions, counted. */
function counter() {
  const steps: string[] = [];
  return { steps, step: async (what: string, act: () => unknown) => { steps.push(what); await act(); } };
}

function filterControl(history: CtEventHistory, label: string): HTMLInputElement & HTMLSelectElement {
  const root = history.shadowRoot!.querySelector('ct-lookup-filter')!.shadowRoot!;
  const lab = [...root.querySelectorAll('label')].find((l) => l.textContent!.trim().startsWith(label))!;
  return root.getElementById(lab.htmlFor) as HTMLInputElement & HTMLSelectElement;
}

/** Chooses the option named `option` in the select labelled `label`, as a pick from its list does. */
function pick(history: CtEventHistory, label: string, option: string): void {
  const select = filterControl(history, label);
  const choice = [...select.options].find((o) => o.textContent!.trim() === option);
  expect(choice, `"${label}" offers "${option}"`).to.not.equal(undefined);
  select.focus();
  select.value = choice!.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Types `text` into the field labelled `label` from the keyboard (replacing what it held), then Enter. */
async function typeAndEnter(history: CtEventHistory, label: string, text: string): Promise<void> {
  await history.shadowRoot!.querySelector('ct-lookup-filter')!.updateComplete;
  const field = filterControl(history, label);
  field.focus();
  field.select();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

/** The button named `name` (its text) in the table. */
function tableButton(history: CtEventHistory, name: string): HTMLButtonElement {
  const table = history.shadowRoot!.querySelector('ct-event-table')!;
  const button = [...table.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
  expect(button, `the table offers "${name}"`).to.not.equal(undefined);
  return button!;
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** The accounts the demo's emulator serves (its home account first), as its control API lists them. */
async function demoAccounts(): Promise<string[]> {
  const { accounts } = await info('default') as unknown as { accounts: { accountId: string }[] };
  return accounts.map((a) => a.accountId);
}

/**
 * Every event the emulator holds for what `sent` asked, in every account the demo lists and in
 * `regions` (`'*'`: every Region its data names, as the aws cli over all Regions finds them).
 */
async function truthAcrossAccounts(sent: Sent, regions: readonly string[] | '*'): Promise<WireEvent[]> {
  const all = (await Promise.all((await demoAccounts()).map((account) => truth('default', { ...sent, account, regions })))).flat();
  const seen = new Set<string>();
  return all.sort((a, b) => b.EventTime - a.EventTime).filter((e) => !seen.has(e.EventId) && Boolean(seen.add(e.EventId)));
}

/** The rows are `want` (the same events, newest first; events of the same second in any order). */
function expectRows(session: InvestigationStore, want: readonly WireEvent[], what: string): void {
  const events = session.lookup.state.events;
  expect(ids(events).sort(), what).to.deep.equal(ids(want).sort());
  const times = events.map((e) => e.EventTime!.getTime());
  expect(times.every((t, i) => i === 0 || t <= times[i - 1]!), 'newest first').to.equal(true);
}

/** The newest LookupEvents request once `count` have been logged, and the lookup it ran settled. */
async function lookedUp(session: () => InvestigationStore, seen: number): Promise<Sent> {
  await until(async () => (await lookupLog('default')).length > seen, 30_000);
  await until(() => session().lookup.state.status === 'done', 30_000);
  const log: RequestLogEntry[] = await lookupLog('default');
  return log[seen]!.params as Sent;
}

const ids = (events: readonly { EventId?: string }[]) => events.map((e) => e.EventId!);
const firstPage = (want: WireEvent[]) => want.slice(0, 50);

describe('investigations in the demo', () => {
  it('"a key leaked, find everything it did in the last 7 days": four steps to every call the key made, in every Region, in whichever account it belongs to', async function () {
    this.timeout(180_000);
    const { frame, history, session } = await openDemo();
    try {
      // The demo lists the emulator's accounts and searches them all.
      const accounts = await demoAccounts();
      expect(accounts, 'the demo\'s emulator serves two accounts').to.have.length(2);
      const filter = history.shadowRoot!.querySelector('ct-lookup-filter')!;
      await until(() => Boolean(filter.shadowRoot!.querySelector('[part="accounts"]')), 30_000);
      const chooser = filter.shadowRoot!.querySelector('[part="accounts"]')!;
      expect(text(chooser.querySelector('summary')), 'the account chooser').to.equal('All 2 accounts');
      expect([...chooser.querySelectorAll('.region-list label')].map((l) => text(l))).to.deep.equal(['All (2)', `Home (${accounts[0]})`, `Member 1 (${accounts[1]})`]);
      expect(session().accounts!.searched.map((a) => a.accountId)).to.deep.equal(accounts);

      // The key the demo's seeded attack leaked in the home account (erin's), as the user would have it from a report.
      const { steps, step } = counter();
      const first = session();
      await step('choose "AWS access key" as the lookup attribute', () => pick(history, 'Lookup attribute', 'AWS access key'));
      await step('choose "Last 7 days"', () => pick(history, 'Time range', 'Last 7 days'));
      await step('type the key and press Enter', () => typeAndEnter(history, 'AWS access key', 'AKIAERINLEAKED000001'));
      await until(() => session().lookup.state.status === 'done' && session().lookup.state.query?.attribute?.value === 'AKIAERINLEAKED000001', 30_000);
      expect(session(), 'the same investigation, one Region').to.equal(first);
      await step('search every Region ("Search all")', () => tableButton(history, 'Search all').click());
      await until(() => session() !== first && session().lookup.state.status === 'done', 60_000);
      const all = session();
      expect(all.regions.searched, 'every Region offered').to.have.length(17);
      expect(text(history.shadowRoot!.querySelector('ct-event-table')!.shadowRoot!.querySelector('[part="searched"]'))).to.equal('Searched all 17 Regions');
      const plan = all.lookup.state.plan!;
      const sent = (key: string): Sent => ({ StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000, LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: key }] });
      expect(plan.query.timeRange, 'the last 7 days').to.deep.equal({ kind: 'relative', preset: '7d' });
      const home = await truthAcrossAccounts(sent('AKIAERINLEAKED000001'), '*');
      const record = (e: WireEvent) => JSON.parse(e.CloudTrailEvent) as { recipientAccountId: string; awsRegion: string };
      expect([...new Set(home.map((e) => record(e).recipientAccountId))], 'the key is the home account\'s').to.deep.equal([accounts[0]]);
      expect(new Set(home.map((e) => record(e).awsRegion)).size, 'it was used in several Regions').to.be.greaterThan(3);
      expect(home.length, 'within a first page').to.be.below(50);
      await until(() => all.lookup.state.events.length >= home.length, 60_000);
      expectRows(all, home, 'every call of the home account\'s key, in every Region');
      expect(steps.length, steps.join('; ')).to.be.at.most(4);

      // The member account's key: one more step, and its calls come from the member account alone.
      await step('type the member account\'s key and press Enter', () => typeAndEnter(history, 'AWS access key', 'AKIAERINLEAKED000002'));
      await until(() => session().lookup.state.status === 'done' && session().lookup.state.query?.attribute?.value === 'AKIAERINLEAKED000002', 60_000);
      const member = await truthAcrossAccounts(sent('AKIAERINLEAKED000002'), '*');
      const byAccount = await Promise.all(accounts.map(async (account) => (await truth('default', { ...sent('AKIAERINLEAKED000002'), account, regions: '*' })).length));
      expect(byAccount[0], 'the home account holds none of the member\'s key').to.equal(0);
      expect(byAccount[1], 'the member account holds all the key\'s calls').to.equal(member.length);
      expect(member.length, 'the leaked key made calls').to.be.greaterThan(5);
      await until(() => session().lookup.state.events.length >= member.length, 60_000);
      expectRows(session(), member, 'every call of the member account\'s key, in every Region');
      const table = history.shadowRoot!.querySelector('ct-event-table')!;
      await table.updateComplete;
      const row = table.shadowRoot!.querySelector('.body [role="row"][data-index="0"]');
      expect(text(row), 'the row names the account').to.include(`Member 1 (${accounts[1]})`);
    } finally {
      frame.remove();
    }
  });

  it('"who stopped logging, and what did they do in the hour before": four steps, no timestamp typed', async function () {
    this.timeout(90_000);
    const { frame, history, session } = await openDemo();
    try {
      const { steps, step } = counter();
      let seen = (await lookupLog('default')).length;
      await step('choose "Event name" as the lookup attribute', () => pick(history, 'Lookup attribute', 'Event name'));
      await step('type StopLogging and press Enter', () => typeAndEnter(history, 'Event name', 'StopLogging'));
      const first = await lookedUp(session, seen);
      const stops = await truthAcrossAccounts(first, ['us-east-1']);
      expect(stops.length, 'the demo\'s data has StopLogging calls').to.be.greaterThan(0);
      expectRows(session(), firstPage(stops), 'the StopLogging calls of both accounts');

      // Who: the newest StopLogging row's user, in its cell; then its menu.
      const table = history.shadowRoot!.querySelector('ct-event-table')!;
      await table.updateComplete;
      const row = table.shadowRoot!.querySelector<HTMLElement>('.body [role="row"][data-index="0"]')!;
      const stop = session().lookup.state.events[0]!;
      expect(row.textContent, 'the row names who stopped logging').to.include(stop.Username);
      seen = (await lookupLog('default')).length;
      await step('open the row\'s menu', () => {
        const box = row.querySelector('[role="gridcell"]:nth-child(2)')!.getBoundingClientRect();
        row.querySelector('[role="gridcell"]:nth-child(2)')!.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, composed: true, cancelable: true, clientX: box.left + 4, clientY: box.top + 4 }));
      });
      await table.updateComplete;
      const item = [...table.shadowRoot!.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')]
        .find((b) => b.textContent!.trim() === `Same identity, the hour before: events by ${stop.Username}`)!;
      await step('choose "Same identity, the hour before"', () => item.click());
      const around = await lookedUp(session, seen);
      const at = stop.EventTime!.getTime() / 1000;
      expect(around.LookupAttributes, 'that identity').to.deep.equal([{ AttributeKey: 'Username', AttributeValue: stop.Username }]);
      expect([around.StartTime, around.EndTime], 'the hour before it, and itself').to.deep.equal([at - 3600, at + 1]);
      const want = await truthAcrossAccounts(around, ['us-east-1']);
      expectRows(session(), firstPage(want), 'the rows are the emulator\'s');
      expect(ids(session().lookup.state.events), 'the StopLogging call among them').to.include(stop.EventId);
      expect(steps.length, steps.join('; ')).to.be.at.most(4);
    } finally {
      frame.remove();
    }
  });
});
