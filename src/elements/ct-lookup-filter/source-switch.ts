/**
 * The filter's source switch, shown when the provider offers both sources: Event history (90 days,
 * LookupEvents) or the trail's logs through Athena. Choosing fires `ct-source-change`; the provider
 * makes a new investigation on that source.
 */
import { html, nothing } from 'lit';
import type { EventSourceKind } from '../../state/store.js';
import { CtSourceChangeEvent } from '../events.js';

/** Short enough to show whole in the compact filter; what each reads is said on hover and to assistive technology. */
const LABELS: Record<EventSourceKind, string> = { 'event-history': 'Event history', athena: 'Athena' };
const DESCRIPTIONS: Record<EventSourceKind, string> = {
  'event-history': 'CloudTrail Event history: the last 90 days, one lookup attribute',
  athena: 'The trail\'s logs in S3, queried with Amazon Athena: any range the trail holds, every condition',
};

export function renderSourceSwitch(host: HTMLElement, id: string, sources: { current: EventSourceKind; available: readonly EventSourceKind[] } | undefined) {
  if (!sources || sources.available.length < 2) return nothing;
  return html`<div class="field">
    <label for=${id}>Source</label>
    <select id=${id} part="source" title=${DESCRIPTIONS[sources.current]} @change=${(e: Event) => host.dispatchEvent(new CtSourceChangeEvent((e.target as HTMLSelectElement).value as EventSourceKind))}>
      ${sources.available.map((s) => html`<option value=${s} ?selected=${s === sources.current} title=${DESCRIPTIONS[s]}>${LABELS[s]}</option>`)}
    </select>
  </div>`;
}
