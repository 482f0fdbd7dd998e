/**
 * What a CloudTrail table in Athena holds: its columns and its partition keys, read once per table with
 * Athena's GetTableMetadata, or the partition keys a host names (`athena-partitions`) for a table the
 * role cannot read. The SQL is written for what is there: the partitions it can prune on, and empty
 * values for columns that tables made from older DDL lack.
 *
 * Layouts AWS documents: partition projection on `timestamp`
 * (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html),
 * manual partitions `region`, `year`, `month`, `day`
 * (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table.html), an organization trail's
 * `account` before those (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-org-wide-trail.html),
 * and the CloudTrail console's table with no partitions
 * (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-ct.html).
 */
import { LookupError } from '../errors.js';

/** The top-level columns of AWS's current CloudTrail DDL. */
export const CLOUDTRAIL_COLUMNS = [
  'eventversion', 'useridentity', 'eventtime', 'eventsource', 'eventname', 'awsregion', 'sourceipaddress', 'useragent', 'errorcode', 'errormessage',
  'requestparameters', 'responseelements', 'additionaleventdata', 'requestid', 'eventid', 'readonly', 'resources', 'eventtype', 'apiversion',
  'recipientaccountid', 'serviceeventdetails', 'sharedeventid', 'vpcendpointid', 'vpcendpointaccountid', 'eventcategory', 'addendum',
  'sessioncredentialfromconsole', 'edgedevicedetails', 'tlsdetails',
] as const;

/** How a table is partitioned, as far as pruning goes. */
export interface Partitions {
  /** The delivery day: one `timestamp` key (`yyyy/MM/dd`), or `year`, `month`, `day` keys. */
  day?: 'timestamp' | 'ymd';
  /** The key holding the Region, when there is one. */
  region?: string;
  /** The key holding the account id (an organization trail's table), when there is one. */
  account?: string;
  /** The keys as the table (or the host) names them, in order. */
  keys: readonly string[];
}

export interface TableLayout {
  /** Top-level columns, lower-case, partition keys excluded. */
  columns: ReadonlySet<string>;
  partitions: Partitions;
}

/** The keys a layout may use, and what each holds. */
const KNOWN_KEYS = new Set(['timestamp', 'region', 'year', 'month', 'day', 'account', 'accountid']);

/** The pruning a list of partition keys allows. */
export function partitionsOf(keys: readonly string[]): Partitions {
  const has = (k: string) => keys.includes(k);
  return {
    keys,
    ...(has('timestamp') ? { day: 'timestamp' as const } : has('year') && has('month') && has('day') ? { day: 'ymd' as const } : {}),
    ...(has('region') ? { region: 'region' } : {}),
    ...(has('account') ? { account: 'account' } : has('accountid') ? { account: 'accountid' } : {}),
  };
}

/** AWS's partition-projection table: the layout assumed until (or unless) the table is read. */
export const DEFAULT_LAYOUT: TableLayout = { columns: new Set(CLOUDTRAIL_COLUMNS), partitions: partitionsOf(['timestamp']) };

/**
 * Partition keys as a host writes them in `athena-partitions`: `timestamp`, `region,year,month,day`,
 * `account,region,year,month,day`, or `none`; undefined for unset; throws in words otherwise.
 */
export function parsePartitions(text: string | undefined): Partitions | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text.trim().toLowerCase() === 'none') return partitionsOf([]);
  const keys = text.split(',').map((k) => k.trim().toLowerCase());
  const unknown = keys.find((k) => !KNOWN_KEYS.has(k));
  const parts = partitionsOf(keys);
  if (unknown !== undefined || (!parts.day && (keys.includes('year') || keys.includes('month') || keys.includes('day')))) {
    throw new LookupError(`athena-partitions "${text.slice(0, 80)}" is not a CloudTrail table's partition keys: write "timestamp" (partition projection), "region,year,month,day" (manual partitions), "account,region,year,month,day" (an organization trail) or "none".`, { code: 'ValidationError' });
  }
  return parts;
}

/** The layout GetTableMetadata describes (its Columns and PartitionKeys). */
export function layoutFromMetadata(meta: { Columns?: { Name?: string }[]; PartitionKeys?: { Name?: string }[] }): TableLayout {
  const names = (list: { Name?: string }[] | undefined) => (list ?? []).map((c) => (c.Name ?? '').toLowerCase()).filter(Boolean);
  return { columns: new Set(names(meta.Columns)), partitions: partitionsOf(names(meta.PartitionKeys)) };
}

/** What the status line says about a table's partitions, or undefined when it prunes on days. */
export function wholeTableNotice(layout: TableLayout, table: string): string | undefined {
  if (layout.partitions.day) return undefined;
  return `${table} has no day partitions: each lookup reads the whole table. Create AWS's partition-projection table (see the README's Athena section) and set athena-table to it.`;
}
