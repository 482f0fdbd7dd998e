/**
 * Hardening: crafted links, spreadsheet formulas behind whitespace, deep records in every export,
 * invisible and bidirectional characters shown as what they are. Each case is one a reader or a
 * crafted input could hit, driven through the real elements against the emulator.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventDetail, CtEventHistory, CtEventTable } from '../../src/index.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { control, detailField, renderedRows, settle, tableRoot } from './helpers/elements.js';
import { LOADED_CSV, LOADED_JSON, button, captureDownloads, parseCsv } from './helpers/downloads.js';
import { record } from './helpers/records.js';
import { before, describe, it } from './helpers/mocha.js';
import { captureErrors } from './helpers/hostile.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

const DAY = 86_400_000;

/** `<ct-event-history url-state>` opened at `?search`; the address is restored by `restore()`. */
async function openLink(inst: Instance, search: string): Promise<{ el: CtEventHistory; restore: () => void }> {
  const original = location.href;
  history.replaceState(null, '', `${location.pathname}?${search}`);
  const el = await fixture<CtEventHistory>(html`<ct-event-history url-state .region=${inst.region} .endpoint=${inst.url}
    .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
  await until(() => Boolean(el.session));
  await until(() => ['done', 'error'].includes(el.session!.lookup.state.status), 20_000);
  return { el, restore: () => history.replaceState(history.state, '', original) };
}

describe('crafted links', () => {
  let inst: Instance;
  before(async () => {
    inst = await createInstance({ records: Array.from({ length: 12 }, (_, i) => record(i)), rebase: true });
  });

  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`ct-range=${name} is not a preset: the default range runs, with no message`, async () => {
      const sent = (await lookupLog(inst.id)).length;
      const { el, restore } = await openLink(inst, `ct-range=${encodeURIComponent(name)}`);
      try {
        const state = el.session!.lookup.state;
        expect(state.error, 'the lookup ran').to.equal(null);
        expect(state.plan!.end.getTime() - state.plan!.start.getTime(), 'the default 90 days').to.equal(90 * DAY);
        expect(state.events.length).to.equal(12);
        expect((await lookupLog(inst.id)).length, 'one request').to.equal(sent + 1);
        const filter = el.shadowRoot!.querySelector('ct-lookup-filter')!;
        await filter.updateComplete;
        expect(control(filter, 'Time range').value, 'the filter shows the default').to.equal('90d');
        expect([...filter.shadowRoot!.querySelectorAll('[part="error"]')].map((e) => e.textContent?.trim()).filter(Boolean)).to.deep.equal([]);
      } finally {
        restore();
      }
    });
  }

  it('url-state writes only its own parameters: a token the address held is not carried into links', async () => {
    const { el, restore } = await openLink(inst, 'token=secret-id-token&region=eu-west-1&ct-range=7d');
    try {
      expect(el.session!.lookup.state.plan!.end.getTime() - el.session!.lookup.state.plan!.start.getTime()).to.equal(7 * DAY);
      await until(() => new URLSearchParams(location.search).get('ct-range') === '7d' && !location.search.includes('token'));
      el.session!.select(el.session!.lookup.state.events[2]);
      await until(() => new URLSearchParams(location.search).has('ct-event'));
      const names = [...new URLSearchParams(location.search).keys()];
      expect(names.every((n) => n.startsWith('ct-')), `only ct- parameters: ${names.join(', ')}`).to.equal(true);
      expect(location.href).to.not.include('secret-id-token');
    } finally {
      restore();
    }
  });
});


describe('variation selectors and tag characters are revealed like the other invisible characters', () => {
  it('Del\\uFE0Fete, a selector of the supplement and tag characters show as marked tokens in the table and the detail, and the row warns', async () => {
    const spoofs = { eventName: 'Del\uFE0Fete', userIdentity: { type: 'IAMUser', userName: 'ad\u{E0100}min\uFE00', arn: 'arn:aws:iam::123456789012:user/admin' }, userAgent: 'aws-cli/2\u{E0000}\u{E007F}' };
    const event = eventFromRecord(record(1, spoofs));
    const table = await fixture<CtEventTable>(html`<ct-event-table .events=${[event]}></ct-event-table>`);
    await until(() => renderedRows(table).length === 1);
    const row = tableRoot(table).querySelector<HTMLElement>('.body [role="row"]')!;
    const [cells] = renderedRows(table);
    expect(cells, 'the event name shows its selector').to.include('Del⟨U+FE0F⟩ete');
    expect(cells, 'the user name shows both selectors').to.include('ad⟨U+E0100⟩min⟨U+FE00⟩');
    expect([...row.querySelectorAll('mark.invisible')].map((m) => m.textContent), 'each is marked').to.include.members(['⟨U+FE0F⟩', '⟨U+E0100⟩', '⟨U+FE00⟩']);
    expect(row.querySelector('.invisible-warning'), 'the row warns').to.not.equal(null);
    const detail = await fixture<CtEventDetail>(html`<ct-event-detail .event=${event}></ct-event-detail>`);
    expect(detailField(detail, 'User agent'), 'tag characters, assigned or not').to.equal('aws-cli/2⟨U+E0000⟩⟨U+E007F⟩');
    expect(detail.shadowRoot!.querySelector('h2')!.textContent, 'the heading').to.include('Del⟨U+FE0F⟩ete');
    expect(detail.shadowRoot!.querySelector('.invisible-note'), 'the detail warns').to.not.equal(null);
  });
});

describe('CSV export defuses formulas behind what importers trim', () => {
  it('a leading space, line feed, no-break space, zero-width character or full-width sign before a formula (=, +, -, @, |, %): each cell starts with a quote', async () => {
    const names = [' =HYPERLINK("http://x")', '\n=1+1', '\u00A0+SUM(A1)', '\u200B=cmd|calc', '\uFEFF@SUM(1)', '\uFF1D1+1', '\u3000-2+3', '\t=1', '=plain', '|cmd /c calc', ' %SYSTEMROOT%', '\uFF5Ccalc', '\uFF05PATH\uFF05'];
    const events = names.map((n, i) => eventFromRecord(record(i, { eventName: n })));
    events.push(eventFromRecord(record(20, { eventName: 'GetObject' })));
    const table = await fixture<CtEventTable>(html`<ct-event-table .events=${events}></ct-event-table>`);
    await settle(60);
    const capture = captureDownloads();
    try {
      button(table.shadowRoot!, LOADED_CSV).click();
      const [file] = await capture.files();
      expect(file.name).to.match(/\.csv$/);
      const rows = parseCsv(file.text);
      const col = rows[0].indexOf('Event name');
      const cells = rows.slice(1).map((r) => r[col]);
      for (const n of names) expect(cells, `defused: ${JSON.stringify(n)}`).to.include(`'${n}`);
      expect(cells, 'plain text untouched').to.include('GetObject');
    } finally {
      capture.stop();
    }
  });
});

