/**
 * The rule engine: evaluates events as they arrive, one page at a time, and remembers each
 * event's hits. Rules are indexed by what they require of `eventName` and `eventSource` (equals,
 * one of, starts with, not, ...): each rule's gate runs once per distinct name and source, and an
 * event is tried only against the rules its pair lets through, so most events meet one map lookup
 * and a handful of tests.
 *
 * Aggregate rules ("10 AccessDenied from one principal within 5 minutes") keep, per rule and
 * principal, the times of the events that met the rule; when a window holds enough of them, every
 * event in it is flagged, those of earlier pages too (`version` moves so a view re-reads).
 */
import type { CtEvent } from '../events.js';
import { asText, fieldCost, firstReader } from './fields.js';
import { LazyHit, checkRule, compileGate, compileMatch, type GateKey, type Test } from './compile.js';
import { RuleError, type AggregateEvidence, type Hit, type Rule } from './types.js';

interface Compiled {
  rule: Rule;
  test: Test;
}

/** The rules (and aggregate rules) events of one name and source may meet. */
interface Plan {
  rules: readonly Compiled[];
  aggregates: readonly AggregateState[];
}

/** Distinct names and sources planned at most (a hostile log could invent millions): past it, the plans start over. */
const MAX_PLANS = 20_000;

/** Events that met a counting rule, for one principal: times newest first, with their ids. */
interface CountGroup {
  times: number[];
  ids: string[];
  seen: Set<string>;
}

/**
 * For a rule counting distinct values (Regions): each value's times, newest first, and the windows
 * found to hold enough values. Events are not remembered one by one: an event is flagged when its
 * time falls in a window, which is cheap for the many events (every call of an access key) such a
 * rule watches.
 */
interface DistinctGroup {
  byValue: Map<string, number[]>;
  /** The same lists, for a loop with no iterator. */
  lists: number[][];
  windows: AggregateEvidence[];
  /**
   * When the value is a path into the record (a secret's id): every event's time, newest first,
   * and the event while its value is not yet read. A value is read only once enough events lie
   * near it to make a window, so most records are never parsed. Held weakly: an event the page
   * let go of no longer counts.
   */
  times: number[];
  unread: (WeakRef<CtEvent> | undefined)[];
}

interface AggregateState {
  rule: Rule;
  test: Test;
  by: string;
  /** Reads the grouping field's first value. */
  byValue: (e: CtEvent) => unknown;
  need: number;
  windowMs: number;
  distinct?: { field: string; read: (e: CtEvent) => unknown; later: boolean };
  counts: Map<string, CountGroup>;
  /** Counting rules: event id → the window that flagged it. */
  flagged: Map<string, AggregateEvidence>;
  distincts: Map<string, DistinctGroup>;
  /** The earliest and latest times of the windows found by a distinct rule (empty at first). */
  span: [number, number];
}

const NO_HITS: readonly Hit[] = Object.freeze([]);
/** Events the counting rules remember in all, so a long investigation cannot grow them without end. */
const MAX_AGGREGATE_EVENTS = 200_000;

export class FindingsEngine {
  readonly rules: readonly Rule[];
  readonly #compiled: { rule: Compiled; gate?: (key: GateKey) => boolean }[] = [];
  readonly #aggregates: AggregateState[] = [];
  readonly #aggregateGates: ((key: GateKey) => boolean | undefined)[] = [];
  /** Per event name and source, the rules its events may meet (each rule's gate run once per pair). */
  readonly #plans = new Map<string | undefined, Map<string | undefined, Plan>>();
  #planned = 0;
  #remembered = 0;
  /** The times (first, last) of every window found: the only times at which an aggregate rule flags an event. */
  readonly #spans: [number, number][] = [];
  #version = 0;
  #windows = 0;
  /**
   * The memo's mark for an event that met an aggregate rule's test (the engine itself marks the
   * others): only such an event can ever gain an aggregate hit, so a count after a window is
   * found reads only those.
   */
  readonly #counted = {};

