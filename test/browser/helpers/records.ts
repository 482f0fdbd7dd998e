/** Small CloudTrail records for element tests, and a way to turn wire events into CtEvents. */
import { CtEvent } from '../../../src/lookup/events.js';
import type { WireEvent } from './emulator.js';
import { eventFromRecord } from '../../../src/lookup/from-record.js';

export function fromWire(e: WireEvent): CtEvent {
  return new CtEvent({ ...e, EventTime: new Date(e.EventTime * 1000) });
}

/**
 * When record(0) happened: 2026-11-20 12:00 UTC, or a week before the hour the tests run once that
 * date is older, so records stay within Event history's 90 days whenever the suite runs.
 */
const ANCHOR = Math.min(Date.UTC(2026, 10, 20, 12, 0, 0), Math.floor((Date.now() - 7 * 86_400_000) / 3_600_000) * 3_600_000);

/** record(i)'s eventTime, as the table and the detail write it in UTC ("2026-11-20 11:56:00 UTC"). */
export function recordTimeText(i: number): string {
  return `${new Date(ANCHOR - i * 60_000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function record(i: number, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::123456789012:user/user${i % 7}`, accountId: '123456789012', accessKeyId: `AKIA${String(i).padStart(16, '0')}`, userName: `user${i % 7}` },
    eventTime: new Date(ANCHOR - i * 60_000).toISOString().replace('.000Z', 'Z'),
    eventSource: i % 2 ? 's3.amazonaws.com' : 'ec2.amazonaws.com',
    eventName: i % 2 ? 'GetObject' : 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: `198.51.100.${i % 250}`,
    userAgent: 'aws-cli/2.9.19',
    requestParameters: { bucketName: `bucket-${i}` },
    responseElements: null,
    requestID: `req-${i}`,
    eventID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    resources: [{ type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::bucket-${i}` }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    ...patch,
  };
}

export function events(count: number, patch: (i: number) => Record<string, unknown> = () => ({})): CtEvent[] {
  return Array.from({ length: count }, (_, i) => eventFromRecord(record(i, patch(i))));
}
