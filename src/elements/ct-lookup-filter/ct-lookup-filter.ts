import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defaultQuery, validateQuery } from '../../lookup/query.js';
import type { LookupAttributeKey, LookupQuery, QueryField, RelativePreset, ValidationIssue } from '../../lookup/types.js';
import { CtQueryResetEvent, CtQuerySubmitEvent } from '../events.js';
import { CtSessionElement, THEMES, keepChoice, warnInvalid } from '../shared/ct-element.js';
import { type TimeZoneMode } from '../shared/format.js';
import { ATTRIBUTE_LABELS, INSIGHT_KEYS, MANAGEMENT_KEYS, PRESET_LABELS } from '../shared/labels.js';
import { draftFromQuery, queryFromDraft, type FilterDraft } from './draft.js';
import { filterStyles } from './ct-lookup-filter.styles.js';
import { suggestionsFor } from './suggestions.js';

let nextId = 0;

/**
 * @summary The lookup form: one lookup attribute and its value, a time range, the read-only
 * filter and the event category. Invalid input is explained beside the field before anything is sent.
 *
 * @fires ct-query-submit - The user ran a valid query (Enter or Look up). Cancel it to keep the shared controller from running it.
 * @fires ct-query-reset - The user restored the defaults.
 *
 * @csspart base - The form.
 * @csspart submit - The Look up button.
 * @csspart reset - The Reset button.
 * @csspart error - An inline validation message.
 *
 * @cssprop --ct-color-accent - The Look up button and focus ring.
 * @cssprop --ct-color-danger - Validation messages and invalid fields.
 */
export class CtLookupFilter extends CtSessionElement {
  static override styles = filterStyles;

  /** The query shown in the form. Setting it fills the form and fires nothing. */
  @property({ attribute: false }) query: LookupQuery = defaultQuery();

