/**
 * A rule's match, checked once and turned into a function. Checking refuses what would silently
 * never match (no operator, two operators, a bad regular expression, an unknown key), naming the
 * rule and the place.
 */
import type { CtEvent } from '../events.js';
import { asText, fastReader, fieldCost, isDerived, mayHold, needlesOf, shorten, someAt, splitPath, valuesAt } from './fields.js';
import { RuleError, SEVERITIES, type AggregateEvidence, type Evidence, type FieldMatch, type Hit, type Match, type Rule, type Scalar } from './types.js';

/**
 * A compiled match: `test` says whether the event meets it (no allocation on the way), and only
 * for an event that does, `explain` says which field tests held and with which values; `negated`
 * says why the match fails, for a `not` around it.
 */
export interface Test {
  test(event: CtEvent): boolean;
  explain(event: CtEvent, out: Evidence[]): void;
  negated(event: CtEvent, out: Evidence[]): void;
}

const OPERATORS = ['equals', 'oneOf', 'contains', 'startsWith', 'endsWith', 'regex', 'exists', 'gt', 'gte', 'lt', 'lte'] as const;
type Operator = (typeof OPERATORS)[number];
const OP_WORDS: Record<Operator, string> = {
  equals: 'equals', oneOf: 'one of', contains: 'contains', startsWith: 'starts with', endsWith: 'ends with',
  regex: 'matches', exists: 'exists', gt: '>', gte: '≥', lt: '<', lte: '≤',
};
const LEAF_KEYS = new Set<string>(['field', 'ignoreCase', ...OPERATORS]);

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The predicate on one value for one operator. */
function valueTest(id: string, where: string, leaf: FieldMatch, op: Operator): (v: unknown) => boolean {
  const fold = leaf.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const expected = leaf[op];
  const needString = (): string => {
    if (typeof expected !== 'string') throw new RuleError(id, `${where}: "${op}" takes a string.`);
    return fold(expected);
  };
  const needNumber = (): number => {
    if (typeof expected !== 'number' || !Number.isFinite(expected)) throw new RuleError(id, `${where}: "${op}" takes a number.`);
    return expected;
  };
  switch (op) {
    case 'equals': {
      if (!isScalar(expected)) throw new RuleError(id, `${where}: "equals" takes a string, number or boolean.`);
      const want = fold(String(expected));
      if (leaf.ignoreCase) return (v) => typeof v !== 'object' && fold(String(v)) === want;
      return (v) => v === want || (typeof v !== 'object' && typeof v !== 'string' && String(v) === want);
    }
    case 'oneOf': {
      if (!Array.isArray(expected) || expected.length === 0 || !expected.every(isScalar)) throw new RuleError(id, `${where}: "oneOf" takes a non-empty list of strings, numbers or booleans.`);
      const want = new Set(expected.map((x) => fold(String(x))));
      if (leaf.ignoreCase) return (v) => typeof v !== 'object' && want.has(fold(String(v)));
      return (v) => (typeof v === 'string' ? want.has(v) : typeof v !== 'object' && want.has(String(v)));
    }
    // Strings (nearly every value) compared as they are, with no call to fold them when case counts.
    case 'contains': {
      const s = needString();
      return leaf.ignoreCase ? (v) => fold(asText(v)).includes(s) : (v) => (typeof v === 'string' ? v : asText(v)).includes(s);
    }
    case 'startsWith': {
      const s = needString();
      return leaf.ignoreCase ? (v) => fold(asText(v)).startsWith(s) : (v) => (typeof v === 'string' ? v : asText(v)).startsWith(s);
    }
    case 'endsWith': {
      const s = needString();
      return leaf.ignoreCase ? (v) => fold(asText(v)).endsWith(s) : (v) => (typeof v === 'string' ? v : asText(v)).endsWith(s);
    }
    case 'regex': {
      if (typeof expected !== 'string') throw new RuleError(id, `${where}: "regex" takes a string.`);
      let re: RegExp;
      try {
        re = new RegExp(expected, leaf.ignoreCase ? 'i' : '');
      } catch (err) {
        throw new RuleError(id, `${where}: the regular expression ${JSON.stringify(expected)} is not valid (${(err as Error).message}).`);
      }
      return (v) => re.test(asText(v));
    }
    case 'gt': { const n = needNumber(); return (v) => { const x = toNumber(v); return x !== undefined && x > n; }; }
    case 'gte': { const n = needNumber(); return (v) => { const x = toNumber(v); return x !== undefined && x >= n; }; }
    case 'lt': { const n = needNumber(); return (v) => { const x = toNumber(v); return x !== undefined && x < n; }; }
    case 'lte': { const n = needNumber(); return (v) => { const x = toNumber(v); return x !== undefined && x <= n; }; }
    default: throw new RuleError(id, `${where}: "exists" is handled apart.`);
  }
}

