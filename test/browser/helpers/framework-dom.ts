/**
 * Reads what a user sees in the elements when a framework app (test/browser/frameworks/) renders
 * them: these helpers import no element module, so the app's own copy is the only one on the page.
 */
export const tableOf = (host: Element): Element => (host.localName === 'ct-event-table' ? host : host.shadowRoot!.querySelector('ct-event-table')!);

export const headers = (table: Element): string[] =>
  [...table.shadowRoot!.querySelectorAll('[role="columnheader"]')].slice(1).map((c) => c.textContent?.trim() ?? '');

/** Body rows, as the text of their cells (the compare pick left out). */
export const rows = (table: Element): string[][] =>
  [...table.shadowRoot!.querySelectorAll('.body [role="row"]')].map((row) =>
    [...row.querySelectorAll('[role="gridcell"]')].slice(1).map((c) => c.textContent?.trim() ?? ''),
  );

export const firstRow = (table: Element): HTMLElement => table.shadowRoot!.querySelector<HTMLElement>('.body [role="row"]')!;

/** The column chooser's checkbox for `label`. */
export const columnBox = (table: Element, label: string): HTMLInputElement =>
  [...table.shadowRoot!.querySelectorAll('details label')].find((l) => l.textContent?.includes(label))!.querySelector('input')!;

export const filterOf = (history: Element): Element => history.shadowRoot!.querySelector('ct-lookup-filter')!;

export const lookUpButton = (history: Element): HTMLButtonElement =>
  filterOf(history).shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!;

export const nextFrame = (ms = 50): Promise<void> => new Promise((r) => setTimeout(() => requestAnimationFrame(() => r()), ms));
