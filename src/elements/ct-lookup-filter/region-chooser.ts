/**
 * The filter's Region chooser, shown when the view offers more than one Region: which Regions one
 * lookup searches, with "All"; and its account chooser, the same over the accounts the host
 * configured (`ct-accounts-change`). The picks wait in the chooser until "Search these Regions" (or Look
 * up) fires `ct-regions-change`; the provider then makes an investigation over them and the lookup
 * runs again there.
 */
import { css, html, nothing, type ReactiveElement } from 'lit';
import { CtAccountsChangeEvent } from '../events.js';
import type { RegionChoice } from '../../lookup/aws-regions.js';
import { accountName, type AccountChoice } from '../../lookup/account-names.js';
import type { InvestigationStore } from '../../state/store.js';

export interface ChooserState {
  /** Picks not applied yet; undefined while they are the Regions searched. */
  picks?: readonly string[];
}

/** What the summary line says: the Region searched, or how many. */
export function regionsSummary(searched: readonly string[], allowed: readonly string[]): string {
  if (searched.length === allowed.length && allowed.length > 1) return `All ${allowed.length} Regions`;
  return searched.length === 1 ? searched[0] : `${searched.length} of ${allowed.length} Regions`;
}

/** What one chooser offers: its words, its items (value and name) and the values searched. */
interface ChooserModel {
  /** `regions` or `accounts`: the label, the details' class and part, the apply button's part. */
  kind: 'regions' | 'accounts';
  /** "Region" or "account". */
  noun: string;
  items: readonly { value: string; name: string }[];
  searched: readonly string[];
  note?: string;
}

/**
 * The chooser. `state` is read when a box changes (not when it was drawn: two quick clicks both
 * count); `update` stores the picks (undefined once they equal the Regions searched).
 */
export function renderRegionChooser(id: string, choice: RegionChoice | undefined, state: ChooserState, update: (picks: readonly string[] | undefined) => void, apply: () => void) {
  if (!choice) return nothing;
  const model: ChooserModel = { kind: 'regions', noun: 'Region', items: choice.allowed.map((r) => ({ value: r, name: r })), searched: choice.searched, note: choice.note };
  return renderChooser(id, model, state, update, apply);
}

/**
 * The Region chooser (unless `regions` is false: Athena reads a table, not Regions) and, when the host
 * configured several accounts, the account chooser of `host` (a filter).
 */
export function renderChoosers(host: ReactiveElement, id: string, store: Pick<InvestigationStore, 'regions' | 'accounts'>, state: ChooserState, update: (picks: readonly string[] | undefined) => void, apply: () => void, regions = true) {
  return html`${regions ? renderRegionChooser(id, store.regions, state, update, apply) : nothing}${renderAccountChooser(host, `${id}-accounts`, store.accounts)}`;
}

/** The accounts ticked in a filter's account chooser and not searched yet (kept here: the filter loads this module later). */
const accountPicks = new WeakMap<ReactiveElement, readonly string[]>();

/** The account chooser of `host` (a filter), shown when the host configured several accounts; the same as the Regions'. */
function renderAccountChooser(host: ReactiveElement, id: string, choice: AccountChoice | undefined) {
  if (!choice) return nothing;
  const model: ChooserModel = { kind: 'accounts', noun: 'account', items: choice.allowed.map((a) => ({ value: a.accountId, name: accountName(a) })), searched: choice.searched.map((a) => a.accountId) };
  const update = (picks: readonly string[] | undefined) => {
    if (picks) accountPicks.set(host, picks);
    else accountPicks.delete(host);
    host.requestUpdate();
  };
  return renderChooser(id, model, { get picks() { return accountPicks.get(host); } }, update, () => applyAccounts(host));
}

/** Fires `ct-accounts-change` from `host` with the accounts ticked, if any; the provider searches them in a new investigation. */
export function applyAccounts(host: ReactiveElement): void {
  const picks = accountPicks.get(host);
  if (!picks?.length) return;
  accountPicks.delete(host);
  host.requestUpdate();
  host.renderRoot.querySelector<HTMLDetailsElement>('.accounts-chooser')?.removeAttribute('open');
  host.dispatchEvent(new CtAccountsChangeEvent(picks));
}

function renderChooser(id: string, model: ChooserModel, state: ChooserState, update: (picks: readonly string[] | undefined) => void, apply: () => void) {
  const { kind, noun, items, searched } = model;
  if (items.length < 2) return nothing;
  const allowed = items.map((i) => i.value);
  const picks = state.picks ?? searched;
  const all = picks.length === allowed.length;
  const pending = state.picks !== undefined && state.picks.join() !== searched.join();
  const set = (next: readonly string[]) => update(next.join() === searched.join() ? undefined : next);
  const toggle = (value: string, on: boolean) => {
    const now = state.picks ?? searched;
    set(allowed.filter((v) => (v === value ? on : now.includes(v))));
  };
  const nouns = `${noun}s`;
  const summary = kind === 'regions' ? regionsSummary(picks, allowed)
    : all ? `All ${allowed.length} ${nouns}` : picks.length === 1 ? items.find((i) => i.value === picks[0])!.name : `${picks.length} of ${allowed.length} ${nouns}`;
  return html`<div class="field regions-field">
    <span class="label" id="${id}-label">${noun[0].toUpperCase()}${nouns.slice(1)}</span>
    <details part=${kind} class="${kind}-chooser" @keydown=${closeOnEscape}>
      <summary aria-labelledby="${id}-label ${id}-summary"><span id="${id}-summary">${summary}${pending ? ' (not searched yet)' : ''}</span></summary>
      <div class="region-panel">
      <fieldset class="region-list">
        <legend class="visually-hidden">${noun[0].toUpperCase()}${nouns.slice(1)} to search</legend>
        <label class="all"><input type="checkbox" .checked=${all} .indeterminate=${!all && picks.length > 0}
          @change=${(e: Event) => set((e.target as HTMLInputElement).checked ? [...allowed] : [])} />All (${allowed.length})</label>
        ${items.map((i) => html`<label><input type="checkbox" value=${i.value} .checked=${picks.includes(i.value)}
          @change=${(e: Event) => toggle(i.value, (e.target as HTMLInputElement).checked)} />${i.name}</label>`)}
      </fieldset>
      ${model.note ? html`<p part="${kind}-note" class="region-note">${model.note}</p>` : nothing}
      <div class="region-actions">
        <button type="button" part="${kind}-apply" ?disabled=${!pending || picks.length === 0} @click=${apply}>Search ${picks.length === 1 ? `this ${noun}` : `these ${picks.length} ${nouns}`}</button>
        ${picks.length === 0 ? html`<span class="error" role="alert">Choose at least one ${noun}.</span>` : nothing}
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
  .regions-chooser summary,
  .accounts-chooser summary {
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
