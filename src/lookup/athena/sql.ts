/**
 * SQL for Athena from the query model. Every value the user typed goes into ExecutionParameters as a
 * quoted literal; the SQL text holds only the generator's own constants (column names, the table
 * name checked against a strict pattern, and fixed expressions). docs/athena-sql.md lists the subset
 * of Trino this file may emit, which the emulator's DuckDB runs with the same meaning.
 */
import type { Condition, ConditionField } from '../conditions.js';
import type { LookupPlan } from '../query.js';
import { findingConditionSql } from '../findings/condition-sql.js';

/** A query ready for StartQueryExecution. */
export interface AthenaSql {
  sql: string;
  /** Athena ExecutionParameters: SQL literals, one per `?` in order. */
  parameters: string[];
}

export interface AthenaTable {
  database: string;
  table: string;
}

/** Glue database and table names: lower-case letters, digits and underscores (Glue's own rule for Athena). */
export const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

/** A string as an Athena SQL literal: quoted, quotes doubled. The literal is a parameter, never SQL text. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The tail of an ARN after its last `/` (Trino and the emulator both give NULL for a NULL ARN). */
const ARN_TAIL = "regexp_extract(useridentity.arn, '[^/]+$')";

/** LookupEvents' Username, derived from the identity as CloudTrail derives it. */
export const USERNAME_SQL = `CASE useridentity.type WHEN 'Root' THEN 'root' WHEN 'IAMUser' THEN coalesce(useridentity.username, ${ARN_TAIL}) WHEN 'AssumedRole' THEN coalesce(${ARN_TAIL}, useridentity.username) WHEN 'FederatedUser' THEN coalesce(${ARN_TAIL}, useridentity.username) WHEN 'AWSService' THEN useridentity.invokedby ELSE coalesce(useridentity.username, ${ARN_TAIL}, useridentity.invokedby, useridentity.principalid) END`;

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

/** Resource fields: one per element of the `resources` array. */
const RESOURCE_FIELD: Partial<Record<ConditionField, string>> = { ResourceType: 'type', ResourceName: 'arn' };

/** Columns a page selects: what a row needs to become an event (structs as JSON text). */
export const SELECT_LIST = [
  'eventid', 'eventtime', 'eventname', 'eventsource', 'readonly', `${USERNAME_SQL} AS derived_username`,
  'json_format(CAST(useridentity AS JSON)) AS useridentity_json', 'json_format(CAST(resources AS JSON)) AS resources_json',
  'json_format(CAST(tlsdetails AS JSON)) AS tlsdetails_json',
  'eventversion', 'awsregion', 'sourceipaddress', 'useragent', 'errorcode', 'errormessage', 'requestparameters', 'responseelements',
  'additionaleventdata', 'requestid', 'eventtype', 'apiversion', 'recipientaccountid', 'serviceeventdetails', 'sharedeventid',
  'vpcendpointid', 'vpcendpointaccountid', 'eventcategory', 'sessioncredentialfromconsole',
];

/** One condition as a WHERE term, its value (if any) appended to `parameters`. */
export function conditionSql(c: Condition, parameters: string[]): string {
  if (c.field === 'Errors') {
    const errors = c.value === 'true' ? !c.exclude : Boolean(c.exclude);
    return errors ? 'errorcode IS NOT NULL' : 'errorcode IS NULL';
  }
  // A finding: the rule itself as SQL (the store has loaded the rules before such a query runs).
  if (c.field === 'Finding') return findingConditionSql(c, (v) => (parameters.push(literal(v)), '?'));
  const resource = RESOURCE_FIELD[c.field];
  if (resource) {
    parameters.push(literal(c.value));
    const any = `cardinality(filter(resources, r -> r.${resource} = ?)) > 0`;
    return c.exclude ? `NOT coalesce(${any}, false)` : any;
  }
  const column = COLUMN[c.field];
  if (!column) throw new Error(`No Athena column for the ${c.field} field`);
  parameters.push(literal(c.value));
  // "is not" keeps the events without the field, as the browser's filter does.
  return c.exclude ? `(${column} IS NULL OR ${column} <> ?)` : `${column} = ?`;
}

const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (ms: number) => isoSecond(ms).slice(0, 10).replace(/-/g, '/');

