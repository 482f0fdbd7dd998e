/**
 * Issue 6, hostile data: records built to attack the page go through the emulator, the real SDK
 * and the controller into <ct-event-history>. Each renders as inert text, breaks no layout,
 * throws nothing and injects no element or handler, shadow roots included.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { CtEvent } from '../../src/lookup/events.js';
import type { CtEventDetail, CtEventTable } from '../../src/index.js';
import { createInstance, truth, until, type Instance, type WireEvent } from './helpers/emulator.js';
import { choose, detailField, detailText, mountHistory, renderedRows, settle, waitForStatus, type Mounted } from './helpers/elements.js';
import { DEEP_LEVELS, SPOOF_ID, PAYLOADS, captureErrors, deepRecordText, hostileRecords, injections, wideRecord } from './helpers/hostile.js';
import { LOADED_JSON, button, captureDownloads } from './helpers/downloads.js';
import { before, describe, it } from './helpers/mocha.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

async function lookUp90Days(m: Mounted): Promise<void> {
  await choose(m.filter, 'Time range', '90d');
  const previous = m.session.lookup.state.queryId;
  m.filter.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
  await until(() => m.session.lookup.state.queryId > previous);
  await waitForStatus(m.session, ['done', 'error']);
  await m.table.updateComplete;
  await settle(100);
}

function rowElements(table: CtEventTable): HTMLElement[] {
  return [...table.shadowRoot!.querySelectorAll<HTMLElement>('.body [role="row"]')];
}

/** The detail's frame stays inside the detail element, and the detail inside the history. */
function expectContained(m: Mounted, what: string): void {
  const outer = m.history.getBoundingClientRect();
  const detail = m.detail.getBoundingClientRect();
  const frame = m.detail.shadowRoot!.querySelector('[part="base"]')!.getBoundingClientRect();
  const table = m.table.getBoundingClientRect();
  expect(detail.right, `${what}: detail within the history`).to.be.at.most(outer.right + 1);
  expect(frame.right, `${what}: detail frame within the detail`).to.be.at.most(detail.right + 1);
  expect(frame.width, `${what}: detail frame not widened`).to.be.at.most(outer.width + 1);
  expect(table.right, `${what}: table within the history`).to.be.at.most(outer.right + 1);
  expect(m.history.scrollWidth, `${what}: nothing overflows the history`).to.be.at.most(m.history.clientWidth + 1);
}

/** Opens row `index` in the detail. How long that takes is a figure of `npm run bench` (bench/pages/detail.ts), not asserted here. */
async function open(m: Mounted, index: number): Promise<void> {
  rowElements(m.table).find((r) => r.dataset.index === String(index))!.click();
  await m.detail.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
}