  /** Throws a {@link RuleError} for the first rule that cannot be used, or for an id used twice. */
  constructor(rules: readonly Rule[]) {
    const ids = new Set<string>();
    for (const rule of rules) {
      checkRule(rule);
      if (ids.has(rule.id)) throw new RuleError(rule.id, 'another rule has the same id.');
      ids.add(rule.id);
      const test = compileMatch(rule.id, rule.match);
      const gate = compileGate(rule.id, rule.match);
      const a = rule.aggregate;
      if (!a) {
        this.#compiled.push({ rule: { rule, test }, gate });
        continue;
      }
      const by = a.by ?? 'userIdentity.arn';
      const state: AggregateState = {
        rule, test, by, byValue: firstReader(by), need: a.count, windowMs: a.withinMinutes * 60_000,
        distinct: a.distinct ? { field: a.distinct, read: firstReader(a.distinct), later: fieldCost(a.distinct) > 1 } : undefined,
        counts: new Map(), flagged: new Map(), distincts: new Map(), span: [Infinity, -Infinity],
      };
      this.#aggregates.push(state);
      this.#aggregateGates.push(gate ?? (() => true));
    }
    this.rules = Object.freeze([...rules]);
  }

  /** Moves whenever an event gains a hit, those flagged afterwards by an aggregate window included. */
  get version(): number {
    return this.#version;
  }

  /** Aggregate windows found so far: when it moves, events evaluated earlier may have gained a hit. */
  get windows(): number {
    return this.#windows;
  }

  /** The rule with this id. */
  rule(id: string): Rule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** Evaluates the events not seen before (a page as it arrives); returns how many gained a hit of their own. */
  evaluate(events: Iterable<CtEvent>): number {
    let flagged = 0;
    for (const e of events) {
      if (e.findingsBy === this || e.findingsBy === this.#counted) continue;
      if (this.#evaluateOne(e).length) flagged++;
    }
    return flagged;
  }

  /** The rules the event meets and why (evaluating it first when it was not yet). */
  hitsOf(event: CtEvent): readonly Hit[] {
    const own = this.ownHitsOf(event);
    if (!this.#aggregates.length) return own;
    let out: Hit[] | undefined;
    for (const a of this.#aggregates) {
      const window = this.#windowOf(a, event);
      if (!window) continue;
      out ??= [...own];
      out.push(new LazyHit(a.rule, a.test, event, window));
    }
    return out ?? own;
  }

  /** The rules of single events that the event meets (evaluating it first when it was not yet): final once evaluated. */
  ownHitsOf(event: CtEvent): readonly Hit[] {
    const by = event.findingsBy;
    return by === this || by === this.#counted ? (event.findingsHits as readonly Hit[]) : this.#evaluateOne(event);
  }

  /**
   * Whether the event (evaluated) met the test of an aggregate rule: the only events a window
   * found later can flag.
   */
  counted(event: CtEvent): boolean {
    return event.findingsBy === this.#counted;
  }

  /**
   * The spans of time (first, last, epoch ms) of the windows found so far: an aggregate rule flags
   * only events within one, so a count after a new window re-reads only those.
   */
  get windowSpans(): readonly (readonly [number, number])[] {
    return this.#spans;
  }

  /** The aggregate rules' hits of the event: the windows found so far that hold it. */
  aggregateHitsOf(event: CtEvent): readonly Hit[] {
    let out: Hit[] | undefined;
    for (const a of this.#planFor(event).aggregates) {
      const window = this.#windowOf(a, event);
      if (window) (out ??= []).push(new LazyHit(a.rule, a.test, event, window));
    }
    return out ?? NO_HITS;
  }

  /** Whether the event meets the rule with this id. */
  flags(event: CtEvent, ruleId: string): boolean {
    return this.hitsOf(event).some((h) => h.rule.id === ruleId);
  }

  #windowOf(a: AggregateState, e: CtEvent): AggregateEvidence | undefined {
    if (!a.distinct) {
      const window = a.flagged.size && e.EventId !== undefined ? a.flagged.get(e.EventId) : undefined;
      // An id is one event; the test again only guards against a record that reuses another's id.
      return window && a.test.test(e) ? window : undefined;
    }
    // Most events lie outside every window found: one comparison sends them away.
    const time = e.EventTime?.getTime();
    if (time === undefined || !(time >= a.span[0] && time <= a.span[1])) return undefined;
    const key = a.byValue(e);
    const group = key === undefined ? undefined : a.distincts.get(asText(key));
    const window = group?.windows.find((w) => w.first <= time && time <= w.last);
    return window && a.test.test(e) ? window : undefined;
  }

  /** The rules events of this name and source may meet: planned on the first such event. */
  #planFor(e: CtEvent): Plan {
    // Two map lookups, no key built: this runs for every event.
    let bySource = this.#plans.get(e.EventSource);
    let plan = bySource?.get(e.EventName);
    if (plan) return plan;
    if (this.#planned >= MAX_PLANS) {
      this.#plans.clear();
      this.#planned = 0;
      bySource = undefined;
    }
    if (!bySource) this.#plans.set(e.EventSource, (bySource = new Map()));
    const at: GateKey = { EventName: e.EventName, EventSource: e.EventSource };
    plan = {
      rules: this.#compiled.filter((c) => !c.gate || c.gate(at)).map((c) => c.rule),
      aggregates: this.#aggregates.filter((_, i) => this.#aggregateGates[i](at)),
    };
    bySource.set(e.EventName, plan);
    this.#planned++;
    return plan;
  }

  #evaluateOne(e: CtEvent): readonly Hit[] {
    const plan = this.#planFor(e);
    const hits = plan.rules.length ? this.#tryRules(plan.rules, e, undefined) : undefined;
    let counted = false;
    for (let i = 0; i < plan.aggregates.length; i++) if (this.#aggregate(plan.aggregates[i], e)) counted = true;
    const result = hits ?? NO_HITS;
    // The memo on the event itself: cheaper than a WeakMap entry for each of 100,000 events.
    e.findingsBy = counted ? this.#counted : this;
    e.findingsHits = result;
    if (hits) this.#version++;
    return result;
  }

  #tryRules(list: readonly Compiled[], e: CtEvent, hits: Hit[] | undefined): Hit[] | undefined {
    for (let i = 0; i < list.length; i++) {
      const { rule, test } = list[i];
      if (test.test(e)) (hits ??= []).push(new LazyHit(rule, test, e));
    }
    return hits;
  }