/** What a leaf says about one value, for the evidence. */
const describe = (field: string, op: string, expected: string, value: unknown): Evidence =>
  ({ field, op, expected, actual: value === undefined ? 'absent' : shorten(asText(value)) });

function compileLeaf(id: string, where: string, leaf: FieldMatch): Test {
  if (typeof leaf.field !== 'string' || leaf.field === '') throw new RuleError(id, `${where}: "field" must be a non-empty path.`);
  const unknown = Object.keys(leaf).find((k) => !LEAF_KEYS.has(k));
  if (unknown) throw new RuleError(id, `${where}: "${unknown}" is not an operator (use one of ${OPERATORS.join(', ')}).`);
  const ops = OPERATORS.filter((k) => leaf[k] !== undefined);
  if (ops.length !== 1) throw new RuleError(id, `${where} (${leaf.field}): a field test takes exactly one operator, not ${ops.length ? ops.join(' and ') : 'none'}.`);
  const op = ops[0];
  const { field } = leaf;
  const path = splitPath(field);
  const expected = op === 'oneOf' ? (leaf.oneOf ?? []).map(String).join(', ') : op === 'exists' ? '' : String(leaf[op]);
  const fast = fastReader(field);
  const values = fast ? (e: CtEvent) => { const v = fast(e); return v === undefined ? [] : [v]; } : (e: CtEvent) => valuesAt(e, field, path);
  // A path into the record, or a field cached from it: the texts its JSON must hold, looked for
  // before the record is parsed (a cached field only while the event has not read its record).
  const needles = !fast || isDerived(field) ? needlesOf(path, op, leaf) : undefined;
  const key = needles && { all: needles.all.slice(0, 1) };
  const cached = fast && needles ? fast : undefined;
  if (op === 'exists') {
    if (typeof leaf.exists !== 'boolean') throw new RuleError(id, `${where}: "exists" takes true or false.`);
    const want = leaf.exists;
    const present = (v: unknown) => v !== undefined;
    const has = cached ? (e: CtEvent) => (e.derivedRead || mayHold(e, key!)) && cached(e) !== undefined
      : fast ? (e: CtEvent) => fast(e) !== undefined
        : key ? (e: CtEvent) => mayHold(e, key) && someAt(e, path, present) : (e: CtEvent) => someAt(e, path, present);
    return {
      test: (e) => has(e) === want,
      explain: (e, out) => { out.push(describe(field, want ? 'exists' : 'is absent', '', values(e)[0])); },
      negated: (e, out) => { out.push(describe(field, want ? 'is absent' : 'exists', '', values(e)[0])); },
    };
  }
  const check = valueTest(id, where, leaf, op);
  const word = OP_WORDS[op];
  return {
    // The common case reads one cached field: no array, no parse.
    test: cached ? (e) => { if (!e.derivedRead && !mayHold(e, needles!)) return false; const v = cached(e); return v !== undefined && check(v); }
      : fast ? (e) => { const v = fast(e); return v !== undefined && check(v); }
        : needles ? (e) => mayHold(e, needles) && someAt(e, path, check) : (e) => someAt(e, path, check),
    explain: (e, out) => { out.push(describe(field, word, expected, values(e).find(check))); },
    negated: (e, out) => { out.push(describe(field, `not ${word}`, expected, values(e)[0])); },
  };
}

