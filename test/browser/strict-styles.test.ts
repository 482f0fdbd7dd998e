/**
 * A page whose CSP has `style-src 'self'` and no 'unsafe-inline' refuses every `style` attribute.
 * The table sets its column widths, its row window and its menu's position through the CSSOM
 * (element.style, custom properties), which the policy allows: the columns still get their widths,
 * and nothing is reported. The page is test/browser/strict/strict-styles.html, served with that
 * policy as a response header (web-test-runner.config.ts); the test drives it through an iframe.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CtEventTable } from '../../src/index.js';
import { until } from './helpers/emulator.js';
import { settle } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import { events } from './helpers/records.js';

interface Report { directive: string; blocked: string; sample: string; source: string }
type StrictWindow = Window & typeof globalThis & { cspReports: Report[]; strictReady?: boolean };
const PAGE = '/test/browser/strict/strict-styles.html';

describe("strict style-src 'self' (no 'unsafe-inline')", () => {
  it('the page is served with the policy', async () => {
    const csp = (await fetch(PAGE)).headers.get('content-security-policy') ?? '';
    expect(csp).to.match(/style-src 'self'(;|$)/);
    expect(csp).not.to.include('unsafe-inline');
  });

  it('the table renders its columns with their widths and resizes one, with no violation', async function () {
    this.timeout(60_000);
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:1200px;height:800px;border:0';
    frame.src = PAGE;
    document.body.append(frame);
    try {
      await until(() => Boolean((frame.contentWindow as StrictWindow | null)?.strictReady), 30_000);
      const win = frame.contentWindow as StrictWindow;
      const doc = frame.contentDocument!;
      // The policy is enforced: a style attribute set here is refused and reported.
      const probe = doc.createElement('div');
      probe.setAttribute('style', 'width: 123px');
      doc.body.append(probe);
      await until(() => win.cspReports.some((r) => r.directive.startsWith('style-src')), 5000);
      expect(probe.getBoundingClientRect().width, 'the refused attribute had no effect').not.to.equal(123);
      const probes = win.cspReports.length;

      const table = doc.createElement('ct-event-table') as CtEventTable;
      table.events = events(60, (i) => (i === 3 ? { errorCode: 'AccessDenied' } : {}));
      doc.body.append(table);
      await table.updateComplete;
      await settle(100);
      const root = table.shadowRoot!;
      const headers = [...root.querySelectorAll<HTMLElement>('[role="columnheader"]')].slice(1);
      const firstRow = [...root.querySelectorAll<HTMLElement>('.body [role="row"]')][0];
      const cells = [...firstRow.querySelectorAll<HTMLElement>('[role="gridcell"]')].slice(1);
      expect(headers.length).to.equal(6);
      for (const [i, h] of headers.entries()) {
        const w = h.getBoundingClientRect().width;
        expect(w, `${h.textContent} has a width of its own`).to.be.greaterThan(60);
        expect(cells[i].getBoundingClientRect().width, `${h.textContent}: header and cells line up`).to.be.closeTo(w, 1);
        expect(cells[i].scrollWidth, `${h.textContent}: its value fits`).to.be.at.most(cells[i].clientWidth);
      }
      // The row window: the body is as tall as every row, though only some are rendered.
      expect(root.querySelector<HTMLElement>('.body')!.getBoundingClientRect().height).to.be.greaterThan(60 * 20);
      expect(root.querySelectorAll('.body [role="row"]').length).to.be.lessThan(60);

      // A resize from the keyboard.
      const handle = headers[1].querySelector<HTMLElement>('[role="separator"]')!;
      const before = headers[1].getBoundingClientRect().width;
      handle.focus();
      await sendKeys({ press: 'ArrowRight' });
      await table.updateComplete;
      await settle();
      expect(headers[1].getBoundingClientRect().width).to.be.closeTo(before + 16, 1.5);

      await settle(300); // violation events are dispatched asynchronously
      const extra = win.cspReports.slice(probes);
      expect(extra, 'no violation from the elements').to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
