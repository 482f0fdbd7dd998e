/**
 * One investigation state: every symptom of view state with several owners, as a user meets it,
 * against the emulator over real HTTP. Each case failed before the store owned the view state.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { InvestigationStore } from '../../src/state/store.js';
import type { CtEventDetail, CtEventHistory, CtEventTable, CtLookupFilter, CtLookupProvider } from '../../src/index.js';
import { createInstance, emulatorLogins, getLog, lookupLog, setFaults, truth, until, type Instance } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { choose, control, detailField, mountHistory, once, renderedRows, settle, statusLine, tableRoot, type, waitForStatus } from './helpers/elements.js';


/** Counts renders of an element from now on. */
function countRenders(el: { render(): unknown }): { readonly count: number } {
  const counter = { count: 0 };
  const original = el.render.bind(el);
  el.render = () => {
    counter.count++;
    return original();
  };
  return counter;
}

function click(root: ShadowRoot, text: string): void {
  const button = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!button) throw new Error(`no button "${text}"`);
  button.click();
}

/** An event name whose events in the instance are all read-only, so "write" matches none of them. */
async function readOnlyName(inst: Instance): Promise<string> {
  const all = await truth(inst.id, {});
  const byName = new Map<string, boolean>();
  for (const e of all) if (e.EventName) byName.set(e.EventName, (byName.get(e.EventName) ?? true) && e.ReadOnly === 'true');
  const counts = (n: string) => all.filter((e) => e.EventName === n).length;
  const names = [...byName].filter(([, ro]) => ro).map(([n]) => n).sort((a, b) => counts(b) - counts(a));
  if (!names.length) throw new Error('the generated data has no read-only event name');
  return names[0];
}

