import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/ct-lookup-filter.js';
import type { CtLookupFilter } from '../../src/index.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { InvestigationStore } from '../../src/state/store.js';
import { LookupController } from '../../src/lookup/controller.js';
import { createInstance, lookupLog } from './helpers/emulator.js';
import { choose, control, once, type } from './helpers/elements.js';
import { parseTime } from '../../src/state/time.js';
import { describe, it } from './helpers/mocha.js';

const errors = (el: CtLookupFilter) => [...el.shadowRoot!.querySelectorAll('[part="error"]')].map((e) => e.textContent?.trim() ?? '');

describe('<ct-lookup-filter>', () => {
  it('passes an axe check, in its default state and with inline errors', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter></ct-lookup-filter>`);
    await expect(el).to.be.accessible();
    await choose(el, 'Lookup attribute', 'EventName');
    await choose(el, 'Time range', 'absolute');
    el.submit();
    await el.updateComplete;
    expect(errors(el).length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it('runs the query on Enter and fires ct-query-submit with it', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter></ct-lookup-filter>`);
    await choose(el, 'Lookup attribute', 'Username');
    await type(el, 'User name', 'alice');
    await choose(el, 'Time range', '7d');
    await choose(el, 'Read-only', 'write');
    control<HTMLInputElement>(el, 'User name').focus();
    const fired = once(el, 'ct-query-submit');
    await sendKeys({ press: 'Enter' });
    const { query } = await fired;
    expect(query).to.deep.equal({
      attribute: { key: 'Username', value: 'alice' },
      timeRange: { kind: 'relative', preset: '7d' },
      readOnly: 'write',
      category: 'management',
      pageSize: 50,
    });
  });

  it('explains invalid input inline and sends nothing', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 50, seed: 3 } });
    const session = new InvestigationStore(new LookupController({ region: inst.region, endpoint: inst.url, credentials: { ...inst.staticCredentials } }));
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter .session=${session}></ct-lookup-filter>`);
    let submitted = 0;
    el.addEventListener('ct-query-submit', () => submitted++);

    await choose(el, 'Lookup attribute', 'EventName');
    el.submit();
    await el.updateComplete;
    expect(errors(el).join(' ')).to.match(/value/i);
    expect(control<HTMLInputElement>(el, 'Event name').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement, 'focus moves to the field to fix').to.equal(control(el, 'Event name'));

    await type(el, 'Event name', 'a_'.repeat(700));
    el.submit();
    await el.updateComplete;
    expect(errors(el).join(' ')).to.include('2,100 characters as CloudTrail counts them');

    await type(el, 'Event name', 'ConsoleLogin');
    await choose(el, 'Time range', 'absolute');
    const from = control<HTMLInputElement>(el, 'From');
    expect(from.type, 'a text field in the table\'s 24-hour format, not the browser\'s date control').to.equal('text');
    expect(from.placeholder).to.equal('YYYY-MM-DD HH:MM:SS');
    expect(from.value, 'filled in as the table writes times').to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // Our own checks, each with a message naming the field as the form labels it.
    const says = async (text: string, message: string) => {
      await type(el, 'From', text);
      el.submit();
      await el.updateComplete;
      expect(errors(el).join(' '), text).to.include(message);
      expect(from.getAttribute('aria-invalid'), text).to.equal('true');
    };
    await says('2026-02-30 10:00:00', 'From: 2026-02-30 is not a date.');
    await says('2026-04-31', 'From: 2026-04-31 is not a date.');
    await says('2026-02-28 24:00', 'From: 24:00:00 is not a time on 2026-02-28.');
    await says('2026-02-28 10:00:61', 'From: 10:00:61 is not a time on 2026-02-28.');
    await says('02/28/2026 10:00 AM', 'From: use the form YYYY-MM-DD HH:MM:SS.');
    await says('   ', 'From: enter a date and time as YYYY-MM-DD HH:MM:SS.');
    expect(parseTime('2026-02-30 10:00:00', 'utc'), 'the parser says why').to.equal('2026-02-30 is not a date');
    expect((parseTime('2026-02-28 10:00:00', 'utc') as Date).toISOString()).to.equal('2026-02-28T10:00:00.000Z');

    const now = new Date();
    const text = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
    await type(el, 'From', text(new Date(now.getTime() - 3600_000)));
    await type(el, 'To', text(new Date(now.getTime() - 7200_000)));
    el.submit();
    await el.updateComplete;
    expect(errors(el).join(' ')).to.include('From must be before To');

    await type(el, 'From', text(new Date(now.getTime() - 100 * 86_400_000)));
    await type(el, 'To', text(now));
    el.submit();
    await el.updateComplete;
    expect(errors(el).join(' ')).to.include('From (');
    expect(errors(el).join(' ')).to.include('90 days');

    expect(submitted).to.equal(0);
    expect(await lookupLog(inst.id)).to.have.length(0);
    session.lookup.dispose();
  });

  it('lets a ReadOnly lookup stand for the read-only filter it hides', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter></ct-lookup-filter>`);
    await choose(el, 'Read-only', 'write');
    await choose(el, 'Lookup attribute', 'ReadOnly');
    expect(control(el, 'Read-only').value, 'the value select now carries the label').to.equal('true');
    const fired = once(el, 'ct-query-submit');
    expect(el.submit(), 'no hidden conflict blocks the lookup').to.equal(true);
    const { query } = await fired;
    expect(query.attribute).to.deep.equal({ key: 'ReadOnly', value: 'true' });
    expect(query.readOnly).to.equal('all');
  });

  it('offers only EventId, EventName and EventSource for Insights events', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter></ct-lookup-filter>`);
    await choose(el, 'Lookup attribute', 'Username');
    await choose(el, 'Events', 'insight');
    const options = [...control(el, 'Lookup attribute').querySelectorAll('option')].map((o) => o.value);
    expect(options).to.deep.equal(['', 'EventName', 'EventSource', 'EventId']);
    expect(control(el, 'Lookup attribute').value, 'an unsupported key is cleared').to.equal('');
  });

  it('resets to the defaults and fires ct-query-reset; setting query fires nothing', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter></ct-lookup-filter>`);
    let fired = 0;
    el.addEventListener('ct-query-submit', () => fired++);
    el.addEventListener('ct-query-reset', () => fired++);
    el.query = { ...defaultQuery(), attribute: { key: 'EventSource', value: 's3.amazonaws.com' }, timeRange: { kind: 'relative', preset: '1h' } };
    await el.updateComplete;
    expect(control<HTMLInputElement>(el, 'Event source').value).to.equal('s3.amazonaws.com');
    expect(fired, 'no event when code sets a property').to.equal(0);

    const reset = once(el, 'ct-query-reset');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Reset')!.click();
    expect((await reset).query).to.deep.equal(defaultQuery());
    await el.updateComplete;
    expect(control(el, 'Lookup attribute').value).to.equal('');
    expect(control(el, 'Time range').value).to.equal('90d');
  });

  it('enters times in UTC or local time, 24-hour, a date alone meaning midnight and seconds optional', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter time-zone="utc"></ct-lookup-filter>`);
    await choose(el, 'Time range', 'absolute');
    const run = async (from: string, to: string) => {
      await type(el, 'From', from);
      await type(el, 'To', to);
      const fired = once(el, 'ct-query-submit');
      expect(el.submit(), `${from} to ${to}`).to.equal(true);
      return (await fired).query.timeRange;
    };
    // A day three days ago: a range the 90-day rule accepts whenever the test runs.
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    expect(await run(`${day} 08:00:00`, `${day} 21:30:15`)).to.deep.equal({ kind: 'absolute', start: new Date(`${day}T08:00:00Z`), end: new Date(`${day}T21:30:15Z`) });
    expect(await run(day, `${day} 21:30`), 'a date alone is midnight; minutes without seconds')
      .to.deep.equal({ kind: 'absolute', start: new Date(`${day}T00:00:00Z`), end: new Date(`${day}T21:30:00Z`) });
    expect(control(el, 'From').parentElement!.textContent).to.include('UTC');

    await choose(el, 'Time zone', 'local');
    expect(control(el, 'From').parentElement!.textContent).to.include('local time');
    expect(await run(`${day} 08:00`, `${day} 21:30:15`), 'read as local time').to.deep.equal({
      kind: 'absolute', start: new Date(y, m - 1, d, 8, 0, 0), end: new Date(y, m - 1, d, 21, 30, 15),
    });
  });

  it('warns about a nonsense time-zone attribute and keeps working with UTC', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter time-zone="mars"></ct-lookup-filter>`);
      await el.updateComplete;
      expect(el.timeZone).to.equal('utc');
      expect(warnings.join('\n')).to.include('time-zone');
    } finally {
      console.warn = original;
    }
  });
});
