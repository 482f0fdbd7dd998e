/**
 * One row of the table's grid: the compare pick, then a cell per column (the value whole on hover
 * and for a screen reader, invisible characters made visible, failed calls and findings marked).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import { eventHasInvisible } from '../../lookup/invisible.js';
import type { Column } from '../../state/columns.js';
import { topFinding } from '../../state/findings.js';
import type { TimeZoneMode } from '../../state/time.js';
import { severityMark } from '../shared/severity.js';
import { invisibleWarning, revealInvisible, visible } from '../shared/visible.js';

/** What every row of a render shares: the ids' prefix, the time zone, and what a click does. */
export interface RowParts {
  uid: string;
  zone: TimeZoneMode;
  /** Events picked for comparison; undefined when the table shows no lookup (no picks then). */
  compare?: readonly CtEvent[];
  choose: (index: number) => void;
  pick: (event: CtEvent, box: HTMLInputElement) => void;
  menu: (ev: MouseEvent, event: CtEvent, column: Column, index: number) => void;
}

const findingMark = (e: CtEvent) => {
  const top = topFinding(e);
  return top ? severityMark(top.rule.severity) : nothing;
};

/** `active`: the keyboard's cell when this is the keyboard's row (0: the row), else -1. */
export function renderRow(e: CtEvent, i: number, columns: readonly Column[], active: number, selected: boolean, p: RowParts): TemplateResult {
  const failed = Boolean(e.errorCode);
  const hidden = eventHasInvisible(e);
  const picked = p.compare?.some((c) => c.EventId === e.EventId);
  return html`<div role="row" id="${p.uid}-row-${i}" aria-rowindex=${i + 2} aria-selected=${selected ? 'true' : 'false'}
      part="row${failed ? ' failed-row' : ''}" class="row${failed ? ' failed' : ''}${active >= 0 ? ' active' : ''}${selected ? ' selected' : ''}"
      data-index=${i} @click=${() => p.choose(i)}>
      <div role="gridcell" class="cell pick">${p.compare
        ? html`<input type="checkbox" tabindex="-1" .checked=${picked} aria-label="Compare ${revealInvisible(e.EventName ?? 'event')} ${revealInvisible(e.EventId ?? '')}"
            @click=${(ev: Event) => { ev.stopPropagation(); p.pick(e, ev.target as HTMLInputElement); }} />`
        : nothing}</div>
      ${columns.map((c, ci) => html`<div role="gridcell" id="${p.uid}-row-${i}-${ci + 1}" class="cell${active === ci + 1 ? ' focus' : ''}" title=${revealInvisible(c.value(e, p.zone))}
        @contextmenu=${(ev: MouseEvent) => p.menu(ev, e, c, i)}>${
        ci === 0 && failed ? html`<span class="badge" aria-label="failed call">✕</span>` : nothing}${
        ci === 0 ? invisibleWarning(hidden) : nothing}${c.id === 'finding' ? findingMark(e) : nothing}<span class="v">${visible(c.value(e, p.zone))}</span></div>`)}
    </div>`;
}
