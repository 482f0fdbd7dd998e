/**
 * `<ct-event-history>` holds a `<ct-lookup-provider>` and hands it the whole configuration: every
 * configuration attribute set on the history is what the provider inside reads, a property set
 * later reaches it too, and signing out is the provider's: after the history's signOut() the same
 * credentials sign in again.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory, CtLookupProvider } from '../../src/index.js';
import { CONFIG_KEYS, LookupConfigElement } from '../../src/elements/shared/lookup-config.js';
import { createInstance, getLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const inner = (history: CtEventHistory) => history.shadowRoot!.querySelector<CtLookupProvider>('ct-lookup-provider')!;

describe('the history hands its configuration to its provider', () => {
  it('declares each configuration property once, and the provider and the history both have them all', () => {
    const declared = [...(LookupConfigElement as unknown as { elementProperties: Map<string, unknown> }).elementProperties.keys()];
    expect([...declared].sort(), 'CONFIG_KEYS lists every configuration property').to.deep.equal([...CONFIG_KEYS].sort());
    for (const tag of ['ct-event-history', 'ct-lookup-provider']) {
      const props = (customElements.get(tag) as unknown as { elementProperties: Map<string, unknown> }).elementProperties;
      for (const key of CONFIG_KEYS) expect(props.has(key), `<${tag}> has ${key}`).to.equal(true);
    }
  });

  it('every attribute set on the history is what its provider reads, and later changes follow', async function () {
    this.timeout(30_000);
    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run region="eu-west-1" regions="eu-west-1,us-east-2"
      search-regions="us-east-2" endpoint="http://127.0.0.1:9/ct" cognito-endpoint="http://127.0.0.1:9/cognito"
      identity-pool-id="eu-west-1:00000000-0000-0000-0000-000000000000" allow-guest scan-limit="123" dispose-delay="77"
      source="athena" athena-endpoint="http://127.0.0.1:9/athena" athena-database="trails" athena-table="org_logs"
      athena-catalog="Other" athena-partitions="none" athena-workgroup="wg" athena-output-location="s3://out/x/"
      athena-scan-limit="2 GB" ec2-endpoint="http://127.0.0.1:9/ec2" sts-endpoint="http://127.0.0.1:9/sts" accounts-via="assume-role"
      accounts='[{"accountId":"111122223333","roleArn":"arn:aws:iam::111122223333:role/Reader","label":"Prod"}]'
      search-accounts="111122223333"></ct-event-history>`);
    await history.updateComplete;
    const provider = inner(history);
    await provider.updateComplete;
    const seen = Object.fromEntries(CONFIG_KEYS.map((k) => [k, provider[k]]));
    expect(seen).to.deep.equal({
      region: 'eu-west-1', regions: ['eu-west-1', 'us-east-2'], searchRegions: ['us-east-2'], endpoint: 'http://127.0.0.1:9/ct',
      cognitoEndpoint: 'http://127.0.0.1:9/cognito', ec2Endpoint: 'http://127.0.0.1:9/ec2', identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000',
      logins: undefined, credentials: undefined, allowGuest: true, scanLimit: 123, source: 'athena',
      athenaEndpoint: 'http://127.0.0.1:9/athena', athenaDatabase: 'trails', athenaTable: 'org_logs', athenaCatalog: 'Other',
      athenaPartitions: 'none', athenaWorkgroup: 'wg', athenaOutputLocation: 's3://out/x/', athenaScanLimit: '2 GB',
      accounts: [{ accountId: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/Reader', label: 'Prod' }], searchAccounts: ['111122223333'],
      stsEndpoint: 'http://127.0.0.1:9/sts', accountsVia: 'assume-role', disposeDelay: 77, sigmaRules: undefined,
    });
    const rules = 'title: Console login\nid: 3f0a5a8e-0000-4000-8000-000000000001\nlogsource: {product: aws, service: cloudtrail}\ndetection: {selection: {eventName: ConsoleLogin}, condition: selection}\n';
    history.sigmaRules = rules;
    history.scanLimit = 456;
    await history.updateComplete;
    expect(provider.sigmaRules, 'a property set later reaches the provider').to.equal(rules);
    expect(provider.scanLimit).to.equal(456);
  });

  it("signing out is the provider's: after the history's signOut() nothing is sent, and the same credentials sign in again", async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 60, seed: 33 } });
    const credentials = { ...inst.staticCredentials };
    const history = await fixture<CtEventHistory>(html`<ct-event-history .region=${inst.region} .endpoint=${inst.url}
      .credentials=${credentials}></ct-event-history>`);
    await until(() => Boolean(history.session?.lookup.state.events.length));
    const provider = inner(history);

    history.signOut();
    await until(() => provider.signInNeeded === 'signed-out' && history.credentials === undefined);
    expect(provider.credentials, 'the provider forgot the credentials').to.equal(undefined);
    expect(history.session, 'no investigation').to.equal(undefined);
    const sent = (await getLog(inst.id)).length;
    await history.updateComplete;
    expect((await getLog(inst.id)).length, 'nothing sent after signOut()').to.equal(sent);
    expect(history.shadowRoot!.querySelector('[part="sign-in"]')?.textContent, 'the history says so').to.contain('Signed out.');

    // The same credentials (equal by content) sign in again.
    history.credentials = { ...credentials };
    await until(() => Boolean(history.session?.lookup.state.events.length));
    expect(provider.signInNeeded).to.equal(undefined);
  });
});
