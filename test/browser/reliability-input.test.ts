/**
 * Issue 6, bad input: every filter field fed random and oversized text, impossible dates and
 * reversed ranges (a seeded generator) answers with a message beside the field and sends nothing;
 * every attribute and property set to nonsense gives a console warning naming it, and the element
 * keeps working with its default.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { CtEventDetail, CtEventHistory, CtEventTable, CtLookupFilter, CtLookupProvider } from '../../src/index.js';
import { DEFAULT_COLUMNS } from '../../src/state/columns.js';
import { createInstance, lookupLog, until, type Instance } from './helpers/emulator.js';
import { choose, control, mountHistory, type } from './helpers/elements.js';
import { record } from './helpers/records.js';
import { describe, it } from './helpers/mocha.js';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcXYZ019 _,\n\t<>"\'&;:/\\%$#@!?()[]{}é漢字🙂\u202E\u200B';
const pad = (n: number) => String(n).padStart(2, '0');
const local = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

interface BadInput { kind: string; key?: string; value?: string; from?: string; to?: string; field: 'value' | 'from' | 'to' }

/** A few hundred inputs the filter must refuse, from one seed. */
function badInputs(seed: number, count: number): BadInput[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const text = (n: number) => Array.from({ length: n }, () => pick([...ALPHABET])).join('');
  const keys = ['EventName', 'Username', 'ResourceName', 'ResourceType', 'EventSource', 'AccessKeyId', 'EventId'];
  const now = Date.now();
  const out: BadInput[] = [];
  for (let i = 0; i < count; i++) {
    const r = Math.floor(rnd() * 6);
    if (r === 0) out.push({ kind: 'oversized value', key: pick(keys), value: text(2101 + Math.floor(rnd() * 8000)), field: 'value' });
    else if (r === 1) out.push({ kind: 'blank value', key: pick(keys), value: Array.from({ length: Math.floor(rnd() * 6) }, () => pick([' ', '\t', '\n', '\u00a0'])).join(''), field: 'value' });
    else if (r === 2) {
      const y = 1900 + Math.floor(rnd() * 9000);
      const impossible = pick([`${y}-02-30T10:00:00`, `${y}-13-01T00:00:00`, `${y}-00-10T00:00:00`, `${y}-06-31T25:61:00`, text(1 + Math.floor(rnd() * 30)), '', `${y}-04-31T00:00:00`]);
      out.push(rnd() < 0.5 ? { kind: 'impossible start', from: impossible, field: 'from' } : { kind: 'impossible end', to: impossible, field: 'to' });
    } else if (r === 3) {
      const a = now - Math.floor(rnd() * 80 * 86400_000);
      const b = a - 1000 - Math.floor(rnd() * 5 * 86400_000);
      out.push({ kind: 'reversed range', from: local(new Date(a)), to: local(new Date(b)), field: 'to' });
    } else if (r === 4) {
      const a = now - (91 + Math.floor(rnd() * 3000)) * 86400_000;
      out.push({ kind: 'start over 90 days ago', from: local(new Date(a)), to: local(new Date(now)), field: 'from' });
    } else {
      // Underscores, spaces, commas and line breaks count twice: under 2000 characters, over the limit.
      out.push({ kind: 'over the limit as CloudTrail counts', key: pick(keys), value: Array.from({ length: 1001 + Math.floor(rnd() * 998) }, () => pick(['_', ' ', ','])).join('') + 'x', field: 'value' });
    }
  }
  return out;
}

function errorsShown(filter: CtLookupFilter): string[] {
  return [...filter.shadowRoot!.querySelectorAll('[part="error"]')].map((e) => e.textContent?.trim() ?? '').filter(Boolean);
}

