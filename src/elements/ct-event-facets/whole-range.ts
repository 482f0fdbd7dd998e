/**
 * Whole-range counts for the facets: when the lookup's source can count on the service side
 * (Athena), each field's top values over every matching event come from one GROUP BY query, asked
 * once per query (the source caches them), instead of from the loaded rows only.
 */
import type { LookupController } from '../../lookup/controller.js';
import type { FindingCounts } from '../../lookup/page-source.js';
import { MULTI_FIELDS, type ConditionField } from '../../lookup/conditions.js';
import type { FacetValue } from '../../state/facets.js';
import { firstSentence } from '../shared/reason.js';

export class WholeRangeCounts {
  #key: string | undefined;
  #results = new Map<ConditionField, FacetValue[]>();
  #counting = false;
  #asked = 0;
  #failed: string | undefined;
  #findings: WholeFindings | undefined;

  /** Why Athena could not count some field (those show the loaded events), in words. */
  get failed(): string | undefined {
    return this.#failed;
  }

  /** The findings over the whole range (counted in the same query), while and once they are counted; undefined when the source cannot. */
  get findings(): WholeFindings | undefined {
    return this.#findings;
  }

  /** True while some field's whole-range count has not arrived yet. */
  get pending(): boolean {
    return this.#counting && this.#results.size < this.#asked;
  }

  constructor(private readonly host: { requestUpdate(): void }) {}

  /** Counts that have arrived for the current query, by field; undefined when the source cannot count. */
  get(lookup: LookupController | undefined, fields: readonly ConditionField[], limit: number): ReadonlyMap<ConditionField, FacetValue[]> | undefined {
    const state = lookup?.state;
    if (!lookup || !state?.plan) return undefined;
    // Counting starts with the lookup, beside its page query (Athena runs them at once), not after its first rows.
    const key = `${state.queryId}:${limit}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#results = new Map();
      this.#counting = false;
      this.#asked = 0;
      this.#failed = undefined;
      this.#findings = undefined;
      for (const field of fields) {
        if (MULTI_FIELDS.includes(field)) continue;
        const counting = lookup.countWith((counter, plan, signal) => counter.facet(plan, field, limit, signal));
        if (!counting) break;
        this.#counting = true;
        this.#asked++;
        counting.then((values) => {
          if (this.#key !== key) return;
          this.#results.set(field, values);
          this.host.requestUpdate();
        }, (err: unknown) => {
          // A field that cannot be counted keeps its loaded-row counts (and the hint says why); the others still arrive.
          if (this.#key !== key) return;
          this.#asked--;
          this.#failed ??= firstSentence(err);
          this.host.requestUpdate();
        });
      }
      // The rules' findings join the same counting query (the source batches what is asked in one task).
      const findings = this.#counting ? lookup.countWith((counter, plan, signal) => counter.findings?.(plan, signal) ?? Promise.resolve(undefined)) : undefined;
      if (findings) {
        this.#findings = { pending: true };
        findings.then((counts) => {
          if (this.#key !== key) return;
          this.#findings = counts ? { pending: false, counts } : undefined;
          this.host.requestUpdate();
        }, (err: unknown) => {
          if (this.#key !== key) return;
          this.#findings = { pending: false, failed: firstSentence(err) };
          this.host.requestUpdate();
        });
      }
    }
    return this.#counting ? this.#results : undefined;
  }
}

/** The Findings facet's whole-range counts: counting, counted (with the rules Athena cannot run), or failed. */
export interface WholeFindings {
  pending: boolean;
  counts?: FindingCounts;
  failed?: string;
}
