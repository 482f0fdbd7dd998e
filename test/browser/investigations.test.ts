/**
 * The two investigations a new user tries first, in the demo page as they would do them, each user
 * action counted: "a key leaked, find what it did" and "who stopped logging, and what did they do in
 * the hour before". Each takes at most four steps and no typed timestamp, and its rows are the
 * emulator's ground truth for what was sent. A step is one choice in a menu or list, one text typed
 * (ending with Enter), or one click.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { CtEventHistory, InvestigationStore } from '../../src/index.js';
import { lookupLog, truth, until, type RequestLogEntry, type WireEvent } from './helpers/emulator.js';
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

/** Chooses `value` in the select labelled `label`, as a pick from its list does. */
function pick(history: CtEventHistory, label: string, value: string): void {
  const select = filterControl(history, label);
  select.focus();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Types `text` into the field labelled `label` from the keyboard, then Enter. */
async function typeAndEnter(history: CtEventHistory, label: string, text: string): Promise<void> {
  await history.shadowRoot!.querySelector('ct-lookup-filter')!.updateComplete;
  filterControl(history, label).focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

/** The newest LookupEvents request once `count` have been logged, and the lookup it ran settled. */
async function lookedUp(session: () => InvestigationStore, seen: number): Promise<Sent> {
  await until(async () => (await lookupLog('default')).length > seen, 30_000);
  await until(() => session().lookup.state.status === 'done', 30_000);
  const log: RequestLogEntry[] = await lookupLog('default');
  return log[seen]!.params as Sent;
}

const ids = (events: readonly { EventId?: string }[]) => events.map((e) => e.EventId);
const firstPage = (want: WireEvent[]) => want.slice(0, 50);

describe('investigations in the demo', () => {
  it('"a key leaked, find what it did": two steps to every call the key made', async function () {
    this.timeout(90_000);
    const { frame, history, session } = await openDemo();
    try {
      // The key the demo's seeded attack leaked (erin's), as the user would have it from a report.
      const key = 'AKIAERINLEAKED000001';
      const { steps, step } = counter();
      const seen = (await lookupLog('default')).length;
      await step('choose "AWS access key" as the lookup attribute', () => pick(history, 'Lookup attribute', 'AccessKeyId'));
      await step('type the key and press Enter', () => typeAndEnter(history, 'AWS access key', key));
      const sent = await lookedUp(session, seen);
      expect(sent.LookupAttributes, 'looked up by the key').to.deep.equal([{ AttributeKey: 'AccessKeyId', AttributeValue: key }]);
      const want = await truth('default', sent);
      expect(want.length, 'the leaked key made calls').to.be.greaterThan(5);
      expect(ids(session().lookup.state.events), 'the rows are the emulator\'s').to.deep.equal(ids(firstPage(want)));
      expect(steps.length, steps.join('; ')).to.be.at.most(4);
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
      await step('choose "Event name" as the lookup attribute', () => pick(history, 'Lookup attribute', 'EventName'));
      await step('type StopLogging and press Enter', () => typeAndEnter(history, 'Event name', 'StopLogging'));
      const first = await lookedUp(session, seen);
      const stops = await truth('default', first);
      expect(stops.length, 'the demo\'s data has StopLogging calls').to.be.greaterThan(0);
      expect(ids(session().lookup.state.events)).to.deep.equal(ids(firstPage(stops)));

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
      const want = await truth('default', around);
      expect(ids(session().lookup.state.events), 'the rows are the emulator\'s').to.deep.equal(ids(firstPage(want)));
      expect(ids(session().lookup.state.events), 'the StopLogging call among them').to.include(stop.EventId);
      expect(steps.length, steps.join('; ')).to.be.at.most(4);
    } finally {
      frame.remove();
    }
  });
});
