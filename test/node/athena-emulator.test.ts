/**
 * The emulated Athena through the real clients: the aws cli's `athena` commands and boto3 start a
 * query on the CloudTrail table, watch it go QUEUED -> RUNNING -> SUCCEEDED over the emulator's clock,
 * page its results (header row first, NextToken), stop a running query, and read failures in
 * Athena's words. Values travel only as ExecutionParameters and are matched literally.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulatorServer, type EmulatorServer, type WireEvent } from 'cloudtrail-elements-emulator';
import { controlApi, realClients } from './helpers/real-clients.js';

// The first answer, not a retry: these tests read each failure as the client first sees it.
const clients = realClients({ AWS_MAX_ATTEMPTS: '1' });
const { AWS, PYTHON, run } = clients;
let server: EmulatorServer;
const control = controlApi(() => server.url);

const DAY = 86_400_000;
/** Records over 400 days, one every ~8 hours, with the values the tests look for. */
function records(now: number): Record<string, unknown>[] {
  return Array.from({ length: 1200 }, (_, i) => ({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: `AIDA${i % 7}`, arn: `arn:aws:iam::123456789012:user/user${i % 7}`, accountId: '123456789012', accessKeyId: `AKIA${i % 5}`, userName: i === 17 ? "o'brien'; DROP TABLE cloudtrail_logs; --%" : `user${i % 7}` },
    eventTime: new Date(now - 3600_000 - i * (400 * DAY) / 1200).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: i % 3 === 0 ? 'iam.amazonaws.com' : 'ec2.amazonaws.com',
    eventName: i % 3 === 0 ? 'ListUsers' : 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: `198.51.100.${i % 11}`,
    userAgent: 'aws-cli/2.15.30',
    ...(i % 10 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'not allowed' } : {}),
    requestParameters: { maxResults: i },
    responseElements: null,
    requestID: `req-${i}`,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    resources: i % 4 === 0 ? [{ ARN: `arn:aws:ec2:us-east-1:123456789012:instance/i-${i}`, accountId: '123456789012', type: 'AWS::EC2::Instance' }] : undefined,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  }));
}

let now: number;
before(async () => {
  now = Date.now();
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: records(now), retentionDays: 3650, athena: {} });
});
after(async () => {
  await server.close();
  clients.cleanup();
});

const athena = (args: string[], endpoint = server.url) => run(AWS!, ['athena', ...args, '--endpoint-url', endpoint, '--output', 'json']);

async function waitState(id: string, endpoint = server.url): Promise<{ State: string; StateChangeReason?: string; seen: string[] }> {
  const seen: string[] = [];
  for (let i = 0; i < 100; i++) {
    const out = await athena(['get-query-execution', '--query-execution-id', id], endpoint);
    assert.equal(out.code, 0, out.stderr);
    const status = (JSON.parse(out.stdout) as { QueryExecution: { Status: { State: string; StateChangeReason?: string } } }).QueryExecution.Status;
    if (seen.at(-1) !== status.State) seen.push(status.State);
    if (!['QUEUED', 'RUNNING'].includes(status.State)) return { ...status, seen };
  }
  throw new Error(`query ${id} never finished: ${seen.join(' -> ')}`);
}

