import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defaultQuery } from '../../lookup/query.js';
import type { LookupAttributeKey, LookupQuery, QueryField, RelativePreset } from '../../lookup/types.js';
import type { FilterDraft } from '../../state/draft.js';
import type { StoreSnapshot } from '../../state/view-store.js';
import { TIME_FORMAT, type TimeZoneMode } from '../../state/time.js';
import { CtQueryResetEvent, CtQuerySubmitEvent, CtTimeZoneChangeEvent } from '../events.js';
import { CtSessionElement, THEMES, keepChoice, warnInvalid } from '../shared/ct-element.js';
import { labelOf } from '../../lookup/labels.js';
import { ATTRIBUTE_LABELS, INSIGHT_KEYS, MANAGEMENT_KEYS, PRESET_LABELS } from '../shared/labels.js';
import { filterStyles } from './ct-lookup-filter.styles.js';
import { renderSourceSwitch } from './source-switch.js';
import { CtRegionsChangeEvent } from '../events.js';
import { adoptStyles } from '../shared/adopt.js';

/**
 * The Region chooser and the conditions editor: loaded beside the first rows (the first lookup
 * needs neither), once for every filter on the page.
 */
let chooserPart: typeof import('./region-chooser.js') | undefined;
let conditionsPart: typeof import('./conditions-editor.js') | undefined;
let partsLoading: Promise<unknown> | undefined;

let nextId = 0;

/**
 * @summary The lookup form: one lookup attribute and its value, a time range, the read-only
 * filter and the event category. Invalid input is explained beside the field before anything is sent.
 *
 * What the form shows (the draft, its messages, the time zone) lives in the investigation store,
 * so it survives a time-zone change, a re-render or a move in the DOM.
 *
 * @fires ct-query-submit - The user ran a valid query (Enter or Look up). Cancel it to keep the shared controller from running it.
 * @fires ct-query-reset - The user restored the defaults (and, with a shared controller, ran them). Cancel it to keep the form as it is.
 * @fires ct-time-zone-change - The user changed the time zone, on a filter without a provider (a provider announces its store's changes itself).
 *
 * @fires ct-source-change - The user chose another source in the source switch (shown when the provider offers Event history and Athena). Cancel it to keep the current source.
 * @fires ct-regions-change - The user chose the Regions to search in the Region chooser (shown when the view offers several). Cancel it to keep the Regions searched.
 * @fires ct-accounts-change - The user chose the accounts to search in the account chooser (shown when the host configured several). Cancel it to keep the accounts searched.
 * @csspart regions - The Region chooser.
 * @csspart accounts - The account chooser.
 * @csspart accounts-apply - Its "Search these accounts" button.
 * @csspart regions-apply - Its "Search these Regions" button.
 * @csspart regions-note - Why the chooser offers the Regions every account has, when the account's own could not be listed.
 * @csspart base - The form.
 * @csspart source - The source switch.
 * @csspart submit - The Look up button.
 * @csspart reset - The Reset button.
 * @csspart error - An inline validation message.
 *
 * @cssprop --ct-color-accent - The Look up button and focus ring.
 * @cssprop --ct-color-danger - Validation messages and invalid fields.
 */
export class CtLookupFilter extends CtSessionElement {
  static override styles = filterStyles;

  /** The query shown in the form. Setting it fills the form (in the store) and fires nothing. */
  @property({ attribute: false }) query?: LookupQuery;

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Values of the chosen attribute seen in the loaded events, read when the value field is used (not on every page). */
  @state() private suggestions: readonly string[] = [];
  /** Regions ticked in the chooser and not searched yet (undefined: the Regions searched). */
  @state() private regionPicks?: readonly string[];
  /** The chooser reads the picks when a box changes, not when it was drawn. */
  private readonly chooser = ((host: CtLookupFilter) => ({ get picks() { return host.regionPicks; } }))(this);
  private readonly uid = `ct-filter-${++nextId}`;

  protected slice({ view }: StoreSnapshot): readonly unknown[] {
    // The Regions offered change once the account's are listed (after the first rows).
    return [view.draft, view.issues, view.timeZone, this.store.regions];
  }

  private get draft(): FilterDraft {
    return this.store.state.draft;
  }