describe('a download that fails says so', () => {
  it('the table and the detail explain a failed download in words, and nothing is thrown', async () => {
    const events = [eventFromRecord(record(1)), eventFromRecord(record(2))];
    const el = await fixture<HTMLElement>(html`<div><ct-event-table .events=${events}></ct-event-table><ct-event-detail .event=${events[0]}></ct-event-detail></div>`);
    const table = el.querySelector('ct-event-table') as CtEventTable;
    const detail = el.querySelector('ct-event-detail') as CtEventDetail;
    await settle(40);
    const capture = captureErrors();
    const original = URL.createObjectURL;
    // What a browser throws when a file is too large to hold in memory.
    URL.createObjectURL = () => { throw new RangeError('Array buffer allocation failed'); };
    try {
      button(table.shadowRoot!, LOADED_JSON).click();
      await table.updateComplete;
      expect(table.shadowRoot!.querySelector('.notice')?.textContent).to.equal('The JSON file could not be saved: Array buffer allocation failed.');
      button(table.shadowRoot!, LOADED_CSV).click();
      await table.updateComplete;
      expect(table.shadowRoot!.querySelector('.notice')?.textContent).to.equal('The CSV file could not be saved: Array buffer allocation failed.');
      button(detail.shadowRoot!, 'Download JSON').click();
      await detail.updateComplete;
      expect(detail.shadowRoot!.querySelector('.note')?.textContent).to.equal('The JSON file could not be saved: Array buffer allocation failed.');
      expect(capture.errors, 'nothing thrown').to.deep.equal([]);
    } finally {
      URL.createObjectURL = original;
      capture.stop();
    }
  });
});

type NavWindow = Window & typeof globalThis & { navigation: EventTarget };