describe('the aws cli against the emulated Athena', { skip: !AWS && 'no aws cli' }, () => {
  test('a parameterized query runs to SUCCEEDED and pages header-first with NextToken', async () => {
    const truth = (await control<{ Events: WireEvent[] }>('instances/default/truth', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListUsers' }] })).Events;
    assert.equal(truth.length, 400);
    const start = await athena(['start-query-execution', '--query-string',
      'SELECT eventid, eventtime, useridentity.username AS username FROM cloudtrail_logs WHERE eventname = ? ORDER BY eventtime DESC, eventid',
      '--execution-parameters', "'ListUsers'", '--query-execution-context', 'Database=default', '--work-group', 'primary']);
    assert.equal(start.code, 0, start.stderr);
    const id = (JSON.parse(start.stdout) as { QueryExecutionId: string }).QueryExecutionId;
    const done = await waitState(id);
    assert.equal(done.State, 'SUCCEEDED');
    // One call of at most 1,000 rows: the header row, then data.
    const first = await athena(['get-query-results', '--query-execution-id', id, '--no-paginate', '--max-results', '150']);
    assert.equal(first.code, 0, first.stderr);
    const page1 = JSON.parse(first.stdout) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] }; NextToken?: string };
    assert.deepEqual(page1.ResultSet.Rows[0]!.Data.map((d) => d.VarCharValue), ['eventid', 'eventtime', 'username']);
    assert.equal(page1.ResultSet.Rows.length, 150);
    assert.ok(page1.NextToken, "a NextToken after the first page");
    const ids = page1.ResultSet.Rows.slice(1).map((r) => r.Data[0]!.VarCharValue);
    let token: string = page1.NextToken ?? "";
    while (token) {
      const next = await athena(['get-query-results', '--query-execution-id', id, '--no-paginate', '--max-results', '1000', '--next-token', token]);
      assert.equal(next.code, 0, next.stderr);
      const page = JSON.parse(next.stdout) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] }; NextToken?: string };
      assert.notEqual(page.ResultSet.Rows[0]!.Data[0]!.VarCharValue, 'eventid', 'the header comes on the first page only');
      ids.push(...page.ResultSet.Rows.map((r) => r.Data[0]!.VarCharValue));
      token = page.NextToken ?? "";
    }
    assert.deepEqual(ids, truth.map((e) => e.EventId), 'every ListUsers event of 400 days, newest first');
    const over = await athena(['get-query-results', '--query-execution-id', id, '--no-paginate', '--max-results', '1001']);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /InvalidRequestException|maxResults|1000/);
  });

  test("GetTableMetadata and ListTableMetadata describe each layout with AWS's DDL columns and partition keys", async () => {
    type Meta = { Name: string; Columns: { Name: string; Type: string }[]; PartitionKeys: { Name: string }[]; Parameters: Record<string, string> };
    const get = async (table: string) => {
      const out = await athena(['get-table-metadata', '--catalog-name', 'AwsDataCatalog', '--database-name', 'default', '--table-name', table]);
      assert.equal(out.code, 0, out.stderr);
      return (JSON.parse(out.stdout) as { TableMetadata: Meta }).TableMetadata;
    };
    const keys = async (table: string) => (await get(table)).PartitionKeys.map((k) => k.Name);
    assert.deepEqual(await keys('cloudtrail_logs'), ['timestamp']);
    assert.deepEqual(await keys('cloudtrail_logs_pp'), ['timestamp']);
    assert.deepEqual(await keys('cloudtrail_logs_manual'), ['region', 'year', 'month', 'day']);
    assert.deepEqual(await keys('cloudtrail_org'), ['account', 'region', 'year', 'month', 'day']);
    assert.deepEqual(await keys('cloudtrail_console'), []);
    const pp = await get('cloudtrail_logs_pp');
    assert.equal(pp.Parameters['projection.timestamp.format'], 'yyyy/MM/dd', 'the projection the DDL sets');
    const identity = pp.Columns.find((c) => c.Name === 'useridentity')!.Type;
    assert.match(identity, /webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>/, "AWS's useridentity");
    assert.doesNotMatch(identity, /sourceidentity/, 'no field the DDL lacks');
    assert.deepEqual(pp.Columns.slice(-4).map((c) => c.Name), ['addendum', 'sessioncredentialfromconsole', 'edgedevicedetails', 'tlsdetails']);
    const console_ = (await get('cloudtrail_console')).Columns.map((c) => c.Name);
    assert.ok(!console_.includes('eventcategory') && console_.includes('tlsdetails'), 'the older columns');
    const missing = await athena(['get-table-metadata', '--catalog-name', 'AwsDataCatalog', '--database-name', 'default', '--table-name', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /MetadataException.*Table nope not found/);
    const list = await athena(['list-table-metadata', '--catalog-name', 'AwsDataCatalog', '--database-name', 'default']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual((JSON.parse(list.stdout) as { TableMetadataList: Meta[] }).TableMetadataList.map((t) => t.Name),
      ['cloudtrail_console', 'cloudtrail_logs', 'cloudtrail_logs_manual', 'cloudtrail_logs_pp', 'cloudtrail_org']);
  });

  test('a value holding quotes, a statement and % is one literal, matched exactly', async () => {
    const value = "o'brien'; DROP TABLE cloudtrail_logs; --%";
    const start = await athena(['start-query-execution', '--query-string', 'SELECT eventid FROM "default"."cloudtrail_logs" WHERE useridentity.username = ?',
      '--execution-parameters', `'${value.replace(/'/g, "''")}'`]);
    assert.equal(start.code, 0, start.stderr);
    const id = (JSON.parse(start.stdout) as { QueryExecutionId: string }).QueryExecutionId;
    assert.equal((await waitState(id)).State, 'SUCCEEDED');
    const out = JSON.parse((await athena(['get-query-results', '--query-execution-id', id])).stdout) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] } };
    assert.deepEqual(out.ResultSet.Rows.slice(1).map((r) => r.Data[0]!.VarCharValue), ['00000000-0000-4000-8000-000000000017']);
    // The table is still there.
    const count = await athena(['start-query-execution', '--query-string', 'SELECT count(*) AS n FROM cloudtrail_logs']);
    const cid = (JSON.parse(count.stdout) as { QueryExecutionId: string }).QueryExecutionId;
    await waitState(cid);
    const n = JSON.parse((await athena(['get-query-results', '--query-execution-id', cid])).stdout) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] } };
    assert.equal(n.ResultSet.Rows[1]!.Data[0]!.VarCharValue, '1200');
  });

  test('two statements, a missing table and a wrong parameter count fail with Athena\'s reasons', async () => {
    const cases: [string, string[], RegExp][] = [
      ['SELECT 1; DROP TABLE cloudtrail_logs', [], /Only one sql statement is allowed/],
      ['SELECT eventid FROM no_such_table', [], /TABLE_NOT_FOUND: .*'awsdatacatalog\.default\.no_such_table' does not exist/],
      ['SELECT eventid FROM cloudtrail_logs WHERE eventname = ?', [], /INVALID_PARAMETER_USAGE/],
    ];
    for (const [sql, params, reason] of cases) {
      const start = await athena(['start-query-execution', '--query-string', sql, ...(params.length ? ['--execution-parameters', ...params] : [])]);
      assert.equal(start.code, 0, start.stderr);
      const id = (JSON.parse(start.stdout) as { QueryExecutionId: string }).QueryExecutionId;
      const done = await waitState(id);
      assert.equal(done.State, 'FAILED', sql);
      assert.match(done.StateChangeReason ?? '', reason);
      const results = await athena(['get-query-results', '--query-execution-id', id]);
      assert.notEqual(results.code, 0);
      assert.match(results.stderr, /InvalidRequestException/);
    }
  });

  test('QUEUED, then RUNNING until the clock moves, and StopQueryExecution cancels', async () => {
    const inst = await control<{ id: string; endpoint: string }>('instances', { records: records(Date.now()).slice(0, 50), athena: { queuedMs: 60_000, runningMs: 600_000 } });
    const endpoint = `${new URL(server.url).origin}${inst.endpoint}`;
    const start = async () => (JSON.parse((await athena(['start-query-execution', '--query-string', 'SELECT eventid FROM cloudtrail_logs'], endpoint)).stdout) as { QueryExecutionId: string }).QueryExecutionId;
    const state = async (id: string) => (JSON.parse((await athena(['get-query-execution', '--query-execution-id', id], endpoint)).stdout) as { QueryExecution: { Status: { State: string } } }).QueryExecution.Status.State;
    const a = await start();
    assert.equal(await state(a), 'QUEUED');
    await control(`instances/${inst.id}/clock`, { advanceSeconds: 61 });
    assert.equal(await state(a), 'RUNNING');
    const early = await athena(['get-query-results', '--query-execution-id', a], endpoint);
    assert.match(early.stderr, /Query has not yet finished\. Current state: RUNNING/);
    await control(`instances/${inst.id}/clock`, { advanceSeconds: 600 });
    assert.equal(await state(a), 'SUCCEEDED');
    const b = await start();
    const stop = await athena(['stop-query-execution', '--query-execution-id', b], endpoint);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await state(b), 'CANCELLED');
  });

  test('a workgroup that does not exist, and permissions denied, in Athena\'s words', async () => {
    const missing = await athena(['start-query-execution', '--query-string', 'SELECT 1', '--work-group', 'nope']);
    assert.match(missing.stderr, /InvalidRequestException.*WorkGroup nope is not found/s);
    const denied = await control<{ endpoint: string }>('instances', { records: [], athena: { deny: 'athena' } });
    const out = await athena(['start-query-execution', '--query-string', 'SELECT 1'], `${new URL(server.url).origin}${denied.endpoint}`);
    assert.match(out.stderr, /AccessDeniedException.*athena:StartQueryExecution/s);
    const glue = await control<{ endpoint: string }>('instances', { records: [], athena: { deny: 'glue' } });
    const gEndpoint = `${new URL(server.url).origin}${glue.endpoint}`;
    const g = JSON.parse((await athena(['start-query-execution', '--query-string', 'SELECT 1'], gEndpoint)).stdout) as { QueryExecutionId: string };
    const done = await waitState(g.QueryExecutionId, gEndpoint);
    assert.equal(done.State, 'FAILED');
    assert.match(done.StateChangeReason ?? '', /glue:GetTable/);
  });
});

