/**
 * At a phone's width the columns after time, event name and user are read too: each follows on a
 * further line of its row (three to a line), with no sideways scrolling, whichever the Columns
 * chooser has ticked. Against the emulator's events.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { COLUMNS, type ColumnId } from '../../src/state/columns.js';
import { createInstance, until, type Instance } from './helpers/emulator.js';
import { mountHistory, settle, waitForStatus, type Mounted } from './helpers/elements.js';
import { before, describe, it } from './helpers/mocha.js';

const rows = (m: Mounted) => [...m.table.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]:not(.skeleton)')];

/** Every cell of each whole row in the grid is inside the grid's width, the columns after the third below the name, with the value of its column. */
async function expectEveryColumnRead(m: Mounted, columns: readonly ColumnId[]): Promise<void> {
  await until(() => rows(m)[0]!.querySelectorAll('[role="gridcell"]').length === columns.length + 1);
  await settle();
  const grid = m.table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
  expect(grid.scrollWidth, 'nothing to scroll sideways to').to.be.at.most(grid.clientWidth);
  const box = grid.getBoundingClientRect();
  const whole = rows(m).filter((r) => r.getBoundingClientRect().bottom <= box.bottom);
  expect(whole.length, 'several whole rows in the grid').to.be.at.least(4);
  const events = m.session.lookup.state.events;
  for (const row of whole) {
    const cells = [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')].slice(1);
    const event = events[Number(row.dataset.index)]!;
    const nameBottom = cells[1]!.getBoundingClientRect().bottom;
    columns.forEach((id, i) => {
      const cell = cells[i]!;
      const r = cell.getBoundingClientRect();
      const column = COLUMNS.find((c) => c.id === id)!;
      const value = column.value(event, 'utc');
      // An empty value's cell has no height; its place in the row is still kept.
      expect(r.width > 0 && (r.height > 0 || !value) && r.left >= box.left && r.right <= box.right + 0.5 && r.bottom <= row.getBoundingClientRect().bottom + 0.5,
        `${column.label} of row ${row.dataset.index} is in view`).to.equal(true);
      if (i >= 3) expect(r.top, `${column.label} is on a line below the event name`).to.be.at.least(nameBottom - 1);
      expect(cell.textContent!.trim(), `${column.label} of row ${row.dataset.index}`).to.equal(value);
    });
  }
}

describe('further columns at a phone\'s width', () => {
  let inst: Instance;
  before(async () => {
    inst = await createInstance({ generate: { count: 200, seed: 44 }, throttle: false });
  });

  it('at 390 x 844 the default columns after the third, and those ticked later, are each on a line of their row', async function () {
    this.timeout(60_000);
    await setViewport({ width: 390, height: 844 });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    await until(() => rows(m).length > 0 && rows(m)[0]!.getBoundingClientRect().height > 40);
    const shown = m.session.state.columns;
    expect(shown.length, 'the default columns: more than three').to.be.above(3);
    await expectEveryColumnRead(m, shown);
    // Two more ticked (as the Columns chooser does): a line more.
    const more: ColumnId[] = [...shown, 'sourceIp', 'errorCode'];
    m.session.setColumns(more);
    await m.table.updateComplete;
    await expectEveryColumnRead(m, more);
  });
});
