/**
 * "Filter on this" and "New lookup" beside a value that can be a condition (in the detail and in
 * a table cell's menu). Fires `ct-pivot`; unless the host cancels it, the shared store acts.
 */
import { html, type TemplateResult } from 'lit';
import type { Condition } from '../../lookup/conditions.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtPivotEvent } from '../events.js';
import { labelOf } from '../../lookup/labels.js';
import { revealInvisible } from '../../lookup/invisible.js';

export function pivot(from: HTMLElement, store: InvestigationStore | undefined, condition: Condition, mode: 'filter' | 'new'): void {
  const event = new CtPivotEvent(condition, mode);
  from.dispatchEvent(event);
  if (!event.defaultPrevented) store?.pivot(condition, mode).catch(() => {});
}

/** Words for a pivot, as buttons and menu items say them. */
export function pivotLabel(condition: Condition, mode: 'filter' | 'new'): string {
  const value = revealInvisible(condition.value);
  const what = `${labelOf(condition.field)} is ${value.length > 60 ? `${value.slice(0, 60)}…` : value}`;
  return mode === 'filter' ? `Filter on ${what}` : `New lookup where ${what}`;
}

/** The two small buttons shown after a value. */
export function renderPivotButtons(onPivot: (mode: 'filter' | 'new') => void, condition: Condition): TemplateResult {
  return html`<span class="pivots">
    <button type="button" class="pivot" part="pivot" title=${pivotLabel(condition, 'filter')} aria-label=${pivotLabel(condition, 'filter')}
      @click=${() => onPivot('filter')}>Filter</button>
    <button type="button" class="pivot" part="pivot" title=${pivotLabel(condition, 'new')} aria-label=${pivotLabel(condition, 'new')}
      @click=${() => onPivot('new')}>New lookup</button>
  </span>`;
}
