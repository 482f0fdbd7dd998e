import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { fieldValues, type Condition } from '../../lookup/conditions.js';
import type { CtEvent } from '../../lookup/events.js';
import type { StoreSnapshot } from '../../state/view-store.js';
import type { InvestigationStore } from '../../state/store.js';
import { CtSessionElement, THEMES, keepChoice, warnInvalid } from '../shared/ct-element.js';
import { saveText } from '../shared/download.js';
import { recordJson } from '../../lookup/export.js';
import type { TimeZoneMode } from '../../state/time.js';
import { pivot, renderPivotButtons } from '../shared/pivot.js';
import { detailStyles } from './ct-event-detail.styles.js';
import { fold } from './expand.js';
import { breakable } from './breakable.js';
import { renderJson } from './json-view.js';
import { eventHasInvisible } from '../../lookup/invisible.js';
import { invisibleWarning, visible, visibleStyles } from '../shared/visible.js';
import { adoptStyles } from '../shared/adopt.js';
import { INSIGHT_FIELDS, SUMMARY_FIELDS, insightAttributions, type Field } from './summary.js';
import { findingsStyles, renderFindings } from './findings-view.js';
import { findingKey } from '../../state/findings.js';
import { severityStyles } from '../shared/severity.js';

/**
 * @summary The selected event: its summary, the rules that flag it (findings: why each matched, its
 * ATT&CK tactic and references), resources, Insights details, and the full record as
 * formatted, collapsible, colour-coded JSON with copy and download. While the picked events are
 * compared (the table's "Compare" button), shows every field of their records side by side, with a
 * "differences only" switch.
 *
 * @csspart base - The detail's frame.
 * @csspart summary - The summary list.
 * @csspart findings - The rules that flag the event, and why.
 * @csspart json - The JSON view.
 * @csspart compare - The comparison table.
 * @csspart pivot - A "Filter" or "New lookup" button beside a value.
 * @csspart around - The "Events around this" buttons (±5 minutes, ±1 hour, the same identity's hour before).
 *
 * @fires ct-pivot - The user pivoted on a value: "Filter" adds it to the lookup, "New lookup" runs one on it alone. Cancel it to keep the shared controller from acting.
 * @fires ct-around - The user asked for the events around the open one (±5 minutes, ±1 hour, or the same identity's hour before); it runs and the event stays open unless cancelled.
 *
 * @cssprop --ct-color-json-key - JSON keys.
 * @cssprop --ct-color-json-string - JSON strings.
 * @cssprop --ct-color-json-number - JSON numbers.
 * @cssprop --ct-color-json-literal - JSON true, false and null.
 */
export class CtEventDetail extends CtSessionElement {
  static override styles = [detailStyles, visibleStyles, findingsStyles, severityStyles];

  /** The event to show when no session is connected (standalone use). */
  @property({ attribute: false }) event: CtEvent | null = null;

  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** The comparison shows differing fields only. */
  @state() private differencesOnly = false;
  /** The insight chart's module, loaded the first time an Insights event is shown. */
  @state() private chart?: typeof import('./insight-chart.js');
  /** The comparison's module, loaded the first time the reader compares. */
  @state() private compareView?: typeof import('./compare-view.js');
  /** "Events around this", loaded the first time an event is shown in an investigation. */
  @state() private aroundPart?: typeof import('../shared/around.js');
  @state() private copyNote = '';
  @state() private toggled = new Map<string, boolean>();
  /** Children shown per branch beyond the first chunk ("Show more"). */
  @state() private moreChildren = new Map<string, number>();
  /** "Expand all" stopped with branches left closed: the button carries on ("Expand more"). */
  @state() private expandMore = false;
  private shownId?: string;

  protected slice({ view, findings }: StoreSnapshot): readonly unknown[] {
    // The rules that flag the open event, not every event's: a page arriving leaves the detail alone.
    return [view.selected, view.compare, view.comparing, view.timeZone, view.selected && findings?.status === 'ready' ? findingKey(view.selected) : ''];
  }

  private get shown(): CtEvent | null {
    return this.store.state.selected;
  }

  /** Pivots and "Events around this" act on a lookup: there is none when the page gave the event. */
  private get fromLookup(): boolean {
    return this.store.lookup.looksUp;
  }

  protected override fillOwn(own: InvestigationStore): void {
    own.select(this.event);
  }