test('boto3 pages get_query_results with its paginator', { skip: !PYTHON && 'no python3 with boto3' }, async () => {
  const script = [
    'import boto3, json, os, time',
    'c = boto3.client("athena", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")',
    'q = c.start_query_execution(QueryString="SELECT eventid FROM cloudtrail_logs WHERE eventsource = ? AND sourceipaddress <> ? ORDER BY eventtime DESC, eventid",',
    '    ExecutionParameters=["\'iam.amazonaws.com\'", "\'198.51.100.3\'"], QueryExecutionContext={"Database": "default"})',
    'qid = q["QueryExecutionId"]',
    'for _ in range(200):',
    '    s = c.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]["State"]',
    '    if s not in ("QUEUED", "RUNNING"): break',
    '    time.sleep(0.05)',
    'rows, pages = [], 0',
    'for page in c.get_paginator("get_query_results").paginate(QueryExecutionId=qid, PaginationConfig={"PageSize": 100}):',
    '    pages += 1',
    '    rows += [r["Data"][0].get("VarCharValue") for r in page["ResultSet"]["Rows"]]',
    'stats = c.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Statistics"]',
    'print(json.dumps({"state": s, "rows": rows, "pages": pages, "scanned": stats["DataScannedInBytes"]}))',
  ].join('\n');
  const out = await run(PYTHON!, ['-c', script], { ENDPOINT: server.url });
  assert.equal(out.code, 0, out.stderr);
  const { state, rows, pages, scanned } = JSON.parse(out.stdout) as { state: string; rows: string[]; pages: number; scanned: number };
  assert.equal(state, 'SUCCEEDED');
  assert.equal(rows[0], 'eventid');
  const all = (await control<{ Events: WireEvent[] }>('instances/default/truth', { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }] })).Events;
  const expected = all.filter((e) => (JSON.parse(e.CloudTrailEvent) as { sourceIPAddress: string }).sourceIPAddress !== '198.51.100.3').map((e) => e.EventId);
  assert.deepEqual(rows.slice(1), expected);
  assert.equal(pages, Math.ceil((expected.length + 1) / 100));
  assert.ok(scanned > 0, 'statistics report the bytes read');
});
