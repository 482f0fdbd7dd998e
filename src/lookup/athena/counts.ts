/**
 * The Athena source's counting: the facets' top values, the timeline's buckets and the findings over
 * a plan's whole range, asked separately as the view renders and answered by one counting query per
 * lookup (countsSql), its rows split per facet field, per bucket and per rule, cached per plan.
 */
import type { BucketCount, FindingCounts } from '../page-source.js';
import type { ConditionField } from '../conditions.js';
import { LookupError } from '../errors.js';
import { loadedFindingRules } from '../findings/registry.js';
import type { LookupPlan } from '../query.js';
import { countsSql, FLAG_BITS, type AthenaSql, type AthenaTable } from './sql.js';

/** What counting needs of the source: the table's layout, a query run to its end, and its rows. */
export interface CountRunner {
  layout(signal: AbortSignal): Promise<AthenaTable>;
  run(q: AthenaSql, signal: AbortSignal): Promise<{ id: string; cancelled: boolean }>;
  rows(id: string, token: string | undefined, max: number, signal: AbortSignal): Promise<{ rows: Record<string, string | null>[]; next?: string }>;
}

/** Counting asked for one plan within one task, answered by one query. */
interface CountBatch {
  plan: LookupPlan;
  fields: Set<ConditionField>;
  limit: number;
  widthMs?: number;
  /** The loaded rules' findings are counted too. */
  findings?: boolean;
  signal?: AbortSignal;
  done: Promise<Map<string, unknown>>;
}

const MINUTE = 60_000;
/**
 * The bucket width the counting query uses: the largest of 1 minute, 5, 15 minutes, 1 hour, 6 hours
 * and 1 day that divides every width the timeline may draw for the plan's range (it draws at most
 * 96 buckets of a round width: 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, whole days), so
 * its buckets add up to the timeline's whatever the chart's size, in a few hundred rows.
 */
function baseWidth(plan: LookupPlan): number {
  const least = (plan.end.getTime() - plan.start.getTime()) / 96;
  return [1440 * MINUTE, 360 * MINUTE, 60 * MINUTE, 15 * MINUTE, 5 * MINUTE].find((w) => least >= w) ?? MINUTE;
}

/** Buckets of a width that divides `widthMs`, added up into buckets of `widthMs` (both start at multiples of their width). */
function regroup(buckets: readonly BucketCount[], widthMs: number): BucketCount[] {
  const out = new Map<number, BucketCount>();
  for (const b of buckets) {
    const start = Math.floor(b.start / widthMs) * widthMs;
    const sum = out.get(start) ?? { start, count: 0, errors: 0 };
    sum.count += b.count;
    sum.errors += b.errors;
    out.set(start, sum);
  }
  return [...out.values()].sort((a, b) => a.start - b.start);
}

/** A plan's identity for the counts cache: its range and everything it matches. */
const planKey = (plan: LookupPlan): string => JSON.stringify([plan.start.getTime(), plan.end.getTime(), plan.query.conditions ?? [], plan.query.attribute ?? null, plan.query.readOnly]);

/** The counts of one source, batched into one query per plan and task, and cached per plan. */
export class AthenaCounts {
  readonly #runner: CountRunner;
  #batch: CountBatch | undefined;
  /** Counts per plan, cached: the same facet (or timeline) of the same plan is asked once. */
  readonly #counts = new Map<string, Promise<unknown>>();

  constructor(runner: CountRunner) {
    this.#runner = runner;
  }

  /**
   * How many events of the plan's whole range have each value of `field` (most first, NULL left
   * out): from the lookup's one counting query, cached per plan and field.
   */
  facet(plan: LookupPlan, field: ConditionField, limit = 10, signal?: AbortSignal): Promise<{ value: string; count: number }[]> {
    const counted = this.#count(plan, `f:${field}`, `:${limit}`, signal, (b) => { b.fields.add(field); b.limit = Math.max(b.limit, limit); }, (b) => b.limit >= limit || b.fields.size === 0) as Promise<{ value: string; count: number }[]>;
    return counted.then((values) => values.slice(0, limit));
  }

  /**
   * Events of the plan's whole range per bucket of `widthMs`: from the lookup's one counting query,
   * which counts fine buckets (see {@link baseWidth}) that add up to any width the timeline draws;
   * a width they do not divide gets its own query. Cached per plan and width.
   */
  timeline(plan: LookupPlan, widthMs: number, signal?: AbortSignal): Promise<BucketCount[]> {
    const base = baseWidth(plan);
    if (widthMs % base === 0) {
      const fine = this.#count(plan, `t:${base}`, '', signal, () => {}, (b) => b.widthMs === base) as Promise<BucketCount[]>;
      return fine.then((buckets) => regroup(buckets, widthMs));
    }
    return this.#count(plan, `t:${widthMs}`, '', signal, (b) => { b.widthMs = widthMs; }, (b) => b.widthMs === widthMs && b.fields.size === 0) as Promise<BucketCount[]>;
  }

