/**
 * The Findings facet: each rule that flags loaded events, most severe first, with its severity
 * mark and count. A click narrows the lookup to the rule (`Finding:<rule id>`), Alt-click or ⊘
 * excludes it, as with the other facets.
 */
import { html, nothing } from 'lit';
import type { Condition } from '../../lookup/conditions.js';
import { SEVERITY_LABEL } from '../../state/findings.js';
import type { InvestigationStore } from '../../state/store.js';
import { severityMark } from '../shared/severity.js';

const num = (n: number) => n.toLocaleString('en-US');

export function renderFindingsFacet(session: InvestigationStore | undefined, choose: (c: Condition) => void) {
  if (!session) return nothing;
  const { status, message } = session.findings.state;
  const counts = session.findings.counts();
  const body = status === 'error' ? html`<span class="none">${message}</span>`
    : status !== 'ready' ? html`<span class="none">checking the loaded events…</span>`
    : !counts.length ? html`<span class="none">no rule flags the loaded events</span>`
    : html`<ul>${counts.map(({ rule, count }) => {
      const what = `${SEVERITY_LABEL[rule.severity]}: ${rule.title}`;
      return html`<li>
        <button type="button" class="value" part="facet-value" data-field="Finding" data-value=${rule.id} title="Narrow to the events this rule flags (${rule.id})"
          @click=${(e: MouseEvent) => choose({ field: 'Finding', value: rule.id, ...(e.altKey ? { exclude: true } : {}) })}>
          <span class="text">${severityMark(rule.severity)}${what}</span> <span class="count">${num(count)}<span class="visually-hidden"> ${count === 1 ? 'event' : 'events'}</span></span>
        </button><button type="button" class="exclude" part="facet-exclude" title="Exclude the events this rule flags"
          aria-label="Exclude finding ${what}" @click=${() => choose({ field: 'Finding', value: rule.id, exclude: true })}>⊘</button>
      </li>`;
    })}</ul>`;
  return html`<div part="facet" class="facet findings" role="group" aria-labelledby="facet-Finding" data-field="Finding" data-scope="loaded">
    <span class="label" id="facet-Finding">Findings</span>
    ${body}
  </div>`;
}