  private get zone(): TimeZoneMode {
    return this.store.state.timeZone;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    keepChoice(this, 'theme', 'theme', THEMES, undefined);
    if (this.event !== null && (typeof this.event !== 'object' || !('EventId' in this.event))) {
      warnInvalid(this, 'event', this.event, null, 'a CtEvent or null');
      this.event = null;
    }
    if (changed.has('event')) this.consumer.refillOwn();
    // A different event starts with the default folding and no stale "Copied" note.
    const id = this.shown?.EventId;
    if (id !== this.shownId) {
      this.shownId = id;
      this.toggled = new Map();
      this.moreChildren = new Map();
      this.expandMore = false;
      this.copyNote = '';
    }
  }

  override render(): TemplateResult {
    const compare = this.store.state.compare;
    const event = this.shown;
    const comparing = this.store.state.comparing && compare.length >= 2;
    if (comparing && !this.compareView) {
      void import('./compare-view.js').then((m) => {
        adoptStyles(this, m.compareStyles);
        this.compareView = m;
      }, (err: unknown) => {
        console.warn('cloudtrail-elements: the comparison could not be loaded.', err);
      });
    }
    return html`<section part="base" class="frame${comparing ? ' comparing' : ''}" aria-label=${comparing ? 'Comparison of picked events' : 'Event details'}>
      ${compare.length >= 2 && !comparing
        ? html`<div class="bar"><button type="button" @click=${() => this.store.setComparing(true)}>Compare ${compare.length} picked events</button></div>`
        : nothing}
      ${comparing
        ? this.compareView
          ? this.compareView.renderCompare(compare, this.zone, {
            differencesOnly: this.differencesOnly,
            onDifferencesOnly: (on) => (this.differencesOnly = on),
            onBack: () => this.store.setComparing(false),
            onClear: () => this.store.clearCompare(),
          })
          : html`<p class="placeholder" role="status">Loading the comparison…</p>`
        : event ? this.renderEvent(event) : html`<p class="placeholder">Choose an event in the table to see its details.</p>`}
    </section>`;
  }

