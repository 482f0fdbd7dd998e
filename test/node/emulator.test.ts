/**
 * The emulator over real HTTP with the real AWS SDK (Node): paging, filters, every error, SigV4,
 * Cognito, CORS, throttling, the retention window, data loading, the generator and faults.
 */
import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildEvents, createEmulator, generateRecords, readRecords, signRequest, startEmulatorServer, verifySigV4, type EmulatorServer, type InstanceOptions, type RequestLogEntry, type WireEvent } from 'cloudtrail-elements-emulator';
import { atFixedClock, GENERATED_AT } from '../browser/helpers/generated-clock.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');
const CAPTURES = path.resolve(DATA, '../../reference/captures');
const file = (name: string) => path.join(DATA, name);
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const REGION = 'us-east-1';
const POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

let server: EmulatorServer;
const origin = () => server.url;

before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', dataDir: DATA, generate: { count: 2000, seed: 3, at: GENERATED_AT } });
});
after(async () => {
  await server.close();
});

interface Inst {
  id: string;
  endpoint: string;
  eventCount: number;
  insightCount: number;
  /** The instance's clock when it was created (ISO, whole seconds). */
  now: string;
}

/** An instance's clock in whole epoch seconds; advancing by 0 just reads it. */
async function clock(inst: Pick<Inst, 'id'>, advanceSeconds = 0): Promise<number> {
  return (await control<{ nowEpochSeconds: number }>(`instances/${inst.id}/clock`, { advanceSeconds })).nowEpochSeconds;
}

