/**
 * The real clients against the emulator over HTTP: the aws cli and boto3 page through all 2,900
 * invictus-ir events at the default 2 requests/s (retrying their own throttling), and every error of
 * PROTOCOL.md's table comes back through the aws cli by name. Per-Region data: real-clients-regions.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulatorServer, type EmulatorServer, type RequestLogEntry, type WireEvent } from '../../src/emulator/index.js';
import { realClients } from './helpers/real-clients.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');
const INVICTUS = path.join(DATA, 'invictus-ir_aws_dataset.full.jsonl.gz');
const POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

const clients = realClients();
const { AWS, PYTHON } = clients;
const run = clients.run;
let server: EmulatorServer;

async function control<T>(route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/__control/${route}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `${route}: ${res.status}`);
  return (await res.json()) as T;
}

before(async () => {
  // The control API loads data by name from the folder fixed here (issue 14).
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', events: [INVICTUS], rebase: true, dataDir: DATA });
});
after(async () => {
  await server.close();
  clients.cleanup();
});

describe('real clients page through all 2,900 events at 2 requests/s', () => {
  let truthIds: string[];
  before(async () => {
    truthIds = (await control<{ Events: WireEvent[] }>('instances/default/truth', {})).Events.map((e) => e.EventId);
    assert.equal(truthIds.length, 2900);
  });

  test('aws cli lookup-events (auto-paginating)', { skip: !AWS && 'no aws cli', timeout: 150_000 }, async () => {
    const since = (await control<{ entries: RequestLogEntry[] }>('instances/default/log')).entries.at(-1)?.seq ?? 0;
    const out = await run(AWS!, ['cloudtrail', 'lookup-events', '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json']);
    assert.equal(out.code, 0, out.stderr);
    const events = (JSON.parse(out.stdout) as { Events: { EventId: string; EventTime: string }[] }).Events;
    assert.equal(events.length, 2900);
    assert.deepEqual(events.map((e) => e.EventId), truthIds, 'newest first, exactly the truth');
    const log = (await control<{ entries: RequestLogEntry[] }>(`instances/default/log?since=${since}`)).entries;
    const ok = log.filter((e) => e.outcome === 'ok');
    // Some pages come back short or empty with a NextToken, as the service's do: the cli must keep going.
    assert.equal(ok.reduce((n, e) => n + (e.eventCount ?? 0), 0), 2900, 'every event served once');
    assert.ok(ok.length >= 58, `${ok.length} pages: at least 58 pages of at most 50`);
    assert.ok(ok.slice(0, -1).every((e) => e.hasNextToken) && !ok.at(-1)!.hasNextToken, 'a NextToken on every page but the last');
    assert.ok(ok.some((e) => (e.eventCount ?? 0) < 50 && e.hasNextToken), 'the cli met a short page and kept going');
    assert.ok(log.every((e) => e.outcome === 'ok' || e.outcome === 'ThrottlingException'), 'only throttling was retried');
  });

  test('boto3 get_paginator("lookup_events")', { skip: !PYTHON && 'no python3 with boto3', timeout: 150_000 }, async () => {
    const script = [
      'import boto3, json, os',
      'c = boto3.client("cloudtrail", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")',
      'ids, tokens, pages = [], [], 0',
      'for page in c.get_paginator("lookup_events").paginate():',
      '    pages += 1',
      '    ids += [e["EventId"] for e in page["Events"]]',
      '    if "NextToken" in page: tokens.append(page["NextToken"])',
      'print(json.dumps({"ids": ids, "tokens": tokens, "pages": pages, "version": boto3.__version__}))',
    ].join('\n');
    const out = await run(PYTHON!, ['-c', script], { ENDPOINT: server.url });
    assert.equal(out.code, 0, out.stderr);
    const { ids, tokens, pages } = JSON.parse(out.stdout) as { ids: string[]; tokens: string[]; pages: number };
    assert.deepEqual(ids, truthIds);
    assert.ok(pages >= 58, `${pages} pages: at least 58 pages of at most 50`);
    assert.equal(tokens.length, pages - 1, 'a NextToken on every page but the last');
    assert.equal(new Set(tokens).size, tokens.length, 'no token seen twice');
  });
});

describe('every error of the protocol table through the aws cli', { skip: !AWS && 'no aws cli' }, () => {
  let endpoint: string;
  let instanceId: string;
  before(async () => {
    const inst = await control<{ id: string; endpoint: string }>('instances', { events: [path.basename(INVICTUS)], rebase: true, throttle: false });
    instanceId = inst.id;
    endpoint = `${new URL(server.url).origin}${inst.endpoint}`;
  });
  const cli = (args: string[], extra: Record<string, string> = {}, url = endpoint) =>
    run(AWS!, ['cloudtrail', 'lookup-events', '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json', ...args], { AWS_MAX_ATTEMPTS: '1', ...extra }, 60_000);
  const expectCliError = async (args: string[], type: string, extra: Record<string, string> = {}, url?: string) => {
    const out = await cli(args, extra, url);
    assert.notEqual(out.code, 0, `${type}: exit code`);
    assert.match(out.stderr, new RegExp(`\\(${type}\\)`), out.stderr);
  };
  const cognito = async (op: string, body: unknown) => {
    const res = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` }, body: JSON.stringify(body) });
    return (await res.json()) as { IdentityId: string; Credentials: { AccessKeyId: string; SecretKey: string; SessionToken: string } };
  };
  const credsEnv = async (logins?: Record<string, string>) => {
    const { IdentityId } = await cognito('GetId', { IdentityPoolId: POOL, Logins: logins });
    const { Credentials: c } = await cognito('GetCredentialsForIdentity', { IdentityId, Logins: logins });
    return { AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretKey, AWS_SESSION_TOKEN: c.SessionToken };
  };

  test('validation errors', { timeout: 120_000 }, async () => {
    await expectCliError(['--max-results', '51'], 'InvalidMaxResultsException');
    await expectCliError(['--lookup-attributes', 'AttributeKey=Foo,AttributeValue=x'], 'InvalidLookupAttributesException');
    await expectCliError(['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=a', 'AttributeKey=Username,AttributeValue=b'], 'InvalidLookupAttributesException');
    await expectCliError(['--cli-input-json', JSON.stringify({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: ' '.repeat(1001) }] })], 'InvalidLookupAttributesException');
    await expectCliError(['--start-time', '2024-01-02T00:00:00Z', '--end-time', '2024-01-01T00:00:00Z'], 'InvalidTimeRangeException');
    await expectCliError(['--event-category', 'foo'], 'InvalidEventCategoryException');
    await expectCliError(['--no-paginate', '--next-token', 'garbage'], 'InvalidNextTokenException');
    const first = JSON.parse((await cli(['--no-paginate', '--max-results', '1'])).stdout) as { NextToken: string };
    await expectCliError(['--no-paginate', '--next-token', first.NextToken, '--lookup-attributes', 'AttributeKey=ReadOnly,AttributeValue=true'], 'InvalidNextTokenException');
    const ok = await cli(['--no-paginate', '--next-token', first.NextToken, '--max-results', '1']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('throttling with retries turned off', { timeout: 60_000 }, async () => {
    await control(`instances/${instanceId}/faults`, { throttle: { rate: 0.05, burst: 1 } });
    try {
      const outcomes = [await cli(['--no-paginate', '--max-results', '1']), await cli(['--no-paginate', '--max-results', '1'])];
      assert.equal(outcomes.filter((o) => o.code === 0).length, 1, 'the burst of one passes');
      assert.ok(outcomes.some((o) => o.code !== 0 && /\(ThrottlingException\)/.test(o.stderr)), `the other call fails with ThrottlingException: ${outcomes.map((o) => o.stderr).join(' | ')}`);
    } finally {
      await control(`instances/${instanceId}/faults`, {});
    }
  });

  test('credential errors: AccessDenied, InvalidSignature, UnrecognizedClient, ExpiredToken', { timeout: 90_000 }, async () => {
    await expectCliError(['--no-paginate'], 'AccessDeniedException', await credsEnv());
    await expectCliError(['--no-paginate'], 'InvalidSignatureException', { AWS_SECRET_ACCESS_KEY: 'wrong-secret' });
    await expectCliError(['--no-paginate'], 'UnrecognizedClientException', { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000000' });
    const signedIn = await credsEnv({ [PROVIDER]: 'emulator-cli-user' });
    const ok = await cli(['--no-paginate', '--max-results', '1'], signedIn);
    assert.equal(ok.code, 0, ok.stderr);
    await control(`instances/${instanceId}/clock`, { advanceSeconds: 3700 });
    await expectCliError(['--no-paginate'], 'ExpiredTokenException', signedIn);
  });
});

test('clients were found (or the skips above say why)', () => {
  if (!AWS || !PYTHON) console.log(`# real clients: aws=${AWS ?? 'missing'} python3+boto3=${PYTHON ?? 'missing'}`);
  assert.ok(existsSync(INVICTUS), INVICTUS);
});
