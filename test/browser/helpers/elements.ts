/**
 * Mounts the elements against an emulator instance and reads what a user sees through their
 * shadow roots. Shared by the element tests.
 */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../src/define/all.js';
import type { CtEventDetail, CtEventHistory, CtEventTable, CtLookupFilter, CtLookupProvider, InvestigationStore } from '../../../src/index.js';
import type { LookupQuery, LookupStatus } from '../../../src/lookup/types.js';
import { truth, until, type Instance, type WireEvent } from './emulator.js';

export interface Mounted {
  history: CtEventHistory;
  provider: CtLookupProvider;
  filter: CtLookupFilter;
  table: CtEventTable;
  detail: CtEventDetail;
  session: InvestigationStore;
}

/** A `<ct-event-history no-auto-run>` on the instance, signed with its static key pair. */
export function mountHistory(inst: Instance, options: { autoRun?: boolean } = {}): Promise<Mounted> {
  return historyOf(html`<ct-event-history
    ?no-auto-run=${!options.autoRun}
    .region=${inst.region}
    .endpoint=${inst.url}
    .credentials=${{ ...inst.staticCredentials }}
  ></ct-event-history>`);
}

/** The `<ct-event-history>` of `template` and its parts, once its provider has made its investigation (within `timeoutMs`). */
export async function historyOf(template: TemplateResult, timeoutMs?: number): Promise<Mounted> {
  const history = await fixture<CtEventHistory>(template);
  await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), timeoutMs);
  const root = history.shadowRoot!;
  const provider = root.querySelector('ct-lookup-provider')!;
  const m = {
    history,
    provider,
    filter: root.querySelector('ct-lookup-filter')!,
    table: root.querySelector('ct-event-table')!,
    detail: root.querySelector('ct-event-detail')!,
    session: provider.session!,
  };
  await Promise.all([m.filter.updateComplete, m.table.updateComplete, m.detail.updateComplete]);
  return m;
}

/** Runs `query` and loads its pages to the end (at most `pages` more), stopping at an error. */
export async function runToEnd(session: InvestigationStore, query: LookupQuery, pages = 50): Promise<void> {
  await session.run(query);
  for (let i = 0; i < pages && session.lookup.state.hasMore && !session.lookup.state.error; i++) await session.loadMore();
}

export function waitForStatus(session: InvestigationStore, statuses: LookupStatus[], timeoutMs = 20_000): Promise<void> {
  return until(() => statuses.includes(session.lookup.state.status), timeoutMs);
}

/** The filter's control labelled `label` (a select or input in its shadow root). */
export function control<T extends HTMLElement = HTMLSelectElement>(filter: CtLookupFilter, label: string): T {
  const root = filter.shadowRoot!;
  const lab = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label));
  if (!lab) throw new Error(`no control labelled ${label}`);
  return root.getElementById(lab.htmlFor) as T;
}

export async function choose(filter: CtLookupFilter, label: string, value: string): Promise<void> {
  const select = control(filter, label);
  (select as HTMLSelectElement).value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await filter.updateComplete;
}

export async function type(filter: CtLookupFilter, label: string, value: string): Promise<void> {
  const input = control<HTMLInputElement>(filter, label);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await filter.updateComplete;
}

export function tableRoot(table: CtEventTable): ShadowRoot {
  return table.shadowRoot!;
}

export function statusLine(table: CtEventTable): string {
  return tableRoot(table).querySelector('.status')?.textContent?.trim() ?? '';
}

/** Rendered body rows, as the text of their cells. */
export function renderedRows(table: CtEventTable): string[][] {
  return [...tableRoot(table).querySelectorAll('.body [role="row"]')].map((row) =>
    [...row.querySelectorAll('[role="gridcell"]')].slice(1).map((c) => c.textContent?.trim() ?? ''),
  );
}

export function detailText(detail: CtEventDetail): string {
  return detail.shadowRoot!.textContent?.replace(/\s+/g, ' ') ?? '';
}

/** The value shown next to a summary label in the detail. */
export function detailField(detail: CtEventDetail, label: string): string | undefined {
  const dts = [...detail.shadowRoot!.querySelectorAll('dt')];
  const dd = dts.find((d) => d.textContent?.trim() === label)?.nextElementSibling;
  // The value itself, without the "Filter" / "New lookup" buttons beside it.
  return (dd?.querySelector('.value') ?? dd)?.textContent?.trim();
}

/** Resolves on the next frame after `ms`, letting the table lay out its row window. */
export function settle(ms = 50): Promise<void> {
  return new Promise((r) => setTimeout(() => requestAnimationFrame(() => r()), ms));
}

/** `oneEvent`, typed by the event map (the `ct-` events are declared in GlobalEventHandlersEventMap). */
export function once<K extends keyof GlobalEventHandlersEventMap>(el: EventTarget, name: K): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => el.addEventListener(name, (e) => resolve(e as GlobalEventHandlersEventMap[K]), { once: true }));
}

/** What the emulator says the session's current lookup returns, for the exact range the controller sent. */
export function expectedEvents(inst: Instance, session: InvestigationStore): Promise<WireEvent[]> {
  const plan = session.lookup.state.plan!;
  return truth(inst.id, {
    LookupAttributes: plan.input.LookupAttributes as { AttributeKey: string; AttributeValue: string }[] | undefined,
    StartTime: plan.start.getTime() / 1000,
    EndTime: plan.end.getTime() / 1000,
  });
}
