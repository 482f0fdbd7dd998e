/**
 * "Failed to fetch" has several causes, and the message names the right one and the service that
 * was called: the page's own Content-Security-Policy (seen from `securitypolicyviolation`), a CORS
 * refusal (the host answers, but not for this origin), a network failure (the host does not answer),
 * and a dropped connection on the page's own origin (which cannot be CORS: lookup-errors.test.ts).
 */
import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import type { CtLookupProvider } from '../../src/index.js';
import { createInstance, emulatorLogins, lookupLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

/** The test server under the other loopback name: another origin, same server. */
function otherOrigin(): string {
  const url = new URL(location.href);
  url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return url.origin;
}

describe('connection failures name their cause', () => {
  it('a host on another origin that answers without CORS headers is named as a CORS refusal', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    // The test server answers this path, but only the emulator's routes (under /aws) answer CORS.
    const endpoint = `${otherOrigin()}/test/browser/no-cors-here`;
    const c = new LookupController({ region: inst.region, endpoint, credentials: inst.staticCredentials, retry: { maxAttempts: 2, baseDelayMs: 50 } });
    await c.run(defaultQuery());
    expect(c.state.error?.code).to.equal('CorsError');
    expect(c.state.error?.message).to.equal(`CloudTrail at ${otherOrigin()} answered, but does not allow this page's origin (${location.origin}): a CORS refusal. AWS's own endpoints allow any origin; a proxy or gateway in between must answer CORS for this page.`);
    expect(c.state.error?.retryable).to.equal(false);
    c.dispose();
  });

  it('a host that does not answer at all is a network failure, not CORS', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    // Port 9 (discard) has no listener on this machine: the connection is refused.
    const c = new LookupController({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: inst.staticCredentials, retry: { maxAttempts: 1 } });
    await c.run(defaultQuery());
    expect(c.state.error?.code).to.equal('NetworkError');
    expect(c.state.error?.message).to.equal('Could not reach CloudTrail at http://127.0.0.1:9: the network failed (the host did not answer at all, so this is not CORS). Check the connection, a firewall or proxy, and the endpoint URL, then try again.');
    c.dispose();
  });

  it('Cognito is named when the credentials call fails, with its own endpoint', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    const c = new LookupController({
      region: inst.region, endpoint: inst.url, retry: { maxAttempts: 1 },
      credentials: { region: inst.region, identityPoolId: inst.identityPoolId, endpoint: 'http://127.0.0.1:9', logins: emulatorLogins('cognito-away') },
    });
    await c.run(defaultQuery());
    expect(c.state.error?.message).to.match(/^Could not reach Cognito Identity at http:\/\/127\.0\.0\.1:9: the network failed \(the host did not answer at all/);
    expect(await lookupLog(inst.id), 'CloudTrail never called').to.deep.equal([]);
    c.dispose();
  });

  it('a connection the page\'s Content-Security-Policy refuses names the host and the directive, and is not retried', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 10, seed: 1 } });
    const frame = document.createElement('iframe');
    frame.src = '/test/browser/strict/strict.html'; // served with connect-src 'self'
    document.body.append(frame);
    try {
      await until(() => Boolean((frame.contentWindow as (Window & { strictReady?: boolean }) | null)?.strictReady), 30_000);
      const doc = frame.contentDocument!;
      const provider = doc.createElement('ct-lookup-provider') as CtLookupProvider;
      const blocked = `${otherOrigin()}/aws/i/${inst.id}`;
      provider.region = inst.region;
      provider.endpoint = blocked;
      provider.credentials = { ...inst.staticCredentials };
      doc.body.append(provider);
      await until(() => Boolean(provider.session));
      const lookup = provider.session!.lookup;
      await lookup.run(defaultQuery());
      expect(lookup.state.error?.code).to.equal('ContentSecurityPolicy');
      expect(lookup.state.error?.message).to.equal(`This page's Content-Security-Policy refused the connection to CloudTrail at ${otherOrigin()} (directive connect-src). Add ${otherOrigin()} to the policy's connect-src: cspConnectSources() lists every host the configuration calls.`);
      expect(lookup.state.error?.retryable).to.equal(false);
      expect(lookup.state.counts.requests, 'a refusal by the page is not retried').to.be.at.most(2);
      expect(await lookupLog(inst.id), 'nothing reached the emulator').to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
