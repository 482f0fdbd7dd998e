/**
 * Findings: rules that flag the calls an investigator must see first. A rule is plain data (it
 * survives JSON.stringify/parse), so a host can keep its own beside the built-in pack. Plain
 * TypeScript: no Lit, no DOM.
 */

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** A value a leaf compares with: what JSON holds. */
export type Scalar = string | number | boolean;

/**
 * A test on one field of the CloudTrail record, by path (`userIdentity.type`,
 * `requestParameters.policyDocument.Statement.Action`). A path walks into arrays (any element may
 * match) and into JSON held in a string (policy documents are strings in the record). A leaf has
 * exactly one operator. String operators compare case-sensitively unless `ignoreCase` is set.
 */
export interface FieldMatch {
  field: string;
  equals?: Scalar;
  oneOf?: readonly Scalar[];
  contains?: string;
  startsWith?: string;
  endsWith?: string;
  /** A JavaScript regular expression (no flags; `ignoreCase` adds `i`). */
  regex?: string;
  /** true: the field is present and not null; false: it is absent or null. */
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  ignoreCase?: boolean;
}

export type Match = FieldMatch | { all: readonly Match[] } | { any: readonly Match[] } | { not: Match };

/** N events that meet `match`, from one principal (or another field), within T minutes. */
export interface Aggregate {
  count: number;
  withinMinutes: number;
  /** The field that groups events; `userIdentity.arn` by default. */
  by?: string;
  /** Count distinct values of this field (Regions, say) instead of events. */
  distinct?: string;
}

/** MITRE ATT&CK ids: a tactic (`TA0005`) and techniques (`T1562.008`). */
export interface Attack {
  tactic: string;
  techniques: readonly string[];
}

export interface Rule {
  /** Unique, stable, URL-safe (`[A-Za-z0-9._-]`): links carry it as `Finding:<id>`. */
  id: string;
  title: string;
  severity: Severity;
  attack: Attack;
  description: string;
  references?: readonly string[];
  match: Match;
  aggregate?: Aggregate;
  /** Where the rule came from: `builtin`, `sigma` or the host's own (default). */
  source?: 'builtin' | 'sigma' | 'custom';
}

/** One field test that held, for the detail's "why". */
export interface Evidence {
  field: string;
  /** `equals`, `one of`, `contains`, ..., or `not <op>` under a negation. */
  op: string;
  expected: string;
  /** The value the record has (shortened), or `absent`. */
  actual: string;
}

export interface AggregateEvidence {
  /** The grouping field and its value (`userIdentity.arn`, the principal). */
  by: string;
  value: string;
  /** Events in the window that met the rule, and the window's first and last times (epoch ms). */
  count: number;
  first: number;
  last: number;
  /** When the rule counts distinct values: of which field. */
  distinct?: string;
}

/** A rule that matched one event, and why. */
export interface Hit {
  rule: Rule;
  evidence: readonly Evidence[];
  aggregate?: AggregateEvidence;
}

/** The ATT&CK cloud tactics the pack covers, by id, with their names. */
export const TACTICS: Readonly<Record<string, string>> = {
  TA0001: 'Initial Access',
  TA0002: 'Execution',
  TA0003: 'Persistence',
  TA0004: 'Privilege Escalation',
  TA0005: 'Defense Evasion',
  TA0006: 'Credential Access',
  TA0007: 'Discovery',
  TA0008: 'Lateral Movement',
  TA0009: 'Collection',
  TA0010: 'Exfiltration',
  TA0011: 'Command and Control',
  TA0040: 'Impact',
};

/** `TA0005` → `Defense Evasion` (the id itself when unknown). */
export const tacticName = (id: string): string => TACTICS[id] ?? id;

/** A rule that cannot be used, with its id and what is wrong. */
export class RuleError extends Error {
  constructor(readonly ruleId: string, readonly reason: string) {
    super(`Rule ${ruleId || '(no id)'}: ${reason}`);
    this.name = 'RuleError';
  }
}
