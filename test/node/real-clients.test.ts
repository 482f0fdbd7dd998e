/**
 * The real clients against the emulator over HTTP: the aws cli and boto3 page through all 2,900
 * invictus-ir events at the default 2 requests/s (retrying their own throttling), every error of
 * PROTOCOL.md's table comes back through the aws cli by name, and each error the emulator sends
 * reaches the aws cli (v1 and v2 where installed), boto3 and the JS SDK with the code and HTTP
 * status the service gives it. Per-Region data: real-clients-regions.test.ts.
 */
import { CloudTrailClient, LookupEventsCommand, type EventCategory, type LookupAttributeKey, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulatorServer, type EmulatorServer, type RequestLogEntry, type WireEvent } from 'cloudtrail-elements-emulator';
import { KEY, controlApi, realClients } from './helpers/real-clients.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');
const INVICTUS = path.join(DATA, 'invictus-ir_aws_dataset.full.jsonl.gz');
const POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

const clients = realClients();
const { AWS, PYTHON, run, runWithInput } = clients;
let server: EmulatorServer;

const control = controlApi(() => server.url);

before(async () => {
  // The control API loads data by name from the folder fixed here.
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

/**
 * Every aws cli and boto3 on this machine (Debian's and the one on PATH, so v1 and v2 where both
 * are installed), each looking up events with exactly one attempt.
 */
function installedClients(): { clis: { path: string; version: string }[]; pythons: { path: string; version: string }[] } {
  const out = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
    return r.status === 0 ? `${r.stdout}${r.stderr}`.trim() : undefined;
  };
  const pathPython = out('python3', ['-c', 'import sys; print(sys.executable)']);
  const pythons = [...new Set(['/usr/bin/python3', ...(pathPython ? [pathPython] : [])])]
    .map((p) => ({ path: p, version: out(p, ['-c', 'import boto3, botocore; print(boto3.__version__, botocore.__version__)']) ?? '' }))
    .filter((p) => p.version);
  const clis = [...new Set(['/usr/bin/aws', ...(pathPython ? [path.join(path.dirname(pathPython), 'aws')] : [])])]
    .filter((p) => existsSync(p))
    .map((p) => ({ path: p, version: out(p, ['--version']) ?? '' }))
    .filter((c) => c.version.startsWith('aws-cli/'));
  return { clis, pythons };
}

interface ErrorCase {
  code: string;
  status: number;
  /** LookupEvents unless it names a Cognito call. */
  op?: 'GetId';
  cli?: string[];
  py?: Record<string, unknown>;
  /** A scripted fault for the one request. */
  script?: string;
  creds?: 'guest' | 'wrong-secret' | 'unknown-key' | 'static-with-token' | 'unsigned';
}

const OTHER_REGION_POOL = 'eu-west-1:00000000-0000-0000-0000-000000000000';
const ERROR_CASES: ErrorCase[] = [
  { code: 'InvalidMaxResultsException', status: 400, cli: ['--max-results', '51'], py: { MaxResults: 51 } },
  { code: 'InvalidLookupAttributesException', status: 400, cli: ['--lookup-attributes', 'AttributeKey=Foo,AttributeValue=x'], py: { LookupAttributes: [{ AttributeKey: 'Foo', AttributeValue: 'x' }] } },
  { code: 'InvalidTimeRangeException', status: 400, cli: ['--start-time', '2024-01-02T00:00:00Z', '--end-time', '2024-01-01T00:00:00Z'], py: { StartTime: '2024-01-02T00:00:00Z', EndTime: '2024-01-01T00:00:00Z' } },
  { code: 'InvalidEventCategoryException', status: 400, cli: ['--event-category', 'foo'], py: { EventCategory: 'foo' } },
  { code: 'InvalidNextTokenException', status: 400, cli: ['--next-token', 'garbage'], py: { NextToken: 'garbage' } },
  { code: 'ThrottlingException', status: 400, script: 'throttle' },
  { code: 'ExpiredTokenException', status: 400, script: 'expired' },
  { code: 'InternalFailure', status: 500, script: '500' },
  { code: 'ServiceUnavailableException', status: 503, script: '503' },
  { code: 'AccessDeniedException', status: 400, creds: 'guest' },
  { code: 'InvalidSignatureException', status: 400, creds: 'wrong-secret' },
  { code: 'UnrecognizedClientException', status: 400, creds: 'unknown-key' },
  { code: 'UnrecognizedClientException', status: 400, creds: 'static-with-token' },
  { code: 'MissingAuthenticationTokenException', status: 400, creds: 'unsigned' },
  { code: 'ValidationException', status: 400, op: 'GetId', cli: ['--identity-pool-id', 'not-a-pool-id'], py: { IdentityPoolId: 'not-a-pool-id' } },
  { code: 'ResourceNotFoundException', status: 400, op: 'GetId', cli: ['--identity-pool-id', OTHER_REGION_POOL], py: { IdentityPoolId: OTHER_REGION_POOL } },
  { code: 'NotAuthorizedException', status: 400, op: 'GetId', cli: ['--identity-pool-id', POOL, '--logins', 'accounts.example.com=emulator-x'], py: { IdentityPoolId: POOL, Logins: { 'accounts.example.com': 'emulator-x' } } },
];
const caseName = (c: ErrorCase) => `${c.code}${c.creds ? ` (${c.creds})` : ''}`;

/** One Python process runs every case: it sets the case's fault over the control API, then calls once. */
const BOTO3_CASES = `
import boto3, json, os, sys, urllib.request
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
args = json.load(sys.stdin)
def faults(body):
    req = urllib.request.Request(args["control"], data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST")
    urllib.request.urlopen(req).read()
out = []
for case in args["cases"]:
    faults({"script": [case["script"]]} if case.get("script") else {})
    creds = case["keys"]
    cfg = Config(retries={"total_max_attempts": 1}, signature_version=UNSIGNED if creds is None else None)
    keys = {} if creds is None else {"aws_access_key_id": creds["id"], "aws_secret_access_key": creds["secret"], "aws_session_token": creds.get("token")}
    service = "cognito-identity" if case.get("op") == "GetId" else "cloudtrail"
    client = boto3.client(service, endpoint_url=args["endpoint"], region_name="us-east-1", config=cfg, **keys)
    try:
        (client.get_id if service == "cognito-identity" else client.lookup_events)(**case.get("py", {}))
        out.append({"ok": True})
    except ClientError as e:
        out.append({"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "message": e.response["Error"].get("Message")})
faults({})
print(json.dumps(out))
`;

describe('each error the emulator sends, as the aws cli, boto3 and the JS SDK report it (code and HTTP status)', () => {
  const { clis, pythons } = installedClients();
  let endpoint: string;
  let instanceId: string;
  let guest: { id: string; secret: string; token: string };
  before(async () => {
    const inst = await control<{ id: string; endpoint: string }>('instances', { records: [], throttle: false, fullPages: true });
    instanceId = inst.id;
    endpoint = `${new URL(server.url).origin}${inst.endpoint}`;
    const post = async (op: string, body: unknown) => (await (await fetch(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` }, body: JSON.stringify(body) })).json()) as Record<string, never>;
    const { IdentityId } = await post('GetId', { IdentityPoolId: POOL });
    const { Credentials: c } = (await post('GetCredentialsForIdentity', { IdentityId })) as unknown as { Credentials: { AccessKeyId: string; SecretKey: string; SessionToken: string } };
    guest = { id: c.AccessKeyId, secret: c.SecretKey, token: c.SessionToken };
  });
  const withFault = async (script: string) => {
    const inst = await control<{ endpoint: string }>('instances', { records: [], throttle: false, fullPages: true, faults: { script: [script] } });
    return `${new URL(server.url).origin}${inst.endpoint}`;
  };
  const keysOf = (c: ErrorCase): { id: string; secret: string; token?: string } | null => {
    switch (c.creds) {
      case 'guest': return guest;
      case 'wrong-secret': return { id: KEY.accessKeyId, secret: 'not-the-secret' };
      case 'unknown-key': return { id: 'AKIAUNKNOWN000000000', secret: KEY.secretAccessKey };
      case 'static-with-token': return { id: KEY.accessKeyId, secret: KEY.secretAccessKey, token: 'bogus-session-token' };
      case 'unsigned': return null;
      default: return { id: KEY.accessKeyId, secret: KEY.secretAccessKey };
    }
  };

  test('the clients are installed', () => {
    assert.ok(clis.length > 0 || !AWS, `aws cli: ${JSON.stringify(clis)}`);
    assert.ok(pythons.length > 0 || !PYTHON, `boto3: ${JSON.stringify(pythons)}`);
  });

  for (const client of clis) {
    // v2 documents 254 for "the service returned an error"; v1 exits 255 for every failure.
    const exitCode = client.version.startsWith('aws-cli/1.') ? 255 : 254;
    test(`${client.version.split(' ')[0]}: exit ${exitCode}, "An error occurred (Code)" and the status it received`, { timeout: 480_000 }, async () => {
      const check = async (c: ErrorCase): Promise<string | undefined> => {
        // A scripted fault gets an instance of its own, so the cases can run side by side.
        const url = c.script ? await withFault(c.script) : endpoint;
        const keys = keysOf(c);
        const env: Record<string, string> = keys ? { AWS_ACCESS_KEY_ID: keys.id, AWS_SECRET_ACCESS_KEY: keys.secret, ...(keys.token ? { AWS_SESSION_TOKEN: keys.token } : {}) } : {};
        const command = c.op === 'GetId' ? ['cognito-identity', 'get-id'] : ['cloudtrail', 'lookup-events', '--no-paginate'];
        const args = [...command, ...(c.cli ?? []), ...(keys ? [] : ['--no-sign-request']), '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json', '--debug'];
        const out = await run(client.path, args, { AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard', ...env }, 240_000);
        // --debug logs each response's status line as urllib3 received it.
        const status = [...out.stderr.matchAll(/"POST [^"]* HTTP\/1\.1" (\d{3})/g)].map((m) => Number(m[1]));
        const said = new RegExp(`An error occurred \\(${c.code}\\) when calling the ${c.op ?? 'LookupEvents'} operation`).test(out.stderr);
        if (out.code === exitCode && said && status.length === 1 && status[0] === c.status) return undefined;
        return `${caseName(c)}: exit ${out.code}, statuses ${JSON.stringify(status)}, ${out.stderr.split('\n').filter((l) => l.includes('An error occurred')).join(' ') || out.stderr.slice(-300)}`;
      };
      // Three clients at a time: each spends most of its second or two starting Python.
      const queue = [...ERROR_CASES];
      const wrong: string[] = [];
      await Promise.all(Array.from({ length: 3 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const problem = await check(c);
          if (problem) wrong.push(problem);
        }
      }));
      assert.deepEqual(wrong, []);
    });
  }

  // The JS SDK 3.1137 puts the body's Message into err.message (it sets no err.Message property).
  test('JS SDK: err.name, $metadata.httpStatusCode and err.message', { timeout: 60_000 }, async () => {
    const params: Record<string, LookupEventsCommandInput> = {
      InvalidMaxResultsException: { MaxResults: 51 },
      InvalidLookupAttributesException: { LookupAttributes: [{ AttributeKey: 'Foo' as LookupAttributeKey, AttributeValue: 'x' }] },
      InvalidTimeRangeException: { StartTime: new Date('2024-01-02T00:00:00Z'), EndTime: new Date('2024-01-01T00:00:00Z') },
      InvalidEventCategoryException: { EventCategory: 'foo' as EventCategory },
      InvalidNextTokenException: { NextToken: 'garbage' },
    };
    const seen: string[] = [];
    const cases = ERROR_CASES.filter((c) => c.op !== 'GetId');
    for (const c of cases) {
      await control(`instances/${instanceId}/faults`, c.script ? { script: [c.script] } : {});
      const keys = keysOf(c);
      const client = new CloudTrailClient({
        endpoint, region: 'us-east-1', maxAttempts: 1,
        credentials: keys ? { accessKeyId: keys.id, secretAccessKey: keys.secret, sessionToken: keys.token } : { accessKeyId: 'unused', secretAccessKey: 'unused' },
        // An unsigned request: a signer that leaves it as it is.
        ...(keys ? {} : { signer: { sign: async (request: unknown) => request } as never }),
      });
      try {
        await client.send(new LookupEventsCommand(params[c.code] ?? {}));
        seen.push(`${caseName(c)}: no error`);
      } catch (e) {
        const err = e as Error & { $metadata?: { httpStatusCode?: number } };
        seen.push(`${caseName(c)}: ${err.name} ${err.$metadata?.httpStatusCode} ${err.message ? 'with a message' : 'no message'}`);
      }
    }
    await control(`instances/${instanceId}/faults`, {});
    assert.deepEqual(seen, cases.map((c) => `${caseName(c)}: ${c.code} ${c.status} with a message`));
  });

  for (const py of pythons) {
    test(`boto3 ${py.version.split(' ')[0]}: e.response Error.Code and ResponseMetadata.HTTPStatusCode`, { timeout: 120_000 }, async () => {
      const input = JSON.stringify({ endpoint, control: `${server.url}/__control/instances/${instanceId}/faults`, cases: ERROR_CASES.map((c) => ({ ...c, keys: keysOf(c) })) });
      const out = await runWithInput(py.path, ['-c', BOTO3_CASES], input);
      assert.equal(out.code, 0, out.stderr);
      const results = JSON.parse(out.stdout) as { ok?: boolean; code?: string; status?: number; message?: string }[];
      assert.deepEqual(results.map((r, i) => `${caseName(ERROR_CASES[i]!)}: ${r.code} ${r.status}`), ERROR_CASES.map((c) => `${caseName(c)}: ${c.code} ${c.status}`));
      for (const r of results) assert.ok(r.message, `${r.code} has a message boto3 can read`);
    });
  }
});
