/**
 * The detail's "Findings": each rule that flags the event, with its severity, what it means, the
 * ATT&CK tactic and techniques, which fields matched and with what values, the window of an
 * aggregate rule, and the rule's references.
 */
import { css, html, nothing } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import { tacticName, type Hit } from '../../lookup/findings/types.js';
import { findingHits } from '../../lookup/findings/registry.js';
import { SEVERITY_LABEL, severityRank } from '../../state/findings.js';
import { formatTime, type TimeZoneMode } from '../../state/time.js';
import { severityMark } from '../shared/severity.js';
import { visible } from '../shared/visible.js';

const techniqueUrl = (t: string) => `https://attack.mitre.org/techniques/${t.replace('.', '/')}/`;
const SOURCE: Record<string, string> = { builtin: 'built-in pack', sigma: 'Sigma rule', custom: 'your rule' };

function why(h: Hit, zone: TimeZoneMode) {
  const a = h.aggregate;
  const agg = a && html`<li>${a.distinct
    ? html`${a.count} different <code>${a.distinct}</code> values`
    : html`${a.count} such events`} from <code>${a.by}</code> = <code>${visible(a.value)}</code> between ${formatTime(new Date(a.first), zone)} and ${formatTime(new Date(a.last), zone)} (rule: ${h.rule.aggregate!.count} or more within ${h.rule.aggregate!.withinMinutes} minutes)</li>`;
  return html`<ul class="why">${h.evidence.map((ev) => html`<li><code>${ev.field}</code> ${ev.op}${ev.expected ? html` <code>${visible(ev.expected)}</code>` : nothing}${
    ev.op === 'is absent' ? nothing : html`: the record has <code>${visible(ev.actual)}</code>`}</li>`)}${agg ?? nothing}</ul>`;
}

function renderHit(h: Hit, zone: TimeZoneMode) {
  const r = h.rule;
  return html`<li class="finding" data-rule=${r.id} data-severity=${r.severity}>
    <p class="finding-title">${severityMark(r.severity)}<strong>${SEVERITY_LABEL[r.severity]}</strong>: ${r.title}</p>
    ${r.description ? html`<p class="finding-description">${r.description}</p>` : nothing}
    <dl class="summary">
      <div class="row"><dt>Tactic</dt><dd>${tacticName(r.attack.tactic)} (${r.attack.tactic})</dd></div>
      ${r.attack.techniques.length ? html`<div class="row"><dt>Techniques</dt><dd>${r.attack.techniques.map((t, i) => html`${i ? ', ' : ''}<a href=${techniqueUrl(t)} target="_blank" rel="noopener noreferrer">${t}</a>`)}</dd></div>` : nothing}
      <div class="row"><dt>Rule</dt><dd><code>${r.id}</code> (${SOURCE[r.source ?? 'custom']})</dd></div>
      <div class="row"><dt>Why</dt><dd>${why(h, zone)}</dd></div>
      ${r.references?.length ? html`<div class="row"><dt>References</dt><dd><ul class="refs">${r.references.map((u) => html`<li><a href=${u} target="_blank" rel="noopener noreferrer">${u}</a></li>`)}</ul></dd></div>` : nothing}
    </dl>
  </li>`;
}

/** Nothing when no rule flags the event. */
export function renderFindings(e: CtEvent, zone: TimeZoneMode) {
  const hits = [...findingHits(e)].sort((a, b) => severityRank(b.rule.severity) - severityRank(a.rule.severity));
  if (!hits.length) return nothing;
  return html`<section part="findings" class="findings" aria-labelledby="findings-heading">
    <h3 id="findings-heading">Findings (${hits.length})</h3>
    <ul class="finding-list">${hits.map((h) => renderHit(h, zone))}</ul>
  </section>`;
}

export const findingsStyles = css`
  .finding-list,
  .why,
  .refs {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .finding {
    border-inline-start: 3px solid var(--ct-border-strong);
    padding: var(--ct-space-xs) 0 var(--ct-space-s) var(--ct-space-m);
    margin-bottom: var(--ct-space-m);
  }
  .finding[data-severity='critical'],
  .finding[data-severity='high'] {
    border-inline-start-color: var(--ct-danger);
  }
  .finding-title {
    margin: 0 0 var(--ct-space-xs);
  }
  .finding-description {
    margin: 0 0 var(--ct-space-s);
  }
  .why li + li,
  .refs li + li {
    margin-top: var(--ct-space-xs);
  }
  .findings code {
    font-family: var(--ct-mono);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
`;