describe('bad input: explained, nothing sent', () => {
  it('a few hundred random, oversized, impossible and reversed inputs: a message each, no request', async function () {
    this.timeout(90_000);
    const inst = await createInstance({ records: Array.from({ length: 30 }, (_, i) => record(i)), rebase: true });
    const m = await mountHistory(inst);
    const inputs = badInputs(6, 300);
    const kinds = new Map<string, number>();
    for (const input of inputs) {
      await choose(m.filter, 'Lookup attribute', '');
      await choose(m.filter, 'Read-only', 'all');
      await choose(m.filter, 'Time range', '1d');
      if (input.field === 'value') {
        await choose(m.filter, 'Lookup attribute', input.key!);
        await type(m.filter, control(m.filter, 'Lookup attribute').selectedOptions[0].textContent!.trim(), input.value!);
      } else {
        await choose(m.filter, 'Time range', 'absolute');
        if (input.from !== undefined) await type(m.filter, 'From', input.from);
        if (input.to !== undefined) await type(m.filter, 'To', input.to);
      }
      const queryId = m.session.lookup.state.queryId;
      let submitted = 0;
      const count = () => submitted++;
      m.filter.addEventListener('ct-query-submit', count);
      control<HTMLSelectElement>(m.filter, 'Time range').form!.requestSubmit();
      await m.filter.updateComplete;
      m.filter.removeEventListener('ct-query-submit', count);
      const shown = errorsShown(m.filter);
      expect(shown.length, `${input.kind} ${JSON.stringify(input).slice(0, 120)}: a message`).to.be.greaterThan(0);
      expect(shown.join(' ').length, `${input.kind}: a sentence, not a code`).to.be.greaterThan(20);
      expect(submitted, `${input.kind}: no query submitted`).to.equal(0);
      expect(m.session.lookup.state.queryId, `${input.kind}: nothing run`).to.equal(queryId);
      kinds.set(input.kind, (kinds.get(input.kind) ?? 0) + 1);
    }
    expect(await lookupLog(inst.id), 'nothing was sent').to.deep.equal([]);
    // The form still works: a valid query goes out once.
    await choose(m.filter, 'Time range', '90d');
    await choose(m.filter, 'Lookup attribute', '');
    await choose(m.filter, 'Read-only', 'all');
    control<HTMLSelectElement>(m.filter, 'Time range').form!.requestSubmit();
    await until(() => m.session.lookup.state.status === 'done' && m.session.lookup.state.events.length === 30, 15_000);
    expect(await lookupLog(inst.id)).to.have.length(1);
    expect(kinds.size, 'every kind of bad input was tried').to.equal(7);
    console.log(`[reliability figures] bad input: ${inputs.length} inputs (seed 6: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}) each explained, 0 requests sent`);
  });
});