  /** Counts the event for the rule when it meets its test; says whether it did. */
  #aggregate(a: AggregateState, e: CtEvent): boolean {
    // The test first: most events fail it, and their time (a Date of its own) is then never read.
    if (!a.test.test(e)) return false;
    const time = e.EventTime?.getTime();
    if (time === undefined) return false;
    const key = a.byValue(e);
    if (key === undefined) return false;
    if (a.distinct?.later) this.#addLater(a, asText(key), e, time);
    else if (a.distinct) this.#addDistinct(a, asText(key), asText(a.distinct.read(e) ?? ''), time);
    else this.#addCount(a, asText(key), e.EventId, time);
    return true;
  }

  #addCount(a: AggregateState, key: string, id: string | undefined, time: number): void {
    if (id === undefined || this.#remembered >= MAX_AGGREGATE_EVENTS) return;
    let group = a.counts.get(key);
    if (!group) a.counts.set(key, (group = { times: [], ids: [], seen: new Set() }));
    // The same event met again (a second lookup over the same range): counted once.
    if (group.seen.has(id)) return;
    group.seen.add(id);
    const at = insertDescending(group.times, time);
    group.ids.splice(at, 0, id);
    this.#remembered++;
    // A cheap bound first: the events within windowMs either side of this one.
    if (countWithin(group.times, time - a.windowMs, time + a.windowMs) < a.need) return;
    // Every window of windowMs that holds this event: two pointers over the sorted times.
    const { times, ids } = group;
    let start = at;
    while (start > 0 && times[start - 1] - time <= a.windowMs) start--;
    let last = start;
    let flaggedTo = -1;
    for (; start <= at; start++) {
      while (last + 1 < times.length && times[start] - times[last + 1] <= a.windowMs) last++;
      const count = last - start + 1;
      if (count < a.need) continue;
      const window: AggregateEvidence = { by: a.by, value: key, count, first: times[last], last: times[start] };
      let added = 0;
      for (let k = Math.max(start, flaggedTo + 1); k <= last; k++) {
        if (a.flagged.has(ids[k])) continue;
        a.flagged.set(ids[k], window);
        added++;
      }
      flaggedTo = last;
      if (added) {
        this.#version++;
        this.#windows++;
        this.#spans.push([window.first, window.last]);
      }
    }
  }

  #group(a: AggregateState, key: string): DistinctGroup {
    let group = a.distincts.get(key);
    if (!group) a.distincts.set(key, (group = { byValue: new Map(), lists: [], windows: [], times: [], unread: [] }));
    return group;
  }

  /** A distinct rule whose value is a path into the record: the value read only when enough events lie near. */
  #addLater(a: AggregateState, key: string, e: CtEvent, time: number): void {
    const group = this.#group(a, key);
    const { times, unread } = group;
    const at = insertDescending(times, time);
    if (at === unread.length) unread.push(new WeakRef(e));
    else unread.splice(at, 0, new WeakRef(e));
    // Fewer events than values needed within windowMs either side: no window can hold this one yet.
    const from = firstAtOrBefore(times, time + a.windowMs);
    const to = firstAtOrBefore(times, time - a.windowMs - 1);
    if (to - from < a.need) return;
    const read = a.distinct!.read;
    for (let i = from; i < to; i++) {
      const event = unread[i]?.deref();
      unread[i] = undefined;
      if (event) this.#addValue(group, asText(read(event) ?? ''), times[i]);
    }
    this.#findDistinct(a, key, group, time);
  }

  #addValue(group: DistinctGroup, value: string, time: number): void {
    let own = group.byValue.get(value);
    if (!own) {
      group.byValue.set(value, (own = []));
      group.lists.push(own);
    }
    insertDescending(own, time);
  }

  #addDistinct(a: AggregateState, key: string, value: string, time: number): void {
    const group = this.#group(a, key);
    this.#addValue(group, value, time);
    this.#findDistinct(a, key, group, time);
  }

  /** The windows that hold `time` and enough distinct values, found among the values read. */
  #findDistinct(a: AggregateState, key: string, group: DistinctGroup, time: number): void {
    const { lists, windows } = group;
    if (lists.length < a.need) return;
    for (let i = 0; i < windows.length; i++) if (windows[i].first <= time && time <= windows[i].last) return;
    // A cheap bound first, with no allocation: the values seen within windowMs either side. A
    // value's newest and oldest times settle most (events arrive newest first, so its oldest is
    // nearly always at or after this one): a search only when the range falls between them.
    const from = time - a.windowMs;
    const to = time + a.windowMs;
    let values = 0;
    for (let i = 0; i < lists.length; i++) {
      const times = lists[i];
      const newest = times[0];
      const oldest = times[times.length - 1];
      if (newest < from || oldest > to) continue;
      if (oldest >= from || newest <= to || countWithin(times, from, to) > 0) values++;
    }
    if (values < a.need) return;
    // Those values, each with its times there, merged oldest first.
    const near: [number, string][] = [];
    for (const [v, times] of group.byValue) {
      const from = firstAtOrBefore(times, time + a.windowMs);
      const to = firstAtOrBefore(times, time - a.windowMs - 1);
      for (let i = from; i < to; i++) near.push([times[i], v]);
    }
    if (new Set(near.map(([, v]) => v)).size < a.need) return;
    near.sort((x, y) => x[0] - y[0]);
    // Windows of windowMs (two pointers) that hold this time and enough distinct values, merged.
    const count = new Map<string, number>();
    let found: AggregateEvidence | undefined;
    let end = -1;
    for (let start = 0; start < near.length && near[start][0] <= time; start++) {
      while (end + 1 < near.length && near[end + 1][0] - near[start][0] <= a.windowMs) {
        end++;
        count.set(near[end][1], (count.get(near[end][1]) ?? 0) + 1);
      }
      if (near[end][0] >= time && count.size >= a.need) {
        found = found
          ? { ...found, count: Math.max(found.count, count.size), last: near[end][0] }
          : { by: a.by, value: key, count: count.size, first: near[start][0], last: near[end][0], distinct: a.distinct!.field };
      }
      const left = count.get(near[start][1])! - 1;
      if (left) count.set(near[start][1], left);
      else count.delete(near[start][1]);
    }
    if (found) {
      group.windows.push(found);
      a.span = [Math.min(a.span[0], found.first), Math.max(a.span[1], found.last)];
      this.#version++;
      this.#windows++;
      this.#spans.push([found.first, found.last]);
    }
  }
}

/**
 * Inserts `time` into times sorted newest first and returns its place. Pages arrive newest first,
 * so the place is nearly always the end: a push, not a move of the whole list.
 */
function insertDescending(times: number[], time: number): number {
  let at = times.length;
  if (at > 0 && times[at - 1] < time) {
    let lo = 0;
    while (lo < at) {
      const mid = (lo + at) >> 1;
      if (times[mid] >= time) lo = mid + 1;
      else at = mid;
    }
  }
  if (at === times.length) times.push(time);
  else times.splice(at, 0, time);
  return at;
}

/** The first index whose time is at most `time` (times sorted newest first). */
function firstAtOrBefore(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] > time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const countWithin = (times: readonly number[], from: number, to: number): number => firstAtOrBefore(times, from - 1) - firstAtOrBefore(times, to);
