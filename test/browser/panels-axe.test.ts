/**
 * axe with every panel of the history open at once: the detail, the top values, the timeline, the
 * conditions, the Region chooser, the download panel and a cell's menu, at a phone's and a desktop's
 * width, light and dark.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { createInstance, until, type Instance } from './helpers/emulator.js';
import { mountHistory, settle, waitForStatus, type Mounted } from './helpers/elements.js';
import { openExport } from './helpers/downloads.js';
import { before, describe, it } from './helpers/mocha.js';

const shadow = (el: Element | null | undefined) => el!.shadowRoot!;

async function openEverything(m: Mounted): Promise<void> {
  const history = shadow(m.history);
  const filter = shadow(m.filter);
  const table = shadow(m.table);
  const rows = () => [...table.querySelectorAll<HTMLElement>('.body [role="row"]:not(.skeleton)')];
  await until(() => rows().length > 3);
  // On a phone the lookup, the chart and the top values fold into one line: open it.
  history.querySelector<HTMLButtonElement>('.fold[aria-expanded="false"]')?.click();
  await m.history.updateComplete;
  const facets = history.querySelector<HTMLDetailsElement>('details.facets')!;
  if (!facets.open) facets.querySelector('summary')!.click();
  await until(() => Boolean(history.querySelector('ct-event-facets')?.shadowRoot?.querySelector('.facet ul')));
  await until(() => Boolean(filter.querySelector('.regions-chooser')));
  filter.querySelector<HTMLDetailsElement>('.regions-chooser')!.open = true;
  [...filter.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === 'Add condition')!.click();
  await m.filter.updateComplete;
  rows()[0]!.click();
  await m.detail.updateComplete;
  await until(() => Boolean(shadow(m.detail).querySelector('[role="group"][aria-label="Events around this"]')));
  await openExport(m.table);
  const cell = rows()[1]!.querySelector<HTMLElement>('[role="gridcell"]:nth-child(3)')!;
  const box = cell.getBoundingClientRect();
  cell.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, composed: true, cancelable: true, clientX: box.left + 4, clientY: box.top + 4 }));
  await m.table.updateComplete;
  await settle();
  const open = {
    detail: !history.querySelector<HTMLElement>('.pane')!.hidden,
    facets: facets.open,
    timeline: Boolean(shadow(history.querySelector('ct-event-timeline')).querySelector('svg[part="chart"]')),
    conditions: Boolean(filter.querySelector('.condition')),
    regions: filter.querySelector<HTMLDetailsElement>('.regions-chooser')!.open,
    export: Boolean(table.querySelector('[part~="export"]')),
    menu: Boolean(table.querySelector('[role="menu"]')),
  };
  expect(open, 'every panel open').to.deep.equal({ detail: true, facets: true, timeline: true, conditions: true, regions: true, export: true, menu: true });
}

describe('every panel open', () => {
  let inst: Instance;
  before(async () => {
    inst = await createInstance({ generate: { count: 200, seed: 73 }, throttle: false });
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`axe finds nothing at 390 and 1440 px in the ${theme} theme with the detail, top values, timeline, conditions, Regions, download panel and a cell's menu open`, async function () {
      this.timeout(120_000);
      // A page that chooses a theme paints its own background to match.
      document.body.style.background = theme === 'dark' ? '#0d1117' : '#ffffff';
      try {
        for (const width of [390, 1440]) {
          await setViewport({ width, height: 900 });
          const m = await mountHistory(inst, { autoRun: true });
          m.history.theme = theme;
          await waitForStatus(m.session, ['done']);
          await openEverything(m);
          await expect(m.history, `${width} px, ${theme}`).to.be.accessible();
          fixtureCleanup();
        }
      } finally {
        document.body.style.background = '';
      }
    });
  }
});
