/**
 * "Events around this" (the detail's buttons and a table cell's menu): one click runs the lookup
 * of what happened near an event, and the event stays open. Loaded with import() when first needed.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { AROUND_SPANS, aroundLabel, aroundQuery, type AroundSpan } from '../../lookup/around.js';
import type { CtEvent } from '../../lookup/events.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtAroundEvent } from '../events.js';

export { AROUND_SPANS, aroundLabel };

/** The spans `event` offers (no identity: no "same identity"). */
export function spansOf(event: CtEvent): AroundSpan[] {
  return AROUND_SPANS.filter((span) => aroundQuery(event, span, Date.now()) !== undefined);
}

/** Fires `ct-around`; unless the host cancels it, runs the lookup and keeps `event` open (its row is marked when it arrives). */
export function runAround(from: HTMLElement, store: InvestigationStore | undefined, event: CtEvent, span: AroundSpan): void {
  const query = aroundQuery(event, span, Date.now(), store?.lookup.retentionMs);
  if (!query) return;
  const around = new CtAroundEvent(event, span, query);
  from.dispatchEvent(around);
  if (around.defaultPrevented || !store) return;
  store.run(query).catch(() => {
    // The controller publishes the error; the table shows it.
  });
  store.select(event);
}

/** The detail's group: one button a span. */
export function renderAround(from: HTMLElement, store: InvestigationStore, event: CtEvent): TemplateResult | typeof nothing {
  const spans = spansOf(event);
  if (!spans.length) return nothing;
  return html`<div class="around" part="around" role="group" aria-label="Events around this">
    <span class="around-label" aria-hidden="true">Events around this:</span>
    ${spans.map((span) => html`<button type="button" aria-label=${aroundLabel(event, span, true)} title=${aroundLabel(event, span, true)}
      @click=${() => runAround(from, store, event, span)}>${aroundLabel(event, span)}</button>`)}
  </div>`;
}

/** The group's look in the detail (adopted when this module loads). */
export const aroundStyles = css`
  .around {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ct-space-xs) var(--ct-space-s);
    margin: 0 0 var(--ct-space-m);
    font-size: var(--ct-font-size-s);
  }
  .around-label {
    color: var(--ct-text-muted);
  }
  .around button {
    min-height: 1.75rem;
    padding: 0 var(--ct-space-s);
  }
`;
