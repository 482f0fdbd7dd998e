/**
 * The Findings facet: each rule that flags events, most severe first, with its severity mark and
 * count. A click narrows the lookup to the rule (`Finding:<rule id>`), Alt-click or ⊘ excludes it,
 * as with the other facets. With Athena the counts cover every matching event of the range (the
 * rules compiled to SQL, in the lookup's one counting query); a rule SQL cannot express keeps the
 * loaded events' count, marked, and the facet says which rules and why.
 */
import { html, nothing } from 'lit';
import type { Condition } from '../../lookup/conditions.js';
import type { Rule } from '../../lookup/findings/types.js';
import { SEVERITY_LABEL, severityRank, type RuleCount } from '../../state/findings.js';
import type { InvestigationStore } from '../../state/store.js';
import { severityMark } from '../shared/severity.js';
import type { WholeFindings } from './whole-range.js';

const num = (n: number) => n.toLocaleString('en-US');

interface Row extends RuleCount {
  /** Counted over the loaded events only (the rule cannot run in Athena). */
  loaded?: boolean;
}

/** The whole range's counts, with the loaded counts of the rules Athena cannot count. */
function wholeRows(session: InvestigationStore, whole: WholeFindings): Row[] {
  const rule = (id: string) => session.findings.rule(id);
  const refused = new Set(whole.counts!.refused.map((r) => r.id));
  const rows: Row[] = [
    ...whole.counts!.counts.flatMap((c) => { const r = rule(c.id); return r ? [{ rule: r, count: c.count }] : []; }),
    ...session.findings.counts().filter((c) => refused.has(c.rule.id)).map((c) => ({ ...c, loaded: true })),
  ];
  return rows.sort((a, b) => severityRank(b.rule.severity) - severityRank(a.rule.severity) || b.count - a.count || a.rule.title.localeCompare(b.rule.title));
}

function renderRow({ rule, count, loaded }: Row, choose: (c: Condition) => void) {
  const what = `${SEVERITY_LABEL[rule.severity]}: ${rule.title}`;
  return html`<li>
    <button type="button" class="value" part="facet-value" data-field="Finding" data-value=${rule.id} data-scope=${loaded ? 'loaded' : nothing} title="Narrow to the events this rule flags (${rule.id})"
      @click=${(e: MouseEvent) => choose({ field: 'Finding', value: rule.id, ...(e.altKey ? { exclude: true } : {}) })}>
      <span class="text">${severityMark(rule.severity)}${what}${loaded ? html` <span class="scope">(loaded)</span>` : nothing}</span> <span class="count">${num(count)}<span class="visually-hidden"> ${count === 1 ? 'event' : 'events'}${loaded ? ' among the loaded events' : ''}</span></span>
    </button><button type="button" class="exclude" part="facet-exclude" title="Exclude the events this rule flags"
      aria-label="Exclude finding ${what}" @click=${() => choose({ field: 'Finding', value: rule.id, exclude: true })}>⊘</button>
  </li>`;
}

/** Which rules Athena cannot count, and why. */
function renderRefused(refused: readonly { id: string; reason: string }[], rule: (id: string) => Rule | undefined) {
  if (!refused.length) return nothing;
  return html`<details class="note" part="findings-note"><summary>${num(refused.length)} ${refused.length === 1 ? 'rule' : 'rules'} cannot run in Athena and count the loaded events only (marked “loaded”)</summary>
    <ul>${refused.map((r) => html`<li>${rule(r.id)?.title ?? r.id}: ${r.reason.replace(/^The rule \S+ cannot run in Athena: /, '')}</li>`)}</ul>
  </details>`;
}

export function renderFindingsFacet(session: InvestigationStore | undefined, choose: (c: Condition) => void, whole?: WholeFindings) {
  if (!session) return nothing;
  const { status, message } = session.findings.state;
  const all = Boolean(whole?.counts && status === 'ready');
  const rows: Row[] = all ? wholeRows(session, whole!) : session.findings.counts();
  const scope = all ? 'all matching events (counted by Athena)'
    : whole?.pending ? 'the loaded events (counting all matching events with Athena…)'
    : whole?.failed ? `the loaded events (Athena could not count findings: ${whole.failed})` : undefined;
  const body = status === 'error' ? html`<span class="none">${message}</span>`
    : status !== 'ready' ? html`<span class="none">checking the loaded events…</span>`
    : !rows.length ? html`<span class="none">no rule flags ${all ? 'any matching event' : 'the loaded events'}</span>`
    : html`<ul>${rows.map((r) => renderRow(r, choose))}</ul>`;
  return html`<div part="facet" class="facet findings" role="group" aria-labelledby="facet-Finding" data-field="Finding" data-scope=${all ? 'all' : 'loaded'}>
    <span class="label" id="facet-Finding">Findings</span>
    ${scope ? html`<span class="scope-line" part="findings-scope">Over ${scope}</span>` : nothing}
    ${body}
    ${all ? renderRefused(whole!.counts!.refused, (id) => session.findings.rule(id)) : nothing}
  </div>`;
}
