/**
 * Sigma rules for CloudTrail (`logsource: product: aws, service: cloudtrail`), read into rules of
 * our own: selections with field modifiers, keyword lists, and conditions with and / or / not,
 * `1 of` / `all of` patterns and parentheses (https://sigmahq.io/docs/basics/rules.html,
 * https://sigmahq.io/docs/basics/modifiers.html, https://sigmahq.io/docs/basics/conditions.html).
 *
 * A rule with a construct this reader does not support is refused, with its id and the construct
 * named, never skipped in silence. The YAML parser is imported only when YAML text is given.
 */
import { RuleError, type FieldMatch, type Match, type Rule, type Scalar, type Severity } from './types.js';

/** A Sigma rule as YAML text, or as the object that text parses to. */
export type SigmaInput = string | Record<string, unknown>;

export interface SigmaResult {
  rules: Rule[];
  /** The rules refused, each naming its id and what is not supported. */
  refused: RuleError[];
}

const LEVELS: Record<string, Severity> = { informational: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };
const TACTIC_IDS: Record<string, string> = {
  'initial-access': 'TA0001', initial_access: 'TA0001', execution: 'TA0002', persistence: 'TA0003', 'privilege-escalation': 'TA0004',
  privilege_escalation: 'TA0004', 'defense-evasion': 'TA0005', defense_evasion: 'TA0005', 'credential-access': 'TA0006',
  credential_access: 'TA0006', discovery: 'TA0007', 'lateral-movement': 'TA0008', lateral_movement: 'TA0008', collection: 'TA0009',
  exfiltration: 'TA0010', 'command-and-control': 'TA0011', command_and_control: 'TA0011', impact: 'TA0040',
};
/** The modifiers this reader supports; any other is refused by name. */
const MODIFIERS = new Set(['contains', 'startswith', 'endswith', 're', 'all', 'exists', 'gt', 'gte', 'lt', 'lte']);
/** The field a keyword searches: the whole record, as its JSON text. */
export const WHOLE_RECORD = '$record';

/** Reads Sigma rules (YAML text, possibly several documents, or parsed objects). */
export async function readSigma(inputs: SigmaInput | readonly SigmaInput[]): Promise<SigmaResult> {
  const list = Array.isArray(inputs) ? inputs : [inputs as SigmaInput];
  const docs: unknown[] = [];
  const refused: RuleError[] = [];
  if (list.some((x) => typeof x === 'string')) {
    const yaml = await import('js-yaml');
    for (const x of list) {
      if (typeof x !== 'string') {
        docs.push(x);
        continue;
      }
      try {
        docs.push(...yaml.loadAll(x).filter((d) => d !== null && d !== undefined));
      } catch (err) {
        refused.push(new RuleError('', `the Sigma text is not valid YAML (${(err as Error).message.split('\n')[0]}).`));
      }
    }
  } else {
    docs.push(...list);
  }
  const rules: Rule[] = [];
  for (const doc of docs) {
    try {
      rules.push(fromSigma(doc));
    } catch (err) {
      if (err instanceof RuleError) refused.push(err);
      else throw err;
    }
  }
  return { rules, refused };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One parsed Sigma rule as a rule of ours; throws a RuleError naming what is not supported. */
export function fromSigma(doc: unknown): Rule {
  if (!isObject(doc)) throw new RuleError('', 'a Sigma rule must be a YAML mapping.');
  const id = typeof doc.id === 'string' ? doc.id : '';
  const fail = (reason: string): never => { throw new RuleError(id, reason); };
  if (!id) fail('a Sigma rule needs an id.');
  if (doc.type === 'correlation' || doc.correlation) fail('correlation rules are not supported.');
  const source = isObject(doc.logsource) ? doc.logsource : {};
  if (source.product !== 'aws' || source.service !== 'cloudtrail') {
    fail(`its logsource is ${JSON.stringify(source)}; only product: aws, service: cloudtrail is read.`);
  }
  const tags = Array.isArray(doc.tags) ? doc.tags.map(String) : [];
  const tactic = tags.map((t) => TACTIC_IDS[t.replace(/^attack\./, '')]).find(Boolean) ?? fail('it has no ATT&CK tactic tag (attack.defense-evasion, say).');
  const techniques = tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice(7).toUpperCase());
  const level = typeof doc.level === 'string' ? LEVELS[doc.level] : undefined;
  if (!level) fail(`its level ${JSON.stringify(doc.level)} is not one of ${Object.keys(LEVELS).join(', ')}.`);
  if (!isObject(doc.detection)) fail('it has no detection.');
  const detection = doc.detection as Record<string, unknown>;
  if (typeof detection.condition !== 'string') fail(Array.isArray(detection.condition) ? 'a list of conditions is not supported; join them with "or".' : 'its detection has no condition.');
  for (const key of ['timeframe']) if (key in detection) fail(`"${key}" (an aggregation) is not supported.`);
  const selections = new Map<string, Match>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition') continue;
    selections.set(name, selection(id, name, body));
  }
  return {
    id, title: typeof doc.title === 'string' ? doc.title : id, severity: level!, attack: { tactic, techniques },
    description: typeof doc.description === 'string' ? doc.description.trim() : '',
    references: Array.isArray(doc.references) ? doc.references.map(String) : [],
    match: condition(id, detection.condition as string, selections),
    source: 'sigma',
  };
}