async function control<T = Record<string, unknown>>(route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(`${origin()}/__control/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T;
  assert.ok(res.ok, `control ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A fresh instance; throttling is off unless asked for, so tests run at full speed. */
async function instance(options: InstanceOptions & { id?: string }): Promise<Inst> {
  return control<Inst>('instances', atFixedClock({ throttle: false, ...options }));
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | (() => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>);

function client(inst: Inst, credentials: Creds = KEY, region = REGION) {
  // The SDK annotates a credentials object it is given ($source), so hand it a copy.
  const creds = typeof credentials === 'function' ? credentials : { ...credentials };
  return new CloudTrailClient({ endpoint: `${new URL(origin()).origin}${inst.endpoint}`, region, credentials: creds, maxAttempts: 1 });
}

async function pageAll(c: CloudTrailClient, input: LookupEventsCommandInput = {}): Promise<{ events: WireEvent[]; tokens: string[]; pages: number }> {
  const events: WireEvent[] = [];
  const tokens: string[] = [];
  let pages = 0;
  for await (const page of paginateLookupEvents({ client: c, pageSize: input.MaxResults }, input)) {
    pages++;
    for (const e of page.Events ?? []) events.push({ ...e, EventTime: e.EventTime!.getTime() / 1000 } as unknown as WireEvent);
    if (page.NextToken) tokens.push(page.NextToken);
  }
  return { events, tokens, pages };
}

async function truth(inst: Pick<Inst, 'id'>, params: Record<string, unknown> = {}): Promise<WireEvent[]> {
  return (await control<{ Events: WireEvent[] }>(`instances/${inst.id}/truth`, params)).Events;
}

async function expectError(p: Promise<unknown>, type: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, type, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** A raw SigV4-signed POST (for requests the SDK cannot produce). */
async function rawLookup(inst: Inst, body: string, opts: { target?: string; sign?: boolean; headers?: Record<string, string> } = {}) {
  const url = `${new URL(origin()).origin}${inst.endpoint}/`;
  let headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': opts.target ?? 'CloudTrail_20131101.LookupEvents', host: new URL(url).host, ...opts.headers };
  if (opts.sign !== false) headers = signRequest({ method: 'POST', url: new URL(url).pathname, headers, body, ...KEY, region: REGION });
  const res = await fetch(url, { method: 'POST', headers, body });
  return { res, json: (await res.json()) as { __type?: string; message?: string } };
}

/** The SDK caches guest IdentityIds per pool id; each instance has its own identities, so each test its own cache. */
function memoryCache() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

// Over HTTP, data files are named inside the folder fixed at start (dataDir), never by path. Event
// history is per Region: these clients sign for us-east-1, where the invictus records were made
// (the stratus detonation logs carry anonymized, non-existent Region names: no Region serves them).
const smallData = () => ({ events: ['awsdocs_aws-cloudtrail-user-guide.jsonl', 'invictus-ir_aws_dataset.full.jsonl.gz'], rebase: true, retentionDays: 36500 });

describe('SigV4 verifier', () => {
  test('accepts the requests real clients signed (captured), rejects them once altered', () => {
    const names = ['awscli-2.9.19', 'awscli-1.45.11', 'boto3-1.26.27', 'boto3-1.43.11', 'node-aws-sdk-js-v3.1137', 'chromium-156-aws-sdk-js-v3-browser'];
    let verified = 0;
    for (const name of names) {
      const p = path.join(CAPTURES, `${name}.jsonl`);
      if (!existsSync(p)) continue;
      for (const line of readFileSync(p, 'utf8').trim().split('\n')) {
        const c = JSON.parse(line) as { method: string; path: string; headers: [string, string][]; body: string };
        if (!c.headers.some(([h]) => h.toLowerCase() === 'authorization')) continue;
        const lookupKey = (k: string) => (k === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey } : k.startsWith('ASIA') ? { secretAccessKey: 'stubsecret', sessionToken: 'stubsessiontoken' } : undefined);
        const req = { method: c.method, url: c.path, rawHeaders: c.headers.flat(), body: Buffer.from(c.body) };
        assert.equal(verifySigV4(req, { lookupKey, nowMs: 0 }).region, 'us-east-1');
        verified++;
        const tampered = { ...req, body: Buffer.from(c.body.replace('1', '2')) };
        assert.throws(() => verifySigV4(tampered, { lookupKey, nowMs: 0 }), (e: Error) => ['InvalidSignatureException'].includes(e.name));
        assert.throws(() => verifySigV4(req, { lookupKey: (k) => (k === KEY.accessKeyId ? { secretAccessKey: 'wrong' } : undefined), nowMs: 0 }), /does not match|invalid/);
      }
    }
    assert.ok(verified >= 8, `verified ${verified} captured requests`);
  });
});

describe('LookupEvents over HTTP with the AWS SDK', () => {
  let inst: Inst;
  let all: WireEvent[];
  before(async () => {
    inst = await instance(smallData());
    all = await truth(inst);
  });

  test('paging a whole data set returns exactly the truth, newest first, nothing repeated', async () => {
    assert.ok(all.length > 300, `${all.length} events`);
    // Short and empty pages come by default, as from the service; with full pages the count is exact.
    const full = await instance({ ...smallData(), fullPages: true });
    for (const pageSize of [50, 7]) {
      assert.equal((await pageAll(client(full), { MaxResults: pageSize })).pages, Math.ceil(all.length / pageSize), `full pages of ${pageSize}`);
      const { events, tokens, pages } = await pageAll(client(inst), { MaxResults: pageSize });
      assert.ok(pages >= Math.ceil(all.length / pageSize), `${pages} pages of at most ${pageSize}`);
      assert.deepEqual(events.map((e) => e.EventId), all.map((e) => e.EventId));
      assert.equal(new Set(events.map((e) => e.EventId)).size, events.length);
      assert.equal(new Set(tokens).size, tokens.length, 'tokens never repeat');
      for (let i = 1; i < events.length; i++) assert.ok(events[i - 1]!.EventTime >= events[i]!.EventTime, 'newest first');
    }
    const first = (await client(inst).send(new LookupEventsCommand({ MaxResults: 1 }))).Events![0]!;
    assert.equal(first.ReadOnly === 'true' || first.ReadOnly === 'false', true);
    assert.equal(JSON.parse(first.CloudTrailEvent!).eventID, first.EventId);
  });

  test('filters by each of the 8 lookup attributes (exact, case-sensitive)', async () => {
    const match: Record<string, (e: WireEvent, v: string) => boolean> = {
      EventId: (e, v) => e.EventId === v,
      EventName: (e, v) => e.EventName === v,
      ReadOnly: (e, v) => e.ReadOnly === v,
      Username: (e, v) => e.Username === v,
      ResourceType: (e, v) => e.Resources.some((r) => r.ResourceType === v),
      ResourceName: (e, v) => e.Resources.some((r) => r.ResourceName === v),
      EventSource: (e, v) => e.EventSource === v,
      AccessKeyId: (e, v) => e.AccessKeyId === v,
    };
    const samples = ((await control(`instances/${inst.id}/info`)) as { samples: Record<string, { value: string }[]> }).samples;
    for (const [key, pred] of Object.entries(match)) {
      const value = samples[key]![0]!.value;
      const expected = all.filter((e) => pred(e, value)).map((e) => e.EventId);
      assert.ok(expected.length > 0, key);
      const { events } = await pageAll(client(inst), { LookupAttributes: [{ AttributeKey: key as 'EventId', AttributeValue: value }] });
      assert.deepEqual(events.map((e) => e.EventId), expected, `${key}=${value}`);
      const upper = value.toUpperCase() === value ? value.toLowerCase() : value.toUpperCase();
      const other = await client(inst).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: key as 'EventId', AttributeValue: upper }] }));
      assert.deepEqual(other.Events!.map((e) => e.EventId), all.filter((e) => pred(e, upper)).slice(0, 50).map((e) => e.EventId), `case-sensitive ${key}`);
    }
  });

  test('StartTime and EndTime are inclusive; fractions are accepted', async () => {
    const counts = new Map<number, number>();
    for (const e of all) counts.set(e.EventTime, (counts.get(e.EventTime) ?? 0) + 1);
    const [t] = [...counts.entries()].find(([, n]) => n >= 2)!;
    const at = all.filter((e) => e.EventTime === t).map((e) => e.EventId);
    const exact = await client(inst).send(new LookupEventsCommand({ StartTime: new Date(t * 1000), EndTime: new Date(t * 1000) }));
    assert.deepEqual(exact.Events!.map((e) => e.EventId), at);
    const later = await client(inst).send(new LookupEventsCommand({ StartTime: new Date(t * 1000 + 500), EndTime: new Date(t * 1000 + 2000) }));
    assert.ok(later.Events!.every((e) => e.EventTime!.getTime() > t * 1000), 'a StartTime half a second after t excludes t');
    const span = all.filter((e) => e.EventTime >= t - 3600 && e.EventTime <= t).map((e) => e.EventId);
    assert.deepEqual((await pageAll(client(inst), { StartTime: new Date((t - 3600) * 1000), EndTime: new Date(t * 1000) })).events.map((e) => e.EventId), span);
  });

  test('NextToken is bound to its query, opaque, and rejected when unknown', async () => {
    const c = client(inst);
    const p1 = await c.send(new LookupEventsCommand({ MaxResults: 5 }));
    assert.ok(p1.NextToken, 'a first page of 5 has a NextToken');
    const again = await c.send(new LookupEventsCommand({ MaxResults: 5 }));
    assert.notEqual(again.NextToken, p1.NextToken, 'the same query gets a new token');
    const p2 = await c.send(new LookupEventsCommand({ MaxResults: 5, NextToken: p1.NextToken }));
    assert.deepEqual(p2.Events!.map((e) => e.EventId), all.slice(5, 10).map((e) => e.EventId));
    const p2b = await c.send(new LookupEventsCommand({ MaxResults: 8, NextToken: p1.NextToken }));
    assert.deepEqual(p2b.Events!.map((e) => e.EventId), all.slice(5, 13).map((e) => e.EventId), 'page size may change');
    await expectError(c.send(new LookupEventsCommand({ MaxResults: 5, NextToken: p1.NextToken, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] })), 'InvalidNextTokenException', 400, /different query/);
    await expectError(c.send(new LookupEventsCommand({ NextToken: p1.NextToken, EndTime: new Date() })), 'InvalidNextTokenException', 400);
    await expectError(c.send(new LookupEventsCommand({ NextToken: 'tok-2' })), 'InvalidNextTokenException', 400, /not valid/);
    await expectError(c.send(new LookupEventsCommand({ NextToken: `${p1.NextToken!.slice(0, -3)}AAA` })), 'InvalidNextTokenException', 400);
    const other = await instance(smallData());
    await expectError(client(other).send(new LookupEventsCommand({ MaxResults: 5, NextToken: p1.NextToken })), 'InvalidNextTokenException', 400);
  });

  test('every validation error: __type, HTTP status and a message that says what is allowed', async () => {
    const c = client(inst);
    const send = (input: Record<string, unknown>) => c.send(new LookupEventsCommand(input as LookupEventsCommandInput));
    await expectError(send({ MaxResults: 51 }), 'InvalidMaxResultsException', 400, /between 1 and 50; got 51/);
    await expectError(send({ MaxResults: 0 }), 'InvalidMaxResultsException', 400);
    await expectError(send({ EventCategory: 'management' }), 'InvalidEventCategoryException', 400, /insight/);
    await expectError(send({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] }), 'InvalidLookupAttributesException', 400, /at most one/);
    await expectError(send({ LookupAttributes: [{ AttributeKey: 'Foo', AttributeValue: 'x' }] }), 'InvalidLookupAttributesException', 400, /EventId, EventName/);
    await expectError(send({ LookupAttributes: [{ AttributeKey: 'EventName' }] }), 'InvalidLookupAttributesException', 400, /required/);
    await expectError(send({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] }), 'InvalidLookupAttributesException', 400);
    await expectError(send({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '_'.repeat(1001) }] }), 'InvalidLookupAttributesException', 400, /2002 of at most 2000/);
    await send({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '_'.repeat(1000) }] });
    await send({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'x'.repeat(2000) }] });
    await expectError(send({ EventCategory: 'insight', LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }] }), 'InvalidLookupAttributesException', 400, /Insights/);
    await expectError(send({ StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) }), 'InvalidTimeRangeException', 400, /must not be after/);
    const bad = await rawLookup(inst, JSON.stringify({ StartTime: -5 }));
    assert.equal(bad.res.status, 400);
    assert.equal(bad.json.__type, 'InvalidTimeRangeException');
    const malformed = await rawLookup(inst, '{"MaxResults": ');
    assert.equal(malformed.res.status, 400);
    assert.equal(malformed.json.__type, 'SerializationException');
    assert.equal(malformed.res.headers.get('x-amzn-errortype'), 'SerializationException');
    const unknownOp = await rawLookup(inst, '{}', { target: 'CloudTrail_20131101.DescribeTrails' });
    assert.equal(unknownOp.json.__type, 'UnknownOperationException');
    const boto = await rawLookup(inst, '{"MaxResults": 2}', { target: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' });
    assert.equal(boto.res.status, 200);
    const unsigned = await rawLookup(inst, '{}', { sign: false });
    // JSON-protocol services answer authentication errors with 400 (see packages/emulator/README.md).
    assert.equal(unsigned.res.status, 400);
    assert.equal(unsigned.json.__type, 'MissingAuthenticationTokenException');
  });

  test('SigV4: unknown key, wrong secret, tampered body', async () => {
    await expectError(client(inst, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: KEY.secretAccessKey }).send(new LookupEventsCommand({})), 'UnrecognizedClientException', 400, /security token included in the request is invalid/);
    await expectError(client(inst, { ...KEY, secretAccessKey: 'not-the-secret' }).send(new LookupEventsCommand({})), 'InvalidSignatureException', 400, /signature we calculated does not match/);
    const url = `${new URL(origin()).origin}${inst.endpoint}/`;
    const headers = signRequest({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CloudTrail_20131101.LookupEvents', host: new URL(url).host }, body: '{"MaxResults":1}', ...KEY, region: REGION });
    const res = await fetch(url, { method: 'POST', headers, body: '{"MaxResults":2}' });
    assert.equal(((await res.json()) as { __type: string }).__type, 'InvalidSignatureException');
    const stale = signRequest({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CloudTrail_20131101.LookupEvents', host: new URL(url).host }, body: '{}', ...KEY, region: REGION, date: new Date(Date.now() - 3600_000) });
    const old = await fetch(url, { method: 'POST', headers: stale, body: '{}' });
    assert.match(((await old.json()) as { message: string }).message, /Signature expired/);
  });
});

describe('Insights, retention, throttling, CORS', () => {
  test('Insights come back only with EventCategory "insight", and only those', async () => {
    const inst = await instance({ events: ['awsdocs_aws-cloudtrail-user-guide.jsonl'], rebase: true, retentionDays: 36500 });
    const mgmt = await pageAll(client(inst));
    const ins = await pageAll(client(inst), { EventCategory: 'insight' });
    assert.equal(ins.events.length, 5);
    // Event history is per Region: 11 of the 19 management records were made in us-east-1, 8 in us-east-2.
    assert.equal(mgmt.events.length, 11);
    const ohio = await pageAll(client(inst, KEY, 'us-east-2'));
    assert.equal(ohio.events.length, 8);
    assert.ok([...mgmt.events.map((e) => [e, 'us-east-1'] as const), ...ohio.events.map((e) => [e, 'us-east-2'] as const)]
      .every(([e, region]) => (JSON.parse(e.CloudTrailEvent) as { awsRegion: string }).awsRegion === region), 'each Region serves its own records');
    assert.equal((await pageAll(client(inst, KEY, 'us-east-2'), { EventCategory: 'insight' })).events.length, 0, 'the Insights were recorded in us-east-1');
    for (const e of ins.events) {
      const rec = JSON.parse(e.CloudTrailEvent) as { eventCategory: string; insightDetails: { eventName: string; eventSource: string } };
      assert.equal(rec.eventCategory, 'Insight');
      assert.equal(e.EventName, rec.insightDetails.eventName);
      assert.equal(e.EventSource, rec.insightDetails.eventSource);
    }
    assert.ok(mgmt.events.every((e) => !(JSON.parse(e.CloudTrailEvent) as { insightDetails?: unknown }).insightDetails), 'no Insight among management events');
    const name = ins.events[0]!.EventName!;
    const byName = await pageAll(client(inst), { EventCategory: 'insight', LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] });
    assert.deepEqual(byName.events.map((e) => e.EventId), ins.events.filter((e) => e.EventName === name).map((e) => e.EventId));
  });

  test('only the last 90 days are visible; advancing the clock ages events out', async () => {
    const inst = await instance({ generate: { count: 3000, seed: 9 } });
    // The generator spreads activity over several Regions; these clients read us-east-1's history.
    const { regions } = await control<{ regions: { region: string }[] }>(`instances/${inst.id}/info`);
    const everywhere = await truth(inst, { regions: regions.map((r) => r.region) });
    assert.ok(everywhere.length >= 3000, `${everywhere.length} events generated`);
    const before = await truth(inst);
    assert.ok(before.length > 1000 && before.length < everywhere.length, `${before.length} of them in us-east-1`);
    // The instance's own clock at creation, not this process's: the generator filled the 90 days before it.
    const created = Date.parse(inst.now) / 1000;
    const outside = everywhere.filter((e) => !(e.EventTime > created - 90 * 86400 && e.EventTime < created));
    assert.deepEqual(outside, [], `every generated event lies in the 90 days before the instance clock (${inst.now})`);
    // Each page request ages events out at its own clock reading; the readings before and after the
    // paging bound every cutoff it used, however long the paging took.
    const earliestCutoff = (await clock(inst, 45 * 86400)) - 90 * 86400;
    const { events } = await pageAll(client(inst));
    const latestCutoff = (await clock(inst)) - 90 * 86400;
    assert.deepEqual(events.map((e) => e.EventId), before.filter((e) => e.EventTime >= latestCutoff).map((e) => e.EventId).concat(events.filter((e) => e.EventTime < latestCutoff).map((e) => e.EventId)), 'every event inside the window, newest first, nothing else');
    assert.ok(events.length < before.length * 0.7 && events.length > before.length * 0.3, `${events.length} of ${before.length}`);
    const aged = events.filter((e) => e.EventTime < earliestCutoff);
    assert.deepEqual(aged, [], `nothing older than the cutoff ${earliestCutoff}`);
    await control(`instances/${inst.id}/clock`, { advanceSeconds: 100 * 86400 });
    assert.equal((await pageAll(client(inst))).events.length, 0);
  });

  test('over 2 requests per second per account and Region → ThrottlingException (default bucket)', async () => {
    const inst = await instance({ records: [], throttle: undefined });
    const c = client(inst);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.send(new LookupEventsCommand({}))));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 2, 'burst of 2');
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'ThrottlingException');
    await expectError(c.send(new LookupEventsCommand({})), 'ThrottlingException', 400, /Rate exceeded/);
    // The bucket refills on the instance's clock: one second on it brings back the burst of 2.
    await clock(inst, 1);
    await c.send(new LookupEventsCommand({}));
    await c.send(new LookupEventsCommand({}));
    const log = (await control<{ entries: RequestLogEntry[] }>(`instances/${inst.id}/log`)).entries;
    assert.equal(log.filter((e) => e.outcome === 'ThrottlingException').length, 5);
  });

  test('CORS headers on success, errors, preflight, 404 and the control API', async () => {
    const inst = await instance({ records: [] });
    const base = `${new URL(origin()).origin}${inst.endpoint}/`;
    const o = 'http://127.0.0.1:9999';
    const pre = await fetch(base, { method: 'OPTIONS', headers: { origin: o, 'access-control-request-method': 'POST', 'access-control-request-headers': 'amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-security-token,x-amz-target,x-amz-user-agent' } });
    assert.ok(pre.status === 204 || pre.status === 200, `preflight status ${pre.status}`);
    assert.equal(pre.headers.get('access-control-allow-origin'), o);
    const allowed = pre.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const h of ['amz-sdk-invocation-id', 'amz-sdk-request', 'authorization', 'content-type', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token', 'x-amz-target', 'x-amz-user-agent']) assert.ok(allowed.includes(h), h);
    assert.match(pre.headers.get('access-control-allow-methods')!, /POST/);
    const ok = await rawLookup(inst, '{}', { headers: { origin: o } });
    const err = await rawLookup(inst, '{"MaxResults":99}', { headers: { origin: o } });
    const missing = await fetch(`${origin()}/i/nope/`, { method: 'POST', headers: { origin: o, 'x-amz-target': 'CloudTrail_20131101.LookupEvents' }, body: '{}' });
    const ctl = await fetch(`${origin()}/__control/instances/${inst.id}/info`, { headers: { origin: o } });
    for (const [res, status] of [[ok.res, 200], [err.res, 400], [missing, 404], [ctl, 200]] as const) {
      assert.equal(res.status, status);
      assert.equal(res.headers.get('access-control-allow-origin'), o);
      assert.match(res.headers.get('access-control-expose-headers')!, /x-amzn-RequestId/i);
      assert.ok(res.headers.get('x-amzn-requestid'), `x-amzn-requestid on a ${status}`);
    }
    assert.equal(err.res.headers.get('x-amzn-errortype'), 'InvalidMaxResultsException');
    assert.equal(ok.res.headers.get('content-type'), 'application/x-amz-json-1.1');
  });
});

