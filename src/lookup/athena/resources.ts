/**
 * ResourceName and ResourceType conditions in SQL with Event history's meaning: the resources
 * LookupEvents derives from a record (derive.ts: the record's `resources[]` plus well-known request
 * and response fields, each named in its service's form, one entry per resource), so that rows,
 * facet counts and timeline counts of the one counting query all hold exactly the events Event
 * history would return. The candidates are generated from derive.ts's own tables.
 *
 * Not followed: two `resources[]` entries that name one resource (an ARN and the name it ends in)
 * count as two names here, one in derive.ts; CloudTrail writes ARNs there, so the case does not arise.
 */
import { EC2_SETS, KMS_KEY_ID, PARAM_RESOURCES } from '../derive.js';

/** A resource a record may name outside `resources[]`: its type and an SQL expression of its names (an array when `many`). */
interface Named { type: string; sql: string; many?: boolean }

const REGION = "nullif(awsregion, '')";
const ACCOUNT = "coalesce(nullif(recipientaccountid, ''), nullif(useridentity.accountid, ''))";
const PARTITION = `CASE WHEN starts_with(awsregion, 'cn-') THEN 'aws-cn' WHEN starts_with(awsregion, 'us-gov-') THEN 'aws-us-gov' ELSE 'aws' END`;
/** derive.ts's key id pattern, with `?` written `{0,1}` (no `?` in the text but the parameters). */
const KEY_ID = KMS_KEY_ID.source.replace(/\)\?/g, '){0,1}');

/** A name in the form the service gives its type (derive.ts serviceForm), NULL when it names none. */
function formSql(type: string, name: string): string {
  if (type === 'AWS::S3::Bucket') return `nullif(regexp_replace(${name}, '^arn:[a-z0-9-]+:s3:::', ''), '')`;
  if (type === 'AWS::KMS::Key') {
    return `CASE WHEN starts_with(${name}, 'arn:') THEN CASE WHEN strpos(${name}, ':alias/') > 0 THEN NULL ELSE ${name} END `
      + `WHEN regexp_like(${name}, '${KEY_ID}') AND ${REGION} IS NOT NULL AND ${ACCOUNT} IS NOT NULL THEN concat('arn:', ${PARTITION}, ':kms:', awsregion, ':', ${ACCOUNT}, ':key/', ${name}) END`;
  }
  return `nullif(${name}, '')`;
}

const json = (column: string, path: string) => `json_extract_scalar(${column}, '$.${path}')`;

/**
 * What a record names outside `resources[]`, by event source (derive.ts's table and its special
 * cases): single names, and EC2's item lists in the request and the response (with what
 * RunInstances' instances name besides themselves) as arrays of names.
 */
function named(): Map<string, Named[]> {
  const out = new Map<string, Named[]>();
  const add = (source: string, n: Named) => out.set(source, [...(out.get(source) ?? []), n]);
  for (const [source, fields] of Object.entries(PARAM_RESOURCES)) {
    for (const [field, type] of fields) add(source, { type, sql: formSql(type, json('requestparameters', field)) });
  }
  const bucket = json('requestparameters', 'bucketName');
  const key = json('requestparameters', 'key');
  add('s3.amazonaws.com', { type: 'AWS::S3::Object', sql: `CASE WHEN nullif(${bucket}, '') IS NOT NULL AND nullif(${key}, '') IS NOT NULL THEN concat('arn:', ${PARTITION}, ':s3:::', ${bucket}, '/', ${key}) END` });
  add('iam.amazonaws.com', { type: 'AWS::IAM::AccessKey', sql: formSql('AWS::IAM::AccessKey', json('responseelements', 'accessKey.accessKeyId')) });
  add('sts.amazonaws.com', { type: 'AWS::IAM::AccessKey', sql: formSql('AWS::IAM::AccessKey', json('responseelements', 'credentials.accessKeyId')) });
  const list = (column: string, set: string, field: string) => `coalesce(transform(try_cast(json_extract(${column}, '$.${set}.items') AS ARRAY(JSON)), x -> nullif(json_extract_scalar(x, '$.${field}'), '')), ARRAY[])`;
  for (const column of ['requestparameters', 'responseelements']) {
    for (const [set, field, type] of EC2_SETS) add('ec2.amazonaws.com', { type, sql: list(column, set, field), many: true });
  }
  for (const [field, type] of [['subnetId', 'AWS::EC2::Subnet'], ['vpcId', 'AWS::EC2::VPC'], ['imageId', 'AWS::EC2::Ami']] as const) {
    add('ec2.amazonaws.com', { type, sql: list('responseelements', 'instancesSet', field), many: true });
  }
  return out;
}

