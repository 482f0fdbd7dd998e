/**
 * Which rules flag an event, for a `Finding:<rule id>` condition: a small module the conditions
 * import at once, while the engine and its pack load later (see src/state/findings.ts). Until
 * they have loaded no event has a finding; the store loads them before it runs a query with such
 * a condition. One engine serves the page: its rules are the built-in pack and the Sigma rules
 * given to any provider on it.
 */
import type { CtEvent } from '../events.js';
import type { Hit, Rule } from './types.js';

export interface FindingsSource {
  /** The rules that flag the event, and why. */
  hitsOf(event: CtEvent): readonly Hit[];
  /** The rule with this id. */
  rule(id: string): Rule | undefined;
  /** Every rule: the built-in pack and the Sigma rules given. */
  rules?(): readonly Rule[];
}

let source: FindingsSource | undefined;
let loading: Promise<unknown> | undefined;

export function setFindingsSource(next: FindingsSource | undefined): void {
  source = next;
}

/** The rules loading (the state layer's import of the engine), for counts that wait for them. */
export function setFindingsLoading(next: Promise<unknown> | undefined): void {
  loading = next;
}

/**
 * Every loaded rule, once the rules have loaded (waiting while they load); undefined when nothing
 * loads them. Rejects when they could not load.
 */
export async function loadedFindingRules(): Promise<readonly Rule[] | undefined> {
  if (!source && loading) await loading;
  return source?.rules?.();
}

const NONE: readonly never[] = Object.freeze([]);

/** The rules that flag the event (none before the engine has loaded). */
export function findingHits(event: CtEvent): readonly Hit[] {
  return source ? source.hitsOf(event) : NONE;
}

/** The loaded rule with this id (undefined before the engine has loaded). */
export function findingRule(id: string): Rule | undefined {
  return source?.rule(id);
}

export function findingIds(event: CtEvent): readonly string[] {
  const hits = findingHits(event);
  return hits.length ? hits.map((h) => h.rule.id) : NONE;
}