  private renderEvent(e: CtEvent) {
    const fields = (list: readonly Field[]) =>
      list.map((f) => ({ label: f.label, value: f.value(e, this.zone), field: f.field, raw: f.field ? fieldValues(e, f.field)[0] : undefined }))
        .filter((f) => f.value !== undefined && f.value !== '');
    const record = e.record;
    const hidden = eventHasInvisible(e);
    return html`<h2>${invisibleWarning(hidden)}${e.EventName === undefined ? 'Unnamed event' : visible(e.EventName)}${e.errorCode ? html` <span class="failed">failed: ${visible(e.errorCode)}</span>` : nothing}</h2>
      ${this.fromLookup ? this.renderAround(e) : nothing}
      ${e.recordError ? html`<p class="warning" role="note">${e.recordError} The fields below come from the lookup result only.</p>` : nothing}
      ${hidden ? html`<p class="warning invisible-note" role="note">Invisible or direction-changing characters, which can make text read as something else, are shown as ⟨U+…⟩.</p>` : nothing}
      <dl part="summary" class="summary">
        ${fields(SUMMARY_FIELDS).map((f) => html`<div class=${f.label === 'Error code' || f.label === 'Error message' ? 'row failed-field' : 'row'}><dt>${f.label}</dt><dd><span class="value">${breakable(f.value)}</span>${
          this.fromLookup && f.field ? this.pivots({ field: f.field, value: f.raw ?? f.value! }) : nothing}</dd></div>`)}
      </dl>
      ${renderFindings(e, this.zone)}
      ${e.isInsight ? this.renderInsight(e, fields(INSIGHT_FIELDS)) : nothing}
      <h3>Resources</h3>
      ${e.Resources.length
        ? html`<table class="resources"><thead><tr><th scope="col">Resource type</th><th scope="col">Resource name</th></tr></thead>
            <tbody>${e.Resources.map((r) => html`<tr><td>${visible(r.type)}${this.fromLookup && r.type ? this.pivots({ field: 'ResourceType', value: r.type }) : nothing}</td>
              <td>${breakable(r.name)}${this.fromLookup && r.name ? this.pivots({ field: 'ResourceName', value: r.name }) : nothing}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">CloudTrail listed no resources for this event.</p>`}
      <div class="json-head">
        <h3>Event record</h3>
        <span class="spacer"></span>
        <button type="button" @click=${() => this.expandAll(true)} ?disabled=${!record}>${this.expandMore ? 'Expand more' : 'Expand all'}</button>
        <button type="button" @click=${() => this.expandAll(false)} ?disabled=${!record}>Collapse all</button>
        <button type="button" @click=${() => this.copy(e)}>Copy JSON</button>
        <button type="button" @click=${() => this.download(e)}>Download JSON</button>
        <span class="note" role="status">${this.copyNote}</span>
      </div>
      <div part="json" class="json-box">
        ${record
          ? renderJson(record, { toggled: this.toggled, openDepth: this.openDepth, onToggle: (path, open) => this.toggle(path, open),
            shown: this.moreChildren, onShowMore: (path, count) => (this.moreChildren = new Map(this.moreChildren).set(path, count)) })
          : html`<pre class="raw">${visible(e.CloudTrailEvent)}</pre>`}
      </div>`;
  }

  private renderAround(e: CtEvent) {
    if (!this.aroundPart) {
      void import('../shared/around.js').then((m) => {
        adoptStyles(this, m.aroundStyles);
        this.aroundPart = m;
      }, (err: unknown) => {
        console.warn('cloudtrail-elements: "Events around this" could not be loaded.', err);
      });
      return nothing;
    }
    return this.aroundPart.renderAround(this, this.store, e);
  }

  private pivots(condition: Condition) {
    return renderPivotButtons((mode) => pivot(this, this.store, condition, mode), condition);
  }

  private renderInsight(e: CtEvent, fields: { label: string; value?: string }[]) {
    const attributions = insightAttributions(e);
    if (!this.chart) {
      void import('./insight-chart.js').then((m) => {
        adoptStyles(this, m.chartStyles);
        this.chart = m;
      }, (err: unknown) => {
        console.warn('cloudtrail-elements: the insight chart could not be loaded.', err);
      });
    }
    const window = this.chart?.insightWindow(e, this.zone);
    return html`<h3>Insight</h3>
      <figure class="chart">${this.chart?.renderInsightChart(e) ?? nothing}</figure>
      <dl class="summary">${window ? html`<div class="row"><dt>Window</dt><dd>${window}</dd></div>` : nothing}${
        fields.map((f) => html`<div class="row"><dt>${f.label}</dt><dd>${visible(f.value)}</dd></div>`)}</dl>
      ${attributions.length
        ? html`<table class="resources attributions"><caption>Attributions (top contributors, with their averages)</caption>
            <thead><tr><th scope="col">Attribute</th><th scope="col">During the insight</th><th scope="col">Baseline</th></tr></thead>
            <tbody>${attributions.map((a) => html`<tr><td>${visible(a.attribute)}</td><td>${visible(a.insight)}</td><td>${visible(a.baseline)}</td></tr>`)}</tbody></table>`
        : nothing}`;
  }

  /** Depth opened by default: a large record opens less so it renders at once. */
  private get openDepth(): number {
    return (this.shown?.CloudTrailEvent?.length ?? 0) > 200_000 ? 1 : 3;
  }

  private toggle(path: string, open: boolean): void {
    this.toggled = new Map(this.toggled).set(path, open);
  }

  /** Opens a bounded part of the record at a time (see expand.ts), or closes every open branch. */
  private expandAll(open: boolean): void {
    const record = this.shown?.record;
    if (!record) return;
    const { toggled, complete } = fold(record, { toggled: this.toggled, shown: this.moreChildren, openDepth: this.openDepth }, open);
    this.toggled = toggled;
    this.expandMore = !complete;
  }

  /** The record exactly as CloudTrail sent it: never parsed and serialised again, so no record is too deep to copy. */
  private async copy(e: CtEvent): Promise<void> {
    try {
      await navigator.clipboard.writeText(recordJson(e.CloudTrailEvent));
      this.copyNote = 'Copied to the clipboard.';
    } catch {
      this.copyNote = 'The browser refused clipboard access; use Download JSON instead.';
    }
  }

  private download(e: CtEvent): void {
    this.copyNote = saveText('JSON file', `cloudtrail-event-${e.EventId ?? 'unknown'}.json`, () => `${recordJson(e.CloudTrailEvent)}\n`, 'application/json') ?? '';
  }
}