/** One array per event source of what `each` makes of its names (NULL for other sources). */
function bySource(each: (n: Named) => string, eachMany: (n: Named) => string): string {
  const arms = [...named()].map(([source, names]) => {
    const single = names.filter((n) => !n.many).map(each);
    const many = names.filter((n) => n.many).map(eachMany);
    const parts = [...(single.length ? [`ARRAY[${single.join(', ')}]`] : []), ...many];
    return `WHEN '${source}' THEN ${parts.length > 1 ? `concat(${parts.join(', ')})` : parts[0]}`;
  });
  return `CASE eventsource ${arms.join(' ')} END`;
}

/** `a` ends in `/b` or `:b` (an ARN and the name it ends in). */
const endsIn = (a: string, b: string) => `(length(${a}) > length(${b}) AND substr(${a}, length(${a}) - length(${b})) IN (concat('/', ${b}), concat(':', ${b})))`;
/** derive.ts sameResource: equal, or one an ARN ending in the other. */
const same = (a: string, b: string) => `(${a} = ${b} OR (starts_with(${a}, 'arn:') AND ${endsIn(a, b)}) OR (starts_with(${b}, 'arn:') AND ${endsIn(b, a)}))`;
const any = (array: string, lambda: string) => `coalesce(cardinality(filter(${array}, ${lambda})) > 0, false)`;

/** A `resources[]` entry's name in its service's form, by its type. */
const ENTRY_FORM = `CASE r.type WHEN 'AWS::S3::Bucket' THEN ${formSql('AWS::S3::Bucket', 'r.arn')} WHEN 'AWS::KMS::Key' THEN ${formSql('AWS::KMS::Key', 'r.arn')} ELSE nullif(r.arn, '') END`;

/**
 * Whether the entry `r`, named `f`, is also named by the request or the response: Event history
 * lists it once, in the request's form, so `f` is then no name of the event.
 */
function mergedSql(): string {
  const ofType = (n: Named) => `CASE WHEN r.type = '${n.type}' THEN ${n.sql} END`;
  const names = bySource(ofType, (n) => `CASE WHEN r.type = '${n.type}' THEN ${n.sql} ELSE ARRAY[] END`);
  return any(names, `n -> ${same('f', 'n')}`);
}

/**
 * Events one of whose resources (as Event history derives them) has the name `?` (ResourceName) or
 * the type `?` (ResourceType); `param` supplies each `?`'s value.
 */
export function resourceSql(field: 'ResourceName' | 'ResourceType', param: () => string): string {
  if (field === 'ResourceName') {
    return `(coalesce(contains(${bySource((n) => n.sql, (n) => n.sql)}, ${param()}), false)`
      + ` OR ${any('resources', `r -> ${any(`ARRAY[${ENTRY_FORM}]`, `f -> f = ${param()} AND NOT ${mergedSql()}`)}`)})`;
  }
  // A type: any name of that type, wherever it comes from (a merged entry keeps its type).
  const types = bySource((n) => `CASE WHEN ${n.sql} IS NOT NULL THEN '${n.type}' END`, (n) => `CASE WHEN cardinality(filter(${n.sql}, y -> y IS NOT NULL)) > 0 THEN ARRAY['${n.type}'] ELSE ARRAY[] END`);
  return `(coalesce(contains(${types}, ${param()}), false)`
    + ` OR ${any('resources', `r -> r.type = ${param()} AND ${ENTRY_FORM} IS NOT NULL`)})`;
}
