/**
 * SQL for Athena from the query model. Every value the user typed goes into ExecutionParameters as a
 * quoted literal; the SQL text holds only the generator's own constants (column names, the table
 * name checked against a strict pattern, and fixed expressions). docs/athena-sql.md lists the subset
 * of Trino this file may emit, which the emulator's DuckDB runs with the same meaning. The SQL follows
 * the table's layout (layout.ts): the partitions it prunes on, and NULL for columns it lacks.
 */
import type { Condition, ConditionField } from '../conditions.js';
import { LookupError } from '../errors.js';
import type { LookupPlan } from '../query.js';
import { CLOUDTRAIL_COLUMNS, DEFAULT_LAYOUT, type TableLayout } from './layout.js';
import { findingConditionSql } from '../findings/condition-sql.js';
import { findingCountColumns, ruleSql, RuleSqlError } from '../findings/sql.js';
import { requiredNames } from '../findings/compile.js';
import type { Rule } from '../findings/types.js';
import { resourceSql } from './resources.js';

/** A query ready for StartQueryExecution. */
export interface AthenaSql {
  sql: string;
  /** Athena ExecutionParameters: SQL literals, one per `?` in order. */
  parameters: string[];
}

export interface AthenaTable {
  database: string;
  table: string;
  /** What the table holds; AWS's partition-projection table when absent. */
  layout?: TableLayout;
  /** Why the layout was assumed rather than read (the metadata was refused), for the status line. */
  assumed?: string;
  /**
   * The accounts searched, by id: an organization trail's table (partitioned by account) is read for
   * these accounts only, so Athena lists and reads only their partitions; any other table is
   * filtered on its account column. Unset: every account.
   */
  accounts?: readonly string[];
}

/** Athena's longest execution parameter (https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html). */
const MAX_PARAMETER = 1024;

/** Glue database and table names: lower-case letters, digits and underscores (Glue's own rule for Athena). */
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

/** A string as an Athena SQL literal: quoted, quotes doubled. The literal is a parameter, never SQL text. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The tail of an ARN after its last `/` (Trino and the emulator both give NULL for a NULL ARN). */
const ARN_TAIL = "regexp_extract(useridentity.arn, '[^/]+$')";

/** LookupEvents' Username, derived from the identity as CloudTrail derives it. */
const USERNAME_SQL = `CASE useridentity.type WHEN 'Root' THEN 'root' WHEN 'IAMUser' THEN coalesce(useridentity.username, ${ARN_TAIL}) WHEN 'AssumedRole' THEN coalesce(${ARN_TAIL}, useridentity.username) WHEN 'FederatedUser' THEN coalesce(${ARN_TAIL}, useridentity.username) WHEN 'AWSService' THEN useridentity.invokedby ELSE coalesce(useridentity.username, ${ARN_TAIL}, useridentity.invokedby, useridentity.principalid) END`;

/** The column (or expression) a single-valued condition field compares. */
const COLUMN: Partial<Record<ConditionField, string>> = {
  EventId: 'eventid',
  EventName: 'eventname',
  ReadOnly: 'readonly',
  Username: USERNAME_SQL,
  EventSource: 'eventsource',
  AccessKeyId: 'useridentity.accesskeyid',
  ErrorCode: 'errorcode',
  ErrorMessage: 'errormessage',
  SourceIPAddress: 'sourceipaddress',
  UserAgent: 'useragent',
  AwsRegion: 'awsregion',
  AccountId: 'coalesce(recipientaccountid, useridentity.accountid)',
  IdentityType: 'useridentity.type',
};

/** Plain columns a page selects, in order; structs come as JSON text. */
const PLAIN = ['eventversion', 'awsregion', 'sourceipaddress', 'useragent', 'errorcode', 'errormessage', 'requestparameters', 'responseelements',
  'additionaleventdata', 'requestid', 'eventtype', 'apiversion', 'recipientaccountid', 'serviceeventdetails', 'sharedeventid',
  'vpcendpointid', 'vpcendpointaccountid', 'eventcategory', 'sessioncredentialfromconsole', 'edgedevicedetails'];
const STRUCTS = ['useridentity', 'resources', 'tlsdetails', 'addendum'];

