/**
 * Issue 6, credentials: the secret key, the session token and the sign-in token never appear in
 * attributes, the DOM (shadow roots included), the console, the URL or storage; the controller
 * drops them when the elements are removed or the host signs out.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventHistory } from '../../src/index.js';
import type { InvestigationStore as CtSession } from '../../src/state/store.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { choose, settle, statusLine, type Mounted } from './helpers/elements.js';
import { allElements } from './helpers/hostile.js';
import { record } from './helpers/records.js';
import { describe, it } from './helpers/mocha.js';

/** Watches the page's fetches for the credentials Cognito hands out, to know what to look for. */
function captureIssuedSecrets(): { secrets: string[]; stop(): void } {
  const secrets: string[] = [];
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await original(input, init);
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    if (headers.get('x-amz-target')?.endsWith('GetCredentialsForIdentity') && res.ok) {
      const body = (await res.clone().json()) as { Credentials: { SecretKey: string; SessionToken: string } };
      secrets.push(body.Credentials.SecretKey, body.Credentials.SessionToken);
    }
    return res;
  };
  return { secrets, stop: () => { window.fetch = original; } };
}

/** Every console call's arguments, as text. */
function captureConsole(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => { try { return typeof a === 'string' ? a : `${String(a)} ${JSON.stringify(a)}`; } catch { return String(a); } }).join(' '));
      (originals[i] as (...a: unknown[]) => void).apply(console, args);
    };
  });
  return { lines, stop: () => methods.forEach((m, i) => { console[m] = originals[i]; }) };
}

/** Everything a page keeps where a script or a user could read it. */
async function pageSurface(): Promise<Record<string, string>> {
  const dom = allElements(document.documentElement).map((el) => {
    const attrs = [...el.attributes].map((a) => `${a.name}=${a.value}`).join(' ');
    const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('');
    const value = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : '';
    return `${el.localName} ${attrs} ${text} ${value}`;
  }).join('\n');
  const storage = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join('\n');
  let idb = '';
  for (const info of await indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open(info.name!); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    for (const store of db.objectStoreNames) {
      const all = await new Promise<unknown[]>((resolve) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); });
      idb += `${info.name}/${store}: ${JSON.stringify(all)}\n`;
    }
    db.close();
  }
  return { dom, url: location.href, history: JSON.stringify(history.state), cookies: document.cookie, localStorage: storage(localStorage), sessionStorage: storage(sessionStorage), indexedDB: idb };
}

function expectAbsent(surface: Record<string, string>, secrets: string[], when: string): number {
  let checks = 0;
  for (const [where, text] of Object.entries(surface)) {
    for (const s of secrets) {
      expect(text.includes(s), `${when}: a secret (${s.slice(0, 4)}…) in ${where}`).to.equal(false);
      checks++;
    }
  }
  return checks;
}

