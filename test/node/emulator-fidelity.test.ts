/**
 * Fidelity: where the emulator used to differ from CloudTrail and Cognito Identity. Each
 * test drives a standalone emulator on 127.0.0.1 over real HTTP, with the JS SDK where it reads the
 * difference (err.Message, statuses) and raw requests where no client can send the case.
 */
import { LookupEventsCommand, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildEvents, generateRecords, parseDataArgs, readRecords, startEmulatorServer, type EmulatorServer, type WireEvent } from 'cloudtrail-elements-emulator';
import { parseCliArgs } from '../../packages/emulator/src/cli.js';
import { deriveEvent } from '../../packages/emulator/src/derive.js';
import { requestTimeError } from '../../packages/emulator/src/sigv4.js';
import { valueLength } from '../../src/lookup/query.js';
import { aws, cognito, control, instance, KEY, POOL, record, sdk, type Inst } from './helpers/emulator-http.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const HOUR = 3600_000;

let server: EmulatorServer;
before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: [], throttle: false });
});
after(async () => {
  await server.close();
});

async function truth(inst: Inst, params: Record<string, unknown> = {}): Promise<WireEvent[]> {
  return (await control<{ Events: WireEvent[] }>(server, `instances/${inst.id}/truth`, params)).Events;
}

describe('data events never reach event history', () => {
  test('records with managementEvent false are dropped on load and counted', async () => {
    const now = Date.now();
    const data = { ...record('data-1', iso(now - HOUR), { eventSource: 's3.amazonaws.com', eventName: 'PutObject', managementEvent: false, eventCategory: 'Data', readOnly: false }) };
    const inst = await instance(server, { records: [record('mgmt-1', iso(now - HOUR)), data] });
    const info = await control<{ loaded: { dataEvents: number } }>(server, `instances/${inst.id}/info`);
    assert.equal(info.loaded.dataEvents, 1, 'the load summary counts the dropped data event');
    assert.deepEqual((await truth(inst)).map((e) => e.EventId), ['mgmt-1'], 'only the management event is served');
    const page = await sdk(server, inst).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutObject' }] }));
    assert.deepEqual(page.Events, [], 'a lookup by the data event name finds nothing');
  });

  test('the panther fixtures lose their ten data events', () => {
    const { records } = readRecords([path.join(DATA, 'panther-analysis_rule-tests.jsonl')]);
    const built = buildEvents(records, { nowMs: Date.now() });
    assert.equal(built.dataEvents, records.filter((r) => r.managementEvent === false).length, 'every managementEvent:false record counted');
    assert.ok(built.dataEvents >= 10, `${built.dataEvents} data events dropped`);
  });

  test('the generator makes management and Insights events only (no Lambda Invoke)', () => {
    const records = generateRecords({ count: 5000, seed: 42, nowMs: Date.UTC(2026, 0, 1) });
    const names = new Set(records.map((r) => String(r.eventName ?? (r.insightDetails as { eventName?: string } | undefined)?.eventName)));
    assert.ok(!names.has('Invoke'), 'no Invoke record or Insights pair');
    assert.ok(records.every((r) => r.managementEvent === true || r.eventCategory === 'Insight'), 'every record a management or Insights event');
    assert.equal(buildEvents(records, { nowMs: Date.UTC(2026, 0, 1) }).dataEvents, 0, 'nothing dropped on load');
  });
});

