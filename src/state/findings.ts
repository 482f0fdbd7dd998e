/**
 * Findings over an investigation's loaded events: loads the engine and its pack with import()
 * once the first rows are in (the first rows never wait for it), evaluates the events in slices
 * of a thousand, scheduled when the page is idle, and keeps per rule how many of the loaded events
 * it flags (for the Findings facet). Each event is evaluated once; a burst found later is counted
 * over the events within its window only. Plain TypeScript: no Lit, no DOM.
 */
import type { CtEvent } from '../lookup/events.js';
import { findingHits, findingIds, setFindingsSource } from '../lookup/findings/registry.js';
import type { Hit, Rule, Severity } from '../lookup/findings/types.js';
import type { SigmaInput } from '../lookup/findings/sigma.js';

type FindingsModule = typeof import('../lookup/findings/index.js');
type Engine = InstanceType<FindingsModule['FindingsEngine']>;

export interface FindingsState {
  /** `loading` the engine, `ready` to evaluate, or `error` when it could not load. */
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** Moves whenever the findings of the loaded events change. */
  readonly version: number;
  /** Events evaluated of those loaded. */
  readonly evaluated: number;
  readonly message?: string;
}

export interface RuleCount {
  rule: Rule;
  count: number;
}

/** Runs `work` when the page is idle (requestIdleCallback where there is one). Tests pass their own. */
export type Scheduler = (work: () => void) => void;

const idle = globalThis as { requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number };
const idleScheduler: Scheduler = (work) => {
  if (idle.requestIdleCallback) idle.requestIdleCallback(work, { timeout: 500 });
  else setTimeout(work, 0);
};

/** Events evaluated per slice: a thousand cost a few milliseconds, well within a frame. */
export const SLICE = 1000;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
export const severityRank = (s: Severity): number => SEVERITY_RANK[s];

// One engine for the page: the built-in pack and every Sigma rule given to a provider on it.
let engine: Engine | undefined;
let loading: Promise<Engine> | undefined;
let sigma: Rule[] = [];
const trackers = new Set<FindingsTracker>();

function install(m: FindingsModule): Engine {
  engine = new m.FindingsEngine([...m.BUILTIN_RULES, ...sigma]);
  const current = engine;
  setFindingsSource({ hitsOf: (e) => current.hitsOf(e), rule: (id) => current.rule(id) });
  for (const t of trackers) t.restart();
  return engine;
}