  /** Show and enter times in UTC ("utc", the default) or the browser's time zone ("local"). */
  @property({ attribute: 'time-zone', reflect: true }) timeZone: TimeZoneMode = 'utc';

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @state() private draft: FilterDraft = draftFromQuery(defaultQuery(), 'utc');
  @state() private issues: ValidationIssue[] = [];
  private readonly uid = `ct-filter-${++nextId}`;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (changed.has('query') && !isQueryShape(this.query)) {
      warnInvalid(this, 'query', this.query, defaultQuery(), 'a LookupQuery object');
      this.query = defaultQuery();
    }
    if (changed.has('timeZone') && this.timeZone !== 'utc' && this.timeZone !== 'local') {
      warnInvalid(this, 'time-zone', this.timeZone, 'utc', 'use "utc" or "local"');
      this.timeZone = 'utc';
    }
    if (changed.has('query') || changed.has('timeZone')) {
      this.draft = draftFromQuery(this.query, this.timeZone);
      this.issues = [];
    }
  }

  override render() {
    const d = this.draft;
    const keys = d.category === 'insight' ? INSIGHT_KEYS : MANAGEMENT_KEYS;
    const id = (name: string) => `${this.uid}-${name}`;
    return html`<form part="base" novalidate @submit=${this.onSubmit} @keydown=${this.onKeydown} aria-label="CloudTrail lookup">
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
          <option value="" ?selected=${d.key === ''}>All events (no attribute)</option>
          ${keys.map((k) => html`<option value=${k} ?selected=${d.key === k}>${ATTRIBUTE_LABELS[k]}</option>`)}
        </select>
        ${this.error('attributeKey', id('key-error'))}
      </div>
      <div class="field value" ?hidden=${d.key === ''}>
        <label for=${id('value')}>${d.key ? ATTRIBUTE_LABELS[d.key] : 'Value'}</label>
        ${d.key === 'ReadOnly'
          ? html`<select id=${id('value')} @change=${(e: Event) => this.patch({ value: this.val(e) })}>
              <option value="true" ?selected=${d.value === 'true'}>true (read calls)</option>
              <option value="false" ?selected=${d.value === 'false'}>false (write calls)</option>
            </select>`
          : html`<input id=${id('value')} type="text" list=${id('suggestions')} autocomplete="off" spellcheck="false"
              .value=${d.value} aria-invalid=${this.invalid('attributeValue')} aria-describedby="${id('value-error')} ${id('value-hint')}"
              placeholder="Exact value, case-sensitive"
              @input=${(e: Event) => this.patch({ value: this.val(e) }, false)} />
            <datalist id=${id('suggestions')}>
              ${d.key ? suggestionsFor(this.activeSession?.lookup.state.events, d.key).map((v) => html`<option value=${v}></option>`) : nothing}
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
      ${d.rangeMode === 'absolute'
        ? html`<div class="field">
              <label for=${id('from')}>From (${this.timeZone === 'utc' ? 'UTC' : 'local time'})</label>
              <input id=${id('from')} type="datetime-local" step="1" .value=${d.from} aria-invalid=${this.invalid('start')}
                aria-describedby=${id('start-error')} @input=${(e: Event) => this.patch({ from: this.val(e) }, false)} />
              ${this.error('start', id('start-error'))}
            </div>
            <div class="field">
              <label for=${id('to')}>To (${this.timeZone === 'utc' ? 'UTC' : 'local time'})</label>
              <input id=${id('to')} type="datetime-local" step="1" .value=${d.to} aria-invalid=${this.invalid('end')}
                aria-describedby=${id('end-error')} @input=${(e: Event) => this.patch({ to: this.val(e) }, false)} />
              ${this.error('end', id('end-error'))}
            </div>`
        : nothing}
      <div class="field">
        <label for=${id('tz')}>Time zone</label>
        <select id=${id('tz')} @change=${this.onTimeZone}>
          <option value="utc" ?selected=${this.timeZone === 'utc'}>UTC</option>
          <option value="local" ?selected=${this.timeZone === 'local'}>Local time</option>
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
      ${this.error('category', id('category-error'))}${this.error('pageSize', id('pagesize-error'))}
      <div class="actions">
        <button type="submit" part="submit">Look up</button>
        <button type="button" part="reset" @click=${this.onReset}>Reset</button>
      </div>
    </form>`;
  }

  private val(e: Event): string {
    return (e.target as HTMLInputElement | HTMLSelectElement).value;
  }

  private patch(patch: Partial<FilterDraft>, clearIssues = true): void {
    this.draft = { ...this.draft, ...patch };
    if (patch.category === 'insight' && this.draft.key && !INSIGHT_KEYS.includes(this.draft.key)) {
      this.draft = { ...this.draft, key: '', value: '' };
    }
    const touched = new Set(Object.keys(patch));
    this.issues = clearIssues ? [] : this.issues.filter((i) => !touchedFields(touched).has(i.field));
  }

  private invalid(field: QueryField): 'true' | 'false' {
    return this.issues.some((i) => i.field === field) ? 'true' : 'false';
  }

  private error(field: QueryField, id: string) {
    const found = this.issues.filter((i) => i.field === field);
    return found.length
      ? html`<div class="error" part="error" id=${id} role="alert">${found.map((i) => html`<div>${i.message}</div>`)}</div>`
      : html`<span id=${id} hidden></span>`;
  }

  private onTimeZone = (e: Event) => {
    const zone = this.val(e) as TimeZoneMode;
    // Keep the typed instants: re-express them in the new zone.
    const built = queryFromDraft(this.draft, this.timeZone);
    this.timeZone = zone;
    this.activeSession?.setTimeZone(zone);
    if (built.query) this.draft = { ...draftFromQuery(built.query, zone), key: this.draft.key, value: this.draft.value };
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

  /** Validates the form and, if it holds, fires `ct-query-submit` and runs the query on the shared controller. */
  submit(): boolean {
    const built = queryFromDraft(this.draft, this.timeZone);
    const result = built.query ? validateQuery(built.query, Date.now()) : undefined;
    this.issues = built.issues.length ? built.issues : result && !result.ok ? result.issues : [];
    if (!built.query || this.issues.length) {
      this.updateComplete.then(() => this.focusFirstInvalid());
      return false;
    }
    const event = new CtQuerySubmitEvent(built.query);
    this.dispatchEvent(event);
    if (!event.defaultPrevented && this.activeSession) {
      this.activeSession.resetView();
      this.activeSession.lookup.run(built.query).catch(() => {
        // The controller publishes the error in its state; the table shows it.
      });
    }
    return true;
  }

  private onReset = () => {
    const query = defaultQuery();
    this.query = query;
    this.dispatchEvent(new CtQueryResetEvent(query));
  };

  private focusFirstInvalid(): void {
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
}

function touchedFields(keys: Set<string>): Set<QueryField> {
  const out = new Set<QueryField>();
  if (keys.has('value')) out.add('attributeValue');
  if (keys.has('key')) out.add('attributeKey');
  if (keys.has('from')) out.add('start');
  if (keys.has('to')) out.add('end');
  return out;
}

/** Whether a host-set `query` has the shape the form can show (its values may still be invalid). */
function isQueryShape(q: unknown): q is LookupQuery {
  const v = q as Partial<LookupQuery> | null;
  return typeof v === 'object' && v !== null && typeof v.timeRange === 'object' && v.timeRange !== null
    && (v.timeRange.kind === 'relative' || v.timeRange.kind === 'absolute') && typeof v.pageSize === 'number';
}
