/**
 * ResourceName and ResourceType in Athena mean what they mean in Event history: on 600 real
 * CloudTrail records (Stratus Red Team's detonations, Panther's rule tests, AWS's documentation
 * examples) and a few written to exercise each rule, the generated SQL, run on the emulator's
 * engine, finds for each name and each type exactly the records whose resources, as the emulator
 * derives them for LookupEvents (its own rules, not the library's), hold it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AthenaEngine } from '../../packages/emulator/src/athena/engine.js';
import { resourcesOf } from '../../packages/emulator/src/derive.js';
import { whereSql } from '../../src/lookup/athena/sql.js';
import { validateQuery } from '../../src/lookup/query.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');
const NOW = Date.UTC(2026, 5, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
type Rec = Record<string, unknown>;

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
/** Records for the rules real data seldom shows: merged entries, KMS key forms, EC2 lists, S3 objects. */
const written: Rec[] = [
  { eventSource: 'iam.amazonaws.com', eventName: 'UpdateRole', requestParameters: { roleName: 'deploy' }, resources: [{ ARN: ROLE, type: 'AWS::IAM::Role' }] },
  { eventSource: 'iam.amazonaws.com', eventName: 'GetRole', resources: [{ ARN: ROLE, type: 'AWS::IAM::Role' }] },
  { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: { keyId: KEY } },
  { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: { keyId: 'alias/app' }, resources: [{ ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY}`, type: 'AWS::KMS::Key' }] },
  { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', resources: [{ ARN: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`, type: 'AWS::KMS::Key' }] },
  { eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: { bucketName: 'logs', key: 'a/b.txt' }, resources: [{ ARN: 'arn:aws:s3:::logs', type: 'AWS::S3::Bucket' }, { ARN: 'arn:aws:s3:::logs/a/b.txt', type: 'AWS::S3::Object' }] },
  { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', requestParameters: { instancesSet: { items: [{ imageId: 'ami-1' }] } }, responseElements: { instancesSet: { items: [{ instanceId: 'i-1', subnetId: 'subnet-1', vpcId: 'vpc-1', imageId: 'ami-1' }, { instanceId: 'i-2' }] } } },
  { eventSource: 'ec2.amazonaws.com', eventName: 'StopInstances', requestParameters: { instancesSet: { items: [{ instanceId: 'i-1' }] } }, resources: [{ ARN: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`, type: 'AWS::EC2::Instance' }] },
  { eventSource: 'ec2.amazonaws.com', eventName: 'TerminateInstances', resources: [{ ARN: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-2`, type: 'AWS::EC2::Instance' }] },
  { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', requestParameters: { instancesSet: { items: 'not a list' } } },
  { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: { roleArn: ROLE, roleSessionName: 's1' }, responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLE' } } },
  { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', requestParameters: { userName: 'alice' }, responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLE' } } },
];

function records(): Rec[] {
  const files = ['stratus-red-team_detonation-logs.jsonl', 'panther-analysis_rule-tests.jsonl', 'awsdocs_aws-cloudtrail-user-guide.jsonl'];
  const real = files.flatMap((f) => readFileSync(path.join(DATA, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec));
  const all = [...real, ...written.map((r) => ({ awsRegion: 'us-east-1', recipientAccountId: ACCOUNT, userIdentity: { type: 'IAMUser', userName: 'alice', accountId: ACCOUNT }, ...r }))];
  // Each record its own id and a time within the lookup's range (real records repeat ids and lie years back).
  return all.map((r, i) => ({ ...r, eventID: `r-${i}`, eventTime: iso(NOW - (i + 1) * 60_000) }));
}

test('ResourceName and ResourceType find in SQL exactly the events Event history derives them for', async () => {
  const recs = records();
  const engine = new AthenaEngine(() => recs);
  const want = { ResourceName: new Map<string, Set<string>>(), ResourceType: new Map<string, Set<string>>() };
  for (const r of recs) {
    for (const res of resourcesOf(r, r.eventSource as string) ?? []) {
      for (const [field, value] of [['ResourceName', res.ResourceName], ['ResourceType', res.ResourceType]] as const) {
        if (!value) continue;
        want[field].set(value, (want[field].get(value) ?? new Set()).add(r.eventID as string));
      }
    }
  }
  assert.ok(want.ResourceName.size > 150, `${want.ResourceName.size} names`);
  // An ARN whose entry Event history names by the request's form, and forms no record is named by.
  for (const none of [ROLE, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`, 'alias/app', KEY, 'arn:aws:s3:::logs']) {
    if (!want.ResourceName.has(none)) want.ResourceName.set(none, new Set());
  }
  const p = (field: 'ResourceName' | 'ResourceType', value: string, exclude = false) => {
    const r = validateQuery({ timeRange: { kind: 'absolute', start: new Date(NOW - 2 * 86_400_000), end: new Date(NOW) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field, value, exclude }] }, NOW, { retentionMs: Infinity });
    assert.ok(r.ok, 'a valid query');
    return r.plan;
  };
  const signal = new AbortController().signal;
  const ids = async (field: 'ResourceName' | 'ResourceType', value: string, exclude = false) => {
    const parameters: string[] = [];
    const plan = p(field, value, exclude);
    const where = whereSql(plan, plan.start.getTime(), plan.end.getTime(), parameters);
    const out = await engine.run(`SELECT eventid FROM cloudtrail_logs WHERE ${where}`, parameters, 'default', signal);
    assert.ok(out.ok, out.ok ? '' : out.reason);
    return new Set(out.rows.map((row) => row[0]!));
  };
  const wrong: string[] = [];
  for (const field of ['ResourceName', 'ResourceType'] as const) {
    for (const [value, expected] of want[field]) {
      const got = await ids(field, value);
      if ([...got].sort().join() !== [...expected].sort().join()) wrong.push(`${field} ${value}: SQL ${[...got].sort().join(' ')}, Event history ${[...expected].sort().join(' ')}`);
    }
  }
  assert.deepEqual(wrong, [], 'every name and type finds the same events');
  const notDeploy = await ids('ResourceName', 'deploy', true);
  assert.equal(notDeploy.size, recs.length - want.ResourceName.get('deploy')!.size, '"is not" keeps every other event');
});
