import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/ct-event-table.js';
import type { CtEventTable } from '../../src/index.js';
import { toCsv } from '../../src/lookup/export.js';
import { once, renderedRows, settle } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { events, recordTimeText } from './helpers/records.js';

const headers = (el: CtEventTable) => [...el.shadowRoot!.querySelectorAll('[role="columnheader"]')].slice(1).map((h) => h.textContent?.trim());

describe('<ct-event-table> on its own', () => {
  it('passes an axe check with rows, a failed call and the column chooser open', async () => {
    const list = events(30, (i) => (i === 2 ? { errorCode: 'AccessDenied', errorMessage: 'nope' } : {}));
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    await settle();
    el.shadowRoot!.querySelector('details')!.open = true;
    await expect(el).to.be.accessible();
  });

  it('shows the console\'s default columns and marks failed calls', async () => {
    const list = events(5, (i) => (i === 1 ? { errorCode: 'AccessDenied' } : {}));
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    await settle();
    expect(headers(el)).to.deep.equal(['Event time', 'Event name', 'User name', 'Event source', 'Resource type', 'Resource name']);
    const rows = renderedRows(el);
    expect(rows[0]).to.deep.equal([recordTimeText(0), 'DescribeInstances', 'user0', 'ec2.amazonaws.com', 'AWS::S3::Bucket', 'bucket-0']);
    const failed = el.shadowRoot!.querySelectorAll('.body [role="row"].failed');
    expect(failed).to.have.length(1);
    expect(failed[0].querySelector('[aria-label="failed call"]')).to.exist;
  });

  it('lets the user choose columns and fires ct-columns-change', async () => {
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${events(3)}></ct-event-table>`);
    const box = [...el.shadowRoot!.querySelectorAll('details label')].find((l) => l.textContent?.includes('Source IP address'))!.querySelector('input')!;
    const fired = once(el, 'ct-columns-change');
    box.click();
    const { columns } = await fired;
    expect(columns).to.include('sourceIp');
    await el.updateComplete;
    expect(headers(el)).to.include('Source IP address');
  });

  it('closes the Columns popover on Escape, giving focus back to its button, and on a click outside', async () => {
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${events(3)}></ct-event-table>`);
    const chooser = el.shadowRoot!.querySelector('details')!;
    const summary = chooser.querySelector('summary')!;
    summary.click();
    await el.updateComplete;
    expect(chooser.open, 'opened by its button').to.equal(true);
    chooser.querySelector<HTMLInputElement>('input')!.focus();
    await sendKeys({ press: 'Escape' });
    expect(chooser.open, 'Escape closes it').to.equal(false);
    expect(el.shadowRoot!.activeElement, 'focus is back on the Columns button').to.equal(summary);
    summary.click();
    await el.updateComplete;
    expect(chooser.open).to.equal(true);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(chooser.open, 'a click outside closes it').to.equal(false);
  });

  it('takes columns from its attribute and warns about unknown ones', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await fixture<CtEventTable>(html`<ct-event-table columns="time, errorCode, bogus" .events=${events(2)}></ct-event-table>`);
      await el.updateComplete;
      expect(headers(el)).to.deep.equal(['Event time', 'Error code']);
      expect(warnings.join('\n')).to.include('columns');
    } finally {
      console.warn = original;
    }
  });

  it('selects a row by click and by keyboard, firing ct-event-select', async () => {
    const list = events(20);
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    await settle();
    let fired = once(el, 'ct-event-select');
    el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')[2].click();
    expect((await fired).event).to.equal(list[2]);

    fired = once(el, 'ct-event-select');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    expect((await fired).event).to.equal(list[3]);
    const selected = el.shadowRoot!.querySelectorAll('[aria-selected="true"]');
    expect(selected).to.have.length(1);
    expect(selected[0].getAttribute('aria-rowindex')).to.equal('5');
  });

  it('renders a window of 100,000 events, not all of them, and reaches the last one from the keyboard', async function () {
    this.timeout(30_000);
    const list = events(100_000);
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list}></ct-event-table>`);
    await settle(100);
    const rendered = renderedRows(el).length;
    expect(rendered).to.be.greaterThan(5);
    expect(rendered).to.be.lessThan(200);
    expect(el.shadowRoot!.querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).to.equal('100001');
    el.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!.focus();
    await sendKeys({ press: 'End' });
    await settle(200);
    const fired = once(el, 'ct-event-select');
    await sendKeys({ press: 'Enter' });
    expect((await fired).event).to.equal(list[99_999]);
  });

  it('keeps the rows in view filling the grid when the page makes its rows taller', async () => {
    const list = events(500);
    const el = await fixture<CtEventTable>(html`<ct-event-table .events=${list} style="--ct-row-height: 2rem"></ct-event-table>`);
    const grid = el.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
    // What the reader sees: below the header, the row the scroll position points at, then rows down to the grid's bottom edge.
    const rowsInView = () => {
      const box = grid.getBoundingClientRect();
      const header = grid.querySelector('.head')!.getBoundingClientRect().bottom;
      const rows = [...grid.querySelectorAll<HTMLElement>('.body [role="row"]')]
        .map((row) => ({ index: Number(row.dataset.index), box: row.getBoundingClientRect() }))
        .filter((r) => r.box.bottom > header + 1 && r.box.top < box.bottom - 1)
        .sort((a, b) => a.box.top - b.box.top);
      const height = rows[0]?.box.height ?? 0;
      const contiguous = rows.every((r, i) => i === 0 || (r.index === rows[i - 1].index + 1 && Math.abs(r.box.top - rows[i - 1].box.bottom) < 1));
      return rows.length > 0 && contiguous && rows[0].box.top <= header + 1 && rows.at(-1)!.box.bottom >= box.bottom - 1
        && rows[0].index === Math.floor(grid.scrollTop / height);
    };
    await waitUntil(() => renderedRows(el).length > 0, 'rows are drawn');
    grid.scrollTop = 200 * parseFloat(getComputedStyle(document.documentElement).fontSize) * 2;
    await waitUntil(rowsInView, 'the rows fill the grid after a scroll');
    el.style.setProperty('--ct-row-height', '4rem');
    await waitUntil(rowsInView, 'the rows still fill the grid once each is twice as tall, with nothing else changed');
    const row = grid.querySelector<HTMLElement>('.body [role="row"]')!;
    expect(row.getBoundingClientRect().height).to.equal(4 * parseFloat(getComputedStyle(document.documentElement).fontSize));
  });

  it('exports CSV with spreadsheet formulas defused', () => {
    const csv = toCsv([{ a: '=HYPERLINK("http://evil")', b: 'plain, with comma' }], [
      { label: 'A', value: (r) => r.a },
      { label: 'B', value: (r) => r.b },
    ]);
    expect(csv).to.equal('A,B\r\n"\'=HYPERLINK(""http://evil"")","plain, with comma"\r\n');
  });
});