/** Opens a demo page in a frame (sandboxed without scripts: as a slow network leaves it before its script runs). */
async function openDemo(src: string, options: { scripts: boolean }): Promise<{ frame: HTMLIFrameElement; win: NavWindow; doc: Document; navigations: string[] }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:1200px;height:800px;border:0';
  if (!options.scripts) frame.sandbox.add('allow-same-origin', 'allow-forms');
  document.body.append(frame);
  await new Promise((resolve) => { frame.addEventListener('load', resolve, { once: true }); frame.src = src; });
  const win = frame.contentWindow as NavWindow;
  const navigations: string[] = [];
  // Every navigation the frame starts (a form submission included) passes through here first.
  win.navigation.addEventListener('navigate', (e) => navigations.push((e as unknown as { destination: { url: string } }).destination.url));
  return { frame, win, doc: frame.contentDocument!, navigations };
}

/** A task after the next frame: a form submission's navigation starts before then (it is queued as a task). */
const nextTask = (win: Window) => new Promise<void>((resolve) => win.requestAnimationFrame(() => setTimeout(resolve, 0)));

function fillConnect(doc: Document, values: Record<string, string>): HTMLFormElement {
  const form = doc.querySelector<HTMLFormElement>('#connect')!;
  for (const [name, value] of Object.entries(values)) (form.elements.namedItem(name) as HTMLInputElement).value = value;
  return form;
}

describe('the demo', () => {
  it('the connect form sends the sign-in token nowhere, even before the page\'s script has run', async () => {
    const { frame, win, doc, navigations } = await openDemo('/demo/index.html', { scripts: false });
    try {
      const form = fillConnect(doc, { region: 'eu-west-1', identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555', token: 'secret-id-token' });
      const connect = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      connect.click();
      form.requestSubmit();
      (form.elements.namedItem('token') as HTMLInputElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await nextTask(win);
      await nextTask(win);
      expect(navigations, 'no navigation carries the form').to.deep.equal([]);
      expect(win.location.href).to.not.include('secret-id-token');
      expect(connect.disabled, 'Connect waits for the page\'s script').to.equal(true);
    } finally {
      frame.remove();
    }
  });

  it('once ready, Connect points the page at what the form says, names it, and keeps the token out of the address and the field', async function () {
    this.timeout(30_000);
    const { frame, win, doc, navigations } = await openDemo('/demo/index.html', { scripts: true });
    try {
      const connect = doc.querySelector<HTMLButtonElement>('#connect button[type="submit"]')!;
      await until(() => !connect.disabled, 20_000);
      const form = fillConnect(doc, {
        region: 'eu-west-1', identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
        loginProvider: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf', token: 'secret-id-token', endpoint: '',
      });
      connect.click();
      await nextTask(win);
      const history = doc.querySelector('ct-event-history')!;
      expect(history.region).to.equal('eu-west-1');
      expect(history.endpoint, 'AWS\'s own endpoints').to.equal(undefined);
      expect(doc.getElementById('where')!.textContent).to.include('https://cloudtrail.eu-west-1.amazonaws.com').and.include('https://cognito-identity.eu-west-1.amazonaws.com');
      expect(navigations.filter((url) => url.includes('token')), 'no navigation with the token').to.deep.equal([]);
      expect(win.location.href).to.not.include('secret-id-token');
      expect((form.elements.namedItem('token') as HTMLInputElement).value, 'the field keeps no copy').to.equal('');
      history.signOut();
    } finally {
      frame.remove();
    }
  });

  for (const page of ['index.html', 'composed.html']) {
    it(`a link cannot point ${page} at another server: ?endpoint= and friends are ignored, and the page names its real endpoint`, async function () {
      this.timeout(30_000);
      const evil = 'https://abc123.execute-api.us-east-1.amazonaws.com/aws';
      const { frame, doc } = await openDemo(`/demo/${page}?endpoint=${encodeURIComponent(evil)}&region=eu-west-1&identityPoolId=eu-west-1:x&loginProvider=evil`, { scripts: true });
      try {
        const host = doc.querySelector<HTMLElement & { endpoint?: string; region: string; identityPoolId?: string; signOut(): void }>(page === 'index.html' ? 'ct-event-history' : 'ct-lookup-provider')!;
        await until(() => (doc.getElementById('where')!.textContent ?? '').startsWith('Against'), 20_000);
        expect(host.endpoint, 'the page\'s own emulator').to.equal(`${location.origin}/aws`);
        expect(host.region).to.equal('us-east-1');
        const where = doc.getElementById('where')!.textContent!;
        expect(where).to.include(`${location.origin}/aws`).and.not.include('execute-api');
        host.signOut();
      } finally {
        frame.remove();
      }
    });
  }
});
