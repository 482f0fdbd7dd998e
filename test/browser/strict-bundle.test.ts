/**
 * The one-file bundle on a page with a strict Content-Security-Policy, as a host page would serve
 * it: no inline script, no eval, and Trusted Types. The page (test/browser/strict/bundle.html)
 * loads nothing of the library but dist/cloudtrail-elements.bundle.js (and the chunks it loads
 * itself); its policy comes as a response header, chosen by `?csp=` (STRICT_POLICIES in
 * web-test-runner.config.ts). Build the bundle first (`npm run build:bundle`; `npm test` does).
 */
import { expect } from '@open-wc/testing';
import { createInstance, truth, until, type Instance } from './helpers/emulator.js';
import { describe, it, before } from './helpers/mocha.js';

interface Report { directive: string; blocked: string; sample: string }
type BundleWindow = Window & typeof globalThis & { cspReports: Report[]; bundleLoaded?: boolean; bundleError?: string; consoleWarnings: string[] };
const TAGS = ['ct-lookup-provider', 'ct-lookup-filter', 'ct-event-table', 'ct-event-detail', 'ct-event-history', 'ct-event-facets', 'ct-event-timeline'];
/** What the first rows need, in the one file itself; the rest (detail, facets, timeline) arrives from its chunk. */
const FIRST_FILE_TAGS = ['ct-lookup-provider', 'ct-lookup-filter', 'ct-event-table', 'ct-event-history'];

async function openBundlePage(csp: string, inst: Instance, extra = ''): Promise<{ frame: HTMLIFrameElement; win: BundleWindow; doc: Document; policy: string }> {
  const src = `/test/browser/strict/bundle.html?csp=${csp}&instance=${inst.id}${extra}`;
  const policy = (await fetch(src)).headers.get('content-security-policy') ?? '';
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:1400px;height:900px;border:0';
  frame.src = src;
  document.body.append(frame);
  await until(() => {
    const w = frame.contentWindow as BundleWindow | null;
    return Boolean(w?.bundleLoaded || w?.bundleError);
  }, 30_000);
  return { frame, win: frame.contentWindow as BundleWindow, doc: frame.contentDocument!, policy };
}

function tableRoot(doc: Document): ShadowRoot | undefined {
  return doc.querySelector('ct-event-history')?.shadowRoot?.querySelector('ct-event-table')?.shadowRoot ?? undefined;
}

const rowNames = (doc: Document) => [...(tableRoot(doc)?.querySelectorAll('.body [role="row"]') ?? [])]
  .map((row) => row.querySelectorAll('[role="gridcell"]')[2]?.textContent?.trim());

/** The bundle alone: no module of the library's sources was loaded. */
function libraryScripts(win: Window): string[] {
  return win.performance.getEntriesByType('resource')
    .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script')
    .map((e) => new URL(e.name).pathname)
    .filter((path) => !path.startsWith('/__web-dev-server') && !path.startsWith('/test/browser/strict/'));
}

async function expectRows(doc: Document, inst: Instance): Promise<void> {
  await until(() => rowNames(doc).length > 0, 30_000);
  const all = await truth(inst.id, {});
  expect(rowNames(doc).slice(0, 10), 'the emulator\'s newest events, in order').to.deep.equal(all.slice(0, 10).map((e) => e.EventName));
}

