import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { cognitoCredentials } from '../../src/lookup/credentials.js';
import { defaultQuery } from '../../src/lookup/query.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { advanceClock, createInstance, emulatorLogins, getLog, memoryCache, setFaults } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const q = (patch: Partial<LookupQuery> = {}): LookupQuery => ({ ...defaultQuery(), ...patch });
const ops = async (id: string) => (await getLog(id)).map((e) => `${e.operation}:${e.outcome}`);

describe('lookup with Cognito credentials', () => {
  it('signs in, pages, and renews credentials the service calls expired (clock ahead of the browser)', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 60, seed: 9 } });
    let loginCalls = 0;
    const credentials = cognitoCredentials({
      region: inst.region, identityPoolId: inst.identityPoolId, endpoint: inst.url, cache: memoryCache(),
      logins: async () => { loginCalls++; return emulatorLogins('alice'); },
    });
    const c = new LookupController({ region: inst.region, endpoint: inst.url, credentials });
    await c.run(q({ pageSize: 10 }));
    expect(c.state.status).to.equal('done');
    expect(await ops(inst.id)).to.deep.equal(['GetId:ok', 'GetCredentialsForIdentity:ok', 'LookupEvents:ok']);
    const keyBefore = (await getLog(inst.id))[2].accessKeyId;

    await advanceClock(inst.id, 2 * 3600);
    await c.loadMore();
    expect(c.state.status).to.equal('done');
    expect(c.state.events).to.have.length(20);
    const log = await getLog(inst.id);
    expect(log.slice(3).map((e) => `${e.operation}:${e.outcome}`)).to.deep.equal([
      'LookupEvents:ExpiredTokenException', 'GetId:ok', 'GetCredentialsForIdentity:ok', 'LookupEvents:ok',
    ]);
    expect(log.at(-1)?.accessKeyId).not.to.equal(keyBefore);
    expect(loginCalls).to.equal(2);

    await setFaults(inst.id, { expireCredentialsNow: true });
    await c.loadMore();
    expect(c.state.events).to.have.length(30);
    const after = (await ops(inst.id)).slice(log.length);
    expect(after[0]).to.equal('LookupEvents:ExpiredTokenException');
    expect(after).to.include('GetCredentialsForIdentity:ok');
    expect(after.at(-1)).to.equal('LookupEvents:ok');
    c.dispose();
  });

  it('refreshes short-lived credentials before they expire, without an error round trip', async function () {
    this.timeout(30_000);
    // 30 s: long enough that the first pages go out well before the refresh margin on a busy machine.
    const inst = await createInstance({ generate: { count: 60, seed: 9 }, credentialTtlSeconds: 30 });
    // The browser's clock is injected: it jumps to just before expiry instead of the test sleeping
    // there (the emulator's clock stays put, so the old credentials would still be accepted).
    let now = Date.now();
    const credentials = cognitoCredentials({ region: inst.region, identityPoolId: inst.identityPoolId, endpoint: inst.url, cache: memoryCache(), logins: emulatorLogins('bob') }, { now: () => now });
    const c = new LookupController({ region: inst.region, endpoint: inst.url, credentials });
    await c.run(q({ pageSize: 10 }));
    await c.loadMore();
    const { expiration } = await credentials();
    expect(expiration, 'the credentials expire').to.be.instanceOf(Date);
    // 400 ms before expiry: inside the refresh margin (a quarter of the lifetime), not past it.
    now = expiration!.getTime() - 400;
    await c.loadMore();
    expect(c.state.status).to.equal('done');
    expect(c.state.events).to.have.length(30);
    const log = await ops(inst.id);
    expect(log).to.deep.equal([
      'GetId:ok', 'GetCredentialsForIdentity:ok', 'LookupEvents:ok', 'LookupEvents:ok', 'GetCredentialsForIdentity:ok', 'LookupEvents:ok',
    ]);
    c.dispose();
  });

  it('memoizes: concurrent callers share one fetch, invalidate() forces a new one', async function () {
    this.timeout(20_000);
    const inst = await createInstance({ records: [] });
    const credentials = cognitoCredentials({ region: inst.region, identityPoolId: inst.identityPoolId, endpoint: inst.url, cache: memoryCache(), logins: emulatorLogins('carol') });
    const [a, b] = await Promise.all([credentials(), credentials()]);
    expect(a).to.equal(b);
    expect(Object.keys(a).sort()).to.deep.equal(['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken']);
    expect(await credentials()).to.equal(a);
    credentials.invalidate();
    const c2 = await credentials();
    expect(c2.accessKeyId).not.to.equal(a.accessKeyId);
    expect((await ops(inst.id)).filter((o) => o.startsWith('GetCredentialsForIdentity'))).to.have.length(2);
  });
});
