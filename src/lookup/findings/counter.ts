/**
 * The counting behind the findings of one list of loaded events, loaded with the engine (not with
 * the first rows): each event's own hits counted once for good, and the aggregate rules' hits read
 * only on the events within a window's time. The tracker (state/findings.ts) schedules the slices.
 * Plain TypeScript: no Lit, no DOM.
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
  /** The list is newest first so far (as LookupEvents and the merge give it): windows are then found by time. */
  #sorted = true;
  #lastTime = Infinity;
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
    this.#sorted = true;
    this.#lastTime = Infinity;
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
    this.#inWindows = this.#sorted ? indicesWithin(this.#events, e.windowSpans) : this.#events.map((_, i) => i);
  }

  /**
   * One slice of up to SLICE events: first each event's own hits, counted once for good; then the
   * aggregate rules' hits, read only on the events within a window's time. A window found later
   * flags earlier events: then only the events within windows are counted again, never the whole list.
   */
  step(): void {
    const e = this.engine;
    const events = this.#events;
    if (this.#done < events.length) {
      const end = Math.min(events.length, this.#done + SLICE);
      for (let i = this.#done; i < end; i++) {
        const event = events[i];
        const hits = e.ownHitsOf(event);
        if (hits.length) {
          this.#ownFlagged.push(i);
          add(this.#own, hits);
        }
        // An event without a time, or out of order, and windows are found by scanning instead.
        const time = event.EventTime?.getTime() ?? NaN;
        if (!(time <= this.#lastTime)) this.#sorted = false;
        this.#lastTime = time;
      }
      this.#done = end;
    } else {
      if (this.#aggregatesStale()) this.#recountAggregates();
      const end = Math.min(this.#inWindows.length, this.#aggDone + SLICE);
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
 * The indices (ascending) of the events, newest first, whose time lies within one of the spans:
 * the spans merged, each found with two binary searches.
 */
function indicesWithin(events: readonly CtEvent[], spans: readonly (readonly [number, number])[]): number[] {
  const merged: [number, number][] = [];
  for (const [first, last] of [...spans].sort((x, y) => y[1] - x[1])) {
    const top = merged[merged.length - 1];
    if (top && last >= top[0]) top[0] = Math.min(top[0], first);
    else merged.push([first, last]);
  }
  const time = (i: number) => events[i].EventTime?.getTime() ?? -Infinity;
  /** The first index whose time is at most `t`. */
  const atOrBefore = (t: number) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (time(mid) > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: number[] = [];
  for (const [first, last] of merged) for (let i = atOrBefore(last); i < events.length && time(i) >= first; i++) out.push(i);
  return out;
}

function add(counts: Map<string, RuleCount>, hits: readonly Hit[]): void {
  for (const h of hits) {
    const held = counts.get(h.rule.id);
    if (held) held.count++;
    else counts.set(h.rule.id, { rule: h.rule, count: 1 });
  }
}
