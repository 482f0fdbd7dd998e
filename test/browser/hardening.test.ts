/**
 * Hardening: crafted links, spreadsheet formulas behind whitespace, deep records in every export,
 * invisible and bidirectional characters shown as what they are. Each case is one a reader or a
 * crafted input could hit, driven through the real elements against the emulator.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventHistory, CtEventTable } from '../../src/index.js';
import { CtEvent } from '../../src/lookup/events.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { control, settle } from './helpers/elements.js';
import { button, captureDownloads } from './helpers/downloads.js';
import { record } from './helpers/records.js';
import { before, describe, it } from './helpers/mocha.js';

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

/** RFC 4180 fields of a CSV text (quoted fields unquoted). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  return rows;
}

describe('CSV export defuses formulas behind what importers trim', () => {
  it('a leading space, line feed, no-break space, zero-width character or full-width sign before a formula: each cell starts with a quote', async () => {
    const names = [' =HYPERLINK("http://x")', '\n=1+1', '\u00A0+SUM(A1)', '\u200B=cmd|calc', '\uFEFF@SUM(1)', '\uFF1D1+1', '\u3000-2+3', '\t=1', '=plain'];
    const events = names.map((n, i) => CtEvent.fromRecord(record(i, { eventName: n })));
    events.push(CtEvent.fromRecord(record(20, { eventName: 'GetObject' })));
    const table = await fixture<CtEventTable>(html`<ct-event-table .events=${events}></ct-event-table>`);
    await settle(60);
    const capture = captureDownloads();
    try {
      button(table.shadowRoot!, 'Download CSV').click();
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
