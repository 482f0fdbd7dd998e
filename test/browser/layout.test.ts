/**
 * Layout and look, as a reader meets it at 390, 1024, 1440 and 1600 px: the table gets the width,
 * columns fit and keep a width set from the keyboard, the detail comes into view on a phone, the
 * comparison reads every field of the records, Insights get their own columns, and axe finds
 * nothing at any width in either theme. Against the emulator, compared with its ground truth.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { CtEventTable } from '../../src/index.js';
import { createInstance, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { choose, expectedEvents, mountHistory, settle, waitForStatus, type Mounted } from './helpers/elements.js';
import { after, afterEach, before, describe, it } from './helpers/mocha.js';

const WIDTHS = [390, 1024, 1440, 1600];
const root = (table: CtEventTable) => table.shadowRoot!;
const headerCell = (table: CtEventTable, label: string) =>
  [...root(table).querySelectorAll<HTMLElement>('[role="columnheader"]')].find((h) => h.textContent?.trim() === label)!;
const bodyRows = (table: CtEventTable) => [...root(table).querySelectorAll<HTMLElement>('.body [role="row"]:not(.skeleton)')];

async function lookup(m: Mounted, preset = '7d', category?: 'insight'): Promise<void> {
  if (category) await choose(m.filter, 'Events', category);
  await choose(m.filter, 'Time range', preset);
  const previous = m.session.lookup.state.queryId;
  m.filter.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
  await until(() => m.session.lookup.state.queryId > previous, 30_000);
  await waitForStatus(m.session, ['done', 'idle', 'error'], 40_000).catch((err: unknown) => {
    const st = m.session.lookup.state;
    throw new Error(`lookup stuck in ${st.status} (${st.events.length} events, waiting ${JSON.stringify(st.waiting)}): ${String(err)}`);
  });
  expect(m.session.lookup.state.error, 'the lookup succeeded').to.equal(null);
  await m.table.updateComplete;
  await settle(100);
}

/** Bounded: until the table's rendered rows match the loaded count (or a screenful). */
async function rowsRendered(m: Mounted): Promise<void> {
  await until(() => bodyRows(m.table).length > 0, 10_000);
  await settle(60);
}

