/**
 * Event history is per Region for the real clients too: the aws cli with `--region eu-west-1` and
 * boto3 with `region_name="ap-southeast-2"` get exactly that Region's events from the emulator, and
 * Regions that do not exist or are not enabled refuse as the service does. (Its own file: the
 * 2,900-event paging of real-clients.test.ts uses most of a file's time budget.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulatorServer, type EmulatorServer, type WireEvent } from 'cloudtrail-elements-emulator';
import { controlApi, realClients } from './helpers/real-clients.js';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';

const clients = realClients();
const { AWS, PYTHON } = clients;
const run = clients.run;
let server: EmulatorServer;

const control = controlApi(() => server.url);

before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', generate: { count: 0, at: GENERATED_AT } });
});
after(async () => {
  await server.close();
  clients.cleanup();
});

describe('event history is per Region, for the aws cli and boto3 too', () => {
  let endpoint: string;
  let instanceId: string;
  /** The instance's truth for one Region: its records whose awsRegion is that Region, newest first. */
  const regionTruth = async (region: string) => (await control<{ Events: WireEvent[] }>(`instances/${instanceId}/truth`, { region })).Events.map((e) => e.EventId);
  before(async () => {
    // Generated activity spreads over several Regions (IAM, STS and sign-in recorded in us-east-1).
    // 2,000 calls: enough that every Region has events whatever day the run is (the mix follows the clock).
    const inst = await control<{ id: string; endpoint: string }>('instances', { generate: { count: 2000, seed: 3, at: GENERATED_AT }, throttle: false });
    instanceId = inst.id;
    endpoint = `${new URL(server.url).origin}${inst.endpoint}`;
  });

  test('aws cli --region eu-west-1 returns only eu-west-1\'s events', { skip: !AWS && 'no aws cli', timeout: 120_000 }, async () => {
    const expected = await regionTruth('eu-west-1');
    assert.ok(expected.length > 10 && expected.length < (await regionTruth('us-east-1')).length, `${expected.length} events in eu-west-1`);
    const out = await run(AWS!, ['cloudtrail', 'lookup-events', '--endpoint-url', endpoint, '--region', 'eu-west-1', '--output', 'json']);
    assert.equal(out.code, 0, out.stderr);
    const events = (JSON.parse(out.stdout) as { Events: { EventId: string; CloudTrailEvent: string }[] }).Events;
    assert.deepEqual(events.map((e) => e.EventId), expected);
    assert.ok(events.every((e) => (JSON.parse(e.CloudTrailEvent) as { awsRegion: string }).awsRegion === 'eu-west-1'), 'every record says eu-west-1');
  });

  test('boto3 with region_name="ap-southeast-2" pages through only that Region; Regions that do not exist or are not enabled refuse', { skip: !PYTHON && 'no python3 with boto3', timeout: 120_000 }, async () => {
    const script = [
      'import boto3, botocore.exceptions, json, os',
      'c = boto3.client("cloudtrail", endpoint_url=os.environ["ENDPOINT"], region_name="ap-southeast-2")',
      'events = [e for page in c.get_paginator("lookup_events").paginate(PaginationConfig={"PageSize": 7}) for e in page["Events"]]',
      'def refused(region):',
      '    try:',
      '        boto3.client("cloudtrail", endpoint_url=os.environ["ENDPOINT"], region_name=region).lookup_events(MaxResults=1)',
      '    except botocore.exceptions.ClientError as e:',
      '        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]',
      'print(json.dumps({"rows": [[e["EventId"], json.loads(e["CloudTrailEvent"])["awsRegion"]] for e in events],',
      '                  "invalid": refused("us-north-2r"), "optIn": refused("af-south-1")}))',
    ].join('\n');
    const out = await run(PYTHON!, ['-c', script], { ENDPOINT: endpoint });
    assert.equal(out.code, 0, out.stderr);
    const { rows, invalid, optIn } = JSON.parse(out.stdout) as { rows: [string, string][]; invalid: [string, string]; optIn: [string, string] };
    assert.deepEqual(invalid, ['InvalidSignatureException', "Credential should be scoped to a valid region, not 'us-north-2r'."], 'a Region name that does not exist');
    assert.equal(optIn[0], 'UnrecognizedClientException', 'an opt-in Region the account has not enabled knows none of its keys');
    const expected = await regionTruth('ap-southeast-2');
    assert.ok(expected.length > 10, `${expected.length} events in ap-southeast-2`);
    assert.deepEqual(rows.map(([id]) => id), expected);
    assert.ok(rows.every(([, region]) => region === 'ap-southeast-2'), 'every record says ap-southeast-2');
  });
});

