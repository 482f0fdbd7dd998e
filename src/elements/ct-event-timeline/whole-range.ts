/**
 * Whole-range bucket counts for the timeline: when the lookup's source can count on the service side
 * (Athena), the bars come from one GROUP BY query over every matching event of the range, asked once
 * per query and bucket width (the source caches it), instead of from the loaded rows only.
 */
import type { LookupController } from '../../lookup/controller.js';
import type { BucketCount } from '../../lookup/page-source.js';
import { firstSentence } from '../shared/reason.js';

export type WholeTimeline =
  /** The source cannot count: the bars are the loaded rows. */
  | undefined
  /** The query is running. */
  | 'counting'
  /** Every matching event of the range, per bucket. */
  | readonly BucketCount[]
  /** The count failed (a scan cap, a permission): why, in words; the bars are the loaded rows. */
  | { failed: string };

export class WholeRangeTimeline {
  #key: string | undefined;
  #result: WholeTimeline;

  constructor(private readonly host: { requestUpdate(): void }) {}

  /** The counts for the current query at this bucket width, asked for on first call. */
  get(lookup: LookupController | undefined, widthMs: number): WholeTimeline {
    const state = lookup?.state;
    if (!lookup || !state?.plan) return undefined;
    const key = `${state.queryId}:${widthMs}`;
    if (key === this.#key) return this.#result;
    // Counting starts with the lookup, beside its page query (Athena runs them at once), not after its first rows.
    const counting = lookup.countWith((counter, plan, signal) => counter.timeline(plan, widthMs, signal));
    this.#key = key;
    this.#result = counting && 'counting';
    counting?.then((buckets) => {
      if (this.#key !== key) return;
      this.#result = buckets;
      this.host.requestUpdate();
    }, (err: unknown) => {
      // The loaded rows stay the bars when the count fails, and the chart says why.
      if (this.#key !== key) return;
      this.#result = { failed: firstSentence(err) };
      this.host.requestUpdate();
    });
    return this.#result;
  }
}