/** What testing a match may cost: that of its dearest field (see fieldCost). */
function matchCost(m: Match): number {
  if ('all' in m) return Math.max(...m.all.map(matchCost));
  if ('any' in m) return Math.max(...m.any.map(matchCost));
  if ('not' in m) return matchCost(m.not);
  return fieldCost(m.field);
}

/** Turns a match into its test; throws a RuleError naming the rule and where in its match. */
export function compileMatch(id: string, match: Match, where = 'match'): Test {
  if (match === null || typeof match !== 'object' || Array.isArray(match)) throw new RuleError(id, `${where} must be an object.`);
  if ('all' in match || 'any' in match) {
    const key = 'all' in match ? 'all' : 'any';
    const list = (match as Record<string, unknown>)[key];
    if (Object.keys(match).length !== 1) throw new RuleError(id, `${where}: "${key}" stands alone in its object.`);
    if (!Array.isArray(list) || list.length === 0) throw new RuleError(id, `${where}: "${key}" takes a non-empty list.`);
    const parts = list.map((m: Match, i) => compileMatch(id, m, `${where}.${key}[${i}]`));
    // Tested cheapest first (the summary's fields, then the cached ones, then paths into the
    // record), which gives the same answer and parses a record only when the cheap parts let it
    // through; explained in the rule's own order.
    const costs = list.map((m: Match) => matchCost(m));
    const order = parts.map((p, i) => ({ p, cost: costs[i], i })).sort((a, b) => a.cost - b.cost || a.i - b.i).map((x) => x.p);
    // Loops, not every()/some() with a closure: a test runs on each of 100,000 events.
    if (key === 'all') {
      return {
        test: (e) => {
          for (let i = 0; i < order.length; i++) if (!order[i].test(e)) return false;
          return true;
        },
        explain: (e, out) => { for (const p of parts) p.explain(e, out); },
        // not (a and b): the first part that fails is why.
        negated: (e, out) => { parts.find((p) => !p.test(e))?.negated(e, out); },
      };
    }
    return {
      test: (e) => {
        for (let i = 0; i < order.length; i++) if (order[i].test(e)) return true;
        return false;
      },
      explain: (e, out) => { parts.find((p) => p.test(e))?.explain(e, out); },
      negated: (e, out) => { for (const p of parts) p.negated(e, out); },
    };
  }
  if ('not' in match) {
    if (Object.keys(match).length !== 1) throw new RuleError(id, `${where}: "not" stands alone in its object.`);
    const inner = compileMatch(id, match.not, `${where}.not`);
    return { test: (e) => !inner.test(e), explain: inner.negated, negated: inner.explain };
  }
  return compileLeaf(id, where, match as FieldMatch);
}

/** The evidence of an event that meets `test`. */
function explain(test: Test, e: CtEvent): Evidence[] {
  const out: Evidence[] = [];
  test.explain(e, out);
  return out;
}

/**
 * A rule met, whose evidence (which fields matched and why) is read only when asked for: the
 * detail shows one event's at a time, while a hit is kept on each flagged event of 100,000 loaded.
 * Kept at once, the evidence was about fourteen objects a flagged event (its lists, the values
 * read, the record's parts they came from), 4 MB on the bench's 100,000 events.
 */
export class LazyHit implements Hit {
  #evidence: readonly Evidence[] | undefined;

  constructor(readonly rule: Rule, private readonly test: Test, private readonly event: CtEvent, readonly aggregate?: AggregateEvidence) {}

