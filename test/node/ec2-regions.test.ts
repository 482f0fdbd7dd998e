/**
 * EC2's DescribeRegions from the emulator, through the real clients: the aws cli and boto3 read
 * its XML as they read EC2's (the Regions enabled for the account, opt-in ones with their status),
 * and an identity no policy allows gets EC2's UnauthorizedOperation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';
import { startEmulatorServer, type EmulatorServer } from 'cloudtrail-elements-emulator';
import { controlApi, realClients } from './helpers/real-clients.js';

const clients = realClients({ AWS_MAX_ATTEMPTS: '1' });
const { AWS, PYTHON } = clients;
let server: EmulatorServer;
const control = controlApi(() => server.url);

before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', generate: { count: 0, at: GENERATED_AT } });
});
after(async () => {
  await server.close();
  clients.cleanup();
});

interface Region { RegionName: string; Endpoint: string; OptInStatus: string }

describe('EC2 DescribeRegions', () => {
  let endpoint: string;
  let denied: string;
  before(async () => {
    const inst = await control<{ endpoint: string }>('instances', { generate: { count: 0, at: GENERATED_AT }, optInRegions: ['ap-east-1'] });
    endpoint = `${new URL(server.url).origin}${inst.endpoint}`;
    const refusing = await control<{ endpoint: string }>('instances', { generate: { count: 0, at: GENERATED_AT }, denyActions: ['ec2:DescribeRegions'] });
    denied = `${new URL(server.url).origin}${refusing.endpoint}`;
  });

  test('aws ec2 describe-regions lists the 17 default Regions and the opt-in Region the account enabled', { skip: !AWS && 'no aws cli', timeout: 60_000 }, async () => {
    const out = await clients.run(AWS!, ['ec2', 'describe-regions', '--endpoint-url', endpoint, '--output', 'json']);
    assert.equal(out.code, 0, out.stderr);
    const regions = (JSON.parse(out.stdout) as { Regions: Region[] }).Regions;
    assert.equal(regions.length, 18);
    assert.deepEqual(regions.find((r) => r.RegionName === 'ap-east-1'), { RegionName: 'ap-east-1', Endpoint: 'ec2.ap-east-1.amazonaws.com', OptInStatus: 'opted-in' });
    assert.equal(regions.find((r) => r.RegionName === 'eu-west-1')?.OptInStatus, 'opt-in-not-required');
    assert.ok(!regions.some((r) => r.RegionName === 'af-south-1'), 'a Region the account did not enable is not listed');

    const all = await clients.run(AWS!, ['ec2', 'describe-regions', '--all-regions', '--endpoint-url', endpoint, '--output', 'json']);
    assert.equal(all.code, 0, all.stderr);
    assert.equal((JSON.parse(all.stdout) as { Regions: Region[] }).Regions.find((r) => r.RegionName === 'af-south-1')?.OptInStatus, 'not-opted-in');
  });

  test('aws ec2 describe-regions with filters, and an identity no policy allows', { skip: !AWS && 'no aws cli', timeout: 60_000 }, async () => {
    const out = await clients.run(AWS!, ['ec2', 'describe-regions', '--endpoint-url', endpoint, '--filters', 'Name=opt-in-status,Values=opted-in', '--output', 'json']);
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual((JSON.parse(out.stdout) as { Regions: Region[] }).Regions.map((r) => r.RegionName), ['ap-east-1']);
    const refused = await clients.run(AWS!, ['ec2', 'describe-regions', '--endpoint-url', denied]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(UnauthorizedOperation\).*not authorized to perform: ec2:DescribeRegions/);
  });

  test('boto3 reads the same list, and UnauthorizedOperation as a ClientError with HTTP 403', { skip: !PYTHON && 'no python3 with boto3', timeout: 60_000 }, async () => {
    const script = [
      'import boto3, botocore.exceptions, json, os',
      'names = [r["RegionName"] for r in boto3.client("ec2", endpoint_url=os.environ["ENDPOINT"], region_name="eu-west-1").describe_regions()["Regions"]]',
      'try:',
      '    boto3.client("ec2", endpoint_url=os.environ["DENIED"], region_name="us-east-1").describe_regions()',
      '    refused = None',
      'except botocore.exceptions.ClientError as e:',
      '    refused = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]',
      'print(json.dumps({"names": names, "refused": refused}))',
    ].join('\n');
    const out = await clients.run(PYTHON!, ['-c', script], { ENDPOINT: endpoint, DENIED: denied });
    assert.equal(out.code, 0, out.stderr);
    const { names, refused } = JSON.parse(out.stdout) as { names: string[]; refused: [string, number] | null };
    assert.equal(names.length, 18);
    assert.ok(names.includes('ap-east-1') && names.includes('us-east-1'), names.join());
    assert.deepEqual(refused, ['UnauthorizedOperation', 403]);
  });
});