/** The plan's conditions: its attribute, its conditions and its read-only filter. */
export function planConditions(plan: LookupPlan): Condition[] {
  const q = plan.query;
  return [
    ...(q.attribute ? [{ field: q.attribute.key, value: q.attribute.value } as Condition] : []),
    ...(q.conditions ?? []),
    ...(q.readOnly === 'read' || q.readOnly === 'write' ? [{ field: 'ReadOnly' as const, value: q.readOnly === 'read' ? 'true' : 'false' }] : []),
  ];
}

/** WHERE for a time window [fromMs, toMs] (whole seconds, inclusive) and the plan's conditions. */
export function whereSql(plan: LookupPlan, fromMs: number, toMs: number, parameters: string[]): string {
  // The partition column first: Athena reads only the days it admits.
  parameters.push(literal(day(fromMs)), literal(day(toMs)), literal(isoSecond(fromMs)), literal(isoSecond(toMs)));
  const terms = ['"timestamp" BETWEEN ? AND ?', 'eventtime >= ?', 'eventtime <= ?'];
  for (const c of planConditions(plan)) terms.push(conditionSql(c, parameters));
  return terms.join(' AND ');
}

export function tableSql({ database, table }: AthenaTable): string {
  if (!GLUE_NAME.test(database)) throw new Error(`"${database}" is not a Glue database name (lower-case letters, digits and _)`);
  if (!GLUE_NAME.test(table)) throw new Error(`"${table}" is not a Glue table name (lower-case letters, digits and _)`);
  return `"${database}"."${table}"`;
}

/** The events of one time window, newest first. */
export function pageSql(plan: LookupPlan, target: AthenaTable, fromMs: number, toMs: number): AthenaSql {
  const parameters: string[] = [];
  const where = whereSql(plan, fromMs, toMs, parameters);
  return { sql: `SELECT ${SELECT_LIST.join(', ')} FROM ${tableSql(target)} WHERE ${where} ORDER BY eventtime DESC, eventid DESC`, parameters };
}

/** The expression a facet groups by, for a single-valued field. */
export function facetExpression(field: ConditionField): string | undefined {
  if (field === 'Errors') return "CASE WHEN errorcode IS NULL THEN 'false' ELSE 'true' END";
  return COLUMN[field];
}

/** How many events of the whole range have each value of `field` (most first, at most `limit`). */
export function facetSql(plan: LookupPlan, target: AthenaTable, field: ConditionField, limit: number): AthenaSql {
  const expression = facetExpression(field);
  if (!expression) throw new Error(`The ${field} field cannot be counted by Athena`);
  const parameters: string[] = [];
  const where = whereSql(plan, plan.start.getTime(), plan.end.getTime(), parameters);
  const top = Math.max(1, Math.min(1000, Math.floor(limit)));
  return { sql: `SELECT ${expression} AS value, count(*) AS n FROM ${tableSql(target)} WHERE ${where} GROUP BY 1 ORDER BY n DESC, value LIMIT ${top}`, parameters };
}

/** The epoch second of an event, as both engines compute it from CloudTrail's ISO-8601 text. */
const EPOCH_SECONDS = 'to_unixtime(from_iso8601_timestamp(eventtime))';

/**
 * Events of the whole range per time bucket of `widthMs` (whole seconds; buckets start at multiples
 * of the width since the epoch), with how many failed: `bucket` is the bucket's start over the width.
 */
export function timelineSql(plan: LookupPlan, target: AthenaTable, widthMs: number): AthenaSql {
  const seconds = Math.round(widthMs / 1000);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`A timeline bucket of ${widthMs} ms is not a whole number of seconds`);
  const parameters: string[] = [];
  const where = whereSql(plan, plan.start.getTime(), plan.end.getTime(), parameters);
  return { sql: `SELECT CAST(floor(${EPOCH_SECONDS} / ${seconds}) AS BIGINT) AS bucket, count(*) AS n, count(errorcode) AS errors FROM ${tableSql(target)} WHERE ${where} GROUP BY 1`, parameters };
}

/** The event with this id, in any day the table holds (a deep link names no time). */
export function eventSql(target: AthenaTable, eventId: string): AthenaSql {
  return { sql: `SELECT ${SELECT_LIST.join(', ')} FROM ${tableSql(target)} WHERE eventid = ? LIMIT 1`, parameters: [literal(eventId)] };
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
