/**
 * The emulator's Athena is as strict on types as Athena engine version 3 (Trino): what Trino runs it
 * runs, and what Trino refuses for its types (a string compared with a number, arithmetic on text, a
 * non-boolean condition; casts DuckDB would make on its own) fails with Athena's TYPE_MISMATCH text,
 * at Trino's line and column.
 *
 * Trino's rules: implicit coercions only between numeric types and from varchar(n) to varchar
 * (https://trino.io/docs/current/language/types.html), comparison operators on values of one type
 * (https://trino.io/docs/current/functions/comparison.html), AND / OR / NOT on booleans
 * (https://trino.io/docs/current/functions/logical.html), LIKE on varchar
 * (https://trino.io/docs/current/functions/comparison.html#like), a string literal typed varchar(n)
 * with n its length and an integer literal typed integer (https://trino.io/docs/current/language/types.html#string).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AthenaEngine } from '../../packages/emulator/src/athena/engine.js';

const engine = new AthenaEngine(() => [{
  eventVersion: '1.09', eventTime: '2026-03-04T05:06:07Z', eventID: 'one', eventName: 'AssumeRole', eventSource: 'sts.amazonaws.com', awsRegion: 'us-east-1',
  userIdentity: { type: 'IAMUser', userName: 'ana', accountId: '123456789012' }, readOnly: false, requestParameters: { durationSeconds: 900 },
  resources: [{ ARN: 'arn:aws:iam::123456789012:role/deploy', accountId: '123456789012', type: 'AWS::IAM::Role' }],
}]);
const signal = new AbortController().signal;
const T = 'FROM cloudtrail_logs';

/** Statements Trino runs: numeric types mix, varchar(n) meets varchar, times compare with times, casts say what they mean. */
const ACCEPTED: [string, string[]?][] = [
  [`SELECT eventname ${T} WHERE eventname = 'AssumeRole' AND readonly = 'false'`],
  [`SELECT eventname ${T} WHERE eventtime >= '2026-03-04T00:00:00Z' AND eventtime BETWEEN '2026' AND '2027'`],
  [`SELECT eventname ${T} WHERE CAST(eventversion AS DOUBLE) > 1 AND 1 = 1.0 AND 2 > 1e0 AND strpos(eventname, 'Role') = 7`],
  [`SELECT eventname ${T} WHERE from_iso8601_timestamp(eventtime) > date_parse('2026-01-01', '%Y-%m-%d') AND to_unixtime(from_iso8601_timestamp(eventtime)) > 1000`],
  [`SELECT eventname ${T} WHERE eventname IN ('AssumeRole', 'GetRole') AND useridentity.type = 'IAMUser' AND eventname LIKE 'Assume%'`],
  [`SELECT eventname ${T} WHERE cardinality(filter(resources, r -> r.type = 'AWS::IAM::Role')) > 0 AND NOT (errorcode IS NOT NULL)`],
  [`SELECT eventname ${T} WHERE try_cast(json_extract_scalar(requestparameters, '$.durationSeconds') AS INTEGER) + 1 = 901`],
  [`SELECT eventname ${T} WHERE eventname = ? AND readonly = ?`, ["'AssumeRole'", "'false'"]],
  [`WITH e AS (SELECT count(*) AS eventname ${T}) SELECT eventname FROM e WHERE eventname > 0`],
];

/** Statements Trino refuses for their types, with Athena's text (line:column is where Trino points). */
const REFUSED: [string, string, string[]?][] = [
  ["SELECT '1' = 1", "TYPE_MISMATCH: line 1:12: Cannot apply operator: varchar(1) = integer"],
  [`SELECT eventname ${T} WHERE eventname = 1`, 'TYPE_MISMATCH: line 1:55: Cannot apply operator: varchar = integer'],
  // Trino checks <> as = and > as <, keeping the operands' order.
  [`SELECT eventname ${T} WHERE eventname <> 5`, 'TYPE_MISMATCH: line 1:55: Cannot apply operator: varchar = integer'],
  [`SELECT eventname ${T} WHERE eventversion > 1.0`, 'TYPE_MISMATCH: line 1:58: Cannot apply operator: varchar < decimal(2,1)'],
  [`SELECT eventname ${T} WHERE readonly = true`, 'TYPE_MISMATCH: line 1:54: Cannot apply operator: varchar = boolean'],
  [`SELECT eventname ${T} WHERE eventtime > from_iso8601_timestamp('2026-01-01T00:00:00Z')`, 'TYPE_MISMATCH: line 1:55: Cannot apply operator: varchar < timestamp(3) with time zone'],
  [`SELECT eventname + 1 ${T}`, 'TYPE_MISMATCH: line 1:18: Cannot apply operator: varchar + integer'],
  [`SELECT -eventname ${T}`, 'TYPE_MISMATCH: line 1:8: Cannot negate varchar'],
  [`SELECT eventname ${T} WHERE readonly`, 'TYPE_MISMATCH: line 1:45: WHERE clause must evaluate to a boolean: actual type varchar'],
  [`SELECT eventname ${T} WHERE eventname = 'x' AND 1`, 'TYPE_MISMATCH: line 1:65: Logical expression term must evaluate to a boolean (actual: integer)'],
  [`SELECT eventname ${T} WHERE NOT eventname`, 'TYPE_MISMATCH: line 1:49: Value of logical NOT expression must evaluate to a boolean (actual: varchar)'],
  [`SELECT eventname ${T} WHERE eventname IN ('a', 1)`, 'TYPE_MISMATCH: line 1:64: IN value and list items must be the same type: varchar'],
  [`SELECT eventname ${T} WHERE eventtime BETWEEN 1 AND 2`, 'TYPE_MISMATCH: line 1:55: Cannot check if varchar is BETWEEN integer and integer'],
  [`SELECT eventname ${T} WHERE strpos(eventname, 'x') LIKE '1%'`, "TYPE_MISMATCH: line 1:45: Left side of LIKE expression must evaluate to a varchar (actual: bigint)"],
  [`SELECT eventname ${T} WHERE useridentity.type = 2`, 'TYPE_MISMATCH: line 1:63: Cannot apply operator: varchar = integer'],
  [`SELECT eventname ${T} WHERE json_extract(requestparameters, '$.durationSeconds') = '900'`, 'TYPE_MISMATCH: line 1:98: Cannot apply operator: json = varchar(3)'],
  // A parameter is its literal: a number given for a string column is refused as Athena refuses it.
  [`SELECT eventname ${T} WHERE eventname = ?`, 'TYPE_MISMATCH: line 1:55: Cannot apply operator: varchar = integer', ['1']],
];

test('statements Trino accepts run on the emulator', async () => {
  for (const [sql, parameters = []] of ACCEPTED) {
    const r = await engine.run(sql, parameters, 'default', signal);
    assert.ok(r.ok, r.ok ? '' : `${sql}\n${r.reason}`);
  }
});

test("statements Trino refuses for their types fail with Athena's TYPE_MISMATCH text", async () => {
  for (const [sql, reason, parameters = []] of REFUSED) {
    const r = await engine.run(sql, parameters, 'default', signal);
    assert.equal(r.ok ? 'ran' : r.reason, reason, sql);
  }
});
