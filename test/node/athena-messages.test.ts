/**
 * The Athena failures a user can meet, in words: a column the table lacks, a value past Athena's
 * parameter limit, COLUMN_NOT_FOUND and TYPE_MISMATCH from Athena, an engine version 2 workgroup,
 * and partition keys a host wrote that no CloudTrail table has.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryFailed } from '../../src/lookup/athena/errors.js';
import { CLOUDTRAIL_COLUMNS, parsePartitions, partitionsOf } from '../../src/lookup/athena/layout.js';
import { pageSql } from '../../src/lookup/athena/sql.js';
import { validateQuery } from '../../src/lookup/query.js';
import type { Condition } from '../../src/lookup/conditions.js';

const NOW = Date.UTC(2026, 5, 1);
const plan = (conditions: Condition[]) => {
  const r = validateQuery({ timeRange: { kind: 'absolute', start: new Date(NOW - 86_400_000), end: new Date(NOW) }, readOnly: 'all', category: 'management', pageSize: 50, conditions }, NOW, { retentionMs: Infinity });
  assert.ok(r.ok, 'a valid query');
  return r.plan;
};

test('a condition on a column the table lacks names the column and the condition', () => {
  const layout = { columns: new Set(CLOUDTRAIL_COLUMNS.filter((c) => c !== 'sourceipaddress')), partitions: partitionsOf(['timestamp']) };
  const target = { database: 'default', table: 'old_trail', layout };
  assert.throws(() => pageSql(plan([{ field: 'SourceIPAddress', value: '198.51.100.1' }]), target, NOW - 86_400_000, NOW),
    /The table default\.old_trail has no column sourceipaddress: SourceIPAddress conditions need it/);
  // Without that condition the table works, the column read as empty.
  assert.doesNotThrow(() => pageSql(plan([]), target, NOW - 86_400_000, NOW));
});

test('a value over the 1,024-character parameter limit names the condition, not the workgroup', () => {
  const target = { database: 'default', table: 'cloudtrail_logs' };
  assert.throws(() => pageSql(plan([{ field: 'UserAgent', value: 'x'.repeat(1023) }]), target, NOW - 86_400_000, NOW),
    (e: Error) => /UserAgent condition's value is 1,023 characters long/.test(e.message) && /at most 1,024 characters per query parameter/.test(e.message) && !/workgroup/.test(e.message));
  assert.doesNotThrow(() => pageSql(plan([{ field: 'UserAgent', value: 'x'.repeat(1022) }]), target, NOW - 86_400_000, NOW));
});

test("Athena's COLUMN_NOT_FOUND, TYPE_MISMATCH and an engine version 2 workgroup read in words", () => {
  const column = queryFailed("COLUMN_NOT_FOUND: line 1:305: Column 'timestamp' cannot be resolved or requester is not authorized to access requested resources", 'default.cloudtrail_logs');
  assert.equal(column.code, 'AthenaColumnNotFound');
  assert.match(column.message, /The table default\.cloudtrail_logs has no column timestamp/);
  assert.match(column.message, /athena-partitions/);
  const type = queryFailed("TYPE_MISMATCH: line 1:8: Cannot apply operator: varchar = row(arn varchar) for 'resources'", 'default.cloudtrail_logs');
  assert.equal(type.code, 'AthenaTypeMismatch');
  assert.match(type.message, /\(resources\) has another type than AWS's CloudTrail DDL/);
  const v2 = queryFailed("SYNTAX_ERROR: line 1:90: Unexpected parameters (array(row), lambda) for function filter", 'default.cloudtrail_logs', 'Athena engine version 2');
  assert.equal(v2.code, 'AthenaEngineVersion');
  assert.match(v2.message, /needs Athena engine version 3/);
});

test('athena-partitions takes the layouts AWS documents and refuses anything else in words', () => {
  assert.deepEqual(parsePartitions('timestamp')?.day, 'timestamp');
  assert.deepEqual(parsePartitions('account, region, year, month, day'), { keys: ['account', 'region', 'year', 'month', 'day'], day: 'ymd', region: 'region', account: 'account' });
  assert.deepEqual(parsePartitions('none')?.keys, []);
  assert.equal(parsePartitions(undefined), undefined);
  assert.throws(() => parsePartitions('dt'), /athena-partitions "dt" is not a CloudTrail table's partition keys/);
  assert.throws(() => parsePartitions('region,year'), /region,year,month,day/);
});
