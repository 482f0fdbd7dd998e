/**
 * Bench page: <ct-event-detail> opening the hostile records of issue 6 (the corpus
 * test/browser/reliability-hostile.test.ts runs through the emulator: a 1 MB record, 500 levels
 * of nesting, payloads in every field). That test asserts what is rendered; the times it used to
 * assert are measured here. The detail stands alone with `.event` set, as a host page may use it:
 * each figure is from setting the event (or clicking) to the frame after the one that drew it.
 */
import '../../src/define/ct-event-detail.js';
import type { CtEventDetail } from '../../src/elements/ct-event-detail/ct-event-detail.js';
import { CtEvent } from '../../src/lookup/events.js';
import { hostileRecords } from '../../test/browser/helpers/hostile.js';
import { nextPaint, sleep } from './timing.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

const stage = document.getElementById('stage')!;
const records = hostileRecords();
let detail: CtEventDetail | undefined;

/** A fresh event each time, so no open reuses a record another one parsed. */
function hostile(id: string): CtEvent {
  const r = records.find((x) => x.eventID === id);
  if (!r) throw new Error(`no hostile record ${id}`);
  return eventFromRecord(r);
}

async function mount(): Promise<CtEventDetail> {
  detail = document.createElement('ct-event-detail');
  stage.replaceChildren(detail);
  await detail.updateComplete;
  await nextPaint();
  return detail;
}

/** Shows `event` and returns the time to the frame after it was drawn. */
async function show(event: CtEvent | null): Promise<number> {
  const t0 = performance.now();
  detail!.event = event;
  await detail!.updateComplete;
  return (await nextPaint()) - t0;
}

const jsonNodes = () => detail!.shadowRoot!.querySelectorAll('.json *').length;
const text = () => detail!.shadowRoot!.textContent?.replace(/\s+/g, ' ') ?? '';

export interface OpenResult { id: string; ms: number; nodes: number }

/** Opens every hostile record in turn, as the test does: time and JSON nodes rendered for each. */
async function openAll(): Promise<OpenResult[]> {
  await mount();
  const out: OpenResult[] = [];
  for (const r of records) {
    await show(null);
    await sleep(50);
    const id = String(r.eventID);
    out.push({ id, ms: await show(hostile(id)), nodes: jsonNodes() });
  }
  return out;
}

export interface BigResult {
  /** Characters in the record. */
  chars: number;
  openMs: number;
  nodes: number;
  /** A click on "requestParameters" to its 6000 items (collapsed) painted. */
  branchMs: number;
  branchNodes: number;
  branchShown: boolean;
}

/** The 1 MB record: opens at one level; then the requestParameters branch is opened. */
async function openBig(): Promise<BigResult> {
  await mount();
  await show(null);
  const event = hostile('hostile-1mb-0000-0000-0000-000000000000');
  const openMs = await show(event);
  const nodes = jsonNodes();
  await sleep(100);
  const summary = [...detail!.shadowRoot!.querySelectorAll<HTMLElement>('details.branch > summary')].find((s) => s.textContent?.includes('"requestParameters"'))!;
  const t0 = performance.now();
  summary.click();
  // The <details> toggle event comes a task later; the detail re-renders the branch on it.
  const deadline = t0 + 10_000;
  while (!text().includes('6000 items') && performance.now() < deadline) await new Promise((r) => requestAnimationFrame(r));
  const branchShown = text().includes('6000 items');
  const branchMs = (await nextPaint()) - t0;
  return { chars: event.CloudTrailEvent?.length ?? 0, openMs, nodes, branchMs, branchNodes: jsonNodes(), branchShown };
}

export interface DeepResult { openMs: number; nodes: number; expandMs: number; openLevels: number; expandedNodes: number }

/** The 500-level record: opened, then "Expand all". */
async function openDeep(): Promise<DeepResult> {
  await mount();
  await show(null);
  const openMs = await show(hostile('hostile-deep-0000-0000-0000-000000000000'));
  const nodes = jsonNodes();
  await sleep(100);
  const button = [...detail!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === 'Expand all')!;
  const t0 = performance.now();
  button.click();
  await detail!.updateComplete;
  const expandMs = (await nextPaint()) - t0;
  return { openMs, nodes, expandMs, openLevels: detail!.shadowRoot!.querySelectorAll('details.branch[open]').length, expandedNodes: jsonNodes() };
}

export const api = { openAll, openBig, openDeep };
(window as unknown as { bench: typeof api }).bench = api;
document.title = 'ready';
