import { COLUMN_FIELDS, EventColumns } from '../../lookup/columns.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Condition } from '../../lookup/conditions.js';
import type { CtEvent } from '../../lookup/events.js';
import { FACET_FIELDS, FacetCounter, type Facet } from '../../state/facets.js';
import type { StoreSnapshot } from '../../state/store.js';
import { CtFacetSelectEvent } from '../events.js';
import { CtSessionElement, THEMES, keepChoice } from '../shared/ct-element.js';
import { FIELD_LABELS } from '../shared/labels.js';
import { revealInvisible, visible, visibleStyles } from '../shared/visible.js';
import { facetStyles } from './ct-event-facets.styles.js';
import { WholeRangeCounts } from './whole-range.js';
import { renderFindingsFacet } from './findings-facet.js';
import { severityStyles } from '../shared/severity.js';

const newColumns = (capacity: number) => new EventColumns(COLUMN_FIELDS, capacity);

const num = (n: number) => n.toLocaleString('en-US');

/**
 * @summary The rules that flag the loaded events (findings, most severe first), then the top values,
 * with counts, of event name, user, event source, source IP, error code, Region, resource type and
 * access key among the loaded events that match. A click narrows the
 * lookup to a value; Alt-click (or the ⊘ button beside it) excludes it. On loaded rows that takes
 * effect at once, with no request.
 *
 * @fires ct-facet-select - The user chose a value ("is") or excluded it ("is not"). Cancel it to keep the shared controller from applying it.
 *
 * @csspart base - The frame.
 * @csspart facet - One field's values.
 * @csspart facet-value - A value's button (with `data-field` and `data-value`).
 * @csspart facet-exclude - The button that excludes a value.
 */
export class CtEventFacets extends CtSessionElement {
  static override styles = [facetStyles, visibleStyles, severityStyles];

  /** Events to count when no session is connected (standalone use). */
  @property({ attribute: false }) events: readonly CtEvent[] = [];

  /** Values shown per field, 1 to 50. */
  @property({ type: Number }) limit = 10;

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  private readonly counter = new FacetCounter(FACET_FIELDS);
  private readonly whole = new WholeRangeCounts(this);

  protected slice({ lookup, findings }: StoreSnapshot): readonly unknown[] {
    // The events array and its length: a page re-renders, a status change does not.
    return [lookup?.events, lookup?.events.length, findings?.version, findings?.status];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('limit') && !(Number.isInteger(this.limit) && this.limit >= 1 && this.limit <= 50)) this.limit = 10;
  }

  private get source(): readonly CtEvent[] {
    return this.activeSession?.lookup.state.events ?? this.events;
  }

  override render() {
    const events = this.source;
    // The controller's value-id columns, when bound to one: counting then reads integers only.
    this.counter.sync(events, this.activeSession?.lookup.columns(newColumns));
    // With Athena, fields count every matching event of the range (one query each), not only the loaded ones.
    const whole = this.whole.get(this.activeSession?.lookup, FACET_FIELDS, this.limit);
    const facets = this.counter.facets(this.limit).map((f) => (whole?.has(f.field) ? { ...f, top: whole.get(f.field)!, whole: true } : f));
    const loaded = `${num(events.length)} loaded ${events.length === 1 ? 'event' : 'events'}`;
    // The scope claims every matching event only once every field's count has arrived.
    const scope = !whole ? loaded
      : this.whole.pending ? `${loaded} (counting all matching events with Athena…)`
      : whole.size ? `all matching events (counted by Athena; ${num(events.length)} loaded)` : loaded;
    return html`<section part="base" class="frame" aria-label="Top values of the loaded events">
      <p class="hint">${events.length
        ? `Top values among ${scope}.${this.whole.failed ? ` Some fields show the loaded events only; Athena could not count them: ${this.whole.failed}` : ''} Choose one to narrow the lookup; Alt-click or ⊘ to exclude it.`
        : 'Top values appear here as events load.'}</p>
      ${events.length ? renderFindingsFacet(this.activeSession, (c) => this.choose(c)) : nothing}
      ${events.length ? facets.map((f) => this.renderFacet(f)) : nothing}
    </section>`;
  }

  private renderFacet(f: Facet & { whole?: boolean }) {
    const label = FIELD_LABELS[f.field];
    return html`<div part="facet" class="facet" role="group" aria-labelledby="facet-${f.field}" data-field=${f.field} data-scope=${f.whole ? 'all' : 'loaded'}>
      <span class="label" id="facet-${f.field}">${label}</span>
      ${f.top.length
        ? html`<ul>${f.top.map((v) => html`<li>
            <button type="button" class="value" part="facet-value" data-field=${f.field} data-value=${v.value} title="Narrow to ${label} ${revealInvisible(v.value)}"
              @click=${(e: MouseEvent) => this.choose({ field: f.field, value: v.value, ...(e.altKey ? { exclude: true } : {}) })}>
              <span class="text">${visible(v.value)}</span> <span class="count">${num(v.count)}<span class="visually-hidden"> ${v.count === 1 ? 'event' : 'events'}</span></span>
            </button><button type="button" class="exclude" part="facet-exclude" title="Exclude ${revealInvisible(v.value)}"
              aria-label="Exclude ${label} ${revealInvisible(v.value)}" @click=${() => this.choose({ field: f.field, value: v.value, exclude: true })}>⊘</button>
          </li>`)}</ul>`
        : html`<span class="none">none</span>`}
    </div>`;
  }

  private choose(condition: Condition): void {
    const event = new CtFacetSelectEvent(condition);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.activeSession?.addCondition(condition).catch(() => {});
  }
}
