/**
 * The filter's Region chooser, shown when the view offers more than one Region: which Regions one
 * lookup searches, with "All". The picks wait in the chooser until "Search these Regions" (or Look
 * up) fires `ct-regions-change`; the provider then makes an investigation over them and the lookup
 * runs again there.
 */
import { css, html, nothing } from 'lit';
import type { RegionChoice } from '../../lookup/aws-regions.js';

export interface ChooserState {
  /** Picks not applied yet; undefined while they are the Regions searched. */
  picks?: readonly string[];
}

/** What the summary line says: the Region searched, or how many. */
export function regionsSummary(searched: readonly string[], allowed: readonly string[]): string {
  if (searched.length === allowed.length && allowed.length > 1) return `All ${allowed.length} Regions`;
  return searched.length === 1 ? searched[0] : `${searched.length} of ${allowed.length} Regions`;
}

/**
 * The chooser. `state` is read when a box changes (not when it was drawn: two quick clicks both
 * count); `update` stores the picks (undefined once they equal the Regions searched).
 */
export function renderRegionChooser(id: string, choice: RegionChoice | undefined, state: ChooserState, update: (picks: readonly string[] | undefined) => void, apply: () => void) {
  if (!choice || choice.allowed.length < 2) return nothing;
  const picks = state.picks ?? choice.searched;
  const all = picks.length === choice.allowed.length;
  const pending = state.picks !== undefined && state.picks.join() !== choice.searched.join();
  const set = (next: readonly string[]) => update(next.join() === choice.searched.join() ? undefined : next);
  const toggle = (region: string, on: boolean) => {
    const now = state.picks ?? choice.searched;
    set(choice.allowed.filter((r) => (r === region ? on : now.includes(r))));
  };
  return html`<div class="field regions-field">
    <span class="label" id="${id}-label">Regions</span>
    <details part="regions" class="regions-chooser" @keydown=${closeOnEscape}>
      <summary aria-labelledby="${id}-label ${id}-summary"><span id="${id}-summary">${regionsSummary(picks, choice.allowed)}${pending ? ' (not searched yet)' : ''}</span></summary>
      <div class="region-panel">
      <fieldset class="region-list">
        <legend class="visually-hidden">Regions to search</legend>
        <label class="all"><input type="checkbox" .checked=${all} .indeterminate=${!all && picks.length > 0}
          @change=${(e: Event) => set((e.target as HTMLInputElement).checked ? [...choice.allowed] : [])} />All (${choice.allowed.length})</label>
        ${choice.allowed.map((r) => html`<label><input type="checkbox" value=${r} .checked=${picks.includes(r)}
          @change=${(e: Event) => toggle(r, (e.target as HTMLInputElement).checked)} />${r}</label>`)}
      </fieldset>
      ${choice.note ? html`<p part="regions-note" class="region-note">${choice.note}</p>` : nothing}
      <div class="region-actions">
        <button type="button" part="regions-apply" ?disabled=${!pending || picks.length === 0} @click=${apply}>Search ${picks.length === 1 ? 'this Region' : `these ${picks.length} Regions`}</button>
        ${picks.length === 0 ? html`<span class="error" role="alert">Choose at least one Region.</span>` : nothing}
      </div>
      </div>
    </details>
  </div>`;
}

/** Escape folds the open list (and goes no further: the page's own Escape stays for what is behind it). */
function closeOnEscape(e: KeyboardEvent): void {
  const details = e.currentTarget as HTMLDetailsElement;
  if (e.key !== 'Escape' || !details.open) return;
  e.stopPropagation();
  details.open = false;
  details.querySelector('summary')?.focus();
}

export const chooserStyles = css`
  .regions-field {
    position: relative;
  }
  .regions-chooser summary {
    min-height: 2rem;
    box-sizing: border-box;
    padding: 0.3rem 0.6rem;
    border: 1px solid var(--ct-border);
    border-radius: var(--ct-radius);
    background: var(--ct-surface);
    cursor: pointer;
  }
  /* The list opens over what follows (the form does not reflow under the reader's pointer). */
  .region-panel {
    position: absolute;
    z-index: 5;
    top: 100%;
    left: 0;
    margin-top: var(--ct-space-xs);
    padding: var(--ct-space-m);
    width: min(34rem, calc(100vw - 3rem));
    box-sizing: border-box;
    background: var(--ct-surface);
    border: 1px solid var(--ct-border);
    border-radius: var(--ct-radius);
    box-shadow: 0 6px 18px rgb(0 0 0 / 0.18);
  }
  .region-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: var(--ct-space-xs) var(--ct-space-m);
  }
  .region-list label {
    font-weight: 400;
    color: var(--ct-text);
    display: flex;
    gap: var(--ct-space-xs);
    align-items: center;
  }
  .region-list .all {
    grid-column: 1 / -1;
    font-weight: 600;
  }
  .region-note {
    margin: var(--ct-space-s) 0 0;
    color: var(--ct-text-muted, var(--ct-text));
    font-size: 0.875em;
  }
  .region-actions {
    display: flex;
    gap: var(--ct-space-s);
    align-items: center;
    margin-top: var(--ct-space-s);
  }
`;