describe('layout and look', () => {
  let inst: Instance;

  before(async () => {
    // Generated as if at one fixed time: the same rows at any hour (the generator's mix follows its clock).
    inst = await createInstance({ generate: { count: 600, seed: 23, at: '2026-11-20T12:00:00Z' } });
    localStorage.clear();
  });

  afterEach(() => {
    localStorage.clear();
  });

  after(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  /**
   * Every value of the short columns is whole. The resource columns (many values, ARNs) give way
   * first when the row is too narrow: never below their header, and a cut value is whole in its title.
   * With the detail beside the table they may give way entirely (`shown`: the columns left).
   */
  function expectDefaultColumnsFit(m: Mounted, when: string, shown = 6): void {
    const grid = root(m.table).querySelector<HTMLElement>('[role="grid"]')!;
    expect(grid.scrollWidth, `${when}: no column is pushed out of view`).to.be.at.most(grid.clientWidth);
    const headers = [...root(m.table).querySelectorAll<HTMLElement>('[role="columnheader"] .label')];
    expect(headers.map((h) => h.textContent)).to.deep.equal(['Event time', 'Event name', 'User name', 'Event source', 'Resource type', 'Resource name'].slice(0, shown));
    for (const h of headers) expect(h.parentElement!.scrollWidth, `${when}: header ${h.textContent} fits`).to.be.at.most(h.parentElement!.clientWidth);
    const clipped: HTMLElement[][] = headers.map(() => []);
    const cells = bodyRows(m.table).map((row) => [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')].slice(1));
    for (const row of cells) row.forEach((cell, i) => cell.scrollWidth > cell.clientWidth && clipped[i].push(cell));
    const cut = (i: number) => clipped[i].map((c) => c.textContent);
    for (const i of [0, 1, 2, 3]) expect(cut(i), `${when}: ${headers[i].textContent}: no value cut`).to.deep.equal([]);
    for (const i of [4, 5].filter((n) => n < shown)) {
      const share = (grid.clientWidth - 36) / headers.length;
      expect(headers[i].parentElement!.getBoundingClientRect().width, `${when}: ${headers[i].textContent} keeps at least a fair share`).to.be.at.least(Math.min(share, 150));
    }
    // A cut value is whole in the cell's title (the hover overlay shows it too).
    for (const cell of clipped.slice(4).flat()) expect(cell.title).to.equal(cell.textContent?.trim());
  }

  it('at 1440 px the default columns fit, with nothing open (the table has the width) and with an event open beside it', async () => {
    await setViewport({ width: 1440, height: 900 });
    const m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    const pane = m.history.shadowRoot!.querySelector<HTMLElement>('.pane')!;
    expect(pane.hidden, 'the detail is folded away while nothing is selected').to.equal(true);
    const historyWidth = m.history.getBoundingClientRect().width;
    expect(m.table.getBoundingClientRect().width, 'the table spans the layout').to.be.greaterThan(historyWidth - 2);
    expectDefaultColumnsFit(m, 'nothing open');
    // The values shown are the emulator's.
    const want = await expectedEvents(inst, m.session);
    expect(bodyRows(m.table)[0].querySelectorAll('[role="gridcell"]')[2].textContent?.trim()).to.equal(want[0].EventName);

    bodyRows(m.table)[0].click();
    await until(() => !pane.hidden && pane.getBoundingClientRect().width > 0);
    await m.table.updateComplete;
    await settle(100);
    expect(pane.getBoundingClientRect().left, 'the detail is beside the table').to.be.greaterThan(m.table.getBoundingClientRect().right - 1);
    // The event's resources are in the detail: the resource columns give way, and every other value is whole.
    expectDefaultColumnsFit(m, 'an event open', 4);
    expect(pane.querySelector('ct-event-detail')!.shadowRoot!.textContent, 'the detail shows the event').to.include(want[0].EventName);
    // Closing the detail brings them back.
    pane.querySelector<HTMLButtonElement>('.close')!.click();
    await until(() => pane.hidden);
    await until(() => root(m.table).querySelectorAll('[role="columnheader"] .label').length === 6);
    await settle(100);
    expectDefaultColumnsFit(m, 'closed again');
  });

  it('a cut value shows whole when the keyboard is on its cell, and the cell is what a screen reader reads', async () => {
    await setViewport({ width: 1024, height: 900 });
    const m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    const labels = [...root(m.table).querySelectorAll('[role="columnheader"] .label')].map((h) => h.textContent);
    const col = labels.indexOf('Resource name') + 1;
    const cellOf = (row: HTMLElement) => row.querySelectorAll<HTMLElement>('[role="gridcell"]')[col];
    const cut = (cell: HTMLElement) => cell.scrollWidth > cell.clientWidth;
    const index = bodyRows(m.table).findIndex((r) => cut(cellOf(r)));
    expect(index, 'a Resource name is cut at 1024 px').to.be.at.least(0);
    const grid = root(m.table).querySelector<HTMLElement>('[role="grid"]')!;
    grid.focus();
    for (let i = 0; i < index; i++) await sendKeys({ press: 'ArrowDown' });
    for (let i = 0; i < col; i++) await sendKeys({ press: 'ArrowRight' });
    await m.table.updateComplete;
    const row = bodyRows(m.table).find((r) => r.dataset.index === String(index))!;
    const cell = cellOf(row);
    expect(grid.getAttribute('aria-activedescendant'), 'the grid points a screen reader at the cell').to.equal(cell.id);
    // The whole value, as the emulator has it, is the cell's text (its accessible name) and its title.
    const want = (await expectedEvents(inst, m.session))[index];
    const whole = want.Resources.map((r) => r.ResourceName).filter(Boolean).join(', ');
    expect(cell.textContent?.trim()).to.equal(whole);
    expect(cell.title).to.equal(whole);
    // And it is on screen whole: the value stands out over its neighbours, not cut.
    const value = cell.querySelector<HTMLElement>('.v')!;
    expect(value.getBoundingClientRect().width, 'wider than its column').to.be.greaterThan(cell.clientWidth);
    expect(value.scrollWidth, 'nothing of it hidden').to.be.at.most(value.clientWidth);
    expect(value.getBoundingClientRect().right, 'within the grid').to.be.at.most(grid.getBoundingClientRect().right + 1);
    // Back onto the row: the value is cut again, and the row is what the grid points at.
    for (let i = 0; i < col; i++) await sendKeys({ press: 'ArrowLeft' });
    await m.table.updateComplete;
    expect(grid.getAttribute('aria-activedescendant')).to.equal(row.id);
    expect(cut(cellOf(row))).to.equal(true);
  });

  it('a column resized from the keyboard keeps its width across a reload', async () => {
    await setViewport({ width: 1440, height: 900 });
    let m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    const before = headerCell(m.table, 'Event name').getBoundingClientRect().width;
    const handle = headerCell(m.table, 'Event name').querySelector<HTMLElement>('[role="separator"]')!;
    expect(handle.getAttribute('aria-label')).to.equal('Resize Event name');
    handle.focus();
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'ArrowRight' });
    await m.table.updateComplete;
    await settle();
    const resized = headerCell(m.table, 'Event name').getBoundingClientRect().width;
    expect(resized, 'four steps of 16 px wider').to.be.closeTo(before + 64, 1.5);
    expect(bodyRows(m.table)[0].querySelectorAll('[role="gridcell"]')[2].getBoundingClientRect().width, 'the body follows the header').to.be.closeTo(resized, 1);
    await sendKeys({ press: 'ArrowLeft' });
    await m.table.updateComplete;
    await settle();
    const kept = headerCell(m.table, 'Event name').getBoundingClientRect().width;
    expect(kept).to.be.closeTo(before + 48, 1.5);

    // A reload: a new page's elements read the stored widths.
    fixtureCleanup();
    m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    expect(headerCell(m.table, 'Event name').getBoundingClientRect().width, 'the same width after the reload').to.be.closeTo(kept, 1);
  });

  it('compares picked events in a full-width view that shows a requestParameters difference', async () => {
    await setViewport({ width: 1440, height: 900 });
    const m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    // Two loaded rows whose requestParameters differ, by the emulator's records.
    const params = (e: WireEvent) => JSON.stringify((JSON.parse(e.CloudTrailEvent) as { requestParameters?: unknown }).requestParameters ?? null);
    const want = (await expectedEvents(inst, m.session)).slice(0, bodyRows(m.table).length);
    const a = want.findIndex((e) => params(e) !== 'null');
    const b = want.findIndex((e, i) => i > a && params(e) !== 'null' && params(e) !== params(want[a]));
    expect(a, 'two rows with different request parameters').to.be.at.least(0);
    expect(b).to.be.greaterThan(a);
    for (const i of [a, b]) bodyRows(m.table).find((r) => r.dataset.index === String(i))!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await m.table.updateComplete;
    root(m.table).querySelector<HTMLButtonElement>('.compare-open')!.click();
    const detail = m.detail;
    await until(() => Boolean(detail.shadowRoot!.querySelector('[part="compare"]')));
    await settle();
    expect(getComputedStyle(m.table).display, 'the comparison replaces the table').to.equal('none');
    expect(detail.getBoundingClientRect().width, 'full width').to.be.greaterThan(m.history.getBoundingClientRect().width - 4);

    const rows = [...detail.shadowRoot!.querySelectorAll<HTMLTableRowElement>('[part="compare"] tbody tr')];
    const requestRows = rows.filter((r) => r.querySelector('th')!.textContent!.startsWith('requestParameters'));
    const differing = requestRows.filter((r) => r.classList.contains('differs'));
    expect(differing.length, 'a requestParameters row is marked as differing').to.be.greaterThan(0);
    // Its cells read what the records say.
    const row = differing[0];
    const path = row.querySelector('th')!.textContent!.replace('≠', '').replace('(differs)', '').trim().split('.').slice(1);
    const read = (e: WireEvent) => {
      let v: unknown = (JSON.parse(e.CloudTrailEvent) as { requestParameters?: unknown }).requestParameters;
      for (const k of path) v = (v as Record<string, unknown> | undefined)?.[k];
      return v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v);
    };
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).to.deep.equal([read(want[a]), read(want[b])]);

    // Differences only: every row left differs.
    detail.shadowRoot!.querySelector<HTMLInputElement>('input[role="switch"]')!.click();
    await detail.updateComplete;
    const left = [...detail.shadowRoot!.querySelectorAll('[part="compare"] tbody tr')];
    expect(left.length).to.be.lessThan(rows.length);
    expect(left.every((r) => r.classList.contains('differs'))).to.equal(true);
    // Escape goes back to the table.
    detail.shadowRoot!.querySelector<HTMLElement>('.compare-back')!.focus();
    await sendKeys({ press: 'Escape' });
    await until(() => getComputedStyle(m.table).display !== 'none');
    expect(m.session.state.comparing).to.equal(false);
  });

  it('an Insights lookup shows type and state columns and one row per insight', async () => {
    await setViewport({ width: 1440, height: 900 });
    const m = await mountHistory(inst);
    await lookup(m, '90d', 'insight');
    while (m.session.lookup.state.hasMore) await m.session.loadMore();
    await m.table.updateComplete;
    await rowsRendered(m);
    const plan = m.session.lookup.state.plan!;
    const want = await truth(inst.id, { EventCategory: 'insight', StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000 });
    const insights = new Set(want.map((e) => (JSON.parse(e.CloudTrailEvent) as { sharedEventID: string }).sharedEventID));
    expect(want.length, 'the emulator has Start and End records').to.equal(insights.size * 2);
    const labels = [...root(m.table).querySelectorAll('[role="columnheader"] .label')].map((h) => h.textContent);
    expect(labels).to.include.members(['Insight type', 'State', 'Event source', 'Event name', 'Baseline average', 'Insight average']);
    expect(Number(root(m.table).querySelector('[role="grid"]')!.getAttribute('aria-rowcount')) - 1, 'one row per insight').to.equal(insights.size);
    const typeIndex = labels.indexOf('Insight type') + 1;
    const stateIndex = labels.indexOf('State') + 1;
    const first = bodyRows(m.table)[0].querySelectorAll('[role="gridcell"]');
    expect(first[typeIndex].textContent?.trim()).to.match(/^API (call|error) rate$/);
    expect(first[stateIndex].textContent?.trim()).to.equal('Ended');
    expect(root(m.table).querySelector('.status')!.textContent).to.include(`${insights.size} insights`);
  });

  it('at 390 x 844 the first rows are on the first screen after a lookup: the lookup folds into a line that opens again (remembered)', async () => {
    await setViewport({ width: 390, height: 844 });
    let m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    window.scrollTo(0, 0);
    const first = bodyRows(m.table)[0].getBoundingClientRect();
    expect(first.top, 'the first row is below the top').to.be.at.least(0);
    expect(first.bottom, 'and on the first screen').to.be.at.most(innerHeight);
    const shown = (el: Element) => el.getBoundingClientRect().height > 0;
    const bar = () => m.history.shadowRoot!.querySelector<HTMLElement>('.fold-bar')!;
    expect(bar().textContent, 'the line says what was looked up').to.include('Management events in the last 7 days');
    const toggle = () => bar().querySelector<HTMLButtonElement>('button.fold')!;
    expect(toggle().getAttribute('aria-expanded')).to.equal('false');
    expect(shown(m.filter), 'the filter is folded').to.equal(false);
    toggle().click();
    await m.history.updateComplete;
    expect(shown(m.filter), 'one press opens the filter').to.equal(true);
    expect(toggle().getAttribute('aria-expanded')).to.equal('true');
    expect(toggle().textContent?.trim()).to.equal('Hide filter and chart');

    // A reload keeps it open; a lookup run from it folds it again, so its rows are in view.
    fixtureCleanup();
    m = await mountHistory(inst);
    await until(() => Boolean(m.history.shadowRoot!.querySelector('.fold-bar')));
    await m.history.updateComplete;
    expect(shown(m.filter), 'still open after the reload').to.equal(true);
    await lookup(m, '30d');
    await rowsRendered(m);
    await m.history.updateComplete;
    expect(shown(m.filter), 'folded after the lookup').to.equal(false);
    expect(bar().textContent).to.include('in the last 30 days');
    window.scrollTo(0, 0);
    expect(bodyRows(m.table)[0].getBoundingClientRect().bottom).to.be.at.most(innerHeight);
    // Wide screens never fold.
    await setViewport({ width: 1024, height: 900 });
    await settle();
    expect(shown(m.filter), 'at 1024 px the filter shows').to.equal(true);
    expect(shown(bar()), 'and the line does not').to.equal(false);
  });

  it('at 390 x 844 a row reads its time, event name and user on two lines, with no sideways scrolling', async () => {
    await setViewport({ width: 390, height: 844 });
    const m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    // The two-line rows come with the table's later module, beside the first rows.
    await until(() => bodyRows(m.table)[0].getBoundingClientRect().height > 40);
    await settle();
    const grid = root(m.table).querySelector<HTMLElement>('[role="grid"]')!;
    expect(grid.scrollWidth, 'nothing to scroll sideways to').to.be.at.most(grid.clientWidth);
    const box = grid.getBoundingClientRect();
    const rows = bodyRows(m.table).filter((r) => r.getBoundingClientRect().bottom <= box.bottom);
    expect(rows.length, 'several whole rows in the grid').to.be.at.least(5);
    const events = m.session.lookup.state.events;
    for (const row of rows) {
      const [time, name, user] = [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')].slice(1);
      const event = events[Number(row.dataset.index)];
      for (const [cell, what] of [[time, 'time'], [name, 'event name'], [user, 'user']] as const) {
        const r = cell.getBoundingClientRect();
        expect(r.width > 0 && r.left >= box.left && r.right <= box.right + 0.5, `${what} of row ${row.dataset.index} is in view`).to.equal(true);
      }
      expect(time.scrollWidth, `the time of row ${row.dataset.index} is whole`).to.be.at.most(time.clientWidth);
      if ((event.EventName ?? '').length <= 30) expect(name.scrollWidth, `${event.EventName} is whole`).to.be.at.most(name.clientWidth);
      if ((event.Username ?? '').length <= 10) expect(user.scrollWidth, `${event.Username} is whole`).to.be.at.most(user.clientWidth);
      expect(name.getBoundingClientRect().top, 'the name is on the second line').to.be.greaterThan(time.getBoundingClientRect().bottom - 1);
    }
    // The rows still say what each value is to a screen reader: the header row is there, not shown.
    expect([...root(m.table).querySelectorAll('[role="columnheader"] .label')].map((h) => h.textContent).slice(0, 3)).to.deep.equal(['Event time', 'Event name', 'User name']);
    // An Insights window is longer than the line: it is cut, the row is not pushed wider.
    await lookup(m, '90d', 'insight');
    await rowsRendered(m);
    expect(grid.scrollWidth, 'Insights rows: nothing to scroll sideways to').to.be.at.most(grid.clientWidth);
  });

  it('at 390 px the detail wraps ARNs, access keys and ids only after ":", "/" or "-", never inside a part', async () => {
    await setViewport({ width: 390, height: 844 });
    const m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    const events = m.session.lookup.state.events;
    // Events whose values are long: an assumed role's ARN, the longest resource name, an access key.
    const chosen = [
      events.find((e) => (e.identityArn ?? '').length > 45),
      [...events].sort((a, b) => Math.max(0, ...b.Resources.map((r) => r.name?.length ?? 0)) - Math.max(0, ...a.Resources.map((r) => r.name?.length ?? 0)))[0],
      events.find((e) => e.AccessKeyId),
    ].filter((e) => e !== undefined);
    expect(chosen.length, 'the data holds long values').to.equal(3);
    let wrapped = 0;
    for (const event of chosen) {
      m.session.select(event);
      await m.detail.updateComplete;
      await settle();
      const values = [...m.detail.shadowRoot!.querySelectorAll<HTMLElement>('.summary .value, .resources td')];
      for (const value of values) {
        // Each line break, found from where consecutive characters sit: the character before it ends a part.
        const walker = document.createTreeWalker(value, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.parentElement?.closest('.pivots') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT) });
        const chars: { c: string; top: number }[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < node.textContent!.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (rect) chars.push({ c: node.textContent![i], top: rect.top });
          }
        }
        for (let i = 1; i < chars.length; i++) {
          if (chars[i].top <= chars[i - 1].top + 2) continue;
          wrapped++;
          expect(' :/-'.includes(chars[i - 1].c) || chars[i].c === ' ', `"${chars.map((x) => x.c).join('')}" breaks after "${chars[i - 1].c}", before "${chars[i].c}"`).to.equal(true);
        }
      }
    }
    expect(wrapped, 'some long values did wrap').to.be.greaterThan(0);
  });

  it('at 390 px, selecting a row brings the detail into view, and Back returns to the rows', async () => {
    await setViewport({ width: 390, height: 844 });
    const m = await mountHistory(inst);
    await lookup(m);
    await rowsRendered(m);
    window.scrollTo(0, 0);
    const pane = m.history.shadowRoot!.querySelector<HTMLElement>('.pane')!;
    bodyRows(m.table)[1].click();
    await until(() => {
      const r = pane.getBoundingClientRect();
      return !pane.hidden && r.top >= -1 && r.top < innerHeight / 2;
    });
    const back = pane.querySelector<HTMLButtonElement>('.back')!;
    expect(back.textContent?.trim()).to.equal('Back to the events');
    back.click();
    await until(() => m.table.getBoundingClientRect().bottom > 0 && m.table.getBoundingClientRect().top < innerHeight);
    expect(root(m.table).activeElement?.getAttribute('role'), 'focus is back on the rows').to.equal('grid');
    window.scrollTo(0, 0);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`axe finds nothing at ${WIDTHS.join(', ')} px in the ${theme} theme, with an event open`, async function () {
      this.timeout(120_000);
      // A page that chooses a theme paints its own background to match (the loose labels sit on it).
      document.body.style.background = theme === 'dark' ? '#0d1117' : '#ffffff';
      for (const width of WIDTHS) {
        await setViewport({ width, height: 900 });
        const m = await mountHistory(inst);
        m.history.theme = theme;
        await lookup(m);
        await rowsRendered(m);
        bodyRows(m.table)[0].click();
        await m.detail.updateComplete;
        await settle();
        await expect(m.history, `${width} px, ${theme}`).to.be.accessible();
        fixtureCleanup();
      }
      document.body.style.background = '';
    });
  }

  it(`axe finds nothing at ${WIDTHS.join(', ')} px with theme="dark" on a light page, the top values folded and open`, async function () {
    this.timeout(120_000);
    // The page stays light (white, the system's light scheme): the history's own background carries its theme.
    document.body.style.background = '#ffffff';
    for (const width of WIDTHS) {
      await setViewport({ width, height: 900 });
      const m = await mountHistory(inst);
      m.history.theme = 'dark';
      await lookup(m);
      await rowsRendered(m);
      // On a phone the lookup, the chart and the top values fold into one line: open it.
      m.history.shadowRoot!.querySelector<HTMLButtonElement>('.fold[aria-expanded="false"]')?.click();
      await m.history.updateComplete;
      const summary = m.history.shadowRoot!.querySelector<HTMLElement>('details.facets > summary')!;
      expect(getComputedStyle(summary).display, `${width} px: "Top values" is shown`).to.not.equal('none');
      await expect(m.history, `${width} px, top values folded`).to.be.accessible();
      summary.click();
      await until(() => Boolean(m.history.shadowRoot!.querySelector('ct-event-facets')?.shadowRoot?.querySelector('.facet ul')));
      bodyRows(m.table)[0].click();
      await m.detail.updateComplete;
      await settle();
      await expect(m.history, `${width} px, top values open, an event open`).to.be.accessible();
      fixtureCleanup();
    }
    document.body.style.background = '';
  });
});
