import { expect } from '@open-wc/testing';
import { CtEvent } from '../../src/lookup/events.js';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { createInstance, truth } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

const AWSDOCS = 'awsdocs_aws-cloudtrail-user-guide.jsonl';

const failedCall = {
  eventVersion: '1.08',
  userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', accountId: '111122223333', accessKeyId: 'ASIAEXAMPLE' },
  eventTime: '2026-01-10T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'DeleteBucket', awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7', userAgent: 'aws-cli/2.9', errorCode: 'AccessDenied', errorMessage: 'Access Denied',
  requestID: 'REQ1', eventID: 'e-1', readOnly: false, eventType: 'AwsApiCall', recipientAccountId: '444455556666',
  eventCategory: 'Management', resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::my-bucket' }],
};

describe('CtEvent', () => {
  it('types the LookupEvents fields and derives the record fields', () => {
    const e = eventFromRecord(failedCall);
    expect(e.EventId).to.equal('e-1');
    expect(e.EventName).to.equal('DeleteBucket');
    expect(e.ReadOnly).to.equal(false);
    expect(e.EventTime?.toISOString()).to.equal('2026-01-10T10:00:00.000Z');
    expect(e.Username).to.equal('alice');
    expect(e.AccessKeyId).to.equal('ASIAEXAMPLE');
    expect(e.Resources).to.deep.equal([{ type: 'AWS::S3::Bucket', name: 'my-bucket' }]);
    expect(e.errorCode).to.equal('AccessDenied');
    expect(e.errorMessage).to.equal('Access Denied');
    expect(e.isError).to.equal(true);
    expect(e.sourceIp).to.equal('198.51.100.7');
    expect(e.userAgent).to.equal('aws-cli/2.9');
    expect(e.region).to.equal('eu-west-1');
    expect(e.accountId, 'recipientAccountId wins').to.equal('444455556666');
    expect(e.identityType).to.equal('AssumedRole');
    expect(e.identityArn).to.equal('arn:aws:sts::111122223333:assumed-role/Admin/alice');
    expect(e.eventType).to.equal('AwsApiCall');
    expect(e.eventCategory).to.equal('Management');
    expect(e.requestId).to.equal('REQ1');
    expect(e.isInsight).to.equal(false);
    expect(e.insight).to.equal(undefined);
    expect(e.recordError).to.equal(undefined);
    expect(e.record?.eventName).to.equal('DeleteBucket');
  });

  it('falls back to userIdentity.accountId', () => {
    const { recipientAccountId: _, ...rest } = failedCall;
    expect(eventFromRecord(rest).accountId).to.equal('111122223333');
  });

  it('reads the SDK shape: ReadOnly as a string, EventTime as a Date', () => {
    const e = new CtEvent({ EventId: 'x', ReadOnly: 'true', EventTime: new Date(0), Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'bob' }] });
    expect(e.ReadOnly).to.equal(true);
    expect(new CtEvent({ ReadOnly: 'maybe' }).ReadOnly).to.equal(undefined);
    expect(e.EventTime?.getTime()).to.equal(0);
    expect(e.Resources).to.deep.equal([{ type: 'AWS::IAM::User', name: 'bob' }]);
  });

  it('never throws on a broken or missing record', () => {
    for (const [raw, why] of [['{"eventName": ', 'not valid JSON'], ['[1,2]', 'not a JSON object'], [undefined, 'no CloudTrailEvent']] as const) {
      const e = new CtEvent({ EventId: 'b', EventName: 'Broken', CloudTrailEvent: raw });
      expect(e.recordError).to.include(why);
      expect(e.record).to.equal(undefined);
      expect(e.errorCode).to.equal(undefined);
      expect(e.sourceIp).to.equal(undefined);
      expect(e.isInsight).to.equal(false);
      expect(e.EventName).to.equal('Broken');
    }
    const empty = new CtEvent({});
    expect(empty.EventId).to.equal(undefined);
    expect(empty.EventTime).to.equal(undefined);
    expect(empty.Resources).to.deep.equal([]);
    expect(empty.recordError).to.be.a('string');
  });

  it('reads an Insights record', () => {
    const e = eventFromRecord({
      eventVersion: '1.07', eventTime: '2026-01-10T10:00:00Z', awsRegion: 'us-east-1', eventID: 'i-1', eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '838185438692', insightDetails: { state: 'Start', eventSource: 'ssm.amazonaws.com', eventName: 'UpdateInstanceInformation',
        insightType: 'ApiCallRateInsight', insightContext: { statistics: { baseline: { average: 85.4 }, insight: { average: 664 }, insightDuration: 5 } } },
      eventCategory: 'Insight',
    });
    expect(e.isInsight).to.equal(true);
    expect(e.EventName).to.equal('UpdateInstanceInformation');
    expect(e.insight).to.deep.include({ state: 'Start', insightType: 'ApiCallRateInsight', eventSource: 'ssm.amazonaws.com', baselineAverage: 85.4, insightAverage: 664, insightDuration: 5 });
    expect(e.identityType).to.equal(undefined);
  });

  it('derives the fields of real records returned by LookupEvents', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ events: [AWSDOCS], rebase: true });
    const c = new LookupController({ region: inst.region, endpoint: inst.url, credentials: inst.staticCredentials });
    await c.run({ ...defaultQuery() });
    const expected = await truth(inst.id, {});
    expect(c.state.status).to.equal('done');
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(expected.map((e) => e.EventId));
    for (const e of c.state.events) {
      const record = JSON.parse(e.CloudTrailEvent ?? '{}');
      expect(e.recordError).to.equal(undefined);
      expect(e.region).to.equal(record.awsRegion);
      expect(e.sourceIp).to.equal(record.sourceIPAddress);
      expect(e.identityType).to.equal(record.userIdentity?.type);
      expect(e.EventTime).to.be.instanceOf(Date);
      expect(typeof e.ReadOnly === 'boolean' || e.ReadOnly === undefined).to.equal(true);
    }
    expect(c.state.events.some((e) => e.isInsight)).to.equal(false);

    c.dispose();
  });

  it('derives the fields of Insights events returned by LookupEvents', async function () {
    this.timeout(30_000);
    // The documentation's Insights examples, moved into the last hour.
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const insight = (id: string, state: string, min: number) => ({
      eventVersion: '1.07', eventTime: at(min), awsRegion: 'us-east-1', eventID: id, eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '123456789012', sharedEventID: 'shared-1',
      insightDetails: { state, eventSource: 'ssm.amazonaws.com', eventName: 'UpdateInstanceInformation', insightType: 'ApiCallRateInsight',
        insightContext: { statistics: { baseline: { average: 85.42 }, insight: { average: 664 } } } },
      eventCategory: 'Insight',
    });
    // All three in the Region looked up (event history is per Region; the failed call was made in eu-west-1).
    const inst = await createInstance({ records: [insight('ins-1', 'Start', 30), insight('ins-2', 'End', 20), { ...failedCall, eventTime: at(10), awsRegion: 'us-east-1' }] });
    const c = new LookupController({ region: inst.region, endpoint: inst.url, credentials: inst.staticCredentials });
    await c.run({ ...defaultQuery(), category: 'insight', timeRange: { kind: 'relative', preset: '1d' } });
    expect(c.state.events.map((e) => e.EventId)).to.deep.equal(['ins-2', 'ins-1']);
    for (const e of c.state.events) {
      expect(e.isInsight).to.equal(true);
      expect(e.accountId).to.equal('123456789012');
      expect(e.insight).to.deep.include({ insightType: 'ApiCallRateInsight', eventName: 'UpdateInstanceInformation', baselineAverage: 85.42, insightAverage: 664 });
    }
    expect(c.state.events[0].insight?.state).to.equal('End');
    await c.run({ ...defaultQuery(), timeRange: { kind: 'relative', preset: '1d' } });
    expect(c.state.events.map((e) => e.EventId), 'management lookups never return Insights').to.deep.equal(['e-1']);
    c.dispose();
  });
});
