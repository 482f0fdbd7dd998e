/**
 * Analysts' own Trino SQL on the emulator's CloudTrail table: the functions commonly used on
 * CloudTrail (regexp_like, strpos, lower, date_format, date_parse, json_extract_scalar,
 * from_iso8601_timestamp, to_unixtime, cardinality, contains) with Trino's meaning, statements parsed
 * with Trino's grammar, and failures in Athena's words with the line and column of the offending word.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AthenaEngine } from '../../packages/emulator/src/athena/engine.js';

const engine = new AthenaEngine(() => [{
  eventVersion: '1.09', eventTime: '2026-03-04T05:06:07Z', eventID: 'one', eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com', awsRegion: 'us-east-1',
  userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, userAgent: 'aws-cli/2.15.30 Python/3.11',
  requestParameters: { roleArn: 'arn:aws:iam::123456789012:role/deploy', durationSeconds: 900, tags: [{ key: 'a' }] },
  resources: [{ ARN: 'arn:aws:iam::123456789012:role/deploy', accountId: '123456789012', type: 'AWS::IAM::Role' }],
}]);
const signal = new AbortController().signal;
async function one(sql: string): Promise<(string | null)[]> {
  const r = await engine.run(sql, [], 'default', signal);
  assert.ok(r.ok, r.ok ? '' : `${r.reason}\n${sql}`);
  return r.rows[0]!;
}

test('the Trino functions analysts use on CloudTrail mean what they mean in Trino', async () => {
  assert.deepEqual(await one("SELECT regexp_like(useragent, 'aws-cli/2\\.'), regexp_like(useragent, '^Python'), strpos(useragent, 'cli'), strpos(useragent, 'zzz'), lower(eventname) FROM cloudtrail_logs"),
    ['true', 'false', '5', '0', 'assumerole'], 'regexp_like finds the pattern anywhere; strpos is 1-based, 0 when absent');
  assert.deepEqual(await one("SELECT json_extract_scalar(requestparameters, '$.roleArn'), json_extract_scalar(requestparameters, '$.durationSeconds'), json_extract_scalar(requestparameters, '$.tags') FROM cloudtrail_logs"),
    ['arn:aws:iam::123456789012:role/deploy', '900', null], 'a scalar as text; NULL for an array');
  assert.deepEqual(await one("SELECT date_format(from_iso8601_timestamp(eventtime), '%Y-%m-%d %H:%i:%s'), date_format(from_iso8601_timestamp(eventtime), '%M %e, %T'), to_unixtime(date_parse('2026-03-04 05:06:07', '%Y-%m-%d %H:%i:%s')) FROM cloudtrail_logs"),
    ['2026-03-04 05:06:07', 'March 4, 05:06:07', String(Date.UTC(2026, 2, 4, 5, 6, 7) / 1000)], "MySQL's specifiers: %i minutes, %s seconds, %M the month, %T the time");
  assert.deepEqual(await one("SELECT cardinality(resources), contains(ARRAY['AWS::IAM::Role', 'AWS::S3::Bucket'], 'AWS::IAM::Role') FROM cloudtrail_logs"), ['1', 'true'], 'arrays');
});

test("a query Trino refuses fails in Athena's words, with the line and column", async () => {
  const reason = async (sql: string) => {
    const r = await engine.run(sql, [], 'default', signal);
    assert.ok(!r.ok, `fails: ${sql}`);
    return r.reason;
  };
  // Trino reads FORM as an alias, then stops at the table's name.
  assert.match(await reason('SELECT eventname FORM cloudtrail_logs'), /^SYNTAX_ERROR: line 1:23: mismatched input 'cloudtrail_logs'/);
  assert.match(await reason('SELECT eventname FROM cloudtrail_logs WHERE'), /^SYNTAX_ERROR: line 1:\d+: mismatched input '<EOF>'/);
  // DuckDB's own syntax, which Trino's grammar refuses, fails as on Athena.
  assert.match(await reason('SELECT eventname::VARCHAR FROM cloudtrail_logs'), /^SYNTAX_ERROR: line 1:17: mismatched input '::/);
  assert.match(await reason('SELECT eventnme FROM cloudtrail_logs'), /^COLUMN_NOT_FOUND: line 1:8: Column 'eventnme' cannot be resolved/);
  assert.match(await reason('SELECT eventname\nFROM cloudtrail_logs\nWHERE no_such_fn(eventname)'), /^FUNCTION_NOT_FOUND: line 3:7: Function 'no_such_fn' not registered/);
  assert.match(await reason('SELECT eventname FROM no_table'), /^TABLE_NOT_FOUND: line 1:23: Table 'awsdatacatalog\.default\.no_table' does not exist/);
  assert.match(await reason('SELECT * FROM "_store".records'), /^SCHEMA_NOT_FOUND/, 'the rows behind the tables are not a database');
});