/** A selection: a map (every field holds), a list of maps (any map holds) or a list of keywords. */
function selection(id: string, name: string, body: unknown): Match {
  if (isObject(body)) return all(Object.entries(body).map(([key, value]) => fieldMatch(id, name, key, value)));
  if (Array.isArray(body) && body.length > 0) {
    if (body.every(isObject)) return any(body.map((m) => selection(id, name, m)));
    if (body.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return any(body.map((k) => ({ field: WHOLE_RECORD, ...valueTest(id, name, String(k), 'contains') })));
    }
  }
  throw new RuleError(id, `the selection "${name}" is neither a map of fields, a list of maps nor a list of keywords.`);
}

const all = (list: Match[]): Match => (list.length === 1 ? list[0] : { all: list });
const any = (list: Match[]): Match => (list.length === 1 ? list[0] : { any: list });

/** `field|mod|mod: value or values`. */
function fieldMatch(id: string, name: string, key: string, raw: unknown): Match {
  const [field, ...mods] = key.split('|');
  if (!field) throw new RuleError(id, `the selection "${name}" has a modifier without a field ("${key}").`);
  const unknown = mods.find((m) => !MODIFIERS.has(m));
  if (unknown) throw new RuleError(id, `the modifier "${unknown}" (in "${key}") is not supported.`);
  if (mods.includes('exists')) {
    if (typeof raw !== 'boolean') throw new RuleError(id, `"${key}" takes true or false.`);
    return { field, exists: raw };
  }
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.length) throw new RuleError(id, `"${key}" in "${name}" has no value.`);
  const op = mods.find((m) => m !== 'all');
  const tests = values.map((v): Match => {
    if (v === null) return { field, exists: false };
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new RuleError(id, `"${key}" in "${name}" holds a ${Array.isArray(v) ? 'list' : typeof v}, not a value.`);
    if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
      if (typeof v !== 'number') throw new RuleError(id, `"${key}" compares with numbers, not ${JSON.stringify(v)}.`);
      return { field, [op]: v } as FieldMatch;
    }
    return { field, ...valueTest(id, name, v, op) };
  });
  return mods.includes('all') ? all(tests) : any(tests);
}

/** The test of one value: Sigma compares strings case-insensitively, and `*` / `?` are wildcards. */
function valueTest(id: string, name: string, v: Scalar, op: string | undefined): Omit<FieldMatch, 'field'> {
  if (op === 're') {
    if (typeof v !== 'string') throw new RuleError(id, `"re" in "${name}" takes a string.`);
    return { regex: v };
  }
  if (typeof v !== 'string') return { equals: v };
  if (/(^|[^\\])[*?]/.test(v)) {
    const body = wildcardRegex(v);
    const pattern = op === 'contains' ? body : op === 'startswith' ? `^${body}` : op === 'endswith' ? `${body}$` : `^${body}$`;
    return { regex: pattern, ignoreCase: true };
  }
  const text = v.replace(/\\([*?\\])/g, '$1');
  if (op === 'contains') return { contains: text, ignoreCase: true };
  if (op === 'startswith') return { startsWith: text, ignoreCase: true };
  if (op === 'endswith') return { endsWith: text, ignoreCase: true };
  return { equals: text, ignoreCase: true };
}

function wildcardRegex(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\' && i + 1 < v.length && '*?\\'.includes(v[i + 1])) out += `\\${v[++i]}`;
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/**
 * The condition: `a and b`, `a or b`, `not a`, parentheses, `1 of pattern*` / `all of pattern*` /
 * `1 of them` / `all of them`. `and` binds tighter than `or`, `not` tighter than both.
 */
function condition(id: string, text: string, selections: Map<string, Match>): Match {
  if (text.includes('|')) throw new RuleError(id, `the aggregation "${text.slice(text.indexOf('|')).trim()}" in its condition is not supported.`);
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at]?.toLowerCase();
  const named = (pattern: string): Match[] => {
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const found = [...selections].filter(([n]) => (pattern === 'them' ? !n.startsWith('_') : re.test(n))).map(([, m]) => m);
    if (!found.length) throw new RuleError(id, `"${pattern}" in the condition names no selection.`);
    return found;
  };
  const primary = (): Match => {
    const t = tokens[at++];
    if (t === undefined) throw new RuleError(id, `the condition "${text}" ends too soon.`);
    if (t === '(') {
      const inner = or();
      if (tokens[at++] !== ')') throw new RuleError(id, `the condition "${text}" has an unclosed parenthesis.`);
      return inner;
    }
    const low = t.toLowerCase();
    if (low === 'not') return { not: primary() };
    if ((low === '1' || low === 'all' || /^\d+$/.test(low)) && peek() === 'of') {
      at++;
      const target = tokens[at++];
      if (!target) throw new RuleError(id, `"${t} of" in the condition names nothing.`);
      if (low !== '1' && low !== 'all') throw new RuleError(id, `"${t} of" is not supported; only "1 of" and "all of".`);
      const list = named(target);
      return low === 'all' ? all(list) : any(list);
    }
    if (['and', 'or', ')'].includes(low)) throw new RuleError(id, `the condition "${text}" has "${t}" where a selection should be.`);
    const m = selections.get(t);
    if (!m) throw new RuleError(id, `the condition names "${t}", which is not a selection of the rule.`);
    return m;
  };
  /** Parts joined by `word`, each read by `part`. */
  const joined = (word: string, part: () => Match, join: (list: Match[]) => Match) => (): Match => {
    const parts = [part()];
    while (peek() === word) {
      at++;
      parts.push(part());
    }
    return join(parts);
  };
  const and = joined('and', primary, all);
  const or = joined('or', and, any);
  const result = or();
  if (at < tokens.length) throw new RuleError(id, `the condition "${text}" has "${tokens[at]}" where it should end.`);
  return result;
}