/** Sets nonsense, captures console.warn, and returns the warnings. */
async function warningsFrom(fn: () => Promise<void> | void): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('nonsense attributes and properties: a warning naming each, and the default', () => {
  let inst: Instance;

  it('every element warns, names the attribute, and keeps working', async function () {
    this.timeout(60_000);
    inst = await createInstance({ records: Array.from({ length: 12 }, (_, i) => record(i)), rebase: true });
    let tried = 0;
    const check = async (what: string, name: RegExp, fn: () => Promise<void>) => {
      const warnings = await warningsFrom(fn);
      tried++;
      expect(warnings.some((w) => name.test(w)), `${what}: a warning naming it (got ${JSON.stringify(warnings)})`).to.equal(true);
    };

    const table = await fixture<CtEventTable>(html`<ct-event-table></ct-event-table>`);
    await check('table columns attribute', /<ct-event-table>: columns/, async () => { table.setAttribute('columns', 'bogus,,<img>'); await table.updateComplete; });
    expect(table.columns).to.deep.equal(DEFAULT_COLUMNS);
    await check('table columns property', /<ct-event-table>: columns/, async () => { (table as unknown as { columns: unknown }).columns = 42; await table.updateComplete; });
    expect(table.columns).to.deep.equal(DEFAULT_COLUMNS);
    await check('table time-zone', /<ct-event-table>: time-zone "Mars\/Phobos"/, async () => { table.setAttribute('time-zone', 'Mars/Phobos'); await table.updateComplete; });
    expect(table.timeZone).to.equal('utc');
    await check('table theme', /<ct-event-table>: theme "neon"/, async () => { table.setAttribute('theme', 'neon'); await table.updateComplete; });
    expect(table.theme).to.equal(undefined);
    expect(table.shadowRoot!.querySelectorAll('[role="columnheader"]').length, 'still renders its default columns').to.equal(DEFAULT_COLUMNS.length + 1);

    const detail = await fixture<CtEventDetail>(html`<ct-event-detail></ct-event-detail>`);
    await check('detail time-zone', /<ct-event-detail>: time-zone/, async () => { detail.setAttribute('time-zone', '+25:00'); await detail.updateComplete; });
    await check('detail theme', /<ct-event-detail>: theme/, async () => { detail.setAttribute('theme', '<b>'); await detail.updateComplete; });
    await check('detail event', /<ct-event-detail>: event/, async () => { (detail as unknown as { event: unknown }).event = 'not an event'; await detail.updateComplete; });
    expect(detail.timeZone).to.equal('utc');
    expect(detail.event).to.equal(null);
    expect(detail.shadowRoot!.textContent).to.include('Choose an event');

    const filter = await fixture<CtLookupFilter>(html`<ct-lookup-filter></ct-lookup-filter>`);
    await check('filter time-zone', /<ct-lookup-filter>: time-zone/, async () => { filter.setAttribute('time-zone', 'UTC+99'); await filter.updateComplete; });
    await check('filter theme', /<ct-lookup-filter>: theme/, async () => { filter.setAttribute('theme', 'sepia'); await filter.updateComplete; });
    await check('filter query', /<ct-lookup-filter>: query/, async () => { (filter as unknown as { query: unknown }).query = { nonsense: true }; await filter.updateComplete; });
    expect(filter.timeZone).to.equal('utc');
    expect(filter.query?.timeRange.kind).to.equal('relative');

    const provider = await fixture<CtLookupProvider>(html`<ct-lookup-provider .credentials=${{ ...inst.staticCredentials }}></ct-lookup-provider>`);
    await check('provider region', /<ct-lookup-provider>: region "moon-1"/, async () => { provider.setAttribute('region', 'moon-1'); await provider.updateComplete; });
    expect(provider.region).to.equal('us-east-1');
    await check('provider endpoint', /<ct-lookup-provider>: endpoint "javascript:alert\(1\)"/, async () => { provider.setAttribute('endpoint', 'javascript:alert(1)'); await provider.updateComplete; });
    expect(provider.session?.lookup.endpoint, 'AWS\'s own endpoint').to.equal('https://cloudtrail.us-east-1.amazonaws.com');
    await check('provider cognito-endpoint', /<ct-lookup-provider>: cognito-endpoint/, async () => { provider.setAttribute('cognito-endpoint', 'not a url'); await provider.updateComplete; });
    await check('provider identity-pool-id', /<ct-lookup-provider>: identity-pool-id/, async () => { provider.setAttribute('identity-pool-id', 'pool?<script>'); await provider.updateComplete; });
    expect(provider.identityPoolId).to.equal(undefined);

    // The drop-in: nonsense everywhere, and a lookup still shows the emulator's events.
    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await check('history time-zone', /<ct-event-history>: time-zone/, async () => { history.setAttribute('time-zone', 'somewhere'); await history.updateComplete; });
    await check('history theme', /<ct-event-history>: theme/, async () => { history.setAttribute('theme', '1'); await history.updateComplete; });
    await check('history region', /<ct-lookup-provider>: region "nowhere"/, async () => { history.setAttribute('region', 'nowhere'); await history.updateComplete; await history.shadowRoot!.querySelector('ct-lookup-provider')!.updateComplete; });
    await check('history columns', /<ct-event-history>: columns/, async () => { history.columns = ['nope' as never]; await history.updateComplete; await history.shadowRoot!.querySelector('ct-event-table')!.updateComplete; });
    expect(history.timeZone).to.equal('utc');
    expect(history.theme).to.equal(undefined);
    const p = history.shadowRoot!.querySelector('ct-lookup-provider')!;
    await until(() => Boolean(p.session));
    const f = history.shadowRoot!.querySelector('ct-lookup-filter')!;
    await choose(f, 'Time range', '90d');
    f.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(() => p.session!.lookup.state.status === 'done' && p.session!.lookup.state.events.length === 12, 15_000);
    expect(history.shadowRoot!.querySelector('ct-event-table')!.shadowRoot!.querySelectorAll('[role="columnheader"]').length).to.equal(DEFAULT_COLUMNS.length + 1);
    console.log(`[reliability figures] bad input: ${tried} nonsense attributes and properties on 5 elements, each warned by name and fell back to its default`);
  });
});
