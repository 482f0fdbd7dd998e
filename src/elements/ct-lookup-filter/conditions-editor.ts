/**
 * The filter's list of extra conditions: each a field, "is" or "is not", and a value, with Remove,
 * and an "Add condition" button. Conditions are ANDed with the lookup attribute; the browser
 * applies those the API cannot. Every control has a label a screen reader reads with its number.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { BOOLEAN_FIELDS, type Condition, type ConditionField } from '../../lookup/conditions.js';
import type { ValidationIssue } from '../../lookup/types.js';
import { CONDITION_FIELDS, FIELD_LABELS } from '../shared/labels.js';

export interface ConditionsEditor {
  id: (name: string) => string;
  conditions: readonly Condition[];
  issues: readonly ValidationIssue[];
  onChange: (conditions: Condition[], focus?: string) => void;
}

export function renderConditions({ id, conditions, issues, onChange }: ConditionsEditor): TemplateResult {
  const set = (i: number, patch: Partial<Condition>) =>
    onChange(conditions.map((c, j) => {
      if (j !== i) return c;
      const next = { ...c, ...patch };
      // A true/false field starts from a valid value.
      if (patch.field && BOOLEAN_FIELDS.includes(patch.field) && next.value !== 'true' && next.value !== 'false') next.value = 'true';
      return next;
    }));
  const val = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return html`<fieldset class="conditions${conditions.length ? '' : ' empty'}" aria-describedby=${id('conditions-hint')}>
    <legend>More conditions</legend>
    <span class="hint${conditions.length ? '' : ' visually-hidden'}" id=${id('conditions-hint')}>All must hold. Values match exactly; the browser applies what CloudTrail cannot.</span>
    ${conditions.map((c, i) => {
      const n = i + 1;
      const errors = issues.filter((x) => x.field === 'condition' && x.index === i);
      return html`<div class="condition" role="group" aria-label="Condition ${n}">
        <select id=${id(`cond-${i}-field`)} aria-label="Condition ${n} field" @change=${(e: Event) => set(i, { field: val(e) as ConditionField })}>
          ${CONDITION_FIELDS.map((f) => html`<option value=${f} ?selected=${c.field === f}>${FIELD_LABELS[f]}</option>`)}
        </select>
        <select aria-label="Condition ${n} match" @change=${(e: Event) => set(i, { exclude: val(e) === 'not' })}>
          <option value="is" ?selected=${!c.exclude}>is</option>
          <option value="not" ?selected=${Boolean(c.exclude)}>is not</option>
        </select>
        ${BOOLEAN_FIELDS.includes(c.field)
          ? html`<select aria-label="Condition ${n} value" @change=${(e: Event) => set(i, { value: val(e) })}>
              <option value="true" ?selected=${c.value === 'true'}>true</option>
              <option value="false" ?selected=${c.value === 'false'}>false</option>
            </select>`
          : html`<input type="text" spellcheck="false" autocomplete="off" aria-label="Condition ${n} value" .value=${c.value}
              aria-invalid=${errors.length ? 'true' : 'false'} aria-describedby=${id(`cond-${i}-error`)}
              @input=${(e: Event) => set(i, { value: val(e) })} />`}
        <button type="button" class="remove" aria-label="Remove condition ${n}"
          @click=${() => onChange(conditions.filter((_, j) => j !== i), id('add-condition'))}>Remove</button>
        ${errors.length
          ? html`<div class="error" part="error" id=${id(`cond-${i}-error`)} role="alert">${errors.map((x) => html`<div>${x.message}</div>`)}</div>`
          : html`<span id=${id(`cond-${i}-error`)} hidden></span>`}
      </div>`;
    })}
    ${issues.filter((x) => x.field === 'condition' && x.index === undefined).map((x) => html`<div class="error" part="error" role="alert">${x.message}</div>`)}
    <button type="button" id=${id('add-condition')} class="add"
      @click=${() => onChange([...conditions, { field: 'ErrorCode', value: '' }], id(`cond-${conditions.length}-field`))}>Add condition</button>
  </fieldset>${nothing}`;
}
