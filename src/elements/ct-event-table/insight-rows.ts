/**
 * Insights events in the table: one row per insight (Start and End paired), with the Insights
 * columns. Those load with import() the first time a table shows Insights events.
 */
import type { CtEvent } from '../../lookup/events.js';
import type { Column } from '../../state/columns.js';

let insightsPart: typeof import('../../state/insights.js') | undefined;
let insightsLoading: Promise<unknown> | undefined;

export class InsightRows {
  #pairedFrom?: { rows: readonly CtEvent[]; length: number; paired: CtEvent[] };

  /** `update` re-renders the table once the Insights columns are in. */
  constructor(private readonly update: () => void) {}

  /** The Insights columns are not loaded yet (this starts loading them): skeleton rows meanwhile. */
  get pending(): boolean {
    if (insightsPart) return false;
    insightsLoading ??= import('../../state/insights.js').then((m) => (insightsPart = m), (err: unknown) => {
      insightsLoading = undefined;
      console.warn('cloudtrail-elements: the Insights columns could not be loaded.', err);
    });
    void insightsLoading.then(this.update);
    return true;
  }

  /** The Insights columns, once loaded. */
  get columns(): readonly Column[] | undefined {
    return insightsPart?.INSIGHT_COLUMNS;
  }

  /** Start and End of each insight as one row (none until the Insights columns are in); recomputed only when rows arrive. */
  rows(rows: readonly CtEvent[]): readonly CtEvent[] {
    if (!insightsPart) return [];
    const was = this.#pairedFrom;
    if (was && was.rows === rows && was.length === rows.length) return was.paired;
    const paired = insightsPart.pairInsights(rows);
    this.#pairedFrom = { rows, length: rows.length, paired };
    return paired;
  }
}
