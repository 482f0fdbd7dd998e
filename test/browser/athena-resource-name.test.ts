/**
 * ResourceName means the same in both sources: on the same records, a lookup by a resource's name
 * (as Event history names it) or by its ARN finds the same events through LookupEvents and through
 * Athena, in Chromium over real HTTP to the emulator.
 */
import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { toRefreshable } from '../../src/lookup/credentials.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { AthenaPageSource } from '../../src/lookup/athena/source.js';
import { createInstance } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { record } from './helpers/records.js';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const INSTANCE = 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234';
const records = [
  record(1, { eventSource: 'iam.amazonaws.com', eventName: 'UpdateRole', requestParameters: { roleName: 'deploy' }, resources: [{ ARN: ROLE, accountId: '123456789012', type: 'AWS::IAM::Role' }] }),
  record(2, { eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl', requestParameters: { bucketName: 'logs-bucket' }, resources: [{ ARN: 'arn:aws:s3:::logs-bucket', accountId: '123456789012', type: 'AWS::S3::Bucket' }] }),
  record(3, { eventSource: 'ec2.amazonaws.com', eventName: 'StopInstances', resources: [{ ARN: INSTANCE, accountId: '123456789012', type: 'AWS::EC2::Instance' }] }),
  record(4, { eventSource: 'iam.amazonaws.com', eventName: 'GetRole', requestParameters: { roleName: 'deploy' } }),
  record(5),
];

describe('ResourceName in Event history and in Athena', () => {
  it('the same value finds the same events in both sources', async function () {
    this.timeout(120_000);
    const inst = await createInstance({ records, retentionDays: 90, throttle: false, athena: {} });
    const now = Date.parse(inst.now);
    const key = { ...inst.staticCredentials };
    const ids = async (controller: LookupController, value: string) => {
      const q: LookupQuery = { timeRange: { kind: 'absolute', start: new Date(now - 80 * 86_400_000), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field: 'ResourceName', value }] };
      await controller.run(q);
      for (let i = 0; i < 20 && controller.state.hasMore && !controller.state.error; i++) await controller.loadMore();
      expect(controller.state.error?.message ?? null, value).to.equal(null);
      return controller.state.events.map((e) => e.EventId ?? '').sort();
    };
    const history = new LookupController({ region: inst.region, endpoint: inst.url, credentials: key });
    const source = new AthenaPageSource({ region: inst.region, endpoint: inst.url, credentials: toRefreshable(key), pollMs: { first: 20, max: 100 } });
    const athena = new LookupController({ region: inst.region, credentials: key, source });
    const found: Record<string, string[]> = {};
    for (const value of ['deploy', ROLE, 'logs-bucket', 'arn:aws:s3:::logs-bucket', INSTANCE, 'i-0abc1234']) {
      const fromHistory = await ids(history, value);
      expect(await ids(athena, value), value).to.deep.equal(fromHistory);
      found[value] = fromHistory;
    }
    expect(found.deploy!.length, 'a role named in the request and in resources[]').to.equal(2);
    expect(found['logs-bucket']!.length, 'a bucket by its name').to.equal(1);
    expect(found[INSTANCE]!.length, 'an instance by its ARN').to.equal(1);
    history.dispose();
    athena.dispose();
  });
});
