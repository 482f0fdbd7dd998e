/**
 * The emulator's STS and accounts over real HTTP: AssumeRole and AssumeRoleWithWebIdentity on the
 * Query protocol (form-encoded POST, XML answers and errors as the STS API reference shows them),
 * Cognito's GetOpenIdToken, roles that trust or refuse, and each account's LookupEvents answering
 * only its own events; the aws cli's `sts assume-role` against it when installed.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signRequest, startEmulatorServer, type EmulatorServer, type RequestLogEntry } from 'cloudtrail-elements-emulator';
import { control, instance, KEY, POOL, REGION, type Inst } from './helpers/emulator-http.js';
import { realClients } from './helpers/real-clients.js';

const HOME = '123456789012';
const PROD = '111122223333';
const AUDIT = '444455556666';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

let server: EmulatorServer;
let inst: Inst;
const clients = realClients({ AWS_MAX_ATTEMPTS: '1' });
/** The instance's endpoint URL. */
const ep = () => `${server.url}${inst.endpoint}`;

before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  inst = await instance(server, {
    id: 'sts',
    generate: { count: 300, seed: 5 },
    accounts: [
      { accountId: PROD, generate: { count: 200 } },
      // A role nobody may assume, beside the default one.
      { accountId: AUDIT, generate: { count: 50 }, roles: [{ name: 'Refuses', trust: [] }, { name: 'OnlyAlice', trust: [`arn:aws:iam::${HOME}:user/alice`] }] },
    ],
  });
});
after(async () => {
  await server.close();
  clients.cleanup();
});

/** Text of the first `<name>` element of an XML answer. */
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

async function sts(params: Record<string, string>, sign?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  const url = `${ep().replace(/\/$/, '')}/`;
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  const path = new URL(url).pathname;
  let headers: Record<string, string> = { 'content-type': FORM, host: new URL(url).host };
  if (sign) headers = signRequest({ method: 'POST', url: path, headers, body, region: REGION, service: 'sts', ...sign });
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), requestId: res.headers.get('x-amzn-requestid'), xml: await res.text() };
}

