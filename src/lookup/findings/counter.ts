/**
 * The counting behind the findings of one list of loaded events, loaded with the engine (not with
 * the first rows): each event's own hits counted once for good, and the aggregate rules' hits read
 * only on the events that met an aggregate rule's test and lie within a window's time. The
 * tracker (state/findings.ts) schedules the slices. Plain TypeScript: no Lit, no DOM.
 */
import type { CtEvent } from '../events.js';
import type { FindingsEngine } from './engine.js';
import type { Hit, Rule } from './types.js';

/** A rule and how many of the loaded events it flags. */
export interface RuleCount {
  rule: Rule;
  count: number;
}

/** Events evaluated per slice. */
export const SLICE = 1000;


export class FindingsCounter {
  #events: readonly CtEvent[] = [];
  /** Events whose own hits (rules of single events) are counted: those are final once evaluated. */
  #done = 0;
  #own = new Map<string, RuleCount>();
  /** Indices of the events some rule of single events flags, ascending. */
  #ownFlagged: number[] = [];
  /**
   * The events that met an aggregate rule's test (the only ones a window can flag): their indices,
   * ascending, and their times. A window found later is counted over those within its time.
   */
  #counted: number[] = [];
  #countedTimes: number[] = [];
  /**
   * The aggregate rules' counts, over the events `#inWindows` names (ascending indices of those
   * within a window's time), counted up to `#aggDone`, as of `#aggregates` windows and `#aggEvents` events.
   */
  #agg = new Map<string, RuleCount>();
  #aggFlagged: number[] = [];
  #inWindows: number[] = [];
  #aggDone = 0;
  #aggregates = 0;
  #aggEvents = 0;
  #flagged?: CtEvent[];

  constructor(private readonly engine: FindingsEngine) {}

  /** Events evaluated for their own hits so far. */
  get evaluated(): number {
    return this.#done;
  }

  /**
   * The loaded events now. A list that extends the last one (a page appended) goes on from where
   * counting stood; any other starts over.
   */
  sync(events: readonly CtEvent[]): void {
    if (events === this.#events && events.length < this.#done) this.#reset();
    else if (events !== this.#events) {
      const last = this.#events;
      const extends_ = events.length >= last.length && last.length > 0 && events[0] === last[0] && events[last.length - 1] === last[last.length - 1];
      this.#events = events;
      if (!extends_) this.#reset();
    }
  }

  /** Whether a slice is left to evaluate. */
  get pending(): boolean {
    return this.#done < this.#events.length || this.#aggDone < this.#inWindows.length || this.#aggregatesStale();
  }

  #reset(): void {
    this.#done = 0;
    this.#own = new Map();
    this.#ownFlagged = [];
    this.#counted = [];
    this.#countedTimes = [];
    this.#agg = new Map();
    this.#aggFlagged = [];
    this.#inWindows = [];
    this.#aggDone = 0;
    // No window found: nothing for the aggregate rules to count.
    this.#aggregates = 0;
    this.#aggEvents = 0;
    this.#flagged = undefined;
  }

  /** Windows were found, or events added since the aggregate rules were counted (then within windows found before). */
  #aggregatesStale(): boolean {
    const e = this.engine;
    return this.#aggregates !== e.windows || (e.windows > 0 && this.#aggEvents !== this.#events.length);
  }

  /** Counts the aggregate rules afresh (windows were found, or events added): over the events within a window only. */
  #recountAggregates(): void {
    const e = this.engine;
    this.#agg = new Map();
    this.#aggFlagged = [];
    this.#aggDone = 0;
    this.#aggregates = e.windows;
    this.#aggEvents = this.#events.length;
    this.#inWindows = within(this.#counted, this.#countedTimes, e.windowSpans);
  }

  /**
   * One slice of up to `limit` events (SLICE by default): first each event's own hits, counted once for good; then the
   * aggregate rules' hits, read only on the events within a window's time. A window found later
   * flags earlier events: then only the events within windows are counted again, never the whole list.
   */
  step(limit = SLICE): void {
    const e = this.engine;
    const events = this.#events;
    if (this.#done < events.length) {
      const end = Math.min(events.length, this.#done + limit);
      for (let i = this.#done; i < end; i++) {
        const event = events[i];
        const hits = e.ownHitsOf(event);
        if (hits.length) {
          this.#ownFlagged.push(i);
          add(this.#own, hits);
        }
        // Its time was just read by the engine; the other events' times are never needed.
        if (e.counted(event)) {
          this.#counted.push(i);
          this.#countedTimes.push(event.EventTime?.getTime() ?? NaN);
        }
      }
      this.#done = end;
    } else {
      if (this.#aggregatesStale()) this.#recountAggregates();
      const end = Math.min(this.#inWindows.length, this.#aggDone + limit);
      for (let k = this.#aggDone; k < end; k++) {
        const i = this.#inWindows[k];
        const hits = e.aggregateHitsOf(events[i]);
        if (hits.length) {
          this.#aggFlagged.push(i);
          add(this.#agg, hits);
        }
      }
      this.#aggDone = end;
    }
    this.#flagged = undefined;
  }

  /** The rules that flag any loaded event, with how many (in no order: the tracker sorts them). */
  counts(): RuleCount[] {
    return [...this.#own.values(), ...this.#agg.values()];
  }

  /** The loaded events that some rule flags (counted so far), in list order. */
  flaggedEvents(): readonly CtEvent[] {
    if (this.#flagged) return this.#flagged;
    // Two ascending lists of indices, merged; an event both kinds of rule flag is listed once.
    const [a, b] = [this.#ownFlagged, this.#aggFlagged];
    const out: CtEvent[] = [];
    let i = 0;
    let j = 0;
    let last = -1;
    while (i < a.length || j < b.length) {
      const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
      if (next !== last) out.push(this.#events[next]);
      last = next;
    }
    return (this.#flagged = out);
  }
}

/**
 * The indices (ascending, as given) of the events whose time lies within one of the spans: the
 * spans merged and sorted, then each time found among them with a binary search.
 */
function within(indices: readonly number[], times: readonly number[], spans: readonly (readonly [number, number])[]): number[] {
  const merged: [number, number][] = [];
  for (const [first, last] of [...spans].sort((x, y) => x[0] - y[0])) {
    const top = merged[merged.length - 1];
    if (top && first <= top[1]) top[1] = Math.max(top[1], last);
    else merged.push([first, last]);
  }
  const out: number[] = [];
  if (!merged.length) return out;
  for (let k = 0; k < indices.length; k++) {
    const t = times[k];
    // The last span that starts at or before t.
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid][0] <= t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && t <= merged[lo - 1][1]) out.push(indices[k]);
  }
  return out;
}

function add(counts: Map<string, RuleCount>, hits: readonly Hit[]): void {
  for (const h of hits) {
    const held = counts.get(h.rule.id);
    if (held) held.count++;
    else counts.set(h.rule.id, { rule: h.rule, count: 1 });
  }
}