  get evidence(): readonly Evidence[] {
    return (this.#evidence ??= explain(this.test, this.event));
  }
}


/** What a gate reads of an event: its name and source, the two fields a rule is indexed by. */
export interface GateKey {
  readonly EventName: string | undefined;
  readonly EventSource: string | undefined;
}

const GATE_FIELDS = new Set(['eventName', 'eventSource']);

/**
 * A test on the event's name and source alone that every event meeting `match` passes (undefined:
 * the match says nothing about them). The engine runs it once per distinct name and source and
 * then tries the rule only on events of the pairs that pass, so a rule such as "a name starting
 * AddPermission" or "not from IAM" is never tried on the rest. `all` needs each gate of its parts;
 * `any` a gate of one part, when every part has one; `not` inverts only a test of those fields
 * alone (a gate of anything wider is not the match itself).
 */
export function compileGate(id: string, match: Match): ((key: GateKey) => boolean) | undefined {
  const gate = (m: Match, exact: { value: boolean }): ((key: GateKey) => boolean) | undefined => {
    if ('all' in m) {
      const gates = m.all.map((x) => gate(x, exact)).filter((g): g is (key: GateKey) => boolean => g !== undefined);
      if (gates.length < m.all.length) exact.value = false;
      return gates.length ? (k) => gates.every((g) => g(k)) : undefined;
    }
    if ('any' in m) {
      const gates = m.any.map((x) => gate(x, exact));
      return gates.every(Boolean) ? (k) => gates.some((g) => g!(k)) : (exact.value = false, undefined);
    }
    if ('not' in m) {
      const inner = { value: true };
      const g = gate(m.not, inner);
      if (g && inner.value) return (k) => !g(k);
      exact.value = false;
      return undefined;
    }
    if (!('field' in m) || !GATE_FIELDS.has(m.field)) {
      exact.value = false;
      return undefined;
    }
    // The leaf's own test: eventName and eventSource are read from the event's fields, which a key has.
    const leaf = compileLeaf(id, 'gate', m);
    return (k) => leaf.test(k as CtEvent);
  };
  return gate(match, { value: true });
}

const ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The event names a match requires (when its top level pins `eventName` with equals or oneOf), so
 * a query counts a rule only over events of those names; undefined when any event may match.
 */
export function requiredNames(match: Match): readonly string[] | undefined {
  const pin = (m: Match): readonly string[] | undefined => {
    if (!('field' in m) || m.field !== 'eventName' || m.ignoreCase) return undefined;
    if (m.equals !== undefined) return [String(m.equals)];
    if (m.oneOf !== undefined) return m.oneOf.map(String);
    return undefined;
  };
  if ('all' in match) {
    for (const m of match.all) {
      const names = pin(m);
      if (names) return names;
    }
    return undefined;
  }
  if ('any' in match) {
    const each = match.any.map((m) => requiredNames(m));
    return each.every(Boolean) ? each.flatMap((n) => n!) : undefined;
  }
  return pin(match);
}

/** Checks a rule's own fields (its match is checked by compileMatch). */
export function checkRule(rule: Rule): void {
  const id = typeof rule?.id === 'string' ? rule.id : '';
  if (!ID.test(id)) throw new RuleError(id, 'the id must be 1 to 128 letters, digits, dots, dashes or underscores.');
  if (typeof rule.title !== 'string' || !rule.title.trim()) throw new RuleError(id, 'it needs a title.');
  if (!SEVERITIES.includes(rule.severity)) throw new RuleError(id, `the severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(rule.severity)}.`);
  if (!rule.attack || !/^TA\d{4}$/.test(rule.attack.tactic) || !Array.isArray(rule.attack.techniques) || !rule.attack.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t))) {
    throw new RuleError(id, 'attack must name an ATT&CK tactic (TA0005) and techniques (T1562.008).');
  }
  const a = rule.aggregate;
  if (a !== undefined) {
    if (!Number.isInteger(a.count) || a.count < 2) throw new RuleError(id, 'aggregate.count must be a whole number of at least 2.');
    if (typeof a.withinMinutes !== 'number' || !(a.withinMinutes > 0)) throw new RuleError(id, 'aggregate.withinMinutes must be a positive number.');
    if (a.by !== undefined && (typeof a.by !== 'string' || !a.by)) throw new RuleError(id, 'aggregate.by must be a field path.');
    if (a.distinct !== undefined && (typeof a.distinct !== 'string' || !a.distinct)) throw new RuleError(id, 'aggregate.distinct must be a field path.');
  }
}
