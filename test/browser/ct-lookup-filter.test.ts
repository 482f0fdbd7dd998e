import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/ct-lookup-filter.js';
import type { CtLookupFilter } from '../../src/index.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { InvestigationStore } from '../../src/state/store.js';
import { LookupController } from '../../src/lookup/controller.js';
import { createInstance, lookupLog } from './helpers/emulator.js';
import { choose, control, once, type } from './helpers/elements.js';
import { fromInputValue } from '../../src/state/time.js';
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
    await type(el, 'From', '2026-02-30T10:00:00');
    el.submit();
    await el.updateComplete;
    // The browser's datetime-local control refuses an impossible date and reports it as empty.
    expect(errors(el).join(' ')).to.include('Enter a start date and time.');
    expect(Number.isNaN(fromInputValue('2026-02-30T10:00:00', 'utc').getTime()), 'the parser rejects it too').to.equal(true);
    expect(fromInputValue('2026-02-28T10:00:00', 'utc').toISOString()).to.equal('2026-02-28T10:00:00.000Z');

    const now = new Date();
    const iso = (d: Date) => d.toISOString().slice(0, 19);
    await type(el, 'From', iso(new Date(now.getTime() - 3600_000)));
    await type(el, 'To', iso(new Date(now.getTime() - 7200_000)));
    el.submit();
    await el.updateComplete;
    expect(errors(el).join(' ')).to.match(/before|after/i);

    await type(el, 'From', iso(new Date(now.getTime() - 100 * 86_400_000)));
    await type(el, 'To', iso(now));
    el.submit();
    await el.updateComplete;
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

  it('enters times in UTC or local time', async () => {
    const el = await fixture<CtLookupFilter>(html`<ct-lookup-filter time-zone="utc"></ct-lookup-filter>`);
    await choose(el, 'Time range', 'absolute');
    await type(el, 'From', '2026-11-20T08:00:00');
    await type(el, 'To', '2026-11-20T09:00:00');
    const fired = once(el, 'ct-query-submit');
    el.submit();
    const { query } = await fired;
    expect(query.timeRange).to.deep.equal({ kind: 'absolute', start: new Date('2026-11-20T08:00:00Z'), end: new Date('2026-11-20T09:00:00Z') });
    expect(control(el, 'From').parentElement!.textContent).to.include('UTC');
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
