/**
 * A table cell's menu of pivots (right-click, or Shift+F10 / the context-menu key on the active
 * row): for each value, "Filter on this" and "New lookup"; then "Events around this" (±5 minutes,
 * ±1 hour, the same identity's hour before). A WAI-ARIA menu: arrow keys move, Enter chooses,
 * Escape closes and gives focus back to the grid.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { fieldValues, type Condition } from '../../lookup/conditions.js';
import type { CtEvent } from '../../lookup/events.js';
import type { Column } from '../../state/columns.js';
import type { InvestigationStore } from '../../state/store.js';
import { pivot, pivotLabel } from '../shared/pivot.js';
import { aroundLabel, runAround, spansOf } from '../shared/around.js';
import type { AroundSpan } from '../../lookup/around.js';

export type MenuItem =
  | { label: string; condition: Condition; mode: 'filter' | 'new' }
  | { label: string; around: AroundSpan; event: CtEvent };

export interface OpenMenu {
  items: readonly MenuItem[];
  top: number;
  left: number;
}

/** The pivots an event offers in the given columns (several values for resources), then the events around it. */
export function menuItems(event: CtEvent, columns: readonly Column[]): MenuItem[] {
  const items: MenuItem[] = [];
  for (const c of columns) {
    if (!c.field) continue;
    for (const value of new Set(fieldValues(event, c.field))) {
      const condition = { field: c.field, value };
      items.push({ label: pivotLabel(condition, 'filter'), condition, mode: 'filter' }, { label: pivotLabel(condition, 'new'), condition, mode: 'new' });
    }
  }
  for (const around of spansOf(event)) items.push({ label: aroundLabel(event, around, true), around, event });
  return items;
}

/** Does what the chosen item says: a pivot (`ct-pivot`), or the events around this one (`ct-around`). */
export function pick(host: HTMLElement, store: InvestigationStore, item: MenuItem): void {
  if ('around' in item) runAround(host, store, item.event, item.around);
  else pivot(host, store, item.condition, item.mode);
}

/** The menu at the pointer (right-click), or below the row `rowId` (keyboard), within the table's frame. */
export function menuAt(root: ParentNode, rowId: string, ev: MouseEvent | undefined, items: readonly MenuItem[]): OpenMenu {
  const frame = root.querySelector<HTMLElement>('.frame')!.getBoundingClientRect();
  const row = root.querySelector<HTMLElement>(`#${rowId}`)?.getBoundingClientRect();
  const x = ev ? ev.clientX : (row?.left ?? frame.left) + 24;
  const y = ev ? ev.clientY : (row?.bottom ?? frame.top);
  return { items, left: Math.max(0, Math.min(x - frame.left, frame.width - 240)), top: y - frame.top };
}

export function renderMenu(menu: OpenMenu | undefined, onPick: (item: MenuItem) => void, onClose: (refocus: boolean) => void): TemplateResult | typeof nothing {
  if (!menu) return nothing;
  const move = (e: KeyboardEvent) => {
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(e.target as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      onClose(true);
    }
  };
  return html`<div class="menu" part="menu" role="menu" aria-label="Pivot on this event" tabindex="-1"
    ${ref((el) => place(el, menu))} @keydown=${move}>
    ${menu.items.length
      ? menu.items.map((item, i) => html`${'around' in item && !('around' in (menu.items[i - 1] ?? item)) ? html`<div role="separator" class="menu-rule"></div>` : nothing}<button type="button" role="menuitem" tabindex="-1" @click=${() => onPick(item)}>${item.label}</button>`)
      : html`<span class="empty-menu" role="menuitem" aria-disabled="true" tabindex="-1">No values to pivot on</span>`}
  </div>`;
}

/** Positions the menu through the CSSOM: a style attribute (styleMap's first render) is blocked by `style-src 'self'`. */
function place(el: Element | undefined, menu: OpenMenu): void {
  if (!(el instanceof HTMLElement)) return;
  el.style.top = `${menu.top}px`;
  el.style.left = `${menu.left}px`;
}
