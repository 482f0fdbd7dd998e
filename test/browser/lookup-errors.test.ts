import { expect } from '@open-wc/testing';
import { CloudTrailPageSource } from '../../src/lookup/page-source.js';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { refreshable } from '../../src/lookup/credentials.js';
import { toLookupError } from '../../src/lookup/errors.js';
import type { LookupControllerOptions, LookupState } from '../../src/lookup/lookup-session.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { createInstance, lookupLog, memoryCache, setFaults } from './helpers/emulator.js';
import type { Instance } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const q = (patch: Partial<LookupQuery> = {}): LookupQuery => ({ ...defaultQuery(), ...patch });
const make = (inst: Instance, extra: Partial<LookupControllerOptions> = {}) =>
  new LookupController({ region: inst.region, endpoint: inst.url, credentials: inst.staticCredentials, ...extra });
function record(c: LookupController): LookupState[] {
  const states: LookupState[] = [];
  c.subscribe((s) => states.push(s));
  return states;
}

describe('lookup errors reach the caller in words', () => {
  it('AccessDenied for a guest identity names cloudtrail:LookupEvents and keeps the service text', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    const c = make(inst, { credentials: { region: inst.region, identityPoolId: inst.identityPoolId, endpoint: inst.url, cache: memoryCache() } });
    const state = await c.run(q());
    expect(state.status).to.equal('error');
    expect(state.error?.code).to.equal('AccessDeniedException');
    expect(state.error?.message).to.include('cloudtrail:LookupEvents');
    expect(state.error?.message).to.include('is not authorized to perform');
    expect(state.error?.retryable).to.equal(false);
    expect(state.error?.status).to.equal(400);
    expect((await lookupLog(inst.id)).length, 'not retried').to.equal(1);
    c.dispose();
  });

  it('InvalidNextToken says to run the lookup again', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    const source = new CloudTrailPageSource({ region: inst.region, endpoint: inst.url, credentials: refreshable(inst.staticCredentials) });
    let caught: unknown;
    try {
      await source.fetchPage({ input: { MaxResults: 5, NextToken: 'not-a-token' }, signal: new AbortController().signal });
    } catch (err) { caught = err; }
    const err = toLookupError(caught);
    expect(err.code).to.equal('InvalidNextTokenException');
    expect(err.message).to.include('Run the lookup again');
    expect(err.serviceMessage).to.be.a('string');
    source.dispose();
  });

  it('Throttling is retried through the limiter and shown as waiting, not failure', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 30, seed: 1 }, faults: { script: ['throttle', 'throttle'] } });
    const c = make(inst, { retry: { baseDelayMs: 200 } });
    const states = record(c);
    const state = await c.run(q({ pageSize: 10 }));
    expect(state.status).to.equal('done');
    expect(state.events).to.have.length(10);
    expect(state.counts.throttled).to.equal(2);
    expect(state.counts.requests).to.equal(3);
    expect(states.some((s) => s.status === 'waiting' && s.waiting?.reason === 'throttled' && s.waiting.until > 0)).to.equal(true);
    expect(states.some((s) => s.status === 'error')).to.equal(false);
    expect((await lookupLog(inst.id)).map((e) => e.outcome)).to.deep.equal(['ThrottlingException', 'ThrottlingException', 'ok']);
    c.dispose();
  });

  it('gives up on throttling after a bound, then retry() resumes from the last token without losing rows', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 30, seed: 1 } });
    const c = make(inst, { retry: { maxAttempts: 2, baseDelayMs: 100 } });
    await c.run(q({ pageSize: 10 }));
    await setFaults(inst.id, { script: ['throttle', 'throttle'] });
    await c.loadMore();
    expect(c.state.status).to.equal('error');
    expect(c.state.error?.code).to.equal('ThrottlingException');
    expect(c.state.error?.message).to.include('2 requests per second');
    expect(c.state.events, 'rows kept').to.have.length(10);
    await c.loadMore();
    expect((await lookupLog(inst.id)).length, 'loadMore does not retry an error by itself').to.equal(3);
    await c.retry();
    expect(c.state.status).to.equal('done');
    expect(c.state.error).to.equal(null);
    expect(c.state.events).to.have.length(20);
    const log = await lookupLog(inst.id);
    const tokens = log.map((e) => (e.params as { NextToken?: string }).NextToken);
    expect(tokens[1]).to.be.a('string');
    expect(tokens[2]).to.equal(tokens[1]);
    expect(tokens[3]).to.equal(tokens[1]);
    c.dispose();
  });

  it('500 and 503 are retried a bounded number of times', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 30, seed: 1 }, faults: { script: ['500', '503'] } });
    const c = make(inst, { retry: { baseDelayMs: 100 } });
    const states = record(c);
    await c.run(q({ pageSize: 10 }));
    expect(c.state.status).to.equal('done');
    expect(states.some((s) => s.waiting?.reason === 'retry')).to.equal(true);
    await setFaults(inst.id, { errorRate: 1, errorStatuses: [503] });
    await c.loadMore();
    expect(c.state.status).to.equal('error');
    expect(c.state.error?.message).to.include('HTTP 503');
    expect(c.state.error?.retryable).to.equal(true);
    expect((await lookupLog(inst.id)).length).to.equal(3 + 5);
    c.dispose();
  });

  it('a dropped connection or an unreachable endpoint is explained, not "Failed to fetch"', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 }, faults: { dropRate: 1 } });
    const c = make(inst, { retry: { maxAttempts: 2, baseDelayMs: 100 } });
    await c.run(q());
    expect(c.state.error?.code).to.equal('NetworkError');
    expect(c.state.error?.message).to.equal(`Could not reach CloudTrail at ${inst.url}: the connection failed (a network error: the server is down or dropped the connection). Check that it is running and try again.`);
    expect(c.state.error?.message, 'the page\'s own origin cannot refuse it by CORS').not.to.include('CORS');
    expect(c.state.counts.requests).to.equal(2);
    // While drops may come the emulator closes each connection after answering, so Chromium has no
    // reused socket to resend on: the log holds exactly the two attempts.
    expect((await lookupLog(inst.id)).length).to.equal(2);
    c.dispose();

    const away = new LookupController({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: inst.staticCredentials, retry: { maxAttempts: 1 } });
    await away.run(q());
    expect(away.state.error?.code).to.equal('NetworkError');
    expect(away.state.error?.message).to.include('Could not reach CloudTrail at http://127.0.0.1:9');
    expect(away.state.error?.message).not.to.include('Failed to fetch');
    away.dispose();
  });

  it('unknown keys and wrong secrets get credentials words', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    const unknown = make(inst, { credentials: { accessKeyId: 'AKIDNOTKNOWN0000', secretAccessKey: 'nope' } });
    await unknown.run(q());
    expect(unknown.state.error?.code).to.equal('UnrecognizedClientException');
    expect(unknown.state.error?.message).to.include('does not recognise these credentials');
    unknown.dispose();
    const wrong = make(inst, { credentials: { accessKeyId: inst.staticCredentials.accessKeyId, secretAccessKey: 'not-the-secret' } });
    await wrong.run(q());
    expect(wrong.state.error?.code).to.equal('InvalidSignatureException');
    expect(wrong.state.error?.message).to.include('signature');
    expect(wrong.state.error?.message).not.to.include('not-the-secret');
    wrong.dispose();
  });

  it('an ExpiredToken answer is refreshed and retried once, transparently', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 }, faults: { script: ['expired'] } });
    let calls = 0;
    const c = make(inst, { credentials: async () => { calls++; return inst.staticCredentials; } });
    await c.run(q());
    expect(c.state.status).to.equal('done');
    expect(calls).to.equal(2);
    expect((await lookupLog(inst.id)).map((e) => e.outcome)).to.deep.equal(['ExpiredTokenException', 'ok']);
    c.dispose();
  });

  it('Cognito errors: unknown pool and refused login', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    const noPool = make(inst, { credentials: { region: inst.region, identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555', endpoint: inst.url, cache: memoryCache() } });
    await noPool.run(q());
    expect(noPool.state.error?.code).to.equal('ResourceNotFoundException');
    expect(noPool.state.error?.message).to.include('identity pool was not found');
    noPool.dispose();
    const refused = make(inst, {
      credentials: { region: inst.region, identityPoolId: inst.identityPoolId, endpoint: inst.url, cache: memoryCache(), logins: { [inst.loginProvider]: 'forged-token' } },
    });
    await refused.run(q());
    expect(refused.state.error?.code).to.equal('NotAuthorizedException');
    expect(refused.state.error?.message).to.include('refused to issue credentials');
    refused.dispose();
    expect(await lookupLog(inst.id)).to.have.length(0);
  });
});
