/**
 * Rules as Athena (Trino) SQL over AWS's CloudTrail table, so findings can be counted over a whole
 * range the browser has not loaded: top-level fields are columns, `userIdentity.*` the struct's
 * fields, and paths under the JSON string columns (`requestParameters`, `responseElements`,
 * `additionalEventData`, `serviceEventDetails`) `json_extract_scalar` / `json_extract`. Values go
 * out as execution parameters (`?`), never in the text. A rule that cannot be written in SQL (an
 * aggregate window, a path through an array or into JSON held in a string, a keyword over the
 * whole record) is refused with the reason, never approximated.
 * https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
 * https://trino.io/docs/current/functions/json.html
 */
import type { FieldMatch, Match, Rule } from './types.js';
import { requiredNames } from './compile.js';

/** `?` for each value, its SQL literal appended to `parameters` (as the Athena source sends them). */
export type Param = (value: string) => string;

export class RuleSqlError extends Error {
  constructor(readonly ruleId: string, reason: string) {
    super(`The rule ${ruleId} cannot run in Athena: ${reason}`);
    this.name = 'RuleSqlError';
  }
}

const COLUMNS: Record<string, string> = {
  eventVersion: 'eventversion', eventTime: 'eventtime', eventSource: 'eventsource', eventName: 'eventname', awsRegion: 'awsregion',
  sourceIPAddress: 'sourceipaddress', userAgent: 'useragent', errorCode: 'errorcode', errorMessage: 'errormessage', requestID: 'requestid',
  eventID: 'eventid', readOnly: 'readonly', eventType: 'eventtype', apiVersion: 'apiversion', recipientAccountId: 'recipientaccountid',
  sharedEventID: 'sharedeventid', vpcEndpointId: 'vpcendpointid', eventCategory: 'eventcategory', sessionCredentialFromConsole: 'sessioncredentialfromconsole',
};
const JSON_COLUMNS: Record<string, string> = {
  requestParameters: 'requestparameters', responseElements: 'responseelements', additionalEventData: 'additionaleventdata', serviceEventDetails: 'serviceeventdetails',
};
/** The identity struct's fields, as AWS's table declares them. */
const IDENTITY = new Set([
  'type', 'principalid', 'arn', 'accountid', 'invokedby', 'accesskeyid', 'username', 'onbehalfof.userid', 'onbehalfof.identitystorearn',
  'sessioncontext.attributes.mfaauthenticated', 'sessioncontext.attributes.creationdate', 'sessioncontext.sessionissuer.type',
  'sessioncontext.sessionissuer.principalid', 'sessioncontext.sessionissuer.arn', 'sessioncontext.sessionissuer.accountid',
  'sessioncontext.sessionissuer.username', 'sessioncontext.ec2roledelivery', 'sessioncontext.sourceidentity',
]);
/** Keys whose value CloudTrail writes as an array, or as JSON inside a string: a JSON path cannot say "any element". */
const ARRAYS = new Set(['items', 'Statement', 'layers', 'valuesToAdd', 'valuesToRemove', 'names', 'ipRanges', 'ipv6Ranges', 'resources', 'tagSet', 'instancesSet']);
const JSON_STRINGS = new Set(['policyDocument', 'assumeRolePolicyDocument', 'policy']);
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The SQL value of a field, and its "is present" test; each asks for its parameters only when used. */
function valueOf(id: string, field: string, param: Param, whole = false): { sql: () => string; exists: () => string; absent: () => string } {
  const [head, ...rest] = field.split('.');
  const column = COLUMNS[head!];
  const nullable = (sql: string) => ({ sql: () => sql, exists: () => `${sql} IS NOT NULL`, absent: () => `${sql} IS NULL` });
  if (column && !rest.length) return nullable(column);
  if (head === 'userIdentity') {
    const path = rest.join('.').toLowerCase();
    if (!IDENTITY.has(path)) throw new RuleSqlError(id, `the table's userIdentity has no field ${rest.join('.')}.`);
    return nullable(`useridentity.${path}`);
  }
  const json = JSON_COLUMNS[head!];
  if (!json || !rest.length) throw new RuleSqlError(id, `the field ${field} is not a column of the CloudTrail table.`);
  // `exists` on an array (or a JSON string) itself is fine: the path ends there. An empty array or a
  // JSON null holds no value, as the engine reads them (fields.ts walks into arrays).
  const through = (whole ? rest.slice(0, -1) : rest).find((k) => ARRAYS.has(k) || JSON_STRINGS.has(k));
  if (through) throw new RuleSqlError(id, `its field ${field} goes through ${through}, ${JSON_STRINGS.has(through) ? 'JSON held in a string' : 'an array'}, which a JSON path cannot search.`);
  const bad = rest.find((k) => !KEY.test(k));
  if (bad) throw new RuleSqlError(id, `the key "${bad}" in ${field} cannot be written in a JSON path.`);
  const path = `$.${rest.join('.')}`;
  // A missing path is NULL, which the caller reads as false: "exists" needs no coalesce, "absent" does.
  const text = () => `json_format(json_extract(${json}, ${param(path)}))`;
  return { sql: () => `json_extract_scalar(${json}, ${param(path)})`, exists: () => `${text()} NOT IN ('[]', 'null')`, absent: () => `coalesce(${text()} IN ('[]', 'null'), true)` };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function leafSql(id: string, m: FieldMatch, param: Param): string {
  if (m.field === '$record') throw new RuleSqlError(id, 'a keyword over the whole record has no column to search.');
  const v = valueOf(id, m.field, param, m.exists !== undefined);
  if (m.exists !== undefined) return m.exists ? v.exists() : v.absent();
  // Parameters are numbered by position: the value's own (a JSON path) comes before the one compared with.
  const text = (s: string) => (m.ignoreCase ? `lower(${param(s.toLowerCase())})` : param(s));
  const subject = () => (m.ignoreCase ? `lower(${v.sql()})` : v.sql());
  const number = () => `try_cast(${v.sql()} AS double)`;
  const scalar = (x: string | number | boolean) => {
    if (typeof x === 'number') return `${number()} = ${Number(x)}`;
    const left = subject();
    return `${left} = ${text(String(x))}`;
  };
  const call = (fn: string, s: string) => {
    const left = subject();
    return `${fn}(${left}, ${text(s)})`;
  };
  const regex = (pattern: string) => {
    const left = v.sql();
    return `regexp_like(${left}, ${param(`${m.ignoreCase ? '(?i)' : ''}${pattern}`)})`;
  };
  if (m.equals !== undefined) return scalar(m.equals);
  // One value read once against the list (IN), not once per value: a JSON path is extracted once.
  if (m.oneOf !== undefined) {
    if (m.oneOf.length > 1 && m.oneOf.every((x) => typeof x !== 'number')) return `${subject()} IN (${m.oneOf.map((x) => text(String(x))).join(', ')})`;
    return `(${m.oneOf.map(scalar).join(' OR ')})`;
  }
  if (m.contains !== undefined) return `${call('strpos', m.contains)} > 0`;
  if (m.startsWith !== undefined) return call('starts_with', m.startsWith);
  if (m.endsWith !== undefined) return regex(`${escapeRegex(m.endsWith)}$`);
  if (m.regex !== undefined) return regex(m.regex);
  const ops: [keyof FieldMatch, string][] = [['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']];
  for (const [op, sym] of ops) if (typeof m[op] === 'number') return `${number()} ${sym} ${Number(m[op])}`;
  throw new RuleSqlError(id, `a test on ${m.field} has no operator.`);
}

/**
 * A match as a boolean SQL expression in which NULL (a missing field) means false: under AND and OR
 * NULL and false lead to the same verdict (both only ever make a true less likely), so only the
 * operand of a NOT needs its NULL made false, and the text stays short (Athena parses less).
 */
function matchSql(id: string, match: Match, param: Param, within?: 'all' | 'any'): string {
  // Parentheses only where precedence needs them (AND binds tighter than OR): each pair costs the
  // parser a look ahead to its end.
  if ('all' in match) return match.all.map((m) => matchSql(id, m, param, 'all')).join(' AND ');
  if ('any' in match) {
    const any = match.any.map((m) => matchSql(id, m, param, 'any')).join(' OR ');
    return within === 'all' && match.any.length > 1 ? `(${any})` : any;
  }
  if ('not' in match) return `NOT coalesce(${matchSql(id, match.not, param)}, false)`;
  // A leaf that is itself an OR (oneOf over numbers) comes in parentheses from leafSql.
  return leafSql(id, match, param);
}

/**
 * The rule as a boolean SQL expression over one row, false (never NULL) where a field is missing, as
 * in the browser; with `nullable`, NULL may stand for false (for a CASE WHEN or count_if, which read
 * both alike). Throws a RuleSqlError saying why it cannot be.
 */
export function ruleSql(rule: Rule, param: Param, nullable = false): string {
  if (rule.aggregate) throw new RuleSqlError(rule.id, `it counts ${rule.aggregate.distinct ? 'distinct values' : 'events'} from one principal within ${rule.aggregate.withinMinutes} minutes, which one row cannot show.`);
  const sql = matchSql(rule.id, rule.match, param);
  return nullable ? sql : `coalesce(${sql}, false)`;
}

/**
 * One count_if column per rule, for a counting query (`SELECT <these> FROM … WHERE …`), or with
 * `flags` each rule as a boolean expression, for a query that counts them its own way (the lookup's
 * one counts query): in the order of `compiled`, and the rules refused with their reasons.
 */
export function findingCountColumns(rules: readonly Rule[], param: Param, flags = false): { columns: string[]; compiled: Rule[]; refused: RuleSqlError[] } {
  const columns: string[] = [];
  const compiled: Rule[] = [];
  const refused: RuleSqlError[] = [];
  for (const rule of rules) {
    // Parameters of a refused rule must not stay behind: compile into a scratch list first.
    const mine: string[] = [];
    try {
      // A rule that needs certain API names is tested on their events only: the engine evaluates the
      // CASE's branch for those rows alone, not every rule on every row of the range. With `flags` the
      // caller guards the rules on their names itself, and reads NULL as false (CASE WHEN).
      const names = rule.aggregate || flags ? undefined : requiredNames(rule.match);
      const guard = names?.length ? `eventname IN (${names.map((n) => (mine.push(n), '?')).join(', ')})` : undefined;
      const test = ruleSql(rule, (v) => (mine.push(v), '?'), true);
      const sql = guard ? `CASE WHEN ${guard} THEN ${test} END` : test;
      columns.push(flags ? sql : `count_if(${sql}) AS finding_${compiled.length}`);
      compiled.push(rule);
      for (const v of mine) param(v);
    } catch (err) {
      if (err instanceof RuleSqlError) refused.push(err);
      else throw err;
    }
  }
  return { columns, compiled, refused };
}
