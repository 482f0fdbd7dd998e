/**
 * Findings over an investigation's loaded events: loads the engine and its pack with import()
 * once the first rows are in (the first rows never wait for it), evaluates the events in slices
 * of a thousand, scheduled when the page is idle, and keeps per rule how many of the loaded events
 * it flags (for the Findings facet). Each event is evaluated once; a burst found later is counted
 * over the events within its window only. Plain TypeScript: no Lit, no DOM.
 */
import type { CtEvent } from '../lookup/events.js';
import { findingHits, findingIds, setFindingsLoading, setFindingsSource } from '../lookup/findings/registry.js';
import type { Hit, Rule, Severity } from '../lookup/findings/types.js';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
export const severityRank = (s: Severity): number => SEVERITY_RANK[s];
import type { SigmaInput } from '../lookup/findings/sigma.js';
import type { FindingsCounter, RuleCount } from '../lookup/findings/counter.js';

export type { RuleCount };

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

/** How long the page stays idle, as requestIdleCallback tells it. */
interface IdleTime {
  timeRemaining(): number;
  readonly didTimeout: boolean;
}

/**
 * Runs `work` when the page is idle (requestIdleCallback where there is one), with the idle time it
 * has; without one (tests pass their own scheduler, and so does the bench), `work` does one slice.
 */
export type Scheduler = (work: (idle?: IdleTime) => void) => void;

const idle = globalThis as { requestIdleCallback?: (cb: (deadline: IdleTime) => void, options?: { timeout: number }) => number };
const idleScheduler: Scheduler = (work) => {
  if (idle.requestIdleCallback) idle.requestIdleCallback(work, { timeout: 500 });
  else setTimeout(work, 0);
};

/**
 * Events evaluated between two looks at the idle time left: a slice of a thousand takes about a
 * millisecond when the records' fields are read already, but up to 25 ms when each must be parsed,
 * longer than the idle time a page gets between two frames while the reader scrolls.
 */
const IDLE_STEP = 100;
/** Idle time left (ms) under which the next step waits for the next idle period. */
const IDLE_MARGIN = 3;


// One engine for the page: the built-in pack and every Sigma rule given to a provider on it.
let engine: Engine | undefined;
let Counter: FindingsModule['FindingsCounter'] | undefined;
let loading: Promise<Engine> | undefined;
let sigma: Rule[] = [];
const trackers = new Set<FindingsTracker>();

function install(m: FindingsModule): Engine {
  Counter = m.FindingsCounter;
  engine = new m.FindingsEngine([...m.BUILTIN_RULES, ...sigma]);
  const current = engine;
  setFindingsSource({ hitsOf: (e) => current.hitsOf(e), rule: (id) => current.rule(id), rules: () => current.rules });
  for (const t of trackers) t.restart();
  return engine;
}

/** Loads the engine and the built-in pack (once per page). */
export function loadFindings(): Promise<Engine> {
  loading ??= import('../lookup/findings/index.js').then(install, (err: unknown) => {
    loading = undefined;
    throw err;
  });
  setFindingsLoading(loading);
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
  /** The counting over `#events`, made once the engine is in (and again when it changes). */
  #counter?: FindingsCounter;
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
    this.#events = events;
    this.#counter?.sync(events);
    if (!events.length) return;
    if (!engine) {
      void this.#load().catch(() => {});
      return;
    }
    this.#plan();
  }

  /** The engine changed (Sigma rules were added): evaluate and count again. */
  restart(): void {
    this.#counter = undefined;
    this.#plan();
  }

  /** The rules that flag `event` and why; empty until the engine has loaded. */
  hitsOf(event: CtEvent): readonly Hit[] {
    return engine?.hitsOf(event) ?? [];
  }

  /** The rules that flag any loaded event, most severe first, then by count. */
  counts(): RuleCount[] {
    return (this.#counter?.counts() ?? []).sort((a, b) => severityRank(b.rule.severity) - severityRank(a.rule.severity) || b.count - a.count || a.rule.title.localeCompare(b.rule.title));
  }

  /** The loaded events that some rule flags (counted so far), in list order. */
  flaggedEvents(): readonly CtEvent[] {
    return this.#counter?.flaggedEvents() ?? [];
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
    if (this.#scheduled || !e || !Counter) return;
    if (!this.#counter) {
      this.#counter = new Counter(e);
      this.#counter.sync(this.#events);
    }
    if (!this.#counter.pending) return;
    this.#scheduled = true;
    this.schedule((time) => {
      this.#scheduled = false;
      this.#step(time);
    });
  }

  /**
   * Counting (see FindingsCounter.step) for as long as the page stays idle, a hundred events at a
   * time, or one slice without word of idle time; then one notice of what changed, and the next
   * idle period when any is left. An idle period that came only because its wait timed out (the
   * page is busy) gets one short step.
   */
  #step(time?: IdleTime): void {
    const counter = this.#counter;
    if (!counter) return;
    if (!time) counter.step();
    else {
      do counter.step(IDLE_STEP);
      while (counter.pending && !time.didTimeout && time.timeRemaining() > IDLE_MARGIN);
    }
    this.#set({ status: 'ready', version: this.#state.version + 1, evaluated: counter.evaluated });
    this.#plan();
  }

  #set(patch: Partial<FindingsState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of [...this.#listeners]) l();
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

