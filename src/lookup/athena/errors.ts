/** Athena's failures in words a user can act on: what went wrong and what to do about it. */
import { LookupError, toLookupError } from '../errors.js';

/** A failed query's StateChangeReason, read; `engine` is the workgroup's EffectiveEngineVersion. */
export function queryFailed(reason: string, table: string, engine?: string): LookupError {
  const make = (message: string, code: string) => new LookupError(message, { code, serviceMessage: reason });
  // The SQL uses engine version 3's Trino (a parameter inside a lambda, among others): name the cause.
  if (engine && /version 2\b/i.test(engine)) {
    return make(`The workgroup runs ${engine}; cloudtrail-elements needs Athena engine version 3. Upgrade the workgroup (Athena console, Workgroups, Edit, Query engine) or set athena-workgroup to one on version 3. Athena said: ${reason}`, 'AthenaEngineVersion');
  }
  const column = /COLUMN_NOT_FOUND[^']*'([^']+)'/.exec(reason);
  if (column) {
    return make(`The table ${table} has no column ${column[1]}, which the lookup reads: it is not a CloudTrail table in the layout AWS documents (its columns and partitions are read from its metadata; set athena-partitions if the role cannot read them, or recreate it with AWS's CloudTrail DDL). Athena said: ${reason}`, 'AthenaColumnNotFound');
  }
  if (/TYPE_MISMATCH/.test(reason)) {
    const name = /'([^']+)'/.exec(reason)?.[1];
    return make(`A column of ${table}${name ? ` (${name})` : ''} has another type than AWS's CloudTrail DDL gives it (STRING columns; structs for useridentity, resources and tlsdetails): recreate the table with AWS's DDL. Athena said: ${reason}`, 'AthenaTypeMismatch');
  }
  if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist/i.test(reason)) {
    return make(`Athena has no table ${table}: create it with the CloudTrail table DDL (see the README's Athena setup) or set athena-database and athena-table to the table that holds the trail's logs. Athena said: ${reason}`, 'AthenaTableNotFound');
  }
  if (/glue:/i.test(reason)) {
    return make(`Access denied by AWS Glue: the role lacks glue:GetTable and glue:GetDatabase on the CloudTrail table (and glue:GetPartitions if its partitions are not projected). Grant them to the role the page signs in with. Athena said: ${reason}`, 'AthenaGlueAccessDenied');
  }
  if (/S3|s3:\/\//.test(reason) && /denied|permission/i.test(reason)) {
    return make(`Access denied by Amazon S3: the role cannot read the trail's log bucket or write the query results location. Grant s3:GetObject and s3:ListBucket on the logs, s3:PutObject, s3:GetObject and s3:GetBucketLocation on the results location, and kms:Decrypt on the trail's key if it encrypts its logs with KMS. Athena said: ${reason}`, 'AthenaS3AccessDenied');
  }
  if (/Bytes scanned limit/i.test(reason)) {
    return make(`The query would read more than the workgroup allows per query (its data usage control), so Athena stopped it. Narrow the time range or add conditions, or raise the workgroup's limit. Athena said: ${reason}`, 'AthenaScanLimitExceeded');
  }
  return make(`The Athena query failed: ${reason}`, 'AthenaQueryFailed');
}

/** An error thrown by an Athena call, in words. */
export function athenaError(err: unknown, endpoint: string): LookupError {
  if (err instanceof LookupError) return err;
  const e = (err ?? {}) as { name?: string; message?: string };
  const text = typeof e.message === 'string' ? e.message : String(err);
  switch (e.name) {
    case 'AccessDeniedException':
      return new LookupError(`Access denied by Athena: the role lacks athena:StartQueryExecution, athena:GetQueryExecution, athena:GetQueryResults or athena:StopQueryExecution on the workgroup. Grant them to the role the page signs in with. Athena said: ${text}`, { code: 'AthenaAccessDenied', serviceMessage: text, cause: err });
    case 'TooManyRequestsException':
      return new LookupError(`Athena is throttling: too many queries at once for this account. The lookup retries after a pause; if it keeps happening, wait for other queries to finish. Athena said: ${text}`, { code: 'TooManyRequestsException', retryable: true, serviceMessage: text, cause: err });
    case 'InvalidRequestException':
      return new LookupError(`Athena rejected the request: ${text} Check the workgroup and the output location.`, { code: 'AthenaInvalidRequest', serviceMessage: text, cause: err });
  }
  return toLookupError(err, { endpoint, service: 'Athena' });
}