describe('hostile data renders as inert text', () => {
  let inst: Instance;
  let all: WireEvent[];
  const records = hostileRecords();

  before(async () => {
    inst = await createInstance({ records, rebase: true, retentionDays: 90 });
    all = await truth(inst.id, {});
  });

  it('every hostile record: shown as text, rows keep their height, detail stays in its box, nothing runs or throws', async function () {
    this.timeout(90_000);
    expect(all.length, 'the emulator kept every record').to.equal(records.length);
    const capture = captureErrors();
    const m = await mountHistory(inst);
    m.history.style.cssText = 'display:block;width:1400px';
    await lookUp90Days(m);
    const state = m.session.lookup.state;
    expect(state.error).to.equal(null);
    expect(state.events.map((e) => e.EventId), 'all hostile events, in order').to.deep.equal(all.map((e) => e.EventId));

    // The table: payloads appear literally in the cells, and every row has the same height.
    const grid = m.table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
    const heights = new Set<number>();
    const cellText: string[] = [];
    for (let top = 0; top <= grid.scrollHeight; top += grid.clientHeight / 2) {
      grid.scrollTop = top;
      await settle(60);
      for (const r of rowElements(m.table)) heights.add(Math.round(r.getBoundingClientRect().height));
      cellText.push(...renderedRows(m.table).flat());
    }
    expect([...heights], 'one row height for every row').to.have.length(1);
    for (const p of PAYLOADS) expect(cellText.some((t) => t.includes(p)), `table shows ${p} as text`).to.equal(true);
    expect(injections(m.history), 'after the table rendered').to.deep.equal([]);
    grid.scrollTop = 0;
    await settle(60);

    // The detail, one record at a time.
    let opened = 0;
    for (let i = 0; i < state.events.length; i++) {
      const e = state.events[i];
      grid.scrollTop = i * 32;
      await settle(40);
      await open(m, i);
      opened++;
      expect(detailField(m.detail, 'Event ID'), `detail of ${e.EventId}`).to.equal(e.EventId);
      const text = detailText(m.detail);
      const payload = PAYLOADS.find((p) => e.EventName?.startsWith(p));
      if (payload) {
        expect(detailField(m.detail, 'User agent'), 'user agent as text').to.include(payload);
        expect(detailField(m.detail, 'Error message'), 'error message as text').to.include(payload);
        expect(detailField(m.detail, 'User name'), 'user name as text').to.equal(payload);
        expect(text, 'resource names as text').to.include(payload);
        expect(text, 'request parameters in the JSON').to.include(JSON.stringify(payload).slice(1, -1));
      }
      expectContained(m, e.EventId ?? `#${i}`);
      expect(injections(m.history), `after opening ${e.EventId}`).to.deep.equal([]);
    }
    expect(opened).to.equal(records.length);
    expect(capture.errors, 'nothing thrown or logged as an error').to.deep.equal([]);
    capture.stop();
    console.log(`[reliability figures] hostile: ${records.length} hostile records (${PAYLOADS.length} payloads in every string field) compared with the emulator and opened, 0 injected, 0 errors`);
  });

  it('bidirectional and zero-width characters are shown as marked ⟨U+…⟩ tokens: in cells, tooltips, the detail and the JSON; the row and the detail warn', async function () {
    this.timeout(30_000);
    const m = await mountHistory(inst);
    await lookUp90Days(m);
    const events = m.session.lookup.state.events;
    const rowOf = async (id: string) => {
      const index = events.findIndex((e) => e.EventId === id);
      m.table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!.scrollTop = index * 32;
      await settle(80);
      return { index, row: rowElements(m.table).find((r) => r.dataset.index === String(index))! };
    };
    const HIDDEN = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]|[\u{E0000}-\u{E007F}]/u;

    const { index, row } = await rowOf('hostile-bidi-0000-0000-0000-000000000000');
    const cells = [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')];
    const name = cells.find((c) => c.textContent?.includes('Get'))!;
    expect(name.textContent, 'the event name shows its override as a token').to.include('Get⟨U+202E⟩gnp.exe⟨U+202C⟩');
    expect(name.querySelectorAll('mark.invisible').length, 'each token is marked').to.be.above(5);
    expect(name.title, 'the tooltip shows the same tokens').to.include('⟨U+202E⟩').and.not.match(HIDDEN);
    for (const c of cells) expect(c.textContent, 'no cell renders a hidden character').to.not.match(HIDDEN);
    expect(row.querySelector('.invisible-warning'), 'the row warns').to.not.equal(null);
    const rights = cells.map((c) => c.getBoundingClientRect().left);
    expect(rights, 'cells keep their left-to-right order').to.deep.equal([...rights].sort((a, b) => a - b));
    await open(m, index);
    expect(detailField(m.detail, 'User name')).to.equal('admin⟨U+202E⟩gnp.exe⟨U+202C⟩ ⟨U+2066⟩iso⟨U+2069⟩ a⟨U+200B⟩b⟨U+200D⟩c⟨U+FEFF⟩ d\u0301\u0301\u0301\u0301\u0301\u0301 ⟨U+061C⟩⟨U+200F⟩');
    expect(detailText(m.detail), 'the JSON view shows the tokens').to.include('"⟨U+202E⟩gnp.exe⟨U+202C⟩');
    expect(detailText(m.detail), 'nothing hidden in the detail').to.not.match(HIDDEN);
    expect(m.detail.shadowRoot!.querySelector('.invisible-note')?.textContent, 'the detail warns in words').to.match(/invisible or direction-changing characters/i);

    // The spoofs: "DeleteBucket" and "admin" as the table would have shown them.
    const spoof = await rowOf(SPOOF_ID);
    const texts = [...spoof.row.querySelectorAll<HTMLElement>('[role="gridcell"]')].map((c) => c.textContent!.trim());
    expect(texts, 'the override is visible').to.include('Delete⟨U+202E⟩tekcuB⟨U+202C⟩');
    expect(spoof.row.querySelector('.invisible-warning'), 'the row warns').to.not.equal(null);
    expect(texts, 'the zero-width space is visible').to.include('ad⟨U+200B⟩min');
    await open(m, spoof.index);
    expect(m.detail.shadowRoot!.querySelector('h2')!.textContent, 'the heading').to.include('Delete⟨U+202E⟩tekcuB⟨U+202C⟩');
    expect(detailField(m.detail, 'User agent'), 'tag characters are visible').to.equal('aws-cli/2.9.19⟨U+E0068⟩⟨U+E0069⟩');
    expect(detailText(m.detail)).to.include('"bucket⟨U+200D⟩Name"').and.include('logs⟨U+202E⟩txt.exe').and.include('logs⟨U+2066⟩-prod');
    const pivots = [...m.detail.shadowRoot!.querySelectorAll<HTMLElement>('[part="pivot"]')].map((b) => `${b.title} ${b.getAttribute('aria-label') ?? ''}`).join(' ');
    expect(pivots, 'pivot labels name the tokens too').to.include('ad⟨U+200B⟩min').and.not.match(HIDDEN);
  });

  it('the search matches the visible text: tokens, and the text without its hidden characters', async function () {
    this.timeout(30_000);
    const m = await mountHistory(inst);
    await lookUp90Days(m);
    const search = m.table.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    const ids = async (query: string) => {
      search.value = query;
      search.dispatchEvent(new Event('input', { bubbles: true }));
      await m.table.updateComplete;
      await settle(40);
      return renderedRows(m.table).map((cells) => cells.join(' '));
    };
    expect((await ids('admin')).filter((t) => t.includes('ad⟨U+200B⟩min')), '"admin" finds ad\u200Bmin').to.have.length(1);
    expect((await ids('U+202E tekcub')).filter((t) => t.includes('Delete⟨U+202E⟩tekcuB')), 'the token and the reversed word find the override').to.have.length(1);
    expect((await ids('u+200b')).length, 'every event with a zero-width space').to.equal(2);
    expect(await ids('deletebucket'), 'nothing reads "DeleteBucket" any more, so nothing matches it').to.deep.equal([]);
    expect((await ids('ad\u200Bmin')).filter((t) => t.includes('ad⟨U+200B⟩min')), 'a pasted spoof finds it too').to.have.length(1);
  });

  it('the 1 MB record and 500 levels of nesting open with bounded DOM: branches render when opened', async function () {
    this.timeout(60_000);
    const m = await mountHistory(inst);
    m.history.style.cssText = 'display:block;width:1400px';
    await lookUp90Days(m);
    const events = m.session.lookup.state.events;
    const big = events.findIndex((e) => e.EventId === 'hostile-1mb-0000-0000-0000-000000000000');
    const deep = events.findIndex((e) => e.EventId === 'hostile-deep-0000-0000-0000-000000000000');
    expect(events[big].CloudTrailEvent!.length, 'the record is about 1 MB').to.be.above(900_000);
    const grid = m.table.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
    const jsonNodes = () => m.detail.shadowRoot!.querySelectorAll('.json *').length;

    // Opening times are figures of `npm run bench` (bench/pages/detail.ts); here, what is rendered.
    grid.scrollTop = big * 32;
    await settle(60);
    await open(m, big);
    expect(detailField(m.detail, 'Event ID'), 'the 1 MB record is the one shown').to.equal('hostile-1mb-0000-0000-0000-000000000000');
    const bigNodes = jsonNodes();
    expect(bigNodes, 'collapsed branches are not rendered').to.be.below(2000);
    const params = [...m.detail.shadowRoot!.querySelectorAll<HTMLElement>('details.branch > summary')].find((x) => x.textContent?.includes('"requestParameters"'))!;
    expect(params, 'requestParameters is a branch').to.not.equal(undefined);
    expect(params.textContent, 'a large record opens one level').to.include('2 keys');
    expect(detailText(m.detail), 'the items are not rendered before their branch opens').to.not.include('6000 items');
    params.click();
    await until(() => detailText(m.detail).includes('6000 items'));
    const branchNodes = jsonNodes();
    expect(branchNodes, 'opening the branch renders its two children').to.be.above(bigNodes);
    expect(branchNodes, 'the 6000 items stay collapsed').to.be.below(2000);
    expect(detailText(m.detail), 'a 300,000-character string is cut').to.include('more characters)');
    expectContained(m, '1 MB');

    grid.scrollTop = deep * 32;
    await settle(60);
    await open(m, deep);
    expect(detailField(m.detail, 'Event ID'), 'the 500-level record is the one shown').to.equal('hostile-deep-0000-0000-0000-000000000000');
    const deepNodes = jsonNodes();
    expect(deepNodes, 'the 500-level record opens a few levels, not all of them').to.be.below(200);
    expect(m.detail.shadowRoot!.querySelectorAll('details.branch[open]').length, 'a few levels open by default').to.be.below(10);
    const buttons = [...m.detail.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')];
    buttons.find((b) => b.textContent?.trim() === 'Expand all')!.click();
    await m.detail.updateComplete;
    const expanded = m.detail.shadowRoot!.querySelectorAll('details.branch[open]').length;
    expect(expanded, 'Expand all opens the levels').to.be.above(40);
    expect(jsonNodes(), 'Expand all stays bounded (it stops at 50 levels)').to.be.below(2000);
    expectContained(m, 'deep, expanded');
    expect(injections(m.history)).to.deep.equal([]);
    console.log(`[reliability figures] hostile: 1 MB record rendered ${bigNodes} JSON nodes, ${branchNodes} with a branch open; 500-level record ${deepNodes}, ${expanded} levels open after Expand all`);
  });

  it('a CloudTrailEvent that is not JSON, or missing, is shown raw as text with a note', async function () {
    this.timeout(20_000);
    // The emulator always serialises a record, so a broken one can only be handed to the elements directly.
    const broken = [
      new CtEvent({ EventId: 'broken-1', EventName: PAYLOADS[0], CloudTrailEvent: `{"eventName": "${PAYLOADS[1]}", ` }),
      new CtEvent({ EventId: 'broken-2', EventName: 'NoRecord' }),
      new CtEvent({ EventId: 'broken-3', CloudTrailEvent: '[1, 2, 3]' }),
      new CtEvent({ EventId: 'broken-4', CloudTrailEvent: 'null' }),
    ];
    const capture = captureErrors();
    const el = await fixture<HTMLElement>(html`<div style="width:900px">
      <ct-event-table .events=${broken}></ct-event-table><ct-event-detail></ct-event-detail></div>`);
    const table = el.querySelector('ct-event-table') as CtEventTable;
    const detail = el.querySelector('ct-event-detail') as CtEventDetail;
    await table.updateComplete;
    await settle(80);
    expect(renderedRows(table)).to.have.length(4);
    for (const e of broken) {
      detail.event = e;
      await detail.updateComplete;
      const note = detail.shadowRoot!.querySelector('.warning')?.textContent ?? '';
      expect(note, `${e.EventId} explains the record`).to.match(/not valid JSON|no CloudTrailEvent|not a JSON object/);
      expect(detail.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 1);
    }
    detail.event = broken[0];
    await detail.updateComplete;
    expect(detail.shadowRoot!.querySelector('pre.raw')?.textContent).to.equal(broken[0].CloudTrailEvent);
    expect(injections(el)).to.deep.equal([]);
    expect(capture.errors).to.deep.equal([]);
    capture.stop();
  });

  it(`a record nested ${DEEP_LEVELS.toLocaleString('en-US')} levels: every JSON export gives it as it came, and nothing throws`, async function () {
    this.timeout(60_000);
    const deepText = deepRecordText();
    const deep = new CtEvent({ EventId: 'hostile-deep20k-0000-0000-0000-000000000000', EventName: 'DeepestNesting', EventTime: new Date(), CloudTrailEvent: deepText });
    const plain = eventFromRecord(hostileRecords()[0]);
    const capture = captureErrors();
    const downloads = captureDownloads();
    let copied: string | undefined;
    const clipboard = Object.getOwnPropertyDescriptor(navigator.clipboard, 'writeText');
    Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: async (text: string) => { copied = text; } });
    try {
      const el = await fixture<HTMLElement>(html`<div style="width:900px">
        <ct-event-table .events=${[plain, deep]}></ct-event-table><ct-event-detail .event=${deep}></ct-event-detail></div>`);
      const table = el.querySelector('ct-event-table') as CtEventTable;
      const detail = el.querySelector('ct-event-detail') as CtEventDetail;
      await table.updateComplete;
      await detail.updateComplete;
      expect(detailText(detail), 'the detail shows the record').to.include('DeepestNesting');

      button(table.shadowRoot!, LOADED_JSON).click();
      button(detail.shadowRoot!, 'Copy JSON').click();
      await until(() => copied !== undefined);
      button(detail.shadowRoot!, 'Download JSON').click();
      await detail.updateComplete;
      const files = await downloads.files();
      expect(files.map((f) => f.name), 'two files saved').to.have.length(2);
      const all = JSON.parse(files[0].text) as { Records: unknown[] };
      expect(all.Records, 'the table\'s file holds both records').to.have.length(2);
      expect(files[0].text, 'the deep record exactly as it came').to.include(deepText);
      expect(files[1].text, 'the detail\'s file is the record as it came').to.equal(`${deepText}\n`);
      expect(copied, 'the detail copies the record as it came').to.equal(deepText);
      expect(detail.shadowRoot!.querySelector('.note')?.textContent?.trim()).to.equal('');

      button(detail.shadowRoot!, 'Expand all').click();
      await detail.updateComplete;
      expect(detail.shadowRoot!.querySelectorAll('details.branch[open]').length, 'Expand all opens up to its depth').to.be.within(40, 60);
      expect(injections(el)).to.deep.equal([]);
      expect(capture.errors, 'nothing thrown or logged').to.deep.equal([]);
    } finally {
      if (clipboard) Object.defineProperty(navigator.clipboard, 'writeText', clipboard);
      else delete (navigator.clipboard as unknown as Record<string, unknown>).writeText;
      downloads.stop();
      capture.stop();
    }
  });

  it('Expand all on a record with 10,000 objects opens a part at a time; "Expand more" and "Show more" carry on', async function () {
    this.timeout(120_000);
    const capture = captureErrors();
    const detail = await fixture<CtEventDetail>(html`<ct-event-detail .event=${eventFromRecord(wideRecord())}></ct-event-detail>`);
    const root = detail.shadowRoot!;
    const openBranches = () => root.querySelectorAll('details.branch[open]').length;
    const itemsShown = () => root.querySelectorAll('details.branch[open] > .children > details.branch > summary .index').length;
    button(root, 'Expand all').click();
    await detail.updateComplete;
    const first = openBranches();
    expect(root.querySelectorAll('.json *').length, 'the first step renders a bounded part').to.be.below(6000);
    expect(first, 'it opened branches').to.be.above(10);
    const more = button(root, 'Expand more');
    const showMore = [...root.querySelectorAll<HTMLButtonElement>('button.more')];
    expect(showMore.map((b) => b.textContent?.replace(/\s+/g, ' ').trim()), 'the items array shows its first hundred').to.deep.equal(['Show 100 more (9,900 not shown)']);
    const before = itemsShown();
    showMore[0].click();
    await detail.updateComplete;
    expect(itemsShown(), 'Show more renders the next hundred items').to.equal(before + 100);
    more.click();
    await detail.updateComplete;
    expect(openBranches(), 'Expand more opens the next part').to.be.above(first);
    let steps = 0;
    while ([...root.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Expand more') && steps < 20) {
      button(root, 'Expand more').click();
      await detail.updateComplete;
      steps++;
    }
    expect(steps, 'the shown part is fully open after a few steps').to.be.below(20);
    expect(button(root, 'Expand all'), 'back to Expand all').to.not.equal(undefined);
    expect(root.querySelectorAll('.json *').length, 'still bounded by what is shown').to.be.below(20_000);
    button(root, 'Collapse all').click();
    await detail.updateComplete;
    expect(openBranches(), 'Collapse all leaves the root open').to.equal(1);
    expect(capture.errors).to.deep.equal([]);
    capture.stop();
  });
});