  private get zone(): TimeZoneMode {
    return this.store.state.timeZone;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    partsLoading ??= Promise.all([import('./region-chooser.js'), import('./conditions-editor.js')]).then(([chooser, conditions]) => {
      chooserPart = chooser;
      conditionsPart = conditions;
    }, (err: unknown) => {
      partsLoading = undefined;
      console.warn('cloudtrail-elements: the Region chooser and the conditions editor could not be loaded.', err);
    });
    void partsLoading.then(() => {
      if (!chooserPart) return;
      adoptStyles(this, chooserPart.chooserStyles);
      this.requestUpdate();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('query') && this.query !== undefined) {
      if (!isQueryShape(this.query)) {
        warnInvalid(this, 'query', this.query, defaultQuery(), 'a LookupQuery object');
        this.query = defaultQuery();
      }
      this.store.showQuery(this.query);
    }
  }

  override render(): TemplateResult {
    const d = this.draft;
    const keys = d.category === 'insight' ? INSIGHT_KEYS : MANAGEMENT_KEYS;
    const id = (name: string) => `${this.uid}-${name}`;
    return html`<form part="base" novalidate @submit=${this.onSubmit} @keydown=${this.onKeydown} aria-label="CloudTrail lookup">
      ${renderSourceSwitch(this, id('source'), this.store.sources)}
      ${!chooserPart ? nothing : chooserPart.renderChoosers(this, id('regions'), this.store, this.chooser,
        (picks) => { this.regionPicks = picks; }, () => this.applyRegions(), this.store.sources.current !== 'athena')}
      <div class="field">
        <label for=${id('category')}>Events</label>
        <select id=${id('category')} .value=${d.category} @change=${(e: Event) => this.patch({ category: this.val(e) as FilterDraft['category'] })}>
          <option value="management" ?selected=${d.category === 'management'}>Management events</option>
          <option value="insight" ?selected=${d.category === 'insight'}>Insights events</option>
        </select>
      </div>
      <div class="field">
        <label for=${id('key')}>Lookup attribute</label>
        <select id=${id('key')} aria-invalid=${this.invalid('attributeKey')} aria-describedby=${id('key-error')}
          @change=${(e: Event) => this.patch({ key: this.val(e) as LookupAttributeKey | '', value: this.val(e) === 'ReadOnly' ? 'true' : d.value })}>
          <option value="" ?selected=${d.key === ''}>None (all events)</option>
          ${keys.map((k) => html`<option value=${k} ?selected=${d.key === k}>${ATTRIBUTE_LABELS[k]}</option>`)}
        </select>
        ${this.error('attributeKey', id('key-error'))}
      </div>
      <div class="field value" ?hidden=${d.key === ''}>
        <label for=${id('value')}>${d.key ? labelOf(d.key) : 'Value'}</label>
        ${d.key === 'ReadOnly'
          ? html`<select id=${id('value')} @change=${(e: Event) => this.patch({ value: this.val(e) })}>
              <option value="true" ?selected=${d.value === 'true'}>true (read calls)</option>
              <option value="false" ?selected=${d.value === 'false'}>false (write calls)</option>
            </select>`
          : html`<input id=${id('value')} type="text" list=${id('suggestions')} autocomplete="off" spellcheck="false"
              .value=${d.value} aria-invalid=${this.invalid('attributeValue')} aria-describedby="${id('value-error')} ${id('value-hint')}"
              placeholder="Exact value, case-sensitive"
              @focus=${this.refreshSuggestions} @input=${(e: Event) => this.patch({ value: this.val(e) }, false)} />
            <datalist id=${id('suggestions')}>
              ${this.suggestions.map((v) => html`<option value=${v}></option>`)}
            </datalist>`}
        <span class="hint" id=${id('value-hint')}>Values match exactly and case-sensitively.</span>
        ${this.error('attributeValue', id('value-error'))}
      </div>
      <div class="field">
        <label for=${id('range')}>Time range</label>
        <select id=${id('range')} @change=${(e: Event) => {
          const v = this.val(e);
          this.patch(v === 'absolute' ? { rangeMode: 'absolute' } : { rangeMode: 'relative', preset: v as RelativePreset });
        }}>
          ${(Object.keys(PRESET_LABELS) as RelativePreset[]).map(
            (p) => html`<option value=${p} ?selected=${d.rangeMode === 'relative' && d.preset === p}>${PRESET_LABELS[p]}</option>`,
          )}
          <option value="absolute" ?selected=${d.rangeMode === 'absolute'}>Custom range…</option>
        </select>
      </div>
      ${d.rangeMode === 'absolute' ? [this.timeField(id, 'from', 'start', d.from), this.timeField(id, 'to', 'end', d.to)] : nothing}
      <div class="field">
        <label for=${id('tz')}>Time zone</label>
        <select id=${id('tz')} @change=${this.onTimeZone}>
          <option value="utc" ?selected=${this.zone === 'utc'}>UTC</option>
          <option value="local" ?selected=${this.zone === 'local'}>Local time</option>
        </select>
      </div>
      <div class="field" ?hidden=${d.category === 'insight' || d.key === 'ReadOnly'}>
        <label for=${id('readonly')}>Read-only</label>
        <select id=${id('readonly')} aria-invalid=${this.invalid('readOnly')} aria-describedby=${id('readonly-error')}
          @change=${(e: Event) => this.patch({ readOnly: this.val(e) as FilterDraft['readOnly'] })}>
          <option value="all" ?selected=${d.readOnly === 'all'}>All events</option>
          <option value="read" ?selected=${d.readOnly === 'read'}>Read-only (true)</option>
          <option value="write" ?selected=${d.readOnly === 'write'}>Write (false)</option>
        </select>
        ${this.error('readOnly', id('readonly-error'))}
      </div>
      ${conditionsPart?.renderConditions({ id, conditions: d.conditions ?? [], issues: this.store.state.issues, onChange: (conditions, focus) => {
        this.patch({ conditions }, false);
        if (focus) this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${focus}`)?.focus());
      } }) ?? nothing}
      ${this.error('category', id('category-error'))}${this.error('pageSize', id('pagesize-error'))}
      <div class="actions">
        <button type="submit" part="submit">Look up</button>
        <button type="button" part="reset" @click=${this.onReset}>Reset</button>
      </div>
    </form>`;
  }

  /**
   * A time typed as the table shows it (24-hour, the zone named in the label), checked by the store
   * with messages that name the field: a browser's date control would show 12-hour times in some
   * locales and refuse impossible dates without a word.
   */
  private timeField(id: (name: string) => string, name: 'from' | 'to', field: QueryField, value: string) {
    return html`<div class="field time">
      <label for=${id(name)}>${name === 'from' ? 'From' : 'To'} (${this.zone === 'utc' ? 'UTC' : 'local time'})</label>
      <input id=${id(name)} type="text" .value=${value} placeholder=${TIME_FORMAT} autocomplete="off" spellcheck="false"
        aria-invalid=${this.invalid(field)} aria-describedby="${id(`${field}-error`)} ${id(`${name}-hint`)}"
        @input=${(e: Event) => this.patch({ [name]: this.val(e) }, false)} />
      <span class="hint" id=${id(`${name}-hint`)}>24-hour; the time or seconds may be left out</span>
      ${this.error(field, id(`${field}-error`))}
    </div>`;
  }

  private val(e: Event): string {
    return (e.target as HTMLInputElement | HTMLSelectElement).value;
  }

  private patch(patch: Partial<FilterDraft>, clearIssues = true): void {
    this.store.editDraft(patch, !clearIssues);
    if ('key' in patch || 'value' in patch) this.refreshSuggestions();
  }

  private refreshSuggestions = () => {
    const key = this.draft.key;
    if (!key) this.suggestions = [];
    else {
      const typed = this.draft.value;
      void import('./suggestions.js').then(async (m) => { await m.ready; if (this.draft.key === key && this.draft.value === typed) this.suggestions = m.suggest(this.store.lookup.state.events, key, typed); },
        (err: unknown) => console.warn('cloudtrail-elements: the suggestions could not be loaded.', err));
    }
  };

  private invalid(field: QueryField): 'true' | 'false' {
    return this.store.state.issues.some((i) => i.field === field) ? 'true' : 'false';
  }

  private error(field: QueryField, id: string) {
    const found = this.store.state.issues.filter((i) => i.field === field);
    return found.length
      ? html`<div class="error" part="error" id=${id} role="alert">${found.map((i) => html`<div>${i.message}</div>`)}</div>`
      : html`<span id=${id} hidden></span>`;
  }

  private onTimeZone = (e: Event) => {
    const zone = this.val(e) as TimeZoneMode;
    // The store keeps the typed range: the same instants, re-expressed in the new zone.
    this.store.setTimeZone(zone);
    if (!this.consumer.fromProvider) this.dispatchEvent(new CtTimeZoneChangeEvent(zone));
  };

  private onKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).localName === 'select') {
      e.preventDefault();
      this.submit();
    }
  };

  private onSubmit = (e: Event) => {
    e.preventDefault();
    this.submit();
  };

  /**
   * Validates the form and, if it holds, fires `ct-query-submit` and runs the query on the shared
   * controller; Regions ticked and not searched yet are applied too (`ct-regions-change`).
   */
  submit(): boolean {
    const built = this.store.buildQuery();
    if (!built.query) {
      this.updateComplete.then(() => this.focusFirstInvalid());
      return false;
    }
    const event = new CtQuerySubmitEvent(built.query);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.store.run(built.query).catch(() => {
      // The controller publishes the error in its state; the table shows it.
    });
    if (this.regionPicks?.length) this.applyRegions();
    chooserPart?.applyAccounts(this);
    return true;
  }

  /** Fires `ct-regions-change` with the Regions ticked; the provider searches them in a new investigation. */
  private applyRegions(): void {
    const picks = this.regionPicks;
    if (!picks?.length) return;
    this.regionPicks = undefined;
    this.renderRoot.querySelector<HTMLDetailsElement>('.regions-chooser')?.removeAttribute('open');
    this.dispatchEvent(new CtRegionsChangeEvent(picks));
  }

  /** Restores the default query and runs it, so form, table and URL agree. */
  private onReset = () => {
    const query = defaultQuery();
    const event = new CtQueryResetEvent(query);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    // Standing alone, the store shows the query (the host, which heard the event, looks it up).
    this.store.run(query).catch(() => {});
  };

  private focusFirstInvalid(): void {
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
}

/** Whether a host-set `query` has the shape the form can show (its values may still be invalid). */
function isQueryShape(q: unknown): q is LookupQuery {
  const v = q as Partial<LookupQuery> | null;
  return typeof v === 'object' && v !== null && typeof v.timeRange === 'object' && v.timeRange !== null
    && (v.timeRange.kind === 'relative' || v.timeRange.kind === 'absolute') && typeof v.pageSize === 'number';
}
