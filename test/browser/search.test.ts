import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/all.js';
import type { CtEventTable } from '../../src/index.js';
import { EventSearchIndex } from '../../src/lookup/search.js';
import { createInstance, lookupLog, until } from './helpers/emulator.js';
import { mountHistory, renderedRows, settle, statusLine, waitForStatus } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { events } from './helpers/records.js';

const root = (el: CtEventTable) => el.shadowRoot!;
const box = (el: CtEventTable) => root(el).querySelector<HTMLInputElement>('input[type="search"]')!;
const matches = (el: CtEventTable) => root(el).querySelector('.matches')?.textContent?.trim() ?? '';
const button = (el: CtEventTable, text: string) => [...root(el).querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
const errorsOnly = (el: CtEventTable) =>
  [...root(el).querySelectorAll('label')].find((l) => l.textContent?.trim() === 'Errors only')!.querySelector('input')!;

async function typeInto(el: CtEventTable, text: string): Promise<void> {
  box(el).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
  await settle();
}

/** User name column (third cell) of every rendered row. */
const users = (el: CtEventTable) => renderedRows(el).map((r) => r[2]);

describe('Search loaded events', () => {
  it('passes an axe check with a search typed in', async () => {
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${events(40)}></ct-event-table>`);
    await typeInto(el, 'user3');
    await expect(el).to.be.accessible();
  });

  it('has a labelled search box and shows only the rows that match, with a count', async () => {
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${events(70)}></ct-event-table>`);
    await settle();
    expect(root(el).querySelector(`label[for="${box(el).id}"]`)?.textContent?.trim()).to.equal('Search loaded events');
    expect(matches(el)).to.equal('');
    await typeInto(el, 'USER3');
    expect(users(el)).to.have.length(10);
    expect(new Set(users(el))).to.deep.equal(new Set(['user3']));
    expect(matches(el)).to.equal('10 of 70 loaded events match');
  });

  it('needs every word to match, in any searchable field', async () => {
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${events(70)}></ct-event-table>`);
    // user3 is i % 7 == 3; GetObject (s3) is odd i: i = 3, 17, 31, 45, 59.
    await typeInto(el, 'user3 getobject');
    expect(renderedRows(el).map((r) => r[5])).to.deep.equal(['bucket-3', 'bucket-17', 'bucket-31', 'bucket-45', 'bucket-59']);
    expect(matches(el)).to.equal('5 of 70 loaded events match');
  });

  it('finds source IPs, access keys, event ids, error codes and user agents', async () => {
    const list = events(300, (i) => (i === 123 ? { errorCode: 'AccessDenied', userAgent: 'Terraform/1.7.5' } : {}));
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    const find = async (q: string) => {
      box(el).value = q;
      box(el).dispatchEvent(new Event('input', { bubbles: true }));
      await el.updateComplete;
      await settle();
      return renderedRows(el).map((r) => r[5]);
    };
    expect(await find('198.51.100.249')).to.deep.equal(['bucket-249']);
    expect(await find('akia0000000000000042')).to.deep.equal(['bucket-42']);
    expect(await find('0000-000000000287')).to.deep.equal(['bucket-287']);
    expect(await find('accessdenied')).to.deep.equal(['bucket-123']);
    expect(await find('terraform')).to.deep.equal(['bucket-123']);
    expect(await find('no such thing')).to.deep.equal([]);
    expect(matches(el)).to.equal('0 of 300 loaded events match');
  });

  it('filters to failed calls with Errors only, and Clear search brings every row back', async () => {
    const list = events(30, (i) => (i % 10 === 4 ? { errorCode: 'AccessDenied' } : {}));
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    await settle();
    errorsOnly(el).click();
    await el.updateComplete;
    await settle();
    expect(renderedRows(el).map((r) => r[5])).to.deep.equal(['bucket-4', 'bucket-14', 'bucket-24']);
    expect(root(el).querySelectorAll('.body [role="row"].failed')).to.have.length(3);
    expect(matches(el)).to.equal('3 of 30 loaded events match');
    button(el, 'Clear search')!.click();
    await el.updateComplete;
    await settle();
    expect(errorsOnly(el).checked).to.equal(false);
    expect(box(el).value).to.equal('');
    expect(matches(el)).to.equal('');
    expect(button(el, 'Clear search')).to.equal(undefined);
    expect(renderedRows(el).length).to.be.greaterThan(3);
    expect(root(el).activeElement).to.equal(box(el));
  });

  it('searches pages a host appends as a new array', async () => {
    const list = events(120);
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list.slice(0, 60)}></ct-event-table>`);
    await typeInto(el, 'user3');
    expect(matches(el)).to.equal('9 of 60 loaded events match');
    el.events = [...el.events, ...list.slice(60)];
    await el.updateComplete;
    await settle();
    expect(matches(el)).to.equal('17 of 120 loaded events match');
    expect(new Set(users(el))).to.deep.equal(new Set(['user3']));
  });

  it('clears with Escape', async () => {
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${events(20)}></ct-event-table>`);
    await typeInto(el, 'user1');
    expect(users(el).every((u) => u === 'user1')).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    await settle();
    expect(renderedRows(el).length).to.equal(20);
  });

  it('searches 100,000 loaded events', async function () {
    this.timeout(60_000);
    const list = events(100_000);
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    await typeInto(el, 'bucket-99999');
    expect(renderedRows(el).map((r) => r[5])).to.deep.equal(['bucket-99999']);
    expect(matches(el)).to.equal('1 of 100,000 loaded events match');
  });

  it('sends no request while searching, and keeps matching pages that arrive', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 600, seed: 21 } });
    const m = await mountHistory(inst, { autoRun: true });
    await until(() => m.session.lookup.state.events.length > 0, 20_000);
    await waitForStatus(m.session, ['done', 'idle']);
    await m.table.updateComplete;
    await settle();
    const sent = (await lookupLog(inst.id)).length;
    const first = m.session.lookup.state.events[0];
    const word = first.EventName!;
    await typeInto(m.table, word.toLowerCase());
    const want = m.session.lookup.state.events.filter((e) => e.EventName === word).length;
    expect(matches(m.table)).to.equal(`${want} of ${m.session.lookup.state.events.length} loaded events match`);
    // Scrolling to the end of a short list of matches must not page on its own.
    const grid = root(m.table).querySelector<HTMLElement>('.grid')!;
    grid.scrollTop = grid.scrollHeight;
    await settle(300);
    expect((await lookupLog(inst.id)).length).to.equal(sent);
    expect(statusLine(m.table)).to.match(/^50 events loaded/);
    // An explicit Load more still works, and the new page is searched too.
    button(m.table, 'Load more')!.click();
    await until(() => m.session.lookup.state.events.length > 50);
    await waitForStatus(m.session, ['done', 'idle']);
    await m.table.updateComplete;
    await settle();
    const all = m.session.lookup.state.events;
    const now = all.filter((e) => e.EventName === word).length;
    expect(matches(m.table)).to.equal(`${now} of ${all.length} loaded events match`);
  });
});

describe('EventSearchIndex', () => {
  it('indexes appended events and starts over for a new list', () => {
    const list = events(50);
    const index = new EventSearchIndex();
    index.sync(list.slice(0, 20));
    expect(index.search('bucket-4')).to.deep.equal([4]);
    const grown = list.slice(0, 20);
    index.sync(grown);
    grown.push(...list.slice(20));
    index.sync(grown);
    expect(index.size).to.equal(50);
    expect(index.search('bucket-4')).to.deep.equal([4, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(index.search('bucket-4', {}, 30, 45)).to.deep.equal([40, 41, 42, 43, 44]);
    index.sync(list.slice(0, 5));
    expect(index.search('')).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('keeps its index for a new array that starts with the same events, not for another list', () => {
    const list = events(30);
    const index = new EventSearchIndex();
    expect(index.sync(list.slice(0, 10))).to.equal('reset');
    expect(index.sync(list.slice())).to.equal('kept');
    expect(index.search('bucket-2')).to.deep.equal([2, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(index.sync(list.slice().reverse())).to.equal('reset');
    expect(index.search('bucket-29')).to.deep.equal([0]);
  });

});
