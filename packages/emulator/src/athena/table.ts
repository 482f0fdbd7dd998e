/**
 * The emulated CloudTrail tables: the columns of the tables AWS documents for querying CloudTrail logs
 * with Athena, as DuckDB types, the partition layouts AWS's DDL pages give them, and the mapping from a
 * CloudTrail record to one row, as the Hive JSON SerDe reads it: keys matched without regard to case,
 * objects read into STRING columns kept as JSON text.
 *
 * - Partition projection on `timestamp` (`yyyy/MM/dd`):
 *   https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
 * - Manual partitioning on `region`, `year`, `month`, `day` (same columns):
 *   https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table.html
 * - An organization trail's table, `account` before those:
 *   https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-org-wide-trail.html
 * - The CloudTrail console's table, not partitioned:
 *   https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-ct.html
 *   (that page does not print its DDL; the emulator gives it the columns of the older DDL, without
 *   the ones added since, so a table that lacks columns is exercised).
 *
 * Each record is filed under the S3 prefix of its *delivery*: CloudTrail delivers a log file minutes
 * after its events, and "a log file delivered at a specific time can contain records written at any
 * point before that time" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html),
 * so an event late in a day sits in the next day's prefix.
 */

type Rec = Record<string, unknown>;

/** A struct or array-of-struct column: its fields in order (nested structs as sub-shapes). */
type Shape = { [field: string]: Field } | [Shape];
type Field = 'varchar' | 'map' | Shape;

const IDENTITY: Shape = {
  type: 'varchar',
  principalid: 'varchar',
  arn: 'varchar',
  accountid: 'varchar',
  invokedby: 'varchar',
  accesskeyid: 'varchar',
  username: 'varchar',
  onbehalfof: { userid: 'varchar', identitystorearn: 'varchar' },
  sessioncontext: {
    attributes: { mfaauthenticated: 'varchar', creationdate: 'varchar' },
    sessionissuer: { type: 'varchar', principalid: 'varchar', arn: 'varchar', accountid: 'varchar', username: 'varchar' },
    ec2roledelivery: 'varchar',
    webidfederationdata: { federatedprovider: 'varchar', attributes: 'map' },
  },
};

/** Column name to type, in the order of AWS's current DDL (projection and manual pages alike). */
export const COLUMNS: readonly [string, Field][] = [
  ['eventversion', 'varchar'],
  ['useridentity', IDENTITY],
  ['eventtime', 'varchar'],
  ['eventsource', 'varchar'],
  ['eventname', 'varchar'],
  ['awsregion', 'varchar'],
  ['sourceipaddress', 'varchar'],
  ['useragent', 'varchar'],
  ['errorcode', 'varchar'],
  ['errormessage', 'varchar'],
  ['requestparameters', 'varchar'],
  ['responseelements', 'varchar'],
  ['additionaleventdata', 'varchar'],
  ['requestid', 'varchar'],
  ['eventid', 'varchar'],
  ['readonly', 'varchar'],
  ['resources', [{ arn: 'varchar', accountid: 'varchar', type: 'varchar' }]],
  ['eventtype', 'varchar'],
  ['apiversion', 'varchar'],
  ['recipientaccountid', 'varchar'],
  ['serviceeventdetails', 'varchar'],
  ['sharedeventid', 'varchar'],
  ['vpcendpointid', 'varchar'],
  ['vpcendpointaccountid', 'varchar'],
  ['eventcategory', 'varchar'],
  ['addendum', { reason: 'varchar', updatedfields: 'varchar', originalrequestid: 'varchar', originaleventid: 'varchar' }],
  ['sessioncredentialfromconsole', 'varchar'],
  ['edgedevicedetails', 'varchar'],
  ['tlsdetails', { tlsversion: 'varchar', ciphersuite: 'varchar', clientprovidedhostheader: 'varchar' }],
];

/** Columns of the older DDL (before vpcendpointaccountid, eventcategory, addendum and the rest). */
const OLDER_COLUMNS = new Set(['eventversion', 'useridentity', 'eventtime', 'eventsource', 'eventname', 'awsregion', 'sourceipaddress', 'useragent', 'errorcode',
  'errormessage', 'requestparameters', 'responseelements', 'additionaleventdata', 'requestid', 'eventid', 'readonly', 'resources', 'eventtype', 'apiversion',
  'recipientaccountid', 'serviceeventdetails', 'sharedeventid', 'vpcendpointid', 'tlsdetails']);

/** Hidden columns of the stored rows: where the record was filed (its delivery day, account, Region) and its size. */
export const FILED = { day: '_day', account: '_account', region: '_region', bytes: '_bytes' } as const;

/** A partition key: its name and how its value derives from where a record was filed. */
interface PartitionKey { name: string; sql: string }

/** One table layout: its columns and partition keys. */
export interface TableLayout {
  columns: readonly [string, Field][];
  partitions: readonly PartitionKey[];
  /** The DDL page the layout follows. */
  doc: string;
}

const DAY_KEYS: PartitionKey[] = [
  { name: 'year', sql: `substr(${FILED.day}, 1, 4)` },
  { name: 'month', sql: `substr(${FILED.day}, 6, 2)` },
  { name: 'day', sql: `substr(${FILED.day}, 9, 2)` },
];

