/**
 * `cspConnectSources()` names exactly the hosts the page calls: each service at its own override or
 * at AWS's endpoint in the Region it is called in, as the AWS SDK resolves it. The README's examples
 * are checked against it, so the policy a reader copies cannot drift from what the helper returns.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CognitoIdentityClient } from '@aws-sdk/nested-clients/cognito-identity';
import { STSClient } from '@aws-sdk/nested-clients/sts';
import { cspConnectSources } from '../../src/lookup/csp.js';
import { awsEndpoint, type AwsService } from '../../src/lookup/endpoints.js';
import { readmeCspExamples } from './helpers/readme-csp.js';

test('each of the README\'s CSP examples is what cspConnectSources() returns', () => {
  const examples = readmeCspExamples();
  assert.ok(examples.length >= 5, `the README shows the features one by one (found ${examples.length} examples)`);
  for (const { options, hosts, line } of examples) {
    assert.deepEqual(cspConnectSources(options), hosts, `README line ${line}`);
  }
});

test('every host is AWS\'s endpoint of that service as the AWS SDK resolves it, China Regions included', () => {
  // Each client's own endpoint rules (the SDK's), asked for the default endpoint of a Region.
  type Resolve = (region: string) => URL;
  const rules = (client: { config: { endpointProvider: unknown } }, region: string) =>
    (client.config.endpointProvider as (p: Record<string, unknown>) => { url: URL })({ Region: region, UseFIPS: false, UseDualStack: false, UseGlobalEndpoint: false }).url;
  const clients: Record<AwsService, Resolve> = {
    'cloudtrail': (region) => rules(new CloudTrailClient({ region }), region),
    'athena': (region) => rules(new AthenaClient({ region }), region),
    'cognito-identity': (region) => rules(new CognitoIdentityClient({ region }), region),
    'sts': (region) => rules(new STSClient({ region }), region),
  };
  for (const [service, resolve] of Object.entries(clients) as [AwsService, Resolve][]) {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1']) {
      assert.equal(awsEndpoint(service, region), resolve(region).origin, `${service} in ${region}`);
    }
  }
});

test('an override reaches only its own service: a CloudTrail proxy never receives Cognito or Athena calls', () => {
  const proxy = 'https://proxy.example.com/cloudtrail';
  const hosts = cspConnectSources({ region: 'eu-west-1', endpoint: proxy, identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000', source: 'athena' });
  assert.deepEqual(hosts, ['https://proxy.example.com', 'https://cognito-identity.eu-west-1.amazonaws.com', 'https://athena.eu-west-1.amazonaws.com'], 'CloudTrail at the proxy only');
  const all = cspConnectSources({
    regions: ['us-east-1', 'eu-west-1'], endpoint: 'http://127.0.0.1:4566', cognitoEndpoint: 'http://127.0.0.1:4566/', identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
    athenaTable: 'cloudtrail_logs', athenaEndpoint: 'https://athena-proxy.example.com',
  });
  assert.deepEqual(all, ['http://127.0.0.1:4566', 'https://athena-proxy.example.com'], 'each override once, one origin for the emulator that serves two');
});

test('without an identity pool or Athena, CloudTrail and (no Regions named) EC2; names that are not Regions are left out as the elements leave them', () => {
  assert.deepEqual(cspConnectSources({}), ['https://cloudtrail.us-east-1.amazonaws.com', 'https://ec2.us-east-1.amazonaws.com'], 'the elements\' default Region, and EC2 there to list the account\'s Regions');
  assert.deepEqual(cspConnectSources({ endpoint: 'http://127.0.0.1:4566', ec2Endpoint: 'http://127.0.0.1:4567/' }), ['http://127.0.0.1:4566', 'http://127.0.0.1:4567'], 'EC2 at its own override');
  assert.deepEqual(cspConnectSources({ regions: ['eu-west-1', 'not a region', 'eu-west-1'] }), ['https://cloudtrail.eu-west-1.amazonaws.com'], 'one host per valid Region');
  assert.deepEqual(cspConnectSources({ regions: ['us-east-1'], athenaDatabase: 'logs' }), ['https://cloudtrail.us-east-1.amazonaws.com', 'https://athena.us-east-1.amazonaws.com'], 'a table or database named offers Athena');
});