  /**
   * How many events of the plan's whole range each loaded rule flags: counted per timeline bucket
   * in the lookup's one counting query (each rule compiled to SQL), with the rules that cannot be
   * written in SQL and why. Cached per plan.
   */
  findings(plan: LookupPlan, signal?: AbortSignal): Promise<FindingCounts> {
    return this.#count(plan, 'g', '', signal, (b) => { b.findings = true; }) as Promise<FindingCounts>;
  }

  /**
   * One count, cached by plan and `part`. Counts asked within one task for the same plan join one
   * batch, sent as one query when the task ends: the facets and the timeline ask as they render
   * the lookup's first rows, so a lookup scans its range once for all of them.
   */
  #count(plan: LookupPlan, part: string, tag: string, signal: AbortSignal | undefined, join: (b: CountBatch) => void, fits: (b: CountBatch) => boolean = () => true): Promise<unknown> {
    const key = `${planKey(plan)}|${part}${tag}`;
    const hit = this.#counts.get(key);
    if (hit) return hit;
    let batch = this.#batch;
    if (!batch || batch.plan !== plan || !fits(batch)) {
      const b: CountBatch = { plan, fields: new Set(), limit: 1, widthMs: baseWidth(plan), signal, done: undefined as unknown as Promise<Map<string, unknown>> };
      b.done = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
        if (this.#batch === b) this.#batch = undefined;
        return this.#countNow(b);
      });
      this.#batch = batch = b;
    }
    join(batch);
    const done = batch.done.then((parts) => {
      const value = parts.get(part);
      if (value instanceof Error) throw value;
      return value ?? [];
    });
    done.catch(() => this.#counts.delete(key));
    this.#counts.set(key, done);
    return done;
  }

  /** Runs one batch's counting query and splits its rows per facet field and for the timeline. */
  async #countNow(b: CountBatch): Promise<Map<string, unknown>> {
    const signal = b.signal ?? new AbortController().signal;
    const fields = [...b.fields];
    // The table's layout and the rules (loading since the lookup started) are awaited together.
    let unruled: Error | undefined;
    const [target, rules] = await Promise.all([
      this.#runner.layout(signal),
      b.findings ? loadedFindingRules().catch((err: unknown) => { unruled = err as Error; return undefined; }) : undefined,
    ]);
    if (b.findings && !rules && !unruled) unruled = new LookupError('The findings rules have not loaded, so Athena cannot count findings.', { code: 'FindingsNotLoaded' });
    const q = countsSql(b.plan, target, { fields, limit: b.limit, widthMs: b.widthMs, ...(rules ? { findings: rules } : {}) });
    const ran = await this.#runner.run(q, signal);
    if (ran.cancelled) throw new LookupError('The counting query was cancelled.', { code: 'AthenaQueryCancelled' });
    const values = fields.map(() => [] as { value: string; count: number }[]);
    const buckets: BucketCount[] = [];
    const flagged = q.compiled.map(() => 0);
    let token: string | undefined;
    do {
      const page = await this.#runner.rows(ran.id, token, 1000, signal);
      for (const r of page.rows) {
        const i = fields.findIndex((_, k) => r[`f${k}`] !== null && r[`f${k}`] !== undefined);
        const g = Array.from({ length: Math.ceil(q.compiled.length / FLAG_BITS) }, (_, j) => r[`g${j}`]).findIndex((v) => v !== null && v !== undefined);
        if (i >= 0) values[i]!.push({ value: r[`f${i}`]!, count: Number(r.n) });
        else if (g >= 0) {
          // A combination of flags and how many events have it: each set bit's rule flags those events.
          const mask = Number(r[`g${g}`]);
          for (let bit = 0; bit < FLAG_BITS; bit++) if (mask & (2 ** bit)) flagged[g * FLAG_BITS + bit]! += Number(r.n);
        } else if (r.bucket !== null && r.bucket !== undefined && b.widthMs) buckets.push({ start: Number(r.bucket) * b.widthMs, count: Number(r.n), errors: Number(r.errors) });
      }
      token = page.next;
    } while (token);
    const out = new Map<string, unknown>();
    fields.forEach((field, i) => {
      out.set(`f:${field}`, values[i]!.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1)));
    });
    if (b.widthMs) out.set(`t:${b.widthMs}`, buckets.sort((x, y) => x.start - y.start));
    if (b.findings) {
      out.set('g', unruled ?? {
        counts: q.compiled.map((rule, k) => ({ id: rule.id, count: flagged[k]! })).filter((c) => c.count > 0),
        refused: q.refused.map((e) => ({ id: e.ruleId, reason: e.message })),
      } satisfies FindingCounts);
    }
    return out;
  }
}