describe('Cognito Identity', () => {
  let inst: Inst;
  before(async () => {
    inst = await instance({ records: [{ eventVersion: '1.08', eventTime: new Date(Date.now() - 60_000).toISOString(), eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', eventID: 'only-one' }] });
  });
  const cognito = async (op: string, body: unknown) => {
    const res = await fetch(`${new URL(origin()).origin}${inst.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { __type?: string; message?: string } };
  };

  test('signed-in identities (Logins) get credentials that can call LookupEvents', async () => {
    const credentials = fromCognitoIdentityPool({ identityPoolId: POOL, logins: { [PROVIDER]: `emulator-alice-${Date.now()}` }, clientConfig: { region: REGION, endpoint: `${new URL(origin()).origin}${inst.endpoint}` } });
    // Credentials last an hour on the instance's clock; its readings before and after bound the issue time.
    const issuedFrom = await clock(inst);
    const creds = await credentials();
    const issuedBy = await clock(inst);
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.ok(creds.sessionToken, 'a session token');
    const expires = creds.expiration!.getTime() / 1000;
    assert.ok(expires >= issuedFrom + 3600 && expires <= issuedBy + 3600, `expires at ${expires}, one hour after issue (between ${issuedFrom} and ${issuedBy})`);
    const out = await client(inst, credentials).send(new LookupEventsCommand({}));
    assert.deepEqual(out.Events!.map((e) => e.EventId), ['only-one']);
  });

  test('guest identities get credentials, but LookupEvents is AccessDenied unless the pool allows guests', async () => {
    const credentials = fromCognitoIdentityPool({ identityPoolId: POOL, cache: memoryCache(), clientConfig: { region: REGION, endpoint: `${new URL(origin()).origin}${inst.endpoint}` } });
    await expectError(client(inst, credentials).send(new LookupEventsCommand({})), 'AccessDeniedException', 400, /User: arn:aws:sts::123456789012:assumed-role\/Cognito_EmulatorUnauth_Role\/CognitoIdentityCredentials is not authorized to perform: cloudtrail:LookupEvents/);
    const open = await instance({ records: [], allowGuestLookup: true });
    const guest = fromCognitoIdentityPool({ identityPoolId: POOL, cache: memoryCache(), clientConfig: { region: REGION, endpoint: `${new URL(origin()).origin}${open.endpoint}` } });
    assert.deepEqual((await client(open, guest).send(new LookupEventsCommand({}))).Events, []);
  });

  test('errors: bad token, unknown provider, unknown pool, bad parameters, unknown identity, forbidden identity', async () => {
    assert.deepEqual(await cognito('GetId', { IdentityPoolId: POOL, Logins: { [PROVIDER]: 'not-a-token' } }).then((r) => [r.status, r.json.__type, r.json.message]), [400, 'NotAuthorizedException', "Invalid login token. The emulator accepts tokens that start with 'emulator-'."]);
    assert.equal((await cognito('GetId', { IdentityPoolId: POOL, Logins: { 'accounts.google.com': 'emulator-x' } })).json.__type, 'NotAuthorizedException');
    const missing = await cognito('GetId', { IdentityPoolId: 'us-east-1:11111111-1111-1111-1111-111111111111' });
    assert.deepEqual([missing.status, missing.json.__type], [400, 'ResourceNotFoundException']);
    const badParam = await cognito('GetId', {});
    assert.deepEqual([badParam.status, badParam.json.__type], [400, 'ValidationException'], 'a missing IdentityPoolId fails validation, as the service says');
    const unknown = await cognito('GetCredentialsForIdentity', { IdentityId: 'us-east-1:22222222-2222-2222-2222-222222222222' });
    assert.deepEqual([unknown.status, unknown.json.__type], [400, 'ResourceNotFoundException']);
    const signedIn = await cognito('GetId', { IdentityPoolId: POOL, Logins: { [PROVIDER]: 'emulator-bob' } });
    const same = await cognito('GetId', { IdentityPoolId: POOL, Logins: { [PROVIDER]: 'emulator-bob' } });
    assert.equal(signedIn.json.IdentityId, same.json.IdentityId, 'one login, one identity');
    const forbidden = await cognito('GetCredentialsForIdentity', { IdentityId: signedIn.json.IdentityId });
    assert.equal(forbidden.json.__type, 'NotAuthorizedException');
    const creds = await cognito('GetCredentialsForIdentity', { IdentityId: signedIn.json.IdentityId, Logins: { [PROVIDER]: 'emulator-bob' } });
    const c = creds.json.Credentials as Record<string, unknown>;
    assert.equal(typeof c.Expiration, 'number');
    assert.ok(typeof c.SecretKey === 'string' && typeof c.SessionToken === 'string', 'a secret key and a session token');
    const log = (await control<{ entries: RequestLogEntry[] }>(`instances/${inst.id}/log`)).entries;
    assert.ok(!JSON.stringify(log).includes('emulator-bob'), 'login tokens are not logged');
  });

  test('credentials expire on the instance clock → ExpiredTokenException; a wrong session token → Unrecognized', async () => {
    const own = await instance({ records: [] });
    const endpoint = `${new URL(origin()).origin}${own.endpoint}`;
    const provider = fromCognitoIdentityPool({ identityPoolId: POOL, logins: { [PROVIDER]: 'emulator-carol' }, clientConfig: { region: REGION, endpoint } });
    const creds = await provider();
    const fixed = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken };
    await client(own, fixed).send(new LookupEventsCommand({}));
    await expectError(client(own, { ...fixed, sessionToken: 'forged' }).send(new LookupEventsCommand({})), 'UnrecognizedClientException', 400);
    await control(`instances/${own.id}/clock`, { advanceSeconds: 3601 });
    await expectError(client(own, fixed).send(new LookupEventsCommand({})), 'ExpiredTokenException', 400, /expired/);
    const fresh = await fromCognitoIdentityPool({ identityPoolId: POOL, logins: { [PROVIDER]: 'emulator-carol' }, clientConfig: { region: REGION, endpoint } })();
    await client(own, fresh).send(new LookupEventsCommand({}));
    await control(`instances/${own.id}/faults`, { expireCredentialsNow: true });
    await expectError(client(own, fresh).send(new LookupEventsCommand({})), 'ExpiredTokenException', 400);
  });
});

describe('data loading and the generator', () => {
  test('every shared data file loads (gzip JSON Lines too), as files and as a folder', () => {
    const files = ['awsdocs_aws-cloudtrail-user-guide.jsonl', 'invictus-ir_aws_dataset.full.jsonl.gz', 'panther-analysis_rule-tests.jsonl', 'stratus-red-team_detonation-logs.jsonl'];
    const expected: Record<string, number> = { 'awsdocs_aws-cloudtrail-user-guide.jsonl': 24, 'invictus-ir_aws_dataset.full.jsonl.gz': 2900, 'panther-analysis_rule-tests.jsonl': 270, 'stratus-red-team_detonation-logs.jsonl': 310 };
    let total = 0;
    for (const f of files) {
      const { records } = readRecords([file(f)]);
      assert.equal(records.length, expected[f], f);
      const built = buildEvents(records, { nowMs: Date.now(), rebase: true });
      // Event history holds management and Insights events only: data events are dropped, and counted.
      assert.equal(built.events.length + built.dataEvents, expected[f], `${f}: none skipped`);
      assert.equal(built.dataEvents, f.startsWith('panther') ? 10 : 0, `${f}: its data events`);
      total += records.length;
    }
    const folder = readRecords([DATA]);
    assert.equal(folder.records.length, total);
    const gz = gunzipSync(readFileSync(file('invictus-ir_aws_dataset.full.jsonl.gz'))).toString().trim().split('\n');
    assert.equal(gz.length, 2900);
    const wrapped = buildEvents([{ Records: [] }] as never, { nowMs: Date.now() });
    assert.equal(wrapped.events.length, 0);
  });

  test('panther duplicates get fresh ids (in the record too); legacy records without eventID load', () => {
    const { records } = readRecords([file('panther-analysis_rule-tests.jsonl')]);
    const built = buildEvents(records, { nowMs: Date.now(), rebase: true });
    const ids = built.events.map((e) => e.event.EventId);
    assert.equal(new Set(ids).size, 260, 'the 270 records less their 10 data events, every id unique');
    assert.ok(built.reassignedIds >= 260 - 43, `${built.reassignedIds} ids reassigned`);
    for (const e of built.events) assert.equal((JSON.parse(e.event.CloudTrailEvent) as { eventID: string }).eventID, e.event.EventId);
    const nowMs = Date.UTC(2026, 10, 24, 15, 0, 0, 500);
    const docs = buildEvents(readRecords([file('awsdocs_aws-cloudtrail-user-guide.jsonl')]).records, { nowMs, rebase: true });
    assert.equal(docs.reassignedIds, 5 + 3, '5 legacy records without eventID, 3 repeated ids');
    const newest = Math.max(...docs.events.map((e) => e.time));
    assert.equal(newest, Math.floor(nowMs / 1000) - 60, 'rebased to one minute before the clock it was given');
    const root = docs.events.find((e) => JSON.parse(e.event.CloudTrailEvent).userIdentity?.type === 'Root');
    assert.equal(root?.event.Username, 'root');
    const broken = buildEvents([{ eventTime: '2024-01-01T00:00:00Z' }, { eventTime: 'nope' }, {} as never, { eventTime: '2024-01-01T00:00:00Z', userIdentity: null, resources: 'x', insightDetails: 1 }], { nowMs: Date.now() });
    assert.equal(broken.events.length, 2);
    assert.equal(broken.skipped, 2);
  });

  test('derived fields: Username per identity type, Resources from resources[] and the API table', () => {
    const { records } = readRecords([file('invictus-ir_aws_dataset.full.jsonl.gz'), file('stratus-red-team_detonation-logs.jsonl')]);
    const { events } = buildEvents(records, { nowMs: Date.now(), rebase: true });
    const byType = (t: string) => events.filter((e) => JSON.parse(e.event.CloudTrailEvent).userIdentity?.type === t);
    for (const e of byType('AssumedRole')) assert.equal(e.event.Username, (JSON.parse(e.event.CloudTrailEvent).userIdentity.arn as string).split('/').pop());
    for (const e of byType('IAMUser')) assert.equal(e.event.Username, JSON.parse(e.event.CloudTrailEvent).userIdentity.userName);
    const run = events.find((e) => e.event.EventName === 'RunInstances' && JSON.parse(e.event.CloudTrailEvent).responseElements);
    assert.ok(run?.event.Resources.some((r) => r.ResourceType === 'AWS::EC2::Instance' && /^i-/.test(r.ResourceName!)), 'RunInstances names its instance i-...');
    const bucket = events.find((e) => e.event.EventSource === 's3.amazonaws.com' && JSON.parse(e.event.CloudTrailEvent).requestParameters?.bucketName);
    assert.ok(bucket?.event.Resources.some((r) => r.ResourceType === 'AWS::S3::Bucket'), 'an S3 call names its bucket');
    for (const e of events.slice(0, 500)) assert.equal(typeof e.event.EventTime, 'number');
  });

  // How fast it is (the 3 s budget this test used to assert) is measured by `npm run bench`.
  test('the generator: ≥ 50,000 realistic events with errors and Insights, deterministic', () => {
    const nowMs = Date.UTC(2026, 10, 24, 15);
    const a = generateRecords({ nowMs, seed: 5 });
    const mgmt = a.filter((r) => r.eventCategory !== 'Insight');
    const insights = a.filter((r) => r.eventCategory === 'Insight');
    assert.ok(mgmt.length >= 50_000, `${mgmt.length} management events`);
    assert.ok(insights.length >= 10 && insights.some((r) => (r.insightDetails as { state: string }).state === 'End'), `${insights.length} Insights, one of them an End`);
    const codes = new Set(a.map((r) => r.errorCode).filter(Boolean));
    for (const c of ['AccessDenied', 'Client.UnauthorizedOperation', 'ThrottlingException']) assert.ok(codes.has(c), c);
    assert.ok(codes.has('NoSuchBucket') || codes.has('ResourceNotFoundException'), 'a not-found error');
    assert.ok(new Set(a.map((r) => r.eventSource)).size >= 10, 'at least 10 event sources');
    const types = new Set(a.map((r) => (r.userIdentity as { type?: string } | undefined)?.type));
    for (const t of ['IAMUser', 'AssumedRole', 'Root', 'AWSService']) assert.ok(types.has(t), t);
    const times = a.map((r) => Date.parse(r.eventTime as string));
    assert.ok(Math.min(...times) >= nowMs - 90 * 86400_000 && Math.max(...times) < nowMs, 'every event in the 90 days before the clock');
    assert.equal(JSON.stringify(generateRecords({ nowMs, seed: 5, count: 3000 })), JSON.stringify(generateRecords({ nowMs, seed: 5, count: 3000 })));
    assert.notEqual(JSON.stringify(generateRecords({ nowMs, seed: 6, count: 3000 })), JSON.stringify(generateRecords({ nowMs, seed: 5, count: 3000 })));
    const built = buildEvents(a, { nowMs });
    assert.equal(built.reassignedIds, 0, 'generated ids are unique');
  });

  test('each account\'s generated activity has access keys of its own: another account never uses the home account\'s leaked keys', () => {
    const nowMs = Date.UTC(2026, 10, 24, 15);
    const keysOf = (records: Record<string, unknown>[]) => new Set(records.map((r) => (r.userIdentity as { accessKeyId?: string } | undefined)?.accessKeyId).filter((k): k is string => Boolean(k?.includes('LEAKED'))));
    const home = keysOf(generateRecords({ nowMs, seed: 5, count: 20_000 }));
    const member = keysOf(generateRecords({ nowMs, seed: 7, count: 20_000, accountId: '111122223333', keyNumber: 2 }));
    assert.deepEqual([...home].sort(), ['AKIAERINLEAKED000001', 'AKIALEAKEDKEY0000001'], 'the home account\'s two leaked keys');
    assert.deepEqual([...member].sort(), ['AKIAERINLEAKED000002', 'AKIALEAKEDKEY0000002'], 'the second account\'s own');
  });

  test('the default instance generates data lazily and answers under the base path', async () => {
    // Three days before the data's newest event, not before now: the generated data is mostly
    // weekday working hours, so for about 5% of minutes the three days before now hold no event
    // (the next test reproduces one such minute).
    const [newest] = await truth({ id: 'default' });
    assert.ok(newest, 'the default instance generated events on first use');
    const StartTime = newest.EventTime - 3 * 86400;
    const { events } = await pageAll(new CloudTrailClient({ endpoint: origin(), region: REGION, credentials: { ...KEY }, maxAttempts: 3 }), { MaxResults: 50, StartTime: new Date(StartTime * 1000) });
    const info = await control<{ eventCount: number }>('instances/default/info');
    assert.ok(info.eventCount >= 2000, `${info.eventCount} events`);
    assert.ok(events.length > 0, 'the three days up to the newest event hold events');
    assert.deepEqual(events.map((e) => e.EventId), (await truth({ id: 'default' }, { StartTime })).map((e) => e.EventId), 'exactly the truth, under the base path');
  });

  test('at a minute when the last three days hold no event (faked clock), a test on "now" fails with its message', async () => {
    // The same data as the default instance (2,000 events, seed 3), generated at 04:05 UTC on
    // 2026-11-24: one of 9 windows of 3-17 minutes that day (71 minutes in all) in which the three
    // days before the clock hold no event. Kept forever visible: no retention cut on the real clock.
    const clockMs = Date.UTC(2026, 10, 24, 4, 5);
    const inst = await instance({ records: generateRecords({ nowMs: clockMs, seed: 3, count: 2000 }), retentionDays: 36500 });
    const lastThreeDays = await pageAll(client(inst), { StartTime: new Date(clockMs - 3 * 86400_000), EndTime: new Date(clockMs) });
    // The old assertion was `assert.ok(events.length > 0)` here. With no message, its failure made
    // Node 20 re-parse the tsx-compiled file without end (nodejs/node#52962) and the file was killed
    // at 240 s; `npm run lint:tests` now keeps message-less assertions out.
    assert.deepEqual(lastThreeDays.events, [], 'the three days before this clock hold no event');
    const [newest] = await truth(inst);
    assert.ok(newest && newest.EventTime < clockMs / 1000 - 3 * 86400, 'the newest event is more than three days old');
    const relative = await pageAll(client(inst), { StartTime: new Date((newest.EventTime - 3 * 86400) * 1000) });
    assert.ok(relative.events.length > 0, 'three days before the newest event always hold at least that event');
  });
});

describe('event history per Region', () => {
  test('each Region serves only the records made in it; truth takes a region or several, merged', async () => {
    const inst = await instance({ generate: { count: 400, seed: 17 } });
    const { regions } = await control<{ regions: { region: string; eventCount: number }[] }>(`instances/${inst.id}/info`);
    assert.ok(regions.length >= 3, `generated data spans ${regions.length} Regions`);
    const merged = await truth(inst, { regions: regions.map((r) => r.region) });
    assert.equal(merged.length, regions.reduce((n, r) => n + r.eventCount, 0), 'every event is in exactly one Region');
    for (let i = 1; i < merged.length; i++) assert.ok(merged[i - 1]!.EventTime >= merged[i]!.EventTime, 'merged newest first');
    for (const { region, eventCount } of regions) {
      const { events } = await pageAll(client(inst, KEY, region), { MaxResults: 50 });
      assert.equal(events.length, eventCount, region);
      assert.deepEqual(events.map((e) => e.EventId), (await truth(inst, { region })).map((e) => e.EventId), region);
      const recorded = new Set(events.map((e) => (JSON.parse(e.CloudTrailEvent) as { awsRegion: string }).awsRegion));
      assert.deepEqual([...recorded], [region]);
    }
    const iam = (await truth(inst, { regions: regions.map((r) => r.region) })).filter((e) => ['iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com'].includes(e.EventSource!));
    assert.ok(iam.length > 0 && iam.every((e) => (JSON.parse(e.CloudTrailEvent) as { awsRegion: string }).awsRegion === 'us-east-1'), 'global services are recorded in us-east-1');
    // A token is bound to its Region.
    const first = await client(inst, KEY, 'us-east-1').send(new LookupEventsCommand({ MaxResults: 5 }));
    await expectError(client(inst, KEY, regions.find((r) => r.region !== 'us-east-1')!.region).send(new LookupEventsCommand({ MaxResults: 5, NextToken: first.NextToken })), 'InvalidNextTokenException', 400, /Region/);
    const bad = await fetch(`${origin()}/__control/instances/${inst.id}/truth`, { method: 'POST', body: JSON.stringify({ regions: ['us-north-2r'] }) });
    assert.equal(bad.status, 400);
  });

  test('a scope Region that does not exist, an opt-in Region not enabled, a Region denied by policy', async () => {
    const inst = await instance({ generate: { count: 50, seed: 2 }, optInRegions: ['af-south-1'] });
    await expectError(client(inst, KEY, 'us-north-2r').send(new LookupEventsCommand({})), 'InvalidSignatureException', 400, /Credential should be scoped to a valid region, not 'us-north-2r'/);
    await expectError(client(inst, KEY, 'ap-east-1').send(new LookupEventsCommand({})), 'UnrecognizedClientException', 400, /security token included in the request is invalid/);
    assert.deepEqual((await client(inst, KEY, 'af-south-1').send(new LookupEventsCommand({}))).Events, [], 'an enabled opt-in Region answers (with no events here)');
    await control(`instances/${inst.id}/faults`, { denyRegions: ['eu-west-1'] });
    await expectError(client(inst, KEY, 'eu-west-1').send(new LookupEventsCommand({})), 'AccessDeniedException', 400, /explicit deny in a service control policy/);
    assert.ok((await client(inst, KEY, 'us-east-1').send(new LookupEventsCommand({}))).Events!.length > 0, 'the other Regions still answer');
    const refused = await fetch(`${origin()}/__control/instances`, { method: 'POST', body: JSON.stringify({ region: 'us-north-2r' }) });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { message: string }).message, /not an AWS Region name/);
  });

  test('the throttle is per account and Region', async () => {
    const inst = await instance({ generate: { count: 50, seed: 2 }, throttle: { rate: 0.01, burst: 1 } });
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) await client(inst, KEY, region).send(new LookupEventsCommand({ MaxResults: 1 }));
    await expectError(client(inst, KEY, 'eu-west-1').send(new LookupEventsCommand({ MaxResults: 1 })), 'ThrottlingException', 400);
  });
});

describe('faults, the request log, the control API and middleware', () => {
  test('scripted faults: 500, 503, throttle, expired, latency, short page, drop, then normal', async () => {
    const inst = await instance(smallData());
    await control(`instances/${inst.id}/faults`, { script: ['500', '503', 'throttle', 'expired', 'latency:300', 'short:3', 'short:0', 'drop', 'ok'] });
    const c = client(inst);
    await expectError(c.send(new LookupEventsCommand({})), 'InternalFailure', 500);
    await expectError(c.send(new LookupEventsCommand({})), 'ServiceUnavailableException', 503);
    await expectError(c.send(new LookupEventsCommand({})), 'ThrottlingException', 400);
    await expectError(c.send(new LookupEventsCommand({})), 'ExpiredTokenException', 400);
    const t0 = Date.now();
    await c.send(new LookupEventsCommand({ MaxResults: 2 }));
    assert.ok(Date.now() - t0 >= 280, 'latency');
    const short = await c.send(new LookupEventsCommand({ MaxResults: 10 }));
    assert.equal(short.Events!.length, 3);
    const empty = await c.send(new LookupEventsCommand({ MaxResults: 10, NextToken: short.NextToken }));
    assert.equal(empty.Events!.length, 0);
    assert.ok(empty.NextToken, 'an empty page still has a token');
    await assert.rejects(c.send(new LookupEventsCommand({})), (e: Error) => !('$metadata' in e && (e as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode));
    const resumed = await c.send(new LookupEventsCommand({ MaxResults: 10, NextToken: empty.NextToken }));
    const all = await truth(inst);
    assert.deepEqual(resumed.Events!.map((e) => e.EventId), all.slice(3, 13).map((e) => e.EventId));
    const log = (await control<{ entries: RequestLogEntry[] }>(`instances/${inst.id}/log`)).entries;
    assert.deepEqual(log.map((e) => e.outcome), ['InternalFailure', 'ServiceUnavailableException', 'ThrottlingException', 'ExpiredTokenException', 'ok', 'ok', 'ok', 'dropped', 'ok']);
    assert.deepEqual(log.map((e) => e.status).slice(0, 4), [500, 503, 400, 400]);
    assert.equal(log[5]!.eventCount, 3);
    assert.equal(log[5]!.hasNextToken, true);
    assert.equal(log[4]!.fault, 'script:latency:300', 'the latency came from the script');
    assert.equal(log[4]!.accessKeyId, 'AKIDEXAMPLE');
    assert.equal(log[4]!.region, 'us-east-1');
    assert.deepEqual(log[4]!.params, { MaxResults: 2 });
    assert.ok(log.every((e, i) => e.seq === log[0]!.seq + i && e.time > 0 && e.emulatorTime > 0 && e.operation === 'LookupEvents'), 'consecutive LookupEvents entries with both clocks');
    const since = (await control<{ entries: RequestLogEntry[] }>(`instances/${inst.id}/log?since=${log[6]!.seq}`)).entries;
    assert.equal(since.length, 2);
  });

  test('probabilistic short pages and errors: a retrying SDK still pages to the exact truth', async () => {
    const inst = await instance({ ...smallData(), faults: { shortPages: 0.5, errorRate: 0.1, errorStatuses: [503], seed: 11 } });
    const c = new CloudTrailClient({ endpoint: `${new URL(origin()).origin}${inst.endpoint}`, region: REGION, credentials: { ...KEY }, maxAttempts: 6 });
    const { events, tokens } = await pageAll(c, { MaxResults: 50 });
    assert.deepEqual(events.map((e) => e.EventId), (await truth(inst)).map((e) => e.EventId));
    assert.equal(new Set(tokens).size, tokens.length);
    const log = (await control<{ entries: RequestLogEntry[] }>(`instances/${inst.id}/log`)).entries;
    assert.ok(log.some((e) => e.fault === 'shortPages' && e.eventCount === 0), 'an empty short page was served');
    assert.ok(log.some((e) => e.outcome === 'ServiceUnavailableException'), 'a 503 was served');
  });

  test('a stricter throttle fault, and invalid fault configs are refused', async () => {
    const inst = await instance({ records: [] });
    await control(`instances/${inst.id}/faults`, { throttle: { rate: 0.5, burst: 1 } });
    const c = client(inst);
    await c.send(new LookupEventsCommand({}));
    await expectError(c.send(new LookupEventsCommand({})), 'ThrottlingException', 400);
    const bad = await fetch(`${origin()}/__control/instances/${inst.id}/faults`, { method: 'POST', body: JSON.stringify({ script: ['boom'] }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /unknown script entry/);
    await control(`instances/${inst.id}/faults`, {});
    await c.send(new LookupEventsCommand({}));
  });

  test('control API: create with an id, conflict, info, delete, unknown instance', async () => {
    const created = await control<Inst & Record<string, unknown>>('instances', { id: 'ctl-test', records: [], region: 'eu-west-1', accountId: '111122223333' });
    assert.equal(created.endpoint, '/i/ctl-test');
    assert.equal(created.region, 'eu-west-1');
    assert.equal(created.identityPoolId, 'eu-west-1:00000000-0000-0000-0000-000000000000');
    assert.deepEqual(created.staticCredentials, KEY);
    const dup = await fetch(`${origin()}/__control/instances`, { method: 'POST', body: JSON.stringify({ id: 'ctl-test' }) });
    assert.equal(dup.status, 409);
    const badPath = await fetch(`${origin()}/__control/instances`, { method: 'POST', body: JSON.stringify({ events: ['/does/not/exist.jsonl'] }) });
    assert.equal(badPath.status, 400);
    assert.equal((await fetch(`${origin()}/__control/instances/ctl-test`, { method: 'DELETE' })).status, 200);
    assert.equal((await fetch(`${origin()}/__control/instances/ctl-test/info`)).status, 404);
  });

  test('middleware works connect-style under /aws and passes other routes on', async () => {
    const emulator = createEmulator({ basePath: '/aws', records: [], throttle: false });
    const mw = emulator.middleware();
    const srv = createServer((req, res) => {
      void mw(req, res, () => res.writeHead(418).end('next'));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      assert.equal((await fetch(`${base}/demo/`)).status, 418);
      const out = await new CloudTrailClient({ endpoint: `${base}/aws`, region: REGION, credentials: { ...KEY }, maxAttempts: 1 }).send(new LookupEventsCommand({}));
      assert.deepEqual(out.Events, []);
      const koaCtx = { req: null as unknown, res: null as unknown, respond: true };
      let nextCalled = false;
      await mw({ ...koaCtx, req: { url: '/other', method: 'GET', headers: {} }, res: {} }, async () => {
        nextCalled = true;
      });
      assert.ok(nextCalled, 'Koa-style next() for routes that are not ours');
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });
});

describe('generated activity at a fixed time', () => {
  test('generate.at gives the same events, with the same gaps before now, whenever the instance is made; a bad time says what it takes', (t) => {
    const emulator = createEmulator();
    const at = '2026-11-20T12:00:00Z';
    const made: { now: number; events: WireEvent[] }[] = [];
    // Two instances made at different times of day and week: without `at` their mixes differ.
    for (const now of [Date.UTC(2027, 0, 4, 3, 17, 5), Date.UTC(2027, 0, 9, 15, 42, 31)]) {
      t.mock.method(Date, 'now', () => now);
      const inst = emulator.createInstance({ generate: { count: 400, seed: 9, at } });
      made.push({ now, events: inst.truth({ regions: '*' }) as WireEvent[] });
      t.mock.restoreAll();
    }
    const [a, b] = made;
    assert.ok(a.events.length > 300, `most of the 400 calls are management events in Event history (got ${a.events.length})`);
    assert.deepEqual(b.events.map((e) => [e.EventName, e.Username]), a.events.map((e) => [e.EventName, e.Username]), 'the same events, in the same order');
    const before = (m: { now: number; events: WireEvent[] }) => m.events.map((e) => m.now - (e.EventTime as number) * 1000);
    assert.deepEqual(before(b), before(a), 'each the same time before now');
    assert.ok(before(a)[0]! >= 60_000 && before(a)[0]! < 62_000, `the newest is a minute before now (${before(a)[0]} ms)`);
    assert.throws(() => emulator.createInstance({ generate: { count: 10, at: 'last tuesday' } }), /generate\.at must be a time \(epoch ms or an ISO 8601 string/);
    emulator.close();
  });
});
