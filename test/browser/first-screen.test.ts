/**
 * The demo's first screen at 1440 x 900, as a new reader sees it: the compact filter on one line,
 * at least 15 rows above the fold, and a chart whose bars show what is loaded (the span not loaded
 * yet said in words), not a range of hatching with one bar at its right edge.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { CtEventHistory } from '../../src/index.js';
import { until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

describe('the first screen', () => {
  it('at 1440 x 900 the demo shows the filter on one line, at least 15 rows and a chart of the loaded span', async function () {
    this.timeout(90_000);
    await setViewport({ width: 1500, height: 960 });
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:1440px;height:900px;border:0';
    frame.src = '/demo/index.html';
    document.body.append(frame);
    try {
      await until(() => Boolean(frame.contentDocument?.querySelector('ct-event-history')?.session), 30_000);
      const win = frame.contentWindow!;
      const history = frame.contentDocument!.querySelector('ct-event-history') as CtEventHistory;
      const root = history.shadowRoot!;
      const table = root.querySelector('ct-event-table')!.shadowRoot!;
      const rows = () => [...table.querySelectorAll<HTMLElement>('.body [role="row"]:not(.skeleton)')];
      await until(() => history.session!.lookup.state.status === 'done' && rows().length >= 20, 30_000);
      const timeline = root.querySelector('ct-event-timeline')!;
      await until(() => timeline.shadowRoot!.querySelectorAll('[part="bar"]').length > 0);
      await timeline.updateComplete;

      const above = rows().filter((r) => r.getBoundingClientRect().bottom <= win.innerHeight);
      expect(above.length, 'rows wholly above the fold').to.be.at.least(15);

      const filter = root.querySelector('ct-lookup-filter')!.shadowRoot!;
      const parts = [...filter.querySelector('form')!.children].map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0);
      expect(parts.length, 'fields, conditions and buttons').to.be.at.least(7);
      expect(Math.max(...parts.map((r) => r.top)) - Math.min(...parts.map((r) => r.top)), 'the filter on one line').to.be.below(parts[0]!.height);

      const chart = timeline.shadowRoot!.querySelector<SVGSVGElement>('svg[part="chart"]')!.getBoundingClientRect();
      const bars = [...timeline.shadowRoot!.querySelectorAll<SVGGElement>('[part="bar"]')]
        .filter((g) => Number(g.dataset.ok) + Number(g.dataset.errors) > 0).map((g) => g.getBoundingClientRect());
      expect(bars.length, 'bars with events').to.be.at.least(3);
      const left = Math.min(...bars.map((b) => b.left));
      expect((left - chart.left) / chart.width, 'the oldest loaded bar is not at the right edge').to.be.below(0.7);
      const state = history.session!.lookup.state;
      expect(state.hasMore, 'the 90-day lookup has more pages').to.equal(true);
      const hatch = timeline.shadowRoot!.querySelector('[part="unloaded"]');
      expect(Number(hatch?.getAttribute('width') ?? 0) / chart.width, 'the hatched part is a strip at the left edge').to.be.at.most(0.4);
      const days = Math.floor((state.events.at(-1)!.EventTime!.getTime() - state.plan!.start.getTime()) / 86_400_000);
      expect(timeline.shadowRoot!.querySelector('[part="unloaded-text"]')!.textContent, 'how much is not loaded, in words')
        .to.match(new RegExp(`^Not loaded yet: ${days} days( \\d+ hours?)? of the range, before \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`));
    } finally {
      frame.remove();
    }
  });
});
