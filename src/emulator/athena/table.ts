/**
 * The emulated CloudTrail table: the columns of the table AWS documents for querying CloudTrail logs
 * with Athena ("Querying AWS CloudTrail logs", the partition-projection variant), as DuckDB types,
 * and the mapping from a CloudTrail record to one row, as the Hive JSON SerDe reads it: keys matched
 * without regard to case, objects read into STRING columns kept as JSON text.
 */

type Rec = Record<string, unknown>;

/** A struct or array-of-struct column: its fields in order (nested structs as sub-shapes). */
type Shape = { [field: string]: 'varchar' | Shape } | [Shape];

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
    sourceidentity: 'varchar',
  },
};

/** Column name to type, in the documented order; `timestamp` is the projected partition ('yyyy/MM/dd'). */
export const COLUMNS: readonly [string, 'varchar' | Shape][] = [
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
  ['sessioncredentialfromconsole', 'varchar'],
  ['tlsdetails', { tlsversion: 'varchar', ciphersuite: 'varchar', clientprovidedhostheader: 'varchar' }],
  ['timestamp', 'varchar'],
];

/** The DuckDB type of a column. */
export function duckType(shape: 'varchar' | Shape): string {
  if (shape === 'varchar') return 'VARCHAR';
  if (Array.isArray(shape)) return `${duckType(shape[0])}[]`;
  return `STRUCT(${Object.entries(shape).map(([k, v]) => `"${k}" ${duckType(v)}`).join(', ')})`;
}

export function createTableSql(schema: string, table: string): string {
  return `CREATE TABLE "${schema}"."${table}" (${COLUMNS.map(([name, shape]) => `"${name}" ${duckType(shape)}`).join(', ')})`;
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

function read(value: unknown, shape: 'varchar' | Shape): unknown {
  if (shape === 'varchar') return text(value);
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v) => read(v, shape[0])) : null;
  const o = asObject(value);
  if (!o) return null;
  const keys = lowerKeys(o);
  const out: Rec = {};
  for (const k in shape) out[k] = read(keys.get(k), (shape as Record<string, 'varchar' | Shape>)[k]!);
  return out;
}

/** The partition value of an ISO time: its UTC day as 'yyyy/MM/dd'. */
export const partitionOf = (iso: string): string => iso.slice(0, 10).replace(/-/g, '/');

/** One row of the table from a CloudTrail record, keyed by column. */
export function rowOf(record: Rec): Rec {
  const row: Rec = {};
  const keys = lowerKeys(record);
  for (const [name, shape] of COLUMNS) {
    if (name === 'timestamp') continue;
    row[name] = read(keys.get(name), shape);
  }
  row.timestamp = typeof row.eventtime === 'string' ? partitionOf(row.eventtime) : null;
  return row;
}