async function openIdToken(): Promise<string> {
  const call = async (op: string, body: unknown) => {
    const res = await fetch(ep(), { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, string>;
    assert.equal(res.status, 200, JSON.stringify(json));
    return json;
  };
  const logins = { [PROVIDER]: 'emulator-alice' };
  const { IdentityId } = await call('GetId', { IdentityPoolId: POOL, Logins: logins });
  const { Token, IdentityId: same } = await call('GetOpenIdToken', { IdentityId, Logins: logins });
  assert.equal(same, IdentityId);
  const claims = JSON.parse(Buffer.from(Token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(claims.aud, POOL, 'the token names the pool as its audience');
  assert.equal(claims.sub, IdentityId);
  assert.deepEqual(claims.amr, ['authenticated', PROVIDER]);
  assert.equal((claims.exp as number) - (claims.iat as number), 600, 'valid for 10 minutes (API_GetOpenIdToken)');
  return Token;
}

async function lookupAs(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  const client = new CloudTrailClient({ region: REGION, endpoint: ep(), credentials: creds, maxAttempts: 1 });
  try {
    return await client.send(new LookupEventsCommand({ MaxResults: 50 }));
  } finally {
    client.destroy();
  }
}

describe('STS AssumeRole and AssumeRoleWithWebIdentity (Query protocol)', () => {
  test('AssumeRole from the home account\'s keys: XML credentials of the role\'s account, which read that account\'s events only', async () => {
    const res = await sts({ Action: 'AssumeRole', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'investigation' }, KEY);
    assert.equal(res.status, 200, res.xml);
    assert.match(res.type ?? '', /^text\/xml/);
    assert.match(res.xml, /^<AssumeRoleResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.equal(tag(res.xml, 'Arn'), `arn:aws:sts::${PROD}:assumed-role/CloudTrailElementsReader/investigation`);
    assert.match(tag(res.xml, 'AssumedRoleId')!, /^AROA[A-Z0-9]+:investigation$/);
    assert.equal(tag(res.xml, 'RequestId'), res.requestId, 'the body names the x-amzn-RequestId');
    const expiration = Date.parse(tag(res.xml, 'Expiration')!);
    assert.ok(Math.abs(expiration - Date.now() - 3600_000) < 60_000, 'an hour by default');
    const creds = { accessKeyId: tag(res.xml, 'AccessKeyId')!, secretAccessKey: tag(res.xml, 'SecretAccessKey')!, sessionToken: tag(res.xml, 'SessionToken')! };
    assert.match(creds.accessKeyId, /^ASIA/);
    const page = await lookupAs(creds);
    const accounts = new Set(page.Events!.map((e) => (JSON.parse(e.CloudTrailEvent!) as { recipientAccountId: string }).recipientAccountId));
    assert.deepEqual([...accounts], [PROD]);
    const truth = await control<{ Events: { EventId: string }[] }>(server, `instances/${inst.id}/truth`, { account: PROD });
    assert.deepEqual(page.Events!.map((e) => e.EventId), truth.Events.slice(0, page.Events!.length).map((e) => e.EventId), "the first page is the account's truth");
    const home = await lookupAs(KEY);
    assert.ok(home.Events!.every((e) => (JSON.parse(e.CloudTrailEvent!) as { recipientAccountId: string }).recipientAccountId === HOME), "the home keys read the home account's");
    const log = (await control<{ entries: RequestLogEntry[] }>(server, `instances/${inst.id}/log`)).entries;
    assert.deepEqual(log.filter((e) => e.operation === 'LookupEvents').map((e) => e.account), [PROD, HOME]);
  });

  test('a role that does not trust the caller: 403 AccessDenied in an ErrorResponse, worded as STS words it', async () => {
    const arn = `arn:aws:iam::${AUDIT}:role/Refuses`;
    const res = await sts({ Action: 'AssumeRole', RoleArn: arn, RoleSessionName: 'investigation' }, KEY);
    assert.equal(res.status, 403);
    assert.match(res.xml, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.equal(tag(res.xml, 'Type'), 'Sender');
    assert.equal(tag(res.xml, 'Code'), 'AccessDenied');
    assert.equal(tag(res.xml, 'Message'), `User: arn:aws:iam::${HOME}:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
    // A role that does not exist is refused in the same words (STS does not say which).
    const missing = await sts({ Action: 'AssumeRole', RoleArn: `arn:aws:iam::${AUDIT}:role/Nope`, RoleSessionName: 'x1' }, KEY);
    assert.equal(missing.status, 403);
    assert.equal(tag(missing.xml, 'Code'), 'AccessDenied');
    // A role that trusts another principal of the same account refuses this one.
    const alice = await sts({ Action: 'AssumeRole', RoleArn: `arn:aws:iam::${AUDIT}:role/OnlyAlice`, RoleSessionName: 'x1' }, KEY);
    assert.equal(tag(alice.xml, 'Code'), 'AccessDenied');
  });

  test('AssumeRoleWithWebIdentity with a GetOpenIdToken token: unsigned, answers the subject, audience and provider', async () => {
    const token = await openIdToken();
    const res = await sts({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'web', WebIdentityToken: token });
    assert.equal(res.status, 200, res.xml);
    assert.match(res.xml, /^<AssumeRoleWithWebIdentityResponse /);
    assert.equal(tag(res.xml, 'Audience'), POOL);
    assert.equal(tag(res.xml, 'Provider'), 'cognito-identity.amazonaws.com');
    assert.match(tag(res.xml, 'SubjectFromWebIdentityToken')!, /^us-east-1:/);
    const page = await lookupAs({ accessKeyId: tag(res.xml, 'AccessKeyId')!, secretAccessKey: tag(res.xml, 'SecretAccessKey')!, sessionToken: tag(res.xml, 'SessionToken')! });
    assert.ok(page.Events!.length > 0, 'the role\'s credentials read its account');
    const refused = await sts({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${AUDIT}:role/Refuses`, RoleSessionName: 'web', WebIdentityToken: token });
    assert.equal(refused.status, 403);
    assert.equal(tag(refused.xml, 'Code'), 'AccessDenied');
    assert.equal(tag(refused.xml, 'Message'), 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const forged = await sts({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'web', WebIdentityToken: `${token}x` });
    assert.equal(forged.status, 400);
    assert.equal(tag(forged.xml, 'Code'), 'InvalidIdentityToken');
  });

  test('the web identity token expires after 10 minutes of the emulator clock: ExpiredTokenException', async () => {
    const token = await openIdToken();
    await control(server, `instances/${inst.id}/clock`, { advanceSeconds: 601 });
    const res = await sts({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'web', WebIdentityToken: token });
    assert.equal(res.status, 400);
    assert.equal(tag(res.xml, 'Code'), 'ExpiredTokenException');
  });

  test('validation and authentication errors take the Query protocol\'s codes', async () => {
    const noRole = await sts({ Action: 'AssumeRole', RoleSessionName: 'x1' }, KEY);
    assert.equal(noRole.status, 400);
    assert.equal(tag(noRole.xml, 'Code'), 'ValidationError');
    assert.equal(tag(noRole.xml, 'Message'), "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    const short = await sts({ Action: 'AssumeRole', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'x', DurationSeconds: '600' }, KEY);
    assert.equal(tag(short.xml, 'Code'), 'ValidationError');
    const unsigned = await sts({ Action: 'AssumeRole', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'x1' });
    assert.equal(unsigned.status, 403);
    assert.equal(tag(unsigned.xml, 'Code'), 'MissingAuthenticationToken');
    const wrongKey = await sts({ Action: 'AssumeRole', RoleArn: `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, RoleSessionName: 'x1' }, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' });
    assert.equal(wrongKey.status, 403);
    assert.equal(tag(wrongKey.xml, 'Code'), 'InvalidClientTokenId');
    assert.equal(tag(wrongKey.xml, 'Message'), 'The security token included in the request is invalid.');
    const unknown = await sts({ Action: 'GetFederationToken' }, KEY);
    assert.equal(tag(unknown.xml, 'Code'), 'InvalidAction');
  });

  test('a browser page on this machine reads STS answers (CORS, preflight included)', async () => {
    const origin = 'http://localhost:8000';
    const pre = await fetch(ep(), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), origin);
    const res = await fetch(ep(), { method: 'POST', headers: { origin, 'content-type': FORM }, body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15' });
    assert.equal(res.headers.get('access-control-allow-origin'), origin, 'errors are readable too');
    assert.match(await res.text(), /<Code>ValidationError<\/Code>/);
  });
});

describe('the aws cli against the emulator\'s STS', () => {
  test('aws sts assume-role --endpoint-url: credentials of the role, and the refusal as the cli prints it', { skip: !clients.AWS && 'no aws cli', timeout: 60_000 }, async () => {
    const endpoint = ep();
    const ok = await clients.run(clients.AWS!, ['sts', 'assume-role', '--endpoint-url', endpoint, '--role-arn', `arn:aws:iam::${PROD}:role/CloudTrailElementsReader`, '--role-session-name', 'cli', '--output', 'json']);
    assert.equal(ok.code, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as { Credentials: { AccessKeyId: string }; AssumedRoleUser: { Arn: string } };
    assert.match(out.Credentials.AccessKeyId, /^ASIA/);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${PROD}:assumed-role/CloudTrailElementsReader/cli`);
    const refused = await clients.run(clients.AWS!, ['sts', 'assume-role', '--endpoint-url', endpoint, '--role-arn', `arn:aws:iam::${AUDIT}:role/Refuses`, '--role-session-name', 'cli']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /An error occurred \(AccessDenied\) when calling the AssumeRole operation(?: \(reached max retries: \d+\))?: User: arn:aws:iam::123456789012:user\/emulator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role\/Refuses/);
  });
});