async function mountCognito(inst: Instance, token: string): Promise<Mounted> {
  await new Promise((r) => { const req = indexedDB.deleteDatabase('aws:cognito-identity-ids'); req.onsuccess = req.onerror = req.onblocked = r; });
  const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run url-state .region=${inst.region} .endpoint=${inst.url} .cognitoEndpoint=${inst.url}
    .identityPoolId=${inst.identityPoolId} .logins=${{ [inst.loginProvider]: token }}></ct-event-history>`);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session));
  const root = history.shadowRoot!;
  const provider = root.querySelector('ct-lookup-provider')!;
  return { history, provider, filter: root.querySelector('ct-lookup-filter')!, table: root.querySelector('ct-event-table')!, detail: root.querySelector('ct-event-detail')!, session: provider.session! };
}

async function lookUp(m: Mounted): Promise<void> {
  await choose(m.filter, 'Time range', '90d');
  m.filter.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
  await until(() => m.session.lookup.state.status === 'done' && m.session.lookup.state.events.length > 0, 20_000);
  await m.table.updateComplete;
  await settle(80);
  m.table.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!.click();
  await m.detail.updateComplete;
}

describe('credentials stay secret and are dropped', () => {
  it('Cognito secrets and the sign-in token appear nowhere a page keeps or shows, during and after a lookup', async function () {
    this.timeout(40_000);
    const inst = await createInstance({ records: Array.from({ length: 60 }, (_, i) => record(i)), rebase: true });
    const token = `emulator-secret-sign-in-${crypto.randomUUID()}`;
    const url = location.href;
    const issued = captureIssuedSecrets();
    const cons = captureConsole();
    try {
      const m = await mountCognito(inst, token);
      const session: CtSession = m.session;
      await lookUp(m);
      await session.lookup.loadMore();
      expect(session.lookup.state.error).to.equal(null);
      expect(issued.secrets.length, 'Cognito issued credentials').to.be.at.least(2);
      const secrets = [token, ...issued.secrets, inst.staticCredentials.secretAccessKey];
      expect(location.search, 'url-state wrote the query').to.include('range=');
      let checks = expectAbsent(await pageSurface(), secrets, 'during');
      const state = JSON.stringify({ ...session.lookup.state, events: undefined });
      expect(secrets.some((s) => state.includes(s)), 'the controller state').to.equal(false);
      expect(session.lookup.holdsCredentials, 'held while the elements are on the page').to.equal(true);

      m.history.disposeDelay = 300;
      await m.history.updateComplete;
      m.history.remove();
      expect(session.lookup.disposed, 'kept for a moment: a move in the DOM re-attaches it').to.equal(false);
      await until(() => session.lookup.disposed, 10_000);
      expect(session.lookup.disposed, 'removing the elements disposes the controller once the grace period is over').to.equal(true);
      expect(session.lookup.holdsCredentials, 'and drops its credentials').to.equal(false);
      const sent = (await lookupLog(inst.id)).length;
      await session.lookup.loadMore();
      expect((await lookupLog(inst.id)).length, 'a disposed controller sends nothing').to.equal(sent);
      checks += expectAbsent(await pageSurface(), secrets, 'after removal');
      cons.stop();
      expect(cons.lines.filter((l) => secrets.some((s) => l.includes(s))), 'the console').to.deep.equal([]);
      console.log(`[reliability figures] credentials: ${secrets.length} secrets x ${checks / secrets.length / 2} places checked, twice (during the lookup and after removal), plus ${cons.lines.length} console lines: 0 found`);
    } finally {
      issued.stop();
      cons.stop();
      history.replaceState(history.state, '', url);
    }
  });

  it('signing out drops the credentials and the loaded events', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ records: Array.from({ length: 20 }, (_, i) => record(i)), rebase: true });
    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session));
    const root = history.shadowRoot!;
    const provider = root.querySelector('ct-lookup-provider')!;
    const m = { history, provider, filter: root.querySelector('ct-lookup-filter')!, table: root.querySelector('ct-event-table')!, detail: root.querySelector('ct-event-detail')!, session: provider.session! };
    await lookUp(m);
    const old = m.session.lookup;
    expect(old.holdsCredentials).to.equal(true);
    history.signOut();
    await history.updateComplete;
    await provider.updateComplete;
    await m.table.updateComplete;
    expect(old.disposed, 'the old controller is disposed').to.equal(true);
    expect(old.holdsCredentials).to.equal(false);
    expect(history.credentials).to.equal(undefined);
    expect(provider.credentials).to.equal(undefined);
    expect(provider.session, 'no session without credentials').to.equal(undefined);
    await until(() => m.table.shadowRoot!.querySelectorAll('.body [role="row"]').length === 0, 3000).catch(() => {});
    expect(m.table.shadowRoot!.querySelectorAll('.body [role="row"]').length, 'no rows left').to.equal(0);
    expect(statusLine(m.table)).to.equal('0 events');
    expect(m.detail.shadowRoot!.textContent).to.include('Choose an event');
    expect(JSON.stringify(await pageSurface()).includes(inst.staticCredentials.secretAccessKey)).to.equal(false);
  });
});