/** Columns a page selects: what a row needs to become an event; a column the table lacks reads as NULL. */
function selectList(layout: TableLayout = DEFAULT_LAYOUT): string[] {
  const has = (c: string) => layout.columns.has(c);
  return [
    'eventid', 'eventtime', 'eventname', 'eventsource', 'readonly', `${USERNAME_SQL} AS derived_username`,
    ...STRUCTS.map((c) => (has(c) ? `json_format(CAST(${c} AS JSON)) AS ${c}_json` : `CAST(NULL AS VARCHAR) AS ${c}_json`)),
    ...PLAIN.map((c) => (has(c) ? c : `CAST(NULL AS VARCHAR) AS ${c}`)),
  ];
}

/** Columns the view cannot do without: every query reads them. */
const REQUIRED = ['eventid', 'eventtime', 'eventname', 'eventsource', 'readonly', 'useridentity'];

/** The columns of the CloudTrail DDL an expression reads. */
const columnsIn = (expression: string): string[] => CLOUDTRAIL_COLUMNS.filter((c) => new RegExp(`(^|[^.a-z_])${c}($|[^a-z_])`).test(expression.replace(/'[^']*'/g, "''")));

/** Throws, naming the column, when the table lacks one that `what` needs. */
function need(layout: TableLayout, expression: string, what: string, table: string): void {
  const missing = columnsIn(expression).find((c) => !layout.columns.has(c));
  if (missing) {
    throw new LookupError(`The table ${table} has no column ${missing}: ${what} need it. Recreate the table with AWS's current CloudTrail DDL (see the README's Athena section), or remove ${what.replace(/ conditions$/, ' condition')}.`, { code: 'AthenaColumnMissing' });
  }
}

/** A value as an execution parameter, or a message that names the condition when Athena would refuse it. */
function parameter(value: string, field: ConditionField, parameters: string[]): void {
  const text = literal(value);
  if (text.length > MAX_PARAMETER) {
    throw new LookupError(`The ${field} condition's value is ${value.length.toLocaleString('en-US')} characters long: Athena takes at most ${MAX_PARAMETER.toLocaleString('en-US')} characters per query parameter (quotes included, each ' written twice). Shorten the value.`, { code: 'ValidationError' });
  }
  parameters.push(text);
}

/** One condition as a WHERE term, its value (if any) appended to `parameters`. */
function conditionSql(c: Condition, parameters: string[], layout: TableLayout = DEFAULT_LAYOUT, table = 'the table'): string {
  if (c.field === 'Errors') {
    const errors = c.value === 'true' ? !c.exclude : Boolean(c.exclude);
    return errors ? 'errorcode IS NOT NULL' : 'errorcode IS NULL';
  }
  // A finding: the rule itself as SQL (the store has loaded the rules before such a query runs).
  if (c.field === 'Finding') return findingConditionSql(c, (v) => (parameters.push(literal(v)), '?'));
  // A resource's name or type as Event history derives it (resources.ts), so rows and counts agree with it.
  if (c.field === 'ResourceName' || c.field === 'ResourceType') {
    need(layout, 'resources', `${c.field} conditions`, table);
    parameter(c.value, c.field, []);
    const any = resourceSql(c.field, () => (parameters.push(literal(c.value)), '?'));
    return c.exclude ? `NOT ${any}` : any;
  }
  const column = COLUMN[c.field];
  if (!column) throw new Error(`No Athena column for the ${c.field} field`);
  need(layout, column, `${c.field} conditions`, table);
  parameter(c.value, c.field, parameters);
  // "is not" keeps the events without the field, as the browser's filter does.
  return c.exclude ? `(${column} IS NULL OR ${column} <> ?)` : `${column} = ?`;
}

const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (ms: number) => isoSecond(ms).slice(0, 10).replace(/-/g, '/');

/** The plan's conditions: its attribute, its conditions and its read-only filter. */
function planConditions(plan: LookupPlan): Condition[] {
  const q = plan.query;
  return [
    ...(q.attribute ? [{ field: q.attribute.key, value: q.attribute.value } as Condition] : []),
    ...(q.conditions ?? []),
    ...(q.readOnly === 'read' || q.readOnly === 'write' ? [{ field: 'ReadOnly' as const, value: q.readOnly === 'read' ? 'true' : 'false' }] : []),
  ];
}

const DAY_MS = 86_400_000;

/**
 * The partition terms for events of [fromMs, toMs]: the delivery days from the first day to one day
 * past the last (a log file is delivered minutes after its events, so an event late in a day sits
 * in the next day's prefix: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html),
 * and the Regions and accounts the conditions name, for tables partitioned on them; and the accounts
 * searched: on an organization trail's table its account partition
 * (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-org-wide-trail.html), on
 * any other the account column.
 */
function partitionTerms(layout: TableLayout, fromMs: number, toMs: number, conditions: readonly Condition[], parameters: string[], accounts: readonly string[] | undefined, table: string): string[] {
  const p = layout.partitions;
  const terms: string[] = [];
  if (p.day) {
    terms.push(p.day === 'timestamp' ? '"timestamp" BETWEEN ? AND ?' : "concat(year, '/', month, '/', day) BETWEEN ? AND ?");
    parameters.push(literal(day(Math.max(0, fromMs))), literal(day(toMs + DAY_MS)));
  }
  for (const [key, field] of [[p.region, 'AwsRegion'], [p.account, 'AccountId']] as const) {
    if (!key) continue;
    for (const c of conditions) {
      if (c.field !== field || c.exclude) continue;
      terms.push(`${key} = ?`);
      parameter(c.value, c.field, parameters);
    }
  }
  if (accounts?.length) {
    // An organization trail's table prunes by its account partition. Any other table is filtered on
    // the account column, as an AccountId condition is: a trail's own table holds its account's logs
    // (and an organization trail's table made without the partition, every account's), so the
    // accounts chosen are the accounts read, never more.
    const key = p.account ?? COLUMN.AccountId!;
    if (!p.account) need(layout, key, 'the accounts searched', table);
    terms.push(`${key} IN (${accounts.map(() => '?').join(', ')})`);
    for (const id of accounts) parameter(id, 'AccountId', parameters);
  }
  return terms;
}

/** WHERE for a time window [fromMs, toMs] (whole seconds, inclusive) and the plan's conditions. */
export function whereSql(plan: LookupPlan, fromMs: number, toMs: number, parameters: string[], target: AthenaTable = { database: 'default', table: 'cloudtrail_logs' }): string {
  const layout = target.layout ?? DEFAULT_LAYOUT;
  const conditions = planConditions(plan);
  // The partition terms first: Athena reads only the partitions they admit.
  const terms = partitionTerms(layout, fromMs, toMs, conditions, parameters, target.accounts, `${target.database}.${target.table}`);
  terms.push('eventtime >= ?', 'eventtime <= ?');
  parameters.push(literal(isoSecond(fromMs)), literal(isoSecond(toMs)));
  for (const c of conditions) terms.push(conditionSql(c, parameters, layout, `${target.database}.${target.table}`));
  return terms.join(' AND ');
}

/** Throws, naming the column, when the table lacks one every query reads. */
function checkRequired(target: AthenaTable): void {
  const layout = target.layout ?? DEFAULT_LAYOUT;
  for (const c of REQUIRED) need(layout, c, 'the events view and every lookup', `${target.database}.${target.table}`);
}

function tableSql({ database, table }: AthenaTable): string {
  if (!GLUE_NAME.test(database)) throw new Error(`"${database}" is not a Glue database name (lower-case letters, digits and _)`);
  if (!GLUE_NAME.test(table)) throw new Error(`"${table}" is not a Glue table name (lower-case letters, digits and _)`);
  return `"${database}"."${table}"`;
}

/** Where a page of a window ends: the last row's time and id (rows are ordered by both, newest first). */
export interface Keyset { time: string; id: string }

/**
 * At most `limit` events of one time window, newest first, after `after` when given: keyset paging,
 * so Athena sorts only the rows it returns (ORDER BY without LIMIT sorts the whole window on one
 * worker: https://docs.aws.amazon.com/athena/latest/ug/performance-tuning-query-optimization-techniques.html).
 */
export function pageSql(plan: LookupPlan, target: AthenaTable, fromMs: number, toMs: number, limit = 1000, after?: Keyset): AthenaSql {
  checkRequired(target);
  const parameters: string[] = [];
  let where = whereSql(plan, fromMs, toMs, parameters, target);
  if (after) {
    where += ' AND (eventtime < ? OR (eventtime = ? AND eventid < ?))';
    parameters.push(literal(after.time), literal(after.time), literal(after.id));
  }
  const top = Math.max(1, Math.min(100_000, Math.floor(limit)));
  return { sql: `SELECT ${selectList(target.layout).join(', ')} FROM ${tableSql(target)} WHERE ${where} ORDER BY eventtime DESC, eventid DESC LIMIT ${top}`, parameters };
}

/** The expression a facet groups by, for a single-valued field. */
function facetExpression(field: ConditionField): string | undefined {
  if (field === 'Errors') return "CASE WHEN errorcode IS NULL THEN 'false' ELSE 'true' END";
  return COLUMN[field];
}

/** The epoch second of an event, as both engines compute it from CloudTrail's ISO-8601 text. */
const EPOCH_SECONDS = 'to_unixtime(from_iso8601_timestamp(eventtime))';

/** Rules per flags column of the counting query: 2^29 is the largest bit an integer holds on both engines. */
export const FLAG_BITS = 30;

/** What one counting query counts over the plan's whole range. */
export interface CountsRequest {
  /** Single-valued fields whose top values it counts (NULL left out), at most `limit` each. */
  fields: readonly ConditionField[];
  limit: number;
  /** The timeline's bucket width (whole seconds), when the timeline is counted too. */
  widthMs?: number;
  /** Rules whose findings it counts over the range (columns `g0`.., rule i as bit i % 30 of g(i / 30)). */
  findings?: readonly Rule[];
}

/** A counting query, with the rules it counts and those that cannot be written in SQL. */
export interface CountsSql extends AthenaSql {
  compiled: Rule[];
  refused: RuleSqlError[];
}

/**
 * Every facet's top values and the timeline's buckets over the plan's whole range in one query: one
 * scan, grouped by each field and by the bucket (GROUPING SETS), each field's values ranked with
 * NULL left out, so ErrorCode shows as many values as the others. Row columns: `f0`..`fN` (a field's
 * value, the others NULL), `bucket`, `n`, `errors`, and with rules `g0`..: a row whose `g<j>` is set
 * holds `n` events flagged by exactly the rules of its bits (rule i is bit i % 30 of g(i / 30)).
 */
export function countsSql(plan: LookupPlan, target: AthenaTable, request: CountsRequest): CountsSql {
  checkRequired(target);
  const layout = target.layout ?? DEFAULT_LAYOUT;
  const table = `${target.database}.${target.table}`;
  const expressions = request.fields.map((field) => {
    const e = facetExpression(field);
    if (!e) throw new Error(`The ${field} field cannot be counted by Athena`);
    need(layout, e, `${field} counts`, table);
    return e;
  });
  let seconds: number | undefined;
  if (request.widthMs !== undefined) {
    seconds = Math.round(request.widthMs / 1000);
    if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`A timeline bucket of ${request.widthMs} ms is not a whole number of seconds`);
  }
  if (!expressions.length && seconds === undefined) throw new Error('Nothing to count');
  const parameters: string[] = [];
  // A rule that reads a column the table lacks (older DDL) cannot be counted here: refused with the reason.
  const lacking: RuleSqlError[] = [];
  const usable = (request.findings ?? []).filter((rule) => {
    let text: string;
    try {
      text = ruleSql(rule, () => "''");
    } catch {
      return true;
    }
    const missing = columnsIn(text).find((c) => !layout.columns.has(c));
    if (missing) lacking.push(new RuleSqlError(rule.id, `the table ${table} has no column ${missing}.`));
    return !missing;
  });
  // The rules' flags come first in the text, so their parameters come before the WHERE's.
  const rules = flagColumns(usable, parameters);
  const flags = rules.columns;
  const where = whereSql(plan, plan.start.getTime(), plan.end.getTime(), parameters, target);
  const names = expressions.map((_, i) => `f${i}`);
  const bits = flags.map((_, j) => `g${j}`);
  const inner = [...expressions.map((e, i) => `${e} AS f${i}`), ...(seconds ? [`CAST(floor(${EPOCH_SECONDS} / ${seconds}) AS BIGINT) AS bucket`] : []), 'errorcode', ...flags];
  const grouped = [...names, seconds ? 'bucket' : 'CAST(NULL AS BIGINT) AS bucket', ...bits];
  const sets = [...names.map((f) => `(${f})`), ...(seconds ? ['(bucket)'] : []), ...bits.map((g) => `(${g})`)];
  const present = [...names.map((f) => `${f} IS NOT NULL`), 'bucket IS NOT NULL', ...bits.map((g) => `${g} IS NOT NULL`)].join(' OR ');
  const set = names.length ? `CASE ${names.map((f, i) => `WHEN ${f} IS NOT NULL THEN ${i}`).join(' ')} ELSE ${names.length} END` : '0';
  const value = names.length > 1 ? `coalesce(${names.join(', ')})` : names[0] ?? 'bucket';
  const top = Math.max(1, Math.min(1000, Math.floor(request.limit)));
  const columns = [...names, 'bucket', 'n', 'errors', ...bits].join(', ');
  const sql = `WITH e AS (SELECT ${inner.join(', ')} FROM ${tableSql(target)} WHERE ${where}), `
    + `c AS (SELECT ${grouped.join(', ')}, count(*) AS n, count(errorcode) AS errors FROM e GROUP BY GROUPING SETS (${sets.join(', ')})) `
    + `SELECT ${columns} FROM (SELECT ${columns}, row_number() OVER (PARTITION BY ${set} ORDER BY n DESC, ${value}) AS rk FROM c WHERE ${present}) AS r `
    + `WHERE ${['bucket IS NOT NULL', ...bits.map((g) => `${g} IS NOT NULL`)].join(' OR ')} OR rk <= ${top}`;
  return { sql, parameters, compiled: rules.compiled, refused: [...rules.refused, ...lacking] };
}

/**
 * The rules' findings as columns of a row's flags: rule i is bit i % 30 of `g(i / 30)` (integer
 * arithmetic on both engines). The rules that need certain API names are tested only on rows with
 * one of them (one IN per column, then each rule's own): most rows skip every rule.
 */
function flagColumns(rules: readonly Rule[], parameters: string[]): { columns: string[]; compiled: Rule[]; refused: RuleSqlError[] } {
  const refused: RuleSqlError[] = [];
  const each = rules.flatMap((rule) => {
    const own: string[] = [];
    const one = findingCountColumns([rule], (v) => (own.push(literal(v)), '?'), true);
    refused.push(...one.refused);
    return one.columns.map((sql) => ({ rule, sql, own, names: rule.aggregate ? undefined : requiredNames(rule.match) }));
  });
  const columns: string[] = [];
  for (let i = 0; i < each.length; i += FLAG_BITS) {
    const group = each.slice(i, i + FLAG_BITS).map((x, b) => ({ ...x, term: `CASE WHEN ${x.sql} THEN ${2 ** b} ELSE 0 END` }));
    const guarded = group.filter((x) => x.names?.length);
    const open = group.filter((x) => !x.names?.length);
    const parts: string[] = [];
    if (guarded.length) {
      const all = [...new Set(guarded.flatMap((x) => x.names!))];
      parameters.push(...all.map(literal));
      guarded.forEach((x) => parameters.push(...x.own));
      parts.push(`CASE WHEN eventname IN (${all.map(() => '?').join(', ')}) THEN ${guarded.map((x) => x.term).join(' + ')} ELSE 0 END`);
    }
    open.forEach((x) => { parameters.push(...x.own); parts.push(x.term); });
    columns.push(`${parts.join(' + ')} AS g${columns.length}`);
  }
  return { columns, compiled: each.map((x) => x.rule), refused };
}

/**
 * The event with this id among the events of [fromMs, toMs]: a link names no time, so the source
 * asks newest first in growing windows (see {@link lookbackWindows}) and stops at the first hit.
 */
export function eventSql(target: AthenaTable, eventId: string, fromMs: number, toMs: number): AthenaSql {
  checkRequired(target);
  const parameters: string[] = [];
  const layout = target.layout ?? DEFAULT_LAYOUT;
  const terms = partitionTerms(layout, fromMs, toMs, [], parameters, target.accounts, `${target.database}.${target.table}`);
  terms.push('eventtime >= ?', 'eventtime <= ?', 'eventid = ?');
  parameters.push(literal(isoSecond(fromMs)), literal(isoSecond(toMs)));
  parameter(eventId, 'EventId', parameters);
  return { sql: `SELECT ${selectList(layout).join(', ')} FROM ${tableSql(target)} WHERE ${terms.join(' AND ')} LIMIT 1`, parameters };
}

/** Windows for a link to one event, newest first: the last day, the week, 90 days, then everything older. */
export function lookbackWindows(nowMs: number): [number, number][] {
  const end = Math.floor(nowMs / 1000) * 1000;
  const out: [number, number][] = [];
  let hi = end;
  for (const days of [1, 7, 90]) {
    const from = end - days * DAY_MS + 1000;
    out.push([from, hi]);
    hi = from - 1000;
  }
  out.push([0, hi]);
  return out;
}

/** Time windows newest first: a day, a week, a month, then 90 days at a time, so first rows come fast. */
export function windows(startMs: number, endMs: number): [number, number][] {
  const DAY = 86_400_000;
  const out: [number, number][] = [];
  const sizes = [DAY, 7 * DAY, 30 * DAY];
  let hi = Math.floor(endMs / 1000) * 1000;
  const lo = Math.ceil(startMs / 1000) * 1000;
  for (let i = 0; hi >= lo; i++) {
    const size = sizes[i] ?? 90 * DAY;
    const from = Math.max(lo, hi - size + 1000);
    out.push([from, hi]);
    hi = from - 1000;
  }
  return out;
}
