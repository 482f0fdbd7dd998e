/**
 * The demo page's "Connect a real account" form, driven as a user would in an iframe: required
 * fields are marked and checked in words, Connect runs the lookup against the endpoint typed (an
 * emulator instance through its Cognito identity pool), and "Back to the emulator" returns.
 */
import { expect } from '@open-wc/testing';
import type { CtEventHistory } from '../../src/index.js';
import { createInstance, lookupLog, truth, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { connectField, connectTo } from './helpers/demo.js';

describe('the demo page', () => {
  it('the connect form marks required fields, runs a lookup on Connect, and goes back to the emulator', async function () {
    this.timeout(90_000);
    const inst = await createInstance({ generate: { count: 120, seed: 5 } });
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:1200px;height:900px;border:0';
    frame.src = '/demo/index.html';
    document.body.append(frame);
    try {
      await until(() => Boolean(frame.contentDocument?.querySelector('ct-event-history')?.shadowRoot?.querySelector('ct-lookup-provider')), 30_000);
      const doc = frame.contentDocument!;
      const win = frame.contentWindow!;
      await new Promise((r) => { const req = win.indexedDB.deleteDatabase('aws:cognito-identity-ids'); req.onsuccess = req.onerror = req.onblocked = r; });
      const history = doc.querySelector('ct-event-history') as CtEventHistory;
      const form = doc.getElementById('connect') as HTMLFormElement;
      (doc.getElementById('connect-panel') as HTMLDetailsElement).open = true;
      const field = (label: string) => connectField(form, label);
      const required = [...form.querySelectorAll('input')].filter((i) => i.required).map((i) => i.labels![0].textContent!.replace(/\s+/g, ' ').trim());
      expect(required, 'required fields are marked with an asterisk').to.deep.equal(['Region *', 'Identity pool id *', 'Login provider *', 'Sign-in token (ID token) *']);

      // An empty form says what is missing, beside each field, and sends nothing.
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      expect(doc.getElementById('c-provider-error')!.textContent).to.equal('Enter the login provider.');
      expect(field('Login provider').getAttribute('aria-invalid')).to.equal('true');
      expect(await lookupLog(inst.id)).to.have.length(0);

      connectTo(form, inst, `emulator-demo-${Date.now()}`);

      // Connect ran the lookup against the instance, through Cognito: its rows are the emulator's.
      await until(async () => (await lookupLog(inst.id)).length > 0, 30_000);
      const session = () => history.session!;
      await until(() => Boolean(history.session) && session().lookup.state.status === 'done' && session().lookup.state.events.length > 0, 30_000);
      const want = await truth(inst.id, {
        StartTime: session().lookup.state.plan!.start.getTime() / 1000,
        EndTime: session().lookup.state.plan!.end.getTime() / 1000,
      });
      expect(session().lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.slice(0, 50).map((e) => e.EventId));
      const table = history.shadowRoot!.querySelector('ct-event-table')!;
      await until(() => (table.shadowRoot!.querySelector('.status')?.textContent ?? '').includes('loaded'));
      expect(doc.getElementById('where')!.textContent).to.include(inst.url);

      const back = doc.getElementById('back-to-emulator') as HTMLButtonElement;
      expect(back.hidden).to.equal(false);
      back.click();
      expect(history.endpoint).to.equal(`${win.location.origin}/aws`);
      expect(back.hidden).to.equal(true);
      expect(doc.getElementById('where')!.textContent).to.include('built-in emulator');
    } finally {
      frame.remove();
    }
  });
});
