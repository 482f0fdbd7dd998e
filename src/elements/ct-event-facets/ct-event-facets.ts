import { COLUMN_FIELDS, EventColumns } from '../../lookup/columns.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Condition } from '../../lookup/conditions.js';
import type { CtEvent } from '../../lookup/events.js';
import { FACET_FIELDS, FacetCounter, type Facet } from '../../state/facets.js';
import { accountText } from '../../lookup/account-names.js';
import type { StoreSnapshot } from '../../state/view-store.js';
import type { InvestigationStore } from '../../state/store.js';
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
 * effect at once, with no request. Each field's list is one Tab stop: the arrow keys move through
 * its values (Up and Down), and between a value and its ⊘ (Left and Right); Home and End go to
 * its first and last value.
 *
 * @fires ct-facet-select - The user chose a value ("is") or excluded it ("is not"). Cancel it to keep the shared controller from applying it.
 *
 * @csspart base - The frame.
 * @csspart facet - One field's values.
 * @csspart facet-value - A value's button (with `data-field` and `data-value`).
 * @csspart facet-exclude - The button that excludes a value.
 * @csspart findings-scope - With Athena, which events the Findings facet counts (all matching, or the loaded while counting).
 * @csspart findings-note - With Athena, the rules it cannot run (they count the loaded events), with the reason.
 */
export class CtEventFacets extends CtSessionElement {
  static override styles = [facetStyles, visibleStyles, severityStyles];

  /** Events to count when no session is connected (standalone use). */
  @property({ attribute: false }) events: readonly CtEvent[] = [];

  /** Values shown per field, 1 to 50. */
  @property({ type: Number }) limit = 10;

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  // Account: counted always, shown when the events come from several accounts.
  private readonly counter = new FacetCounter([...FACET_FIELDS, 'AccountId']);
  private readonly whole = new WholeRangeCounts(this);

  protected slice({ lookup, findings }: StoreSnapshot): readonly unknown[] {
    // The events array and its length: a page re-renders, a status change does not.
    return [lookup?.events, lookup?.events.length, findings?.version, findings?.status];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('limit') && !(Number.isInteger(this.limit) && this.limit >= 1 && this.limit <= 50)) this.limit = 10;
    if (changed.has('events')) this.consumer.refillOwn();
  }

  protected override fillOwn(own: InvestigationStore): void {
    own.lookup.show(this.events);
  }

  private get source(): readonly CtEvent[] {
    return this.store.lookup.state.events;
  }

  override render(): TemplateResult {
    const events = this.source;
    // The controller's value-id columns, when bound to one: counting then reads integers only.
    this.counter.sync(events, this.store.lookup.columns(newColumns));
    // With Athena, fields count every matching event of the range (one query each), not only the loaded ones.
    const whole = this.whole.get(this.store.lookup, FACET_FIELDS, this.limit);
    const facets = this.counter.facets(this.limit).filter((f) => f.field !== 'AccountId' || f.distinct > 1).map((f) => (whole?.has(f.field) ? { ...f, top: whole.get(f.field)!, whole: true } : f));
    const loaded = `${num(events.length)} loaded ${events.length === 1 ? 'event' : 'events'}`;
    // The scope claims every matching event only once every field's count has arrived.
    const scope = !whole ? loaded
      : this.whole.pending ? `${loaded} (counting all matching events with Athena…)`
      : whole.size ? `all matching events (counted by Athena; ${num(events.length)} loaded)` : loaded;
    return html`<section part="base" class="frame" aria-label="Top values of the loaded events" @keydown=${onListKey} @focusin=${onListFocus}>
      <p class="hint">${events.length
        ? `Top values among ${scope}.${this.whole.failed ? ` Some fields show the loaded events only; Athena could not count them: ${this.whole.failed}` : ''} Choose one to narrow the lookup; Alt-click or ⊘ to exclude it. In a list, the arrow keys move.`
        : 'Top values appear here as events load.'}</p>
      ${events.length ? renderFindingsFacet(this.store, (c) => this.choose(c), this.whole.findings) : nothing}
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
              <span class="text">${visible(f.field === 'AccountId' ? accountText(v.value) : v.value)}</span> <span class="count">${num(v.count)}<span class="visually-hidden"> ${v.count === 1 ? 'event' : 'events'}</span></span>
            </button><button type="button" class="exclude" part="facet-exclude" title="Exclude ${revealInvisible(v.value)}"
              aria-label="Exclude ${label} ${revealInvisible(v.value)}" @click=${() => this.choose({ field: f.field, value: v.value, exclude: true })}>⊘</button>
          </li>`)}</ul>`
        : html`<span class="none">none</span>`}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // One Tab stop per list: the button last focused in it, else its first value.
    for (const list of this.renderRoot.querySelectorAll('.facet ul')) {
      const buttons = [...list.querySelectorAll('button')];
      const stop = buttons.find((b) => b.tabIndex === 0) ?? buttons[0];
      for (const b of buttons) b.tabIndex = b === stop ? 0 : -1;
    }
  }

  private choose(condition: Condition): void {
    const event = new CtFacetSelectEvent(condition);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.addCondition(condition).catch(() => {});
  }
}

/** The list's Tab stop follows focus (a click too), so Tab comes back to where the reader was. */
function onListFocus(e: FocusEvent): void {
  const button = e.target as HTMLElement;
  const list = button.closest?.('.facet ul');
  if (!list || button.localName !== 'button') return;
  for (const b of list.querySelectorAll('button')) b.tabIndex = b === button ? 0 : -1;
}

/** Arrow keys inside a list (roving tabindex): Up and Down through its values, Left and Right between a value and its ⊘. */
function onListKey(e: KeyboardEvent): void {
  const button = e.target as HTMLElement;
  const li = button.closest?.('li');
  const list = li?.parentElement;
  if (!li || !list || button.localName !== 'button') return;
  const items = [...list.children] as HTMLElement[];
  const at = items.indexOf(li);
  const exclude = button.classList.contains('exclude');
  const row = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
  let to: Element | null | undefined;
  if (row !== undefined) to = items[Math.max(0, Math.min(items.length - 1, row))]?.querySelector(exclude && e.key.startsWith('Arrow') ? '.exclude' : '.value');
  else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') to = li.querySelector(exclude ? '.value' : '.exclude');
  else return;
  e.preventDefault();
  (to as HTMLElement | null | undefined)?.focus();
}
