/**
 * With several Regions: how each stands (a line per Region above the grid, what is missing in the
 * status line), what was searched of the Regions offered, and the span a failed follow poll left
 * unread. Loaded with the table's reach controls: one Region's first rows do not need it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LookupState } from '../../lookup/lookup-session.js';
import type { RegionChoice } from '../../lookup/aws-regions.js';
import { num } from './states.js';
import { laneName, regionLacking } from '../../lookup/page-source.js';

type Region = LookupState['regions'][number];

const utc = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

const events = (n: number) => `${num(n)} ${n === 1 ? 'event' : 'events'}`;

/** Why a transient failure happened, in a few words. */
const troubleText = (r: Region) => r.trouble?.code === 'ThrottlingException' ? 'throttling' : r.trouble?.code === 'NetworkError' ? 'a network error' : 'a server error';

/** One Region that is not (yet) whole: what is happening to it and how far it got. */
function regionText(r: Region, now: number): string {
  const name = laneName(r);
  if (r.error) return `${name}: not searched (${r.error.code === 'AccessDeniedException' || r.error.code === 'AccessDenied' ? 'access denied' : r.error.code})`;
  if (r.behind) return `${name}: behind after ${r.failures} failures (${troubleText(r)}), ${events(r.loaded)} so far`;
  const seconds = r.waiting ? Math.max(0, Math.ceil((r.waiting.until - now) / 1000)) : 0;
  return `${name}: retrying after ${troubleText(r)}${seconds > 0 ? ` in ${seconds} s` : ''}, ${events(r.loaded)} so far`;
}

/** What is missing or retried, Region by Region, for the status line (and a follow gap); '' when all is well. */
export function regionsText(state: LookupState, now: number): string {
  const regions = state.regions.filter((r) => r.error || (!r.done && (r.behind || r.trouble))).map((r) => regionText(r, now));
  const gap = followGapText(state);
  return [...regions, ...(gap ? [gap] : [])].join(' · ');
}

/** While following: the span a failed poll left unread (the next poll reads it). */
function followGapText(state: LookupState): string {
  const gap = state.following ? state.followGap : null;
  if (!gap) return '';
  return `Follow: events from ${utc(gap.from)} to ${utc(gap.to)} UTC not read yet (${gap.reason}); the next poll tries again`;
}

/**
 * With several Regions: how each stands; one refused or set aside shows why and a Retry of its own
 * (it carries on where that Region stopped) while the others' rows stay.
 */
export function renderRegions(state: LookupState, onRetry: (region: string) => void): TemplateResult | typeof nothing {
  if (state.regions.length < 2) return nothing;
  const idle = state.status === 'done' || state.status === 'error' || state.status === 'idle';
  return html`<ul class="regions" part="regions" aria-label="Regions">${state.regions.map((r) => html`<li data-region=${r.region} data-account=${r.account?.accountId ?? nothing}
    class=${regionLacking(r) ? 'failed' : ''}><strong>${laneName(r)}</strong> ${r.error
      ? html`<span role="alert">not searched, the other ${r.account ? 'accounts and Regions' : 'Regions'} carry on: ${r.error.message}</span>`
      : r.behind && !r.done
        ? html`<span role="alert">behind after ${r.failures} failures in a row (${troubleText(r)}${r.trouble?.status ? `, HTTP ${r.trouble.status}` : ''}): ${r.reached === null
          ? 'none of its events read yet' : `its events before ${utc(r.reached)} UTC not read yet`}; ${events(r.loaded)} so far. The other Regions go on; it is tried again on every load.</span>`
        : `${events(r.loaded)}${r.done ? ', all loaded' : r.trouble ? `, ${regionText(r, Date.now()).slice(laneName(r).length + 2)}` : ''}`}${
      regionLacking(r) && idle ? html` <button type="button" part="region-retry" @click=${() => onRetry(r.key ?? r.region)}>Retry ${laneName(r)}</button>` : nothing}</li>`)}</ul>`;
}

/**
 * What was searched, always beside the status line when the view offers several Regions:
 * "Searched 1 of 17 Regions (us-east-1); 16 not searched" with a "Search all" button.
 */
export function renderSearched(choice: RegionChoice | undefined, athena: boolean, onSearchAll: () => void): TemplateResult | typeof nothing {
  if (!choice || athena || choice.allowed.length < 2) return nothing;
  const { searched, allowed } = choice;
  const rest = allowed.length - searched.length;
  const which = searched.length <= 3 ? ` (${searched.join(', ')})` : '';
  return html`<span class="searched" part="searched">${rest === 0
    ? `Searched all ${allowed.length} Regions`
    : html`Searched ${searched.length} of ${allowed.length} Regions${which}; ${rest} not searched <button type="button" part="search-all" @click=${onSearchAll}>Search all</button>`}</span>`;
}
