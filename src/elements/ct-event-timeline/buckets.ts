/**
 * Events per time bucket for `<ct-event-timeline>`. Plain TypeScript: no Lit, no DOM.
 *
 * A query's events array is append-only (see LookupController), so {@link TimelineBuckets.sync}
 * keeps what it counted for that array and range and counts only the new tail: a page of 50
 * costs O(50), whatever is loaded. Counts of the whole range from the service (Athena), when given,
 * take the place of the loaded events'.
 */
import type { CtEvent } from '../../lookup/events.js';
import type { BucketCount } from '../../lookup/page-source.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bucket widths that read as round numbers on an axis. */
const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 3 * DAY, 7 * DAY, 14 * DAY];

/** The smallest round bucket width that splits `span` ms into at most `max` buckets. */
export function bucketWidth(span: number, max: number): number {
  const want = span / Math.max(1, max);
  return STEPS.find((s) => s >= want) ?? Math.ceil(want / DAY) * DAY;
}

/** "1 hour", "15 minutes", "2 days". */
export function describeWidth(ms: number): string {
  const [n, unit] = ms % DAY === 0 ? [ms / DAY, 'day'] : ms % HOUR === 0 ? [ms / HOUR, 'hour'] : [ms / MINUTE, 'minute'];
  return n === 1 ? `1 ${unit}` : `${n} ${unit}s`;
}

/** An Insights event's window: the span CloudTrail saw unusual activity in. */
export interface InsightWindow {
  start: number;
  end: number;
  /** "ApiCallRateInsight on Decrypt". */
  label: string;
}

export interface TimelineRange {
  start: number;
  end: number;
  /** Buckets wanted at most (the element derives it from its width). */
  maxBuckets: number;
}

export class TimelineBuckets {
  /** First bucket's start: `start` rounded down to the bucket width (so edges fall on round times). */
  origin = 0;
  width = HOUR;
  start = 0;
  end = 0;
  ok = new Uint32Array(0);
  errors = new Uint32Array(0);
  /** Time of the oldest event counted (events come newest first); NaN before any. */
  oldest = Number.NaN;
  /** Events counted (those outside the range are not). */
  total = 0;
  insights: InsightWindow[] = [];
  /** The bars count every matching event of the range (from the service), not the loaded ones. */
  whole = false;
  #counts: readonly BucketCount[] | null = null;
  #events: readonly CtEvent[] | null = null;
  #seen = 0;
  #key = '';
  /** Insights windows by sharedEventID, and those whose Start event was seen. */
  #windows = new Map<string, InsightWindow>();
  #started = new Set<string>();

  get count(): number {
    return this.ok.length;
  }

  bucketStart(i: number): number {
    return Math.max(this.start, this.origin + i * this.width);
  }

  bucketEnd(i: number): number {
    return Math.min(this.end, this.origin + (i + 1) * this.width);
  }

  /** The bucket holding time `t`, clamped to the range. */
  indexOf(t: number): number {
    return Math.min(this.count - 1, Math.max(0, Math.floor((t - this.origin) / this.width)));
  }

  /**
   * Counts what `events` holds beyond what was counted before. A different array or range starts
   * over. With `counts` (the whole range's, per bucket of this range's width) the bars are those
   * and the events are not counted. Returns whether anything changed.
   */
  sync(events: readonly CtEvent[], range: TimelineRange, counts: readonly BucketCount[] | null = null): boolean {
    const key = `${range.start}/${range.end}/${range.maxBuckets}`;
    if (events !== this.#events || key !== this.#key || events.length < this.#seen || counts !== this.#counts) {
      this.#reset(events, range, key, counts);
    } else if (events.length === this.#seen) {
      return false;
    }
    if (!counts) for (let i = this.#seen; i < events.length; i++) this.#add(events[i]!);
    this.#seen = events.length;
    return true;
  }

  #reset(events: readonly CtEvent[], range: TimelineRange, key: string, counts: readonly BucketCount[] | null): void {
    this.#events = events;
    this.#key = key;
    this.#seen = 0;
    this.start = range.start;
    this.end = Math.max(range.end, range.start + 1);
    this.width = bucketWidth(this.end - this.start, range.maxBuckets);
    this.origin = Math.floor(this.start / this.width) * this.width;
    const n = Math.max(1, Math.ceil((this.end - this.origin) / this.width));
    this.ok = new Uint32Array(n);
    this.errors = new Uint32Array(n);
    this.oldest = Number.NaN;
    this.total = 0;
    this.insights = [];
    this.#windows.clear();
    this.#started.clear();
    this.#counts = counts;
    this.whole = counts !== null;
    for (const c of counts ?? []) {
      const i = this.indexOf(c.start);
      this.ok[i]! += c.count - c.errors;
      this.errors[i]! += c.errors;
      this.total += c.count;
    }
  }

  #add(e: CtEvent): void {
    const t = e.EventTime?.getTime();
    if (t === undefined || t < this.start || t > this.end) return;
    if (!(t >= this.oldest)) this.oldest = t;
    this.total++;
    if (e.isInsight) this.#addInsight(e, t);
    else if (e.isError) this.errors[this.indexOf(t)]!++;
    else this.ok[this.indexOf(t)]!++;
  }

  /**
   * A window runs from its Start event to its End event (paired by sharedEventID). Events come
   * newest first, so the End usually comes first: its duration (minutes) gives the start until the
   * Start event arrives. A Start with no End in the range is still open at the range's end.
   */
  #addInsight(e: CtEvent, t: number): void {
    const d = e.insight;
    const id = String(e.record?.sharedEventID ?? e.EventId);
    let w = this.#windows.get(id);
    if (!w) {
      w = { start: this.start, end: this.end, label: [d?.insightType ?? 'Insight', d?.eventName].filter(Boolean).join(' on ') };
      this.insights.push(w);
      this.#windows.set(id, w);
    }
    if (d?.state !== 'End') {
      w.start = t;
      this.#started.add(id);
    } else {
      w.end = t;
      if (!this.#started.has(id)) w.start = Math.max(this.start, t - (d.insightDuration ?? 0) * MINUTE);
    }
  }
}