describe('Cognito Identity errors as the service sends them', () => {
  let inst: Inst;
  before(async () => {
    inst = await instance(server, { records: [] });
  });

  test('a malformed pool id is a ValidationException 400', async () => {
    for (const bad of ['not-a-pool', 'us-east-1:XYZ', `us-east-1:${'0'.repeat(60)}`]) {
      const r = await cognito(server, inst, 'GetId', { IdentityPoolId: bad });
      assert.deepEqual([r.status, r.json.__type], [400, 'ValidationException'], bad);
      assert.match(String(r.json.message), /1 validation error detected: Value '.*' at 'identityPoolId' failed to satisfy constraint/);
    }
    const id = await cognito(server, inst, 'GetCredentialsForIdentity', { IdentityId: 'nope' });
    assert.deepEqual([id.status, id.json.__type], [400, 'ValidationException']);
  });

  test('NotAuthorizedException and ResourceNotFoundException are 400; another Region\'s pool is not found', async () => {
    const badToken = await cognito(server, inst, 'GetId', { IdentityPoolId: POOL, Logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator': 'not-a-token' } });
    assert.deepEqual([badToken.status, badToken.json.__type], [400, 'NotAuthorizedException']);
    const unknown = await cognito(server, inst, 'GetId', { IdentityPoolId: 'us-east-1:11111111-1111-1111-1111-111111111111' });
    assert.deepEqual([unknown.status, unknown.json.__type], [400, 'ResourceNotFoundException']);
    const otherRegion = await cognito(server, inst, 'GetId', { IdentityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000' });
    assert.deepEqual([otherRegion.status, otherRegion.json.__type], [400, 'ResourceNotFoundException']);
    const identity = await cognito(server, inst, 'GetCredentialsForIdentity', { IdentityId: 'us-east-1:22222222-2222-2222-2222-222222222222' });
    assert.deepEqual([identity.status, identity.json.__type], [400, 'ResourceNotFoundException']);
    assert.equal(typeof identity.json.message, 'string', 'Cognito errors carry a lower-case message (its model)');
  });

  test('a Logins value that is not a map is an InvalidParameterException 400', async () => {
    const r = await cognito(server, inst, 'GetId', { IdentityPoolId: POOL, Logins: ['emulator-x'] });
    assert.deepEqual([r.status, r.json.__type], [400, 'InvalidParameterException']);
  });

  test('an instance cannot be given a pool of another Region', async () => {
    const res = await fetch(`${server.url}/__control/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [], identityPools: [{ id: 'eu-west-1:00000000-0000-0000-0000-000000000000' }] }) });
    assert.equal(res.status, 400);
  });
});

describe('authentication errors', () => {
  let inst: Inst;
  before(async () => {
    inst = await instance(server, { records: [] });
  });
  const expectSdkError = async (p: Promise<unknown>, name: string, status: number) => {
    await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, name, e.message);
      assert.equal(e.$metadata?.httpStatusCode, status, `${name} status`);
      return true;
    });
  };

  test('unknown key, wrong secret, no signature: 400, as AWS JSON services answer', async () => {
    await expectSdkError(sdk(server, inst, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: KEY.secretAccessKey }).send(new LookupEventsCommand({})), 'UnrecognizedClientException', 400);
    await expectSdkError(sdk(server, inst, { ...KEY, secretAccessKey: 'not-the-secret' }).send(new LookupEventsCommand({})), 'InvalidSignatureException', 400);
    const unsigned = await aws(server, inst, '{}', { sign: false });
    assert.deepEqual([unsigned.status, unsigned.json.__type], [400, 'MissingAuthenticationTokenException']);
  });

  // No client sends these, so raw HTTP: an Authorization header that is not a whole SigV4 one.
  test('an incomplete Authorization header: IncompleteSignatureException 400', async () => {
    for (const auth of ['AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/cloudtrail/aws4_request, Signature=abc', 'Basic dXNlcjpwYXNz']) {
      const r = await aws(server, inst, '{}', { sign: false, headers: { authorization: auth, 'x-amz-date': '20240101T000000Z' } });
      assert.deepEqual([r.status, r.json.__type], [400, 'IncompleteSignatureException'], auth);
      assert.match(String(r.json.message), /^Authorization header requires /);
    }
  });

  test('a static key sent with a session token is refused', async () => {
    await expectSdkError(sdk(server, inst, { ...KEY, sessionToken: 'bogus-session-token' }).send(new LookupEventsCommand({})), 'UnrecognizedClientException', 400);
    const raw = await aws(server, inst, '{}', { sessionToken: 'bogus' });
    assert.deepEqual([raw.status, raw.json.__type, raw.json.message], [400, 'UnrecognizedClientException', 'The security token included in the request is invalid.']);
  });

  test('clock skew: the service\'s wording', async () => {
    const s = (t: string) => Date.parse(t);
    assert.equal(requestTimeError('20240101T000000Z', s('2024-01-01T00:00:00Z'), s('2024-01-01T00:30:00Z')), 'Signature expired: 20240101T000000Z is now earlier than 20240101T001500Z (20240101T003000Z - 15 min.)');
    assert.equal(requestTimeError('20240101T010000Z', s('2024-01-01T01:00:00Z'), s('2024-01-01T00:30:00Z')), 'Signature not yet current: 20240101T010000Z is still later than 20240101T004500Z (20240101T003000Z + 15 min.)');
    assert.equal(requestTimeError('20240101T001000Z', s('2024-01-01T00:10:00Z'), s('2024-01-01T00:20:00Z')), undefined);
    const old = await aws(server, inst, '{}', { date: new Date(Date.now() - 2 * HOUR) });
    assert.equal(old.status, 400);
    assert.equal(old.json.__type, 'InvalidSignatureException');
    assert.match(String(old.json.message), /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });
});

describe('error bodies and framing', () => {
  let inst: Inst;
  before(async () => {
    inst = await instance(server, { records: [] });
  });

  // The CloudTrail model declares `Message` on its exceptions; Cognito's declare `message`. The JS
  // SDK 3.1137 reads either into err.message (it sets no err.Message own property either way).
  test('CloudTrail errors carry the modeled Message; the SDK shows it as err.message', async () => {
    const raw = await aws(server, inst, '{"MaxResults":99}');
    assert.equal(raw.json.__type, 'InvalidMaxResultsException');
    assert.equal(typeof raw.json.Message, 'string', 'the modeled member');
    assert.equal(raw.json.message, undefined, 'one message member, as the model has');
    await assert.rejects(sdk(server, inst).send(new LookupEventsCommand({ MaxResults: 99 })), (e: Error) => {
      assert.equal(e.name, 'InvalidMaxResultsException');
      assert.match(e.message, /MaxResults must be an integer between 1 and 50/);
      return true;
    });
    const auth = await aws(server, inst, '{}', { sign: false });
    assert.equal(typeof auth.json.message, 'string', 'errors outside the model (authentication) carry message');
  });

  test('a wrong Content-Type or an unknown target prefix is an unknown operation (404)', async () => {
    for (const type of ['application/json', 'text/plain', 'application/x-amz-json-1.0']) {
      const r = await aws(server, inst, '{}', { headers: { 'content-type': type } });
      assert.deepEqual([r.status, r.json.__type], [404, 'UnknownOperationException'], type);
    }
    const prefix = await aws(server, inst, '{}', { target: 'DynamoDB_20120810.LookupEvents' });
    assert.deepEqual([prefix.status, prefix.json.__type], [404, 'UnknownOperationException']);
    const lookalike = await aws(server, inst, '{}', { target: 'evil.CloudTrail_20131101.LookupEvents' });
    assert.deepEqual([lookalike.status, lookalike.json.__type], [404, 'UnknownOperationException']);
  });
});

describe('short and empty pages', () => {
  async function pages(inst: Inst, maxResults: number): Promise<{ ids: string[]; sizes: number[]; tokens: string[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    const tokens: string[] = [];
    for await (const page of paginateLookupEvents({ client: sdk(server, inst), pageSize: maxResults }, {})) {
      sizes.push(page.Events?.length ?? 0);
      for (const e of page.Events ?? []) ids.push(e.EventId!);
      if (page.NextToken) tokens.push(page.NextToken);
    }
    return { ids, sizes, tokens };
  }

  test('by default, some pages are short and some empty, with a NextToken; nothing lost or repeated; runs repeat', async () => {
    const inst = await instance(server, { generate: { count: 1500, seed: 8 } });
    const all = (await truth(inst)).map((e) => e.EventId);
    const first = await pages(inst, 10);
    assert.deepEqual(first.ids, all, 'exactly the truth, in order');
    assert.equal(new Set(first.ids).size, first.ids.length, 'no event twice');
    assert.equal(new Set(first.tokens).size, first.tokens.length, 'no token twice');
    const before = first.sizes.slice(0, -1);
    const short = before.filter((n) => n < 10).length;
    assert.ok(before.some((n) => n === 0), 'an empty page with a NextToken');
    assert.ok(before.some((n) => n > 0 && n < 10), 'a short page with a NextToken');
    const rate = short / before.length;
    assert.ok(rate > 0.03 && rate < 0.25, `a realistic share of short pages: ${short} of ${before.length}`);
    assert.ok(!before.some((n, i) => n === 0 && before[i + 1] === 0), 'never two empty pages in a row');
    const again = await pages(inst, 10);
    assert.deepEqual(again.sizes, first.sizes, 'the same pages on a second run');
    const twin = await instance(server, { generate: { count: 1500, seed: 8 } });
    assert.deepEqual((await pages(twin, 10)).sizes, first.sizes, 'and on another instance with the same data');
  });

  test('fullPages (and --full-pages) turns them off', async () => {
    const inst = await instance(server, { generate: { count: 500, seed: 8 }, fullPages: true });
    const { ids, sizes } = await pages(inst, 10);
    assert.deepEqual(ids, (await truth(inst)).map((e) => e.EventId));
    assert.ok(sizes.slice(0, -1).every((n) => n === 10), 'every page but the last full');
    assert.equal(parseDataArgs(['--full-pages']).fullPages, true);
    const cli = parseCliArgs(['--full-pages', '--port', '0']);
    assert.ok(cli !== 'help' && cli.options.fullPages === true, 'the emulator CLI takes --full-pages');
  });
});

describe('the command line', () => {
  test('takes --flag=value and repeated options, and refuses values out of range, unknown options and stray arguments by name', () => {
    const cli = parseCliArgs(['--port=0', '--allowed-host=a.internal', '--allowed-host', 'b.internal', '--throttle-rate=5', '--events', 'one.jsonl', 'two.jsonl.gz', '--rebase', '--seed=7']);
    assert.ok(cli !== 'help', 'options, not help');
    assert.deepEqual(cli, {
      port: 0, host: '127.0.0.1', allowedHosts: ['a.internal', 'b.internal'],
      options: { throttle: { rate: 5, burst: 2 }, events: ['one.jsonl', 'two.jsonl.gz'], rebase: true, generate: { seed: 7 } },
    });
    assert.equal(parseCliArgs(['-h']), 'help');
    assert.deepEqual(parseDataArgs(['--events=a.json', '--events', 'b.json', '--count', '12']), { events: ['a.json', 'b.json'], generate: { count: 12 } });
    const refusals: [string[], RegExp][] = [
      [['--port', '70000'], /--port needs a whole number from 0 to 65535; got 70000/],
      [['--port', '1.5'], /--port needs a whole number/],
      [['--count=-3'], /--count needs a whole number from 0; got -3/],
      [['--throttle-burst', '0'], /--throttle-burst needs a number from 1; got 0/],
      [['--retention-days', 'forever'], /--retention-days needs a number from 1; got forever/],
      [['--bogus'], /unknown option "--bogus"/],
      [['--rebase', 'stray'], /unexpected argument "stray"/],
      [['--data-dir'], /--data-dir/],
    ];
    for (const [argv, message] of refusals) assert.throws(() => parseCliArgs(argv), message, argv.join(' '));
  });
});

describe('--rebase', () => {
  test('shifts every timestamp of a record by one amount, maps other accounts, serves nothing from the future', async () => {
    const rec = record('rb-1', '2024-01-01T12:00:00Z', {
      userIdentity: {
        type: 'AssumedRole', principalId: 'AROAEXAMPLE:bob', arn: 'arn:aws:sts::999999999999:assumed-role/Admin/bob', accountId: '999999999999', accessKeyId: 'ASIAEXAMPLE',
        sessionContext: { attributes: { creationDate: '2024-01-01T11:30:00Z', mfaAuthenticated: 'false' } },
      },
      eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', readOnly: true,
      responseElements: { credentials: { expiration: 'Jan 1, 2024, 1:00:00 PM' }, issued: '2024-01-01T12:00:00.500Z' },
      recipientAccountId: '999999999999',
    });
    const older = record('rb-0', '2023-12-31T12:00:00Z', { recipientAccountId: '999999999999' });
    const inst = await instance(server, { records: [rec, older], rebase: true });
    const info = await control<{ loaded: { mappedAccounts: number } }>(server, `instances/${inst.id}/info`);
    assert.equal(info.loaded.mappedAccounts, 2, 'both records of account 999999999999 mapped');
    const [served, servedOlder] = await truth(inst);
    const out = JSON.parse(served!.CloudTrailEvent) as typeof rec & { userIdentity: { accountId: string; sessionContext: { attributes: { creationDate: string } } }; responseElements: { credentials: { expiration: string }; issued: string } };
    const shift = Date.parse(out.eventTime as string) - Date.parse('2024-01-01T12:00:00Z');
    assert.ok(shift > 0, 'moved forward');
    assert.equal(Date.parse(out.userIdentity.sessionContext.attributes.creationDate) - Date.parse('2024-01-01T11:30:00Z'), shift, 'creationDate moved as much');
    assert.equal(Date.parse(out.responseElements.issued) - Date.parse('2024-01-01T12:00:00.500Z'), shift, 'an ISO date in the response moved as much, millis kept');
    assert.match(out.responseElements.issued, /\.500Z$/);
    assert.match(out.responseElements.credentials.expiration, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/, 'the Java-style date keeps its form');
    assert.equal(Date.parse(`${out.responseElements.credentials.expiration.replace(/, (\d+:)/, ' $1')} UTC`) - Date.parse('2024-01-01T13:00:00Z'), shift, 'and moved as much');
    assert.equal(served!.EventTime - servedOlder!.EventTime, 86400, 'gaps kept');
    assert.equal(out.recipientAccountId, inst.accountId, 'served as this instance\'s account');
    assert.equal(out.userIdentity.accountId, '999999999999', 'the caller\'s own account is left as it was');
  });

  test('without rebase, a record dated in the future is not served', async () => {
    const now = Date.now();
    const inst = await instance(server, { records: [record('past', iso(now - HOUR)), record('future', iso(now + 24 * HOUR))] });
    assert.deepEqual((await truth(inst)).map((e) => e.EventId), ['past']);
    const page = await sdk(server, inst).send(new LookupEventsCommand({ EndTime: new Date(now + 48 * HOUR) }));
    assert.deepEqual(page.Events?.map((e) => e.EventId), ['past']);
  });
});

describe('resources: one entry per resource, in the service\'s form', () => {
  test('a name and its ARN are one resource; buckets by name, objects and KMS keys by ARN; a key is found by its ARN', async () => {
    const now = Date.now();
    const roleArn = 'arn:aws:iam::123456789012:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS';
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const role = record('res-role', iso(now - 4 * HOUR), { eventName: 'GetRole', requestParameters: { roleName: 'AWSServiceRoleForRDS' }, resources: [{ type: 'AWS::IAM::Role', ARN: roleArn, accountId: '123456789012' }] });
    const object = record('res-obj', iso(now - 3 * HOUR), { eventSource: 's3.amazonaws.com', eventName: 'PutObjectAcl', requestParameters: { bucketName: 'reports', key: 'reports/quarterly-report.pdf' }, resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::reports/reports/quarterly-report.pdf' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::reports' }] });
    const key = record('res-key', iso(now - 2 * HOUR), { eventSource: 'kms.amazonaws.com', eventName: 'DescribeKey', requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } });
    const assumed = record('res-sts', iso(now - HOUR), {
      eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole',
      requestParameters: { roleArn: 'arn:aws:iam::123456789012:role/example', roleSessionName: 'deploy' },
      responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLE', sessionToken: 'x', expiration: 'Jan 1, 2030, 1:00:00 PM' } },
      resources: [{ type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::123456789012:role/example', accountId: '123456789012' }],
    });
    const inst = await instance(server, { records: [role, object, key, assumed] });
    const byId = new Map((await truth(inst)).map((e) => [e.EventId, e.Resources]));
    // IAM calls name a role by its name (AWS's own lookup example is ResourceName=CloudTrail_CloudWatchLogs_Role).
    assert.deepEqual(byId.get('res-role'), [{ ResourceType: 'AWS::IAM::Role', ResourceName: 'AWSServiceRoleForRDS' }]);
    assert.deepEqual(byId.get('res-obj'), [
      { ResourceType: 'AWS::S3::Object', ResourceName: 'arn:aws:s3:::reports/reports/quarterly-report.pdf' },
      { ResourceType: 'AWS::S3::Bucket', ResourceName: 'reports' },
    ]);
    assert.deepEqual(byId.get('res-key'), [{ ResourceType: 'AWS::KMS::Key', ResourceName: keyArn }]);
    // AssumeRole: the role by ARN, the session by name, the temporary key.
    assert.deepEqual(byId.get('res-sts'), [
      { ResourceType: 'AWS::IAM::Role', ResourceName: 'arn:aws:iam::123456789012:role/example' },
      { ResourceType: 'AWS::STS::AssumedRole', ResourceName: 'deploy' },
      { ResourceType: 'AWS::IAM::AccessKey', ResourceName: 'ASIAEXAMPLE' },
    ]);
    const found = await sdk(server, inst).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyArn }] }));
    assert.deepEqual(found.Events?.map((e) => e.EventId), ['res-key'], 'a ResourceName lookup by the key ARN finds the event');
    const bucket = await sdk(server, inst).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'reports' }] }));
    assert.deepEqual(bucket.Events?.map((e) => e.EventId), ['res-obj'], 'a bucket is found by its name');
  });
});

describe('the emulator and the library derive alike', () => {
  test('an AttributeValue is measured alike: emoji count two, _ space , newline count two', async () => {
    for (const [v, n] of [['abc', 3], ['a_b c,d\ne', 13], ['😀', 2], ['x😀_y', 6], ['👩‍💻 dev', 10], ['é', 1]] as const) assert.equal(valueLength(v), n, JSON.stringify(v));
    const inst = await instance(server, { records: [record('len', iso(Date.now() - HOUR))] });
    const lookup = (value: string) => aws(server, inst, JSON.stringify({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: value }] }));
    const limit = '😀'.repeat(1000);
    assert.equal(valueLength(limit), 2000);
    assert.equal((await lookup(limit)).status, 200, 'the library\'s limit is accepted');
    const over = await lookup(`${limit}a`);
    assert.equal(over.status, 400);
    assert.equal(over.json.__type, 'InvalidLookupAttributesException', 'one past the library\'s limit is refused');
  });

  const records = () => {
    const { records: all } = readRecords([DATA]);
    return buildEvents(all, { nowMs: Date.now() }).events.filter((e) => !e.insight).map((e) => JSON.parse(e.event.CloudTrailEvent) as Record<string, unknown>);
  };

  test('same id, name, source, time, access key and ReadOnly (where the record has readOnly) on every shared record', () => {
    const list = records();
    assert.ok(list.length > 500, `${list.length} records`);
    for (const r of list) {
      const lib = eventFromRecord(r);
      const ours = deriveEvent(r, String(r.eventID), Math.floor(Date.parse(String(r.eventTime)) / 1000));
      const at = `record ${String(r.eventID)}`;
      assert.equal(lib.EventId, ours.EventId, at);
      assert.equal(lib.EventName, ours.EventName, at);
      assert.equal(lib.EventSource, ours.EventSource, at);
      assert.equal(lib.AccessKeyId, ours.AccessKeyId, at);
      assert.equal(Math.floor(lib.EventTime!.getTime() / 1000), ours.EventTime, at);
      if (typeof r.readOnly === 'boolean' || r.readOnly === 'true' || r.readOnly === 'false') assert.equal(lib.ReadOnly === undefined ? undefined : String(lib.ReadOnly), ours.ReadOnly, at);
    }
  });

  // Two derivations (the library's src/lookup/derive.ts, the emulator's own packages/emulator/src/derive.ts) must agree.
  test('Username, ReadOnly and Resources agree on every shared record', () => {
    const list = records();
    const differ: string[] = [];
    let withResources = 0;
    for (const r of list) {
      const lib = eventFromRecord(r);
      const ours = deriveEvent(r, String(r.eventID), 0);
      if (ours.Resources.length > 0) withResources++;
      const libRes = JSON.stringify(lib.Resources.map((x) => ({ ResourceType: x.type, ResourceName: x.name })));
      const libReadOnly = lib.ReadOnly === undefined ? undefined : String(lib.ReadOnly);
      if (lib.Username !== ours.Username || libReadOnly !== ours.ReadOnly || libRes !== JSON.stringify(ours.Resources)) differ.push(String(r.eventID));
    }
    assert.ok(withResources > 300, `${withResources} of ${list.length} records have resources`);
    assert.deepEqual(differ, [], `${differ.length} records derive differently`);
  });
});