describe('the one-file bundle under a strict CSP', () => {
  let inst: Instance;
  before(async () => {
    inst = await createInstance({ generate: { count: 60, seed: 31 } });
  });

  it('a page without WebCrypto signs with the SHA-256 in JavaScript, loaded from a chunk when first needed: rows render', async function () {
    this.timeout(60_000);
    const { frame, win, doc } = await openBundlePage('trusted-types', inst, '&webcrypto=none');
    try {
      expect(win.bundleError, 'the bundle loaded').to.equal(undefined);
      expect(win.crypto.subtle, 'the page has no WebCrypto').to.equal(undefined);
      await expectRows(doc, inst);
      expect(libraryScripts(win).some((path) => /\/bundle-chunks\/Sha256Js-/.test(path)), 'the SHA-256 chunk was loaded').to.equal(true);
    } finally {
      frame.remove();
    }
  });

  it("trusted-types lit-html with require-trusted-types-for 'script': every tag defined, rows and the detail render, no violation", async function () {
    this.timeout(60_000);
    const { frame, win, doc, policy } = await openBundlePage('trusted-types', inst);
    try {
      expect(policy).to.include("require-trusted-types-for 'script'").and.include('trusted-types lit-html').and.include("script-src 'self'");
      expect(win.bundleError, 'the bundle loaded').to.equal(undefined);
      await until(() => TAGS.every((t) => win.customElements.get(t)), 20_000);
      await expectRows(doc, inst);
      const table = tableRoot(doc)!;
      table.querySelector<HTMLElement>('.body [role="row"]')!.click();
      const detail = doc.querySelector('ct-event-history')!.shadowRoot!.querySelector('ct-event-detail')!;
      await until(() => (detail.shadowRoot?.textContent ?? '').includes('"eventID"'), 10_000);
      for (const path of libraryScripts(win)) expect(path, 'only the bundle and its chunks').to.match(/^\/dist\/(cloudtrail-elements\.bundle|bundle-chunks\/[\w.-]+)\.js$/);
      expect(win.cspReports, 'no violation').to.deep.equal([]);
      expect(win.consoleWarnings.filter((w) => w.includes('Trusted Types')), 'no warning about the policy').to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });

  it("trusted-types 'none' (Trusted Types not required): the bundle loads, every tag is defined, rows render, and the console names the directive", async function () {
    this.timeout(60_000);
    const { frame, win, doc, policy } = await openBundlePage('trusted-types-none', inst);
    try {
      expect(policy).to.include("trusted-types 'none'").and.not.include('require-trusted-types-for');
      expect(win.bundleError, 'importing the bundle does not throw').to.equal(undefined);
      await until(() => TAGS.every((t) => win.customElements.get(t)), 20_000);
      await expectRows(doc, inst);
      expect(win.consoleWarnings.join('\n'), 'the console says which policy to allow').to.include('trusted-types lit-html');
      expect(win.cspReports.map((r) => r.directive).filter((d) => d !== 'trusted-types'), 'only the refused policy is reported').to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });

  it("trusted-types 'none' with require-trusted-types-for 'script': importing the bundle does not throw, and the console names the directive to add", async function () {
    this.timeout(60_000);
    const { frame, win } = await openBundlePage('trusted-types-none-required', inst);
    try {
      expect(win.bundleError, 'importing the bundle does not throw').to.equal(undefined);
      expect(FIRST_FILE_TAGS.every((t) => win.customElements.get(t)), 'the tags of the one file are defined at once').to.equal(true);
      await until(() => TAGS.every((t) => win.customElements.get(t)), 20_000);
      expect(win.consoleWarnings.join('\n'), 'the console says which policy to allow').to.include('trusted-types lit-html');
    } finally {
      frame.remove();
    }
  });

  // The table binds no `style="..."` attribute: column widths and its row window are set from script.
  it("style-src 'self' (no 'unsafe-inline'): rows render in their columns and no violation is reported", async function () {
    this.timeout(60_000);
    const { frame, win, doc, policy } = await openBundlePage('style-self', inst);
    try {
      expect(policy).to.include("style-src 'self';").and.not.include('unsafe-inline');
      expect(win.bundleError).to.equal(undefined);
      await expectRows(doc, inst);
      const root = tableRoot(doc)!;
      const lefts = (row: Element) => [...row.querySelectorAll('[role="columnheader"], [role="gridcell"]')].map((c) => Math.round(c.getBoundingClientRect().left));
      const header = lefts(root.querySelector('.head [role="row"]')!);
      expect(new Set(header).size, 'the header cells sit side by side').to.equal(header.length);
      for (const row of root.querySelectorAll('.body [role="row"]')) expect(lefts(row), 'each row\'s cells line up with the header').to.deep.equal(header);
      const body = root.querySelector<HTMLElement>('.body')!;
      expect(body.getBoundingClientRect().height, 'the row window has the height of all rows').to.be.above(60 * 20);
      expect(win.cspReports, 'no violation').to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
