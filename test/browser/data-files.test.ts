/**
 * Every record of ../shared/data/cloudtrail (real logs, AWS examples, hand-made fixtures, legacy
 * records without ids, Insights) renders in the table and the detail without an error.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventDetail, CtEventTable } from '../../src/index.js';
import { createInstance, truth } from './helpers/emulator.js';
import { detailField, settle } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { fromWire } from './helpers/records.js';

/** Scrolls one screen down; false when the grid would not move, even after the row window re-measured. */
async function scrollDown(grid: HTMLElement): Promise<boolean> {
  for (const wait of [0, 100]) {
    const before = grid.scrollTop;
    grid.scrollTop += grid.clientHeight;
    await settle(wait);
    if (grid.scrollTop !== before) return true;
  }
  return false;
}

describe('the shared CloudTrail data files', () => {
  it('render, every record, in <ct-event-table> and <ct-event-detail>', async function () {
    this.timeout(180_000);
    // The whole folder, every file; retention stretched so records from past years stay visible.
    const inst = await createInstance({ events: ['.'], retentionDays: 36_500, throttle: false });
    // Every Region the records name, the anonymized ones no real Region serves included.
    const wire = [...(await truth(inst.id, { regions: '*' })), ...(await truth(inst.id, { EventCategory: 'insight', regions: '*' }))];
    expect(wire.length, 'every stored event is in the truth of some Region').to.equal(inst.eventCount + inst.insightCount);
    expect(inst.insightCount).to.be.greaterThan(0);
    const events = wire.map(fromWire);

    const problems: string[] = [];
    const onError = (e: ErrorEvent) => problems.push(String(e.message));
    window.addEventListener('error', onError);
    const originalError = console.error;
    console.error = (...args: unknown[]) => problems.push(args.map(String).join(' '));
    try {
      const table = await fixture<CtEventTable>(html`<ct-event-table .events=${events}
        .columns=${['time', 'eventName', 'username', 'eventSource', 'resourceType', 'resourceName', 'errorCode', 'sourceIp', 'accessKeyId', 'region', 'readOnly', 'eventId', 'userAgent']}></ct-event-table>`);
      const grid = table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
      const seen = new Set<string>();
      await settle(50);
      for (let guard = 0; guard < 5_000 && seen.size < events.length; guard++) {
        for (const row of grid.querySelectorAll('.body [role="row"]')) seen.add(row.getAttribute('aria-rowindex')!);
        if (!(await scrollDown(grid))) break; // the end: scrolling no longer moves
      }
      for (const row of grid.querySelectorAll('.body [role="row"]')) seen.add(row.getAttribute('aria-rowindex')!);
      expect(seen.size, 'every row was rendered while scrolling').to.equal(events.length);

      const detail = await fixture<CtEventDetail>(html`<ct-event-detail></ct-event-detail>`);
      for (const event of events) {
        detail.event = event;
        await detail.updateComplete;
        expect(detailField(detail, 'Event ID'), 'the detail shows the event').to.equal(event.EventId);
        expect(detail.shadowRoot!.querySelector('[part="json"]')!.textContent).to.include(event.EventId!);
      }
    } finally {
      window.removeEventListener('error', onError);
      console.error = originalError;
    }
    expect(problems).to.deep.equal([]);
  });
});