export const LAYOUTS = {
  projection: { columns: COLUMNS, partitions: [{ name: 'timestamp', sql: FILED.day }], doc: 'https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html' },
  manual: { columns: COLUMNS, partitions: [{ name: 'region', sql: FILED.region }, ...DAY_KEYS], doc: 'https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table.html' },
  organization: { columns: COLUMNS, partitions: [{ name: 'account', sql: FILED.account }, { name: 'region', sql: FILED.region }, ...DAY_KEYS], doc: 'https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-org-wide-trail.html' },
  console: { columns: COLUMNS.filter(([name]) => OLDER_COLUMNS.has(name)), partitions: [], doc: 'https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-ct.html' },
} satisfies Record<string, TableLayout>;

/** The tables of the `default` database beside the configured ones, each a layout over the same records. */
export const LAYOUT_TABLES: Readonly<Record<string, TableLayout>> = {
  cloudtrail_logs_pp: LAYOUTS.projection,
  cloudtrail_logs_manual: LAYOUTS.manual,
  cloudtrail_console: LAYOUTS.console,
  cloudtrail_org: LAYOUTS.organization,
};

/** The DuckDB type of a column. */
function duckType(shape: Field): string {
  if (shape === 'varchar') return 'VARCHAR';
  if (shape === 'map') return 'MAP(VARCHAR, VARCHAR)';
  if (Array.isArray(shape)) return `${duckType(shape[0])}[]`;
  return `STRUCT(${Object.entries(shape).map(([k, v]) => `"${k}" ${duckType(v)}`).join(', ')})`;
}

/** The Hive type of a column, as Glue (and GetTableMetadata) spells it. */
export function hiveType(shape: Field): string {
  if (shape === 'varchar') return 'string';
  if (shape === 'map') return 'map<string,string>';
  if (Array.isArray(shape)) return `array<${hiveType(shape[0])}>`;
  return `struct<${Object.entries(shape).map(([k, v]) => `${k}:${hiveType(v)}`).join(',')}>`;
}

/** The stored rows' columns: every column of the current DDL, then where the record was filed. */
export const STORED_COLUMNS: readonly [string, string][] = [
  ...COLUMNS.map(([name, shape]) => [name, duckType(shape)] as [string, string]),
  [FILED.day, 'VARCHAR'], [FILED.account, 'VARCHAR'], [FILED.region, 'VARCHAR'], [FILED.bytes, 'BIGINT'],
];

export function createStoreSql(table: string): string {
  return `CREATE TABLE ${table} (${STORED_COLUMNS.map(([name, type]) => `"${name}" ${type}`).join(', ')})`;
}

/** A view with the layout's columns and partition keys over the stored rows. */
export function createViewSql(schema: string, table: string, layout: TableLayout, store: string): string {
  const columns = [...layout.columns.map(([name]) => `"${name}"`), ...layout.partitions.map((p) => `${p.sql} AS "${p.name}"`)];
  return `CREATE VIEW "${schema}"."${table}" AS SELECT ${columns.join(', ')} FROM ${store}`;
}

/** A JSON value read into a STRING column: strings as they are, anything else as its JSON text. */
function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The object's keys lower-cased (the SerDe matches keys without regard to case; the first wins). */
function lowerKeys(rec: Rec): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const k in rec) {
    const l = k.toLowerCase();
    if (!out.has(l)) out.set(l, rec[k]);
  }
  return out;
}

const asObject = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);

function read(value: unknown, shape: Field): unknown {
  if (shape === 'varchar') return text(value);
  if (shape === 'map') {
    const o = asObject(value);
    return o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, text(v)])) : null;
  }
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v) => read(v, shape[0])) : null;
  const o = asObject(value);
  if (!o) return null;
  const keys = lowerKeys(o);
  const out: Rec = {};
  for (const k in shape) out[k] = read(keys.get(k), (shape as Record<string, Field>)[k]!);
  return out;
}

/** The S3 day prefix of an ISO time: its UTC day as 'yyyy/MM/dd'. */
const partitionOf = (iso: string): string => iso.slice(0, 10).replace(/-/g, '/');

/** FNV-1a of a string: a seeded, stable number per record. */
function hash(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * Ms from an event to the delivery of the log file that holds it: 1 to 15 minutes, and for one record
 * in twenty up to an hour: the emulator's choice, seeded per record, so some events of the last minutes
 * of a day are filed under the next day's prefix, as on S3.
 */
export function deliveryDelayMs(eventId: string, seed = 1): number {
  const h = hash(eventId, seed);
  const late = h % 20 === 0;
  const fraction = (h >>> 5) / 2 ** 27;
  return Math.round((late ? 15 + fraction * 45 : 1 + fraction * 14) * 60_000);
}

/** One stored row from a CloudTrail record, keyed by column, filed under its delivery day. */
export function rowOf(record: Rec, seed = 1): Rec {
  const row: Rec = {};
  const keys = lowerKeys(record);
  for (const [name, shape] of COLUMNS) row[name] = read(keys.get(name), shape);
  const time = typeof row.eventtime === 'string' ? Date.parse(row.eventtime) : Number.NaN;
  const delivered = Number.isNaN(time) ? undefined : new Date(time + deliveryDelayMs(String(row.eventid ?? row.eventtime), seed)).toISOString();
  row[FILED.day] = delivered ? partitionOf(delivered) : null;
  const identity = asObject(row.useridentity);
  row[FILED.account] = row.recipientaccountid ?? identity?.accountid ?? null;
  row[FILED.region] = row.awsregion ?? null;
  return row;
}
