/**
 * The filter's source switch, shown when the provider offers both sources: Event history (90 days,
 * LookupEvents) or the trail's logs through Athena. Choosing fires `ct-source-change`; the provider
 * makes a new investigation on that source.
 */
import { html, nothing } from 'lit';
import type { EventSourceKind } from '../../state/store.js';
import { CtSourceChangeEvent } from '../events.js';

const LABELS: Record<EventSourceKind, string> = { 'event-history': 'Event history, 90 days', athena: 'Trail logs, Athena' };

export function renderSourceSwitch(host: HTMLElement, id: string, sources: { current: EventSourceKind; available: readonly EventSourceKind[] } | undefined) {
  if (!sources || sources.available.length < 2) return nothing;
  return html`<div class="field">
    <label for=${id}>Source</label>
    <select id=${id} part="source" @change=${(e: Event) => host.dispatchEvent(new CtSourceChangeEvent((e.target as HTMLSelectElement).value as EventSourceKind))}>
      ${sources.available.map((s) => html`<option value=${s} ?selected=${s === sources.current}>${LABELS[s]}</option>`)}
    </select>
  </div>`;
}