/** Loads the engine and the built-in pack (once per page). */
export function loadFindings(): Promise<Engine> {
  loading ??= import('../lookup/findings/index.js').then(install, (err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/**
 * Adds Sigma rules (YAML text or parsed objects) to the page's rules. Returns the messages of the
 * rules refused (each with its id and the construct it uses), so the host can show them.
 */
export async function addSigmaRules(inputs: SigmaInput | readonly SigmaInput[]): Promise<string[]> {
  await loadFindings();
  const m = await import('../lookup/findings/index.js');
  const { rules, refused } = await m.readSigma(inputs);
  const messages = refused.map((e) => e.message);
  const taken = new Set([...m.BUILTIN_RULES, ...sigma].map((r) => r.id));
  const fresh = rules.filter((r) => {
    if (!taken.has(r.id)) return true;
    messages.push(`Rule ${r.id}: another rule has the same id; this one is not used.`);
    return false;
  });
  if (fresh.length) {
    sigma = [...sigma, ...fresh];
    install(m);
  }
  return messages;
}

export class FindingsTracker {
  #state: FindingsState = { status: 'idle', version: 0, evaluated: 0 };
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
  #scheduled = false;
  readonly #listeners = new Set<() => void>();

  constructor(private readonly schedule: Scheduler = idleScheduler) {
    trackers.add(this);
  }

  get state(): FindingsState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads the engine now (a query with a Finding condition needs it before its first page). */
  async ensure(): Promise<void> {
    await this.#load();
  }

  /**
   * The loaded events now (the controller's list); evaluation follows in idle slices. A list that
   * extends the last one (a page appended) goes on from where counting stood; any other starts over.
   */
  sync(events: readonly CtEvent[]): void {
    if (events === this.#events && events.length < this.#done) this.#reset();
    else if (events !== this.#events) {
      const last = this.#events;
      const extends_ = events.length >= last.length && last.length > 0 && events[0] === last[0] && events[last.length - 1] === last[last.length - 1];
      this.#events = events;
      if (!extends_) this.#reset();
    }
    if (!events.length) return;
    if (!engine) {
      void this.#load().catch(() => {});
      return;
    }
    this.#plan();
  }

  /** The engine changed (Sigma rules were added): evaluate and count again. */
  restart(): void {
    this.#reset();
    this.#plan();
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
  #aggregatesStale(e: Engine): boolean {
    return this.#aggregates !== e.windows || (e.windows > 0 && this.#aggEvents !== this.#events.length);
  }

  /** Counts the aggregate rules afresh (windows were found, or events added): over the events within a window only. */
  #recountAggregates(e: Engine): void {
    this.#agg = new Map();
    this.#aggFlagged = [];
    this.#aggDone = 0;
    this.#aggregates = e.windows;
    this.#aggEvents = this.#events.length;
    this.#inWindows = this.#sorted ? indicesWithin(this.#events, e.windowSpans) : this.#events.map((_, i) => i);
  }

  /** The rules that flag `event` and why; empty until the engine has loaded. */
  hitsOf(event: CtEvent): readonly Hit[] {
    return engine?.hitsOf(event) ?? [];
  }

  /** The rules that flag any loaded event, most severe first, then by count. */
  counts(): RuleCount[] {
    return [...this.#own.values(), ...this.#agg.values()].sort((a, b) => severityRank(b.rule.severity) - severityRank(a.rule.severity) || b.count - a.count || a.rule.title.localeCompare(b.rule.title));
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

  /** The rule with this id, once the engine has loaded. */
  rule(id: string): Rule | undefined {
    return engine?.rule(id);
  }

  dispose(): void {
    trackers.delete(this);
    this.#listeners.clear();
  }

  async #load(): Promise<void> {
    if (engine) return;
    this.#set({ status: 'loading' });
    try {
      await loadFindings();
      this.#set({ status: 'ready' });
      this.#plan();
    } catch (err) {
      this.#set({ status: 'error', message: `Findings could not be loaded: ${(err as Error).message}` });
      throw err;
    }
  }

  #plan(): void {
    const e = engine;
    if (this.#scheduled || !e) return;
    const pending = this.#done < this.#events.length || this.#aggDone < this.#inWindows.length || this.#aggregatesStale(e);
    if (!pending) return;
    this.#scheduled = true;
    this.schedule(() => {
      this.#scheduled = false;
      this.#step();
    });
  }

  /**
   * One slice of up to SLICE events: first each event's own hits, counted once for good; then the
   * aggregate rules' hits, read only on the events within a window's time. A window found later
   * flags earlier events: then only the events within windows are counted again, never the whole list.
   */
  #step(): void {
    const e = engine;
    if (!e) return;
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
      if (this.#aggregatesStale(e)) this.#recountAggregates(e);
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
    this.#set({ status: 'ready', version: this.#state.version + 1, evaluated: this.#done });
    this.#plan();
  }

  #set(patch: Partial<FindingsState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of [...this.#listeners]) l();
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

/** The most severe of the rules that flag the event, for the table's Finding column. */
export function topFinding(event: CtEvent): Hit | undefined {
  let top: Hit | undefined;
  for (const h of findingHits(event)) if (!top || severityRank(h.rule.severity) > severityRank(top.rule.severity)) top = h;
  return top;
}

/** The ids of the rules that flag the event, as one string (for a selector to compare). */
export function findingKey(event: CtEvent): string {
  return findingIds(event).join(' ');
}

/** `High: Administrator policy attached (+1)`: the cell's text. */
export function findingText(event: CtEvent): string {
  const hits = findingHits(event);
  const top = topFinding(event);
  if (!top) return '';
  return `${SEVERITY_LABEL[top.rule.severity]}: ${top.rule.title}${hits.length > 1 ? ` (+${hits.length - 1})` : ''}`;
}

export const SEVERITY_LABEL: Record<Severity, string> = { info: 'Info', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

