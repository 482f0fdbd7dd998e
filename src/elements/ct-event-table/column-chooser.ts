/**
 * The Columns chooser: a popover of checkboxes, one per column, over the columns shown. Escape
 * closes it and gives focus back to its button; so does a click outside it (the table's listener).
 */
import { html, type ComplexAttributeConverter, type TemplateResult } from 'lit';
import { COLUMNS, DEFAULT_COLUMNS, type ColumnId } from '../../state/columns.js';

/** The `columns` attribute: a comma-separated list of column ids (empty: the default columns). */
export const columnsAttribute: ComplexAttributeConverter<readonly string[]> = {
  fromAttribute: (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [...DEFAULT_COLUMNS]),
  toAttribute: (v: readonly string[]) => v.join(','),
};

/** `onToggle` gets the columns to show once the user has checked or unchecked one (never none). */
export function renderColumnChooser(shown: () => readonly ColumnId[], onToggle: (next: readonly ColumnId[]) => void): TemplateResult {
  const toggle = (id: ColumnId, on: boolean) => {
    const now = shown();
    const next = on ? COLUMNS.map((c) => c.id).filter((c) => c === id || now.includes(c)) : now.filter((c) => c !== id);
    if (next.length) onToggle(next);
  };
  return html`<details class="chooser" @keydown=${onChooserKeydown}>
      <summary>Columns</summary>
      <fieldset>
        <legend class="visually-hidden">Visible columns</legend>
        ${COLUMNS.map((c) => html`<label><input type="checkbox" .checked=${shown().includes(c.id)}
          @change=${(ev: Event) => toggle(c.id, (ev.target as HTMLInputElement).checked)} />${c.label}</label>`)}
      </fieldset>
    </details>`;
}

function onChooserKeydown(e: KeyboardEvent): void {
  if (e.key !== 'Escape') return;
  const chooser = e.currentTarget as HTMLDetailsElement;
  if (!chooser.open) return;
  e.preventDefault();
  e.stopPropagation();
  chooser.open = false;
  chooser.querySelector('summary')?.focus();
}