describe('one investigation state', () => {
  it('keeps the filter\'s custom range when the time zone changes, and looks up that range next', async () => {
    const inst = await createInstance({ generate: { count: 200, seed: 21 } });
    const m = await mountHistory(inst);
    await choose(m.filter, 'Time range', 'absolute');
    const newest = (await truth(inst.id, {}))[0].EventTime * 1000;
    // Typed as the table writes times (24-hour), in UTC.
    const from = new Date(newest - 6 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    const to = new Date(newest + 1000).toISOString().slice(0, 19).replace('T', ' ');
    await type(m.filter, 'From', from);
    await type(m.filter, 'To', to);
    expect(m.filter.submit()).to.equal(true);
    await waitForStatus(m.session, ['done', 'error']);

    await choose(m.filter, 'Time zone', 'local');
    expect(control(m.filter, 'Time range').value, 'still the custom range').to.equal('absolute');
    const shownFrom = control<HTMLInputElement>(m.filter, 'From').value;
    expect(shownFrom, 'the table\'s format').to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const instant = new Date(shownFrom.replace(' ', 'T')); // ISO text without a zone is read as local time
    expect(instant.toISOString().slice(0, 19).replace('T', ' '), 'the same instant, in local time').to.equal(from);

    const before = (await lookupLog(inst.id)).length;
    expect(m.filter.submit()).to.equal(true);
    await until(async () => (await lookupLog(inst.id)).length > before);
    const sent = (await lookupLog(inst.id)).at(-1)!.params as { StartTime: number; EndTime: number };
    expect(sent.StartTime * 1000, 'the next lookup runs the custom range, not 90 days').to.equal(Date.parse(`${from.replace(' ', 'T')}Z`));
    expect(sent.EndTime * 1000).to.equal(Date.parse(`${to.replace(' ', 'T')}Z`));
  });

  it('a filter\'s time-zone attribute sets the zone of the table and detail beside it, and the provider says so', async () => {
    const inst = await createInstance({ generate: { count: 60, seed: 22 } });
    const provider = await fixture<CtLookupProvider>(html`<ct-lookup-provider .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}>
      <ct-lookup-filter></ct-lookup-filter><ct-event-table></ct-event-table><ct-event-detail></ct-event-detail>
    </ct-lookup-provider>`);
    const filter = provider.querySelector('ct-lookup-filter')!;
    const table = provider.querySelector('ct-event-table')!;
    const detail = provider.querySelector('ct-event-detail')!;
    await until(() => Boolean(provider.session));
    expect(filter.submit()).to.equal(true);
    await waitForStatus(provider.session!, ['done']);
    await settle();
    expect(renderedRows(table)[0][0]).to.match(/ UTC$/);

    const announced = once(provider, 'ct-time-zone-change');
    filter.setAttribute('time-zone', 'local');
    expect((await announced).timeZone).to.equal('local');
    await table.updateComplete;
    expect(provider.session!.state.timeZone).to.equal('local');
    expect(renderedRows(table)[0][0], 'the table shows local time').to.match(/ GMT([+-]\d+(:\d\d)?)?$/);
    (tableRoot(table).querySelector('.body [role="row"]') as HTMLElement).click();
    await detail.updateComplete;
    expect(detailField(detail, 'Event time')).to.match(/ GMT([+-]\d+(:\d\d)?)?$/);
    expect(control(filter, 'Time zone').value).to.equal('local');
  });

  it('says how many events it scanned when the browser filters, and keeps scanning instead of showing an empty page', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 1500, seed: 23 } });
    const name = await readOnlyName(inst);
    const m = await mountHistory(inst);
    m.filter.query = { attribute: { key: 'EventName', value: name }, timeRange: { kind: 'relative', preset: '90d' }, readOnly: 'write', category: 'management', pageSize: 50 };
    await m.filter.updateComplete;
    expect(m.filter.submit()).to.equal(true);
    await waitForStatus(m.session, ['done', 'error'], 45_000);
    const all = (await truth(inst.id, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] })).length;
    const state = m.session.lookup.state;
    expect(state.events).to.have.length(0);
    expect(state.counts.scanned, 'scanned every event of that name (fewer than the scan limit)').to.equal(all);
    expect(state.hasMore).to.equal(false);
    await m.table.updateComplete;
    expect(statusLine(m.table)).to.equal(`Scanned ${all.toLocaleString('en-US')} events, 0 matched · all events for this lookup`);
    expect(tableRoot(m.table).querySelector('[part="empty"]')?.textContent).to.include('only write events');
  });

  it('stops a scan on Stop and scans further on request, never past the host\'s scan limit', async function () {
    this.timeout(60_000);
    // Enough that us-east-1 alone (event history is per Region) holds more events of the name than two scans reach.
    const inst = await createInstance({ generate: { count: 7000, seed: 24 } });
    const name = await readOnlyName(inst);
    const m = await mountHistory(inst);
    m.history.scanLimit = 150;
    await m.history.updateComplete;
    const session = m.history.session!;
    expect(session, 'a new limit keeps the investigation').to.equal(m.session);
    await m.provider.updateComplete;
    expect(session.lookup.scanLimit).to.equal(150);
    const filter = m.history.shadowRoot!.querySelector('ct-lookup-filter')!;
    filter.query = { attribute: { key: 'EventName', value: name }, timeRange: { kind: 'relative', preset: '90d' }, readOnly: 'write', category: 'management', pageSize: 50 };
    await filter.updateComplete;
    expect(filter.submit()).to.equal(true);
    await waitForStatus(session, ['done', 'error'], 45_000);
    expect(session.lookup.state.counts.scanned, 'one load stops at the scan limit').to.be.within(150, 199);
    expect(session.lookup.state.hasMore).to.equal(true);
    await m.table.updateComplete;
    expect(statusLine(m.table)).to.match(/^Scanned 1\d\d events, 0 matched · more events to scan$/);
    expect(tableRoot(m.table).querySelector('[part="empty"]')?.textContent).to.include('none matched');

    // Scan further, then Stop while it runs: the request in flight is the last.
    click(tableRoot(m.table), 'Scan further');
    await until(() => session.lookup.state.status === 'loading');
    await m.table.updateComplete;
    const stopped = once(m.table, 'ct-stop');
    click(tableRoot(m.table), 'Stop');
    await stopped;
    await waitForStatus(session, ['done', 'error']);
    const requests = (await lookupLog(inst.id)).length;
    expect(session.lookup.state.counts.scanned, 'Stop ended the second scan early').to.be.below(300);
    expect(session.lookup.state.hasMore).to.equal(true);
    await settle(600);
    expect((await lookupLog(inst.id)).length, 'nothing sent after Stop').to.equal(requests);
  });

  it('keeps rows, selection and the controller when <ct-event-history> moves in the DOM, and sends nothing', async () => {
    const inst = await createInstance({ generate: { count: 120, seed: 25 } });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    (tableRoot(m.table).querySelectorAll('.body [role="row"]')[2] as HTMLElement).click();
    const picked = m.session.state.selectedId;
    const rows = renderedRows(m.table);
    const requests = (await getLog(inst.id)).length;

    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(m.history);
    await m.history.updateComplete;
    await settle(100);
    const provider = m.history.shadowRoot!.querySelector('ct-lookup-provider')!;
    expect(provider.session, 'the same investigation').to.equal(m.session);
    expect(m.session.lookup.disposed).to.equal(false);
    expect(renderedRows(m.table)).to.deep.equal(rows);
    expect(m.session.state.selectedId).to.equal(picked);
    expect(detailField(m.detail, 'Event ID')).to.equal(picked);
    expect((await getLog(inst.id)).length, 'no request sent').to.equal(requests);
    elsewhere.remove();
  });

  it('keeps the investigation when composed elements move under a new parent', async () => {
    const inst = await createInstance({ generate: { count: 80, seed: 26 } });
    const host = await fixture<HTMLDivElement>(html`<div><ct-lookup-provider .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}>
      <ct-lookup-filter></ct-lookup-filter><ct-event-table></ct-event-table><ct-event-detail></ct-event-detail>
    </ct-lookup-provider></div>`);
    const provider = host.querySelector('ct-lookup-provider')!;
    const table = host.querySelector('ct-event-table')!;
    const detail = host.querySelector('ct-event-detail')!;
    await until(() => Boolean(provider.session));
    const session = provider.session!;
    host.querySelector('ct-lookup-filter')!.submit();
    await waitForStatus(session, ['done']);
    await settle();
    (tableRoot(table).querySelector('.body [role="row"]') as HTMLElement).click();
    const rows = renderedRows(table);
    const requests = (await getLog(inst.id)).length;

    const other = document.createElement('div');
    document.body.append(other);
    other.append(provider);
    await settle(100);
    expect(provider.session).to.equal(session);
    expect(renderedRows(table)).to.deep.equal(rows);
    expect(detailField(detail as CtEventDetail, 'Event ID')).to.equal(session.state.selectedId);
    expect((await getLog(inst.id)).length).to.equal(requests);
    other.remove();
  });

  it('Reset restores the defaults, runs them and updates the URL', async () => {
    const inst = await createInstance({ generate: { count: 60, seed: 27 } });
    const original = location.href;
    try {
      const m = await mountHistory(inst);
      m.history.urlState = true;
      await m.history.updateComplete;
      const value = (await truth(inst.id, {}))[0].EventName!;
      m.filter.query = { attribute: { key: 'EventName', value }, timeRange: { kind: 'relative', preset: '7d' }, readOnly: 'all', category: 'management', pageSize: 50 };
      await m.filter.updateComplete;
      m.filter.submit();
      await waitForStatus(m.session, ['done']);
      // The link code loads beside the first rows: the address follows once it is there.
      await until(() => new URLSearchParams(location.search).has('ct-filter'));
      expect(new URLSearchParams(location.search).getAll('ct-filter')).to.deep.equal([`EventName:${value}`]);

      const before = (await lookupLog(inst.id)).length;
      const reset = once(m.filter, 'ct-query-reset');
      click(m.filter.shadowRoot!, 'Reset');
      await reset;
      await until(async () => (await lookupLog(inst.id)).length > before);
      await waitForStatus(m.session, ['done']);
      expect(m.session.lookup.state.query?.attribute, 'the default query ran').to.equal(undefined);
      expect(((await lookupLog(inst.id)).at(-1)!.params as { LookupAttributes?: unknown }).LookupAttributes).to.equal(undefined);
      expect(new URLSearchParams(location.search).getAll('ct-filter'), 'the URL follows').to.deep.equal([]);
      expect(new URLSearchParams(location.search).get('ct-range')).to.equal('90d');
      await m.filter.updateComplete;
      expect(control(m.filter, 'Lookup attribute').value).to.equal('');
    } finally {
      history.replaceState(history.state, '', original);
    }
  });

  it('clears the "compare up to 5" notice when a new lookup clears the picks', async () => {
    const inst = await createInstance({ generate: { count: 60, seed: 28 } });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    const boxes = [...tableRoot(m.table).querySelectorAll<HTMLInputElement>('.body input[type="checkbox"]')];
    for (const box of boxes.slice(0, 6)) box.click();
    await m.table.updateComplete;
    expect(tableRoot(m.table).querySelector('.notice')?.textContent).to.include('compare up to 5');
    m.filter.submit();
    await waitForStatus(m.session, ['done']);
    await m.table.updateComplete;
    expect(m.session.state.compare).to.have.length(0);
    expect(tableRoot(m.table).querySelector('.notice'), 'the notice went with the picks').to.equal(null);
  });

  it('counts down "retrying in N s" while it waits', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 60, seed: 29 } });
    const store = new InvestigationStore(new LookupController({
      region: inst.region, endpoint: inst.url, credentials: { ...inst.staticCredentials }, retry: { baseDelayMs: 6000, maxDelayMs: 6000 },
    }));
    const table = await fixture<CtEventTable>(html`<ct-event-table .session=${store}></ct-event-table>`);
    await setFaults(inst.id, { script: ['500'] });
    void store.run(defaultQuery()).catch(() => {});
    await until(() => /retrying after a failed request in \d s/.test(statusLine(table)), 10_000);
    const first = Number(/in (\d) s/.exec(statusLine(table))![1]);
    await until(() => Number(/in (\d) s/.exec(statusLine(table))?.[1] ?? first) < first, 5_000);
    store.dispose();
  });

  it('signOut() sends nothing more, not even as a guest, until new logins arrive', async () => {
    const inst = await createInstance({ generate: { count: 60, seed: 30 } });
    const history = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url} .cognitoEndpoint=${inst.url}
      identity-pool-id=${inst.identityPoolId} .logins=${emulatorLogins('signout')}></ct-event-history>`);
    await until(() => Boolean(history.session));
    const first = history.session!;
    await waitForStatus(first, ['done']);
    expect(first.lookup.state.events.length).to.be.greaterThan(0);

    history.signOut();
    await history.updateComplete;
    await until(() => first.lookup.disposed);
    expect(first.lookup.holdsCredentials).to.equal(false);
    const sent = (await getLog(inst.id)).length;
    const filter = history.shadowRoot!.querySelector<CtLookupFilter>('ct-lookup-filter')!;
    await filter.updateComplete;
    filter.submit();
    await settle(300);
    expect(history.session, 'no investigation without logins').to.equal(undefined);
    expect((await getLog(inst.id)).length, 'no Cognito or CloudTrail request after signOut').to.equal(sent);

    // A pool without logins is not a guest session unless the host opts in.
    const guest = await fixture<CtLookupProvider>(html`<ct-lookup-provider .region=${inst.region} .endpoint=${inst.url} identity-pool-id=${inst.identityPoolId}></ct-lookup-provider>`);
    await guest.updateComplete;
    expect(guest.session).to.equal(undefined);
    guest.allowGuest = true;
    await guest.updateComplete;
    expect(guest.session, 'allow-guest opts in').to.not.equal(undefined);
    guest.session!.dispose();

    history.logins = emulatorLogins('signout-again');
    await until(() => Boolean(history.session));
    await waitForStatus(history.session!, ['done']);
    expect(history.session!.lookup.state.events.length, 'new logins bring rows back').to.be.greaterThan(0);
  });

  it('keeps the investigation when a host re-renders with equal logins or credentials, and starts a new one for new tokens', async () => {
    const inst = await createInstance({ generate: { count: 60, seed: 32 } });
    const history = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url} .cognitoEndpoint=${inst.url}
      identity-pool-id=${inst.identityPoolId} .logins=${emulatorLogins('rerender')}></ct-event-history>`);
    await until(() => Boolean(history.session));
    const first = history.session!;
    await waitForStatus(first, ['done']);
    const root = history.shadowRoot!;
    const table = root.querySelector('ct-event-table')!;
    const detail = root.querySelector('ct-event-detail')!;
    await settle();
    (tableRoot(table).querySelector('.body [role="row"]') as HTMLElement).click();
    await detail.updateComplete;
    const picked = detailField(detail, 'Event name');
    expect(picked, 'the detail shows the clicked event').to.equal(first.lookup.state.events[0]!.EventName);
    const sent = (await getLog(inst.id)).length;

    // What a React prop written inline or an Angular template expression does on every render.
    history.logins = emulatorLogins('rerender');
    await history.updateComplete;
    await root.querySelector('ct-lookup-provider')!.updateComplete;
    await detail.updateComplete;
    expect(history.session, 'the same investigation').to.equal(first);
    expect(first.lookup.disposed).to.equal(false);
    expect(detailField(detail, 'Event name'), 'the selection stays').to.equal(picked);
    expect((await getLog(inst.id)).length, 'no new sign-in or lookup').to.equal(sent);

    // Other tokens are another sign-in: a new investigation.
    history.logins = emulatorLogins('someone-else');
    await until(() => history.session !== first);
    expect(first.lookup.disposed).to.equal(true);
    await waitForStatus(history.session!, ['done']);
    expect(history.session!.lookup.state.events.length).to.be.greaterThan(0);

    // Credentials likewise: equal keys keep the investigation, other keys replace it.
    const provider = await fixture<CtLookupProvider>(html`<ct-lookup-provider .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}></ct-lookup-provider>`);
    const session = provider.session!;
    provider.credentials = { ...inst.staticCredentials };
    await provider.updateComplete;
    expect(provider.session, 'equal credentials: the same investigation').to.equal(session);
    provider.credentials = { ...inst.staticCredentials, sessionToken: 'another-session' };
    await provider.updateComplete;
    expect(provider.session, 'other credentials: a new investigation').to.not.equal(session);
    expect(session.lookup.disposed).to.equal(true);
    provider.session!.dispose();
  });

  it('keeps the reader\'s columns when a host re-renders with an equal columns array, and applies other columns', async () => {
    const inst = await createInstance({ generate: { count: 60, seed: 33 } });
    const history = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }} .columns=${['time', 'eventName', 'username']}></ct-event-history>`);
    await until(() => Boolean(history.session));
    const table = history.shadowRoot!.querySelector('ct-event-table')!;
    await table.updateComplete;
    // The first header is the compare column's (its label is for screen readers only).
    const headers = () => [...tableRoot(table).querySelectorAll('[role="columnheader"]')].slice(1).map((h) => h.textContent!.trim());
    expect(headers()).to.deep.equal(['Event time', 'Event name', 'User name']);
    // The reader adds a column with the chooser.
    const box = [...tableRoot(table).querySelectorAll<HTMLInputElement>('.chooser input[type="checkbox"]')]
      .find((b) => b.parentElement!.textContent!.trim() === 'Event source')!;
    box.click();
    await until(() => headers().includes('Event source'));
    const chosen = headers();

    // What a React prop written inline does on every render: a new array, the same ids.
    history.columns = ['time', 'eventName', 'username'];
    await history.updateComplete;
    await table.updateComplete;
    expect(headers(), 'the reader\'s choice stays').to.deep.equal(chosen);

    // Other ids are the host's new choice.
    history.columns = ['time', 'eventSource'];
    await until(() => headers().length === 2);
    expect(headers()).to.deep.equal(['Event time', 'Event source']);
    // The history remembers the reader's columns for the next plain load: not for the tests after this one.
    localStorage.removeItem('ct-event-history.columns');
  });

  it('re-renders only the table when a page arrives, not the filter or an unchanged detail', async () => {
    const inst = await createInstance({ generate: { count: 300, seed: 31 } });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await settle();
    (tableRoot(m.table).querySelector('.body [role="row"]') as HTMLElement).click();
    // The detail's parts that load after the first rows ("Events around this", the findings engine)
    // each render it once when they arrive. Count from when they are in.
    await until(() => m.session.snapshot.findings?.status === 'ready' && m.session.snapshot.findings.evaluated === m.session.lookup.state.events.length
      && Boolean(m.detail.shadowRoot!.querySelector('[part~="around"]')));
    await m.detail.updateComplete;
    const filter = countRenders(m.filter as unknown as { render(): unknown });
    const table = countRenders(m.table as unknown as { render(): unknown });
    const detail = countRenders(m.detail as unknown as { render(): unknown });
    await m.session.loadMore();
    await m.session.loadMore();
    await until(() => m.session.snapshot.findings?.evaluated === m.session.lookup.state.events.length);
    await settle();
    expect(m.session.lookup.state.events.length).to.be.greaterThan(100);
    expect(table.count, 'the table shows the new rows').to.be.greaterThan(0);
    expect(filter.count, 'the filter did not re-render').to.equal(0);
    expect(detail.count, 'the detail did not re-render').to.equal(0);
  });

  it('a link holds the query, the open event, the time zone and the columns, and opens that event', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 400, seed: 32 } });
    const all = await truth(inst.id, {});
    const target = all[180]; // not on the first page
    const original = location.href;
    try {
      history.replaceState(null, '', `${location.pathname}?ct-range=90d&ct-event=${encodeURIComponent(target.EventId)}&ct-tz=local&ct-columns=time,eventName,eventId`);
      const el = await fixture<CtEventHistory>(html`<ct-event-history url-state .region=${inst.region} .endpoint=${inst.url}
        .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
      await until(() => Boolean(el.session?.state.selected), 20_000);
      const detail = el.shadowRoot!.querySelector('ct-event-detail')!;
      const table = el.shadowRoot!.querySelector('ct-event-table')!;
      await detail.updateComplete;
      expect(detailField(detail, 'Event ID')).to.equal(target.EventId);
      expect(el.session!.state.timeZone).to.equal('local');
      await table.updateComplete;
      expect([...tableRoot(table).querySelectorAll('[role="columnheader"]')].map((h) => h.textContent?.trim()).slice(1)).to.deep.equal(['Event time', 'Event name', 'Event ID']);
      const params = new URLSearchParams(location.search);
      expect(params.get('ct-event')).to.equal(target.EventId);
      expect(params.get('ct-tz')).to.equal('local');
      el.session!.dispose();
    } finally {
      history.replaceState(history.state, '', original);
    }
  });
});
