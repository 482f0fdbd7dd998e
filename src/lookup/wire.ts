/**
 * LookupEvents' input, an event as it arrives, and a set of credentials, shaped as the AWS SDK's
 * client types them but written out here: the package's public types then reach no SDK
 * declarations, which pull in Node's (`Buffer`, `node:stream`) and break a browser project that
 * checks every .d.ts. The SDK calls in page-source.ts and sdk.ts check at compile time that these
 * stay assignable to (and from) the SDK's own types.
 */
import type { LookupAttributeKey } from './types.js';

/** The LookupEvents request (LookupEventsCommandInput). */
export interface LookupEventsInput {
  LookupAttributes?: { AttributeKey: LookupAttributeKey; AttributeValue: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: 'insight';
  MaxResults?: number;
  NextToken?: string;
}

/** One event of a LookupEvents response, as the SDK parses it (its `Event`). */
export interface LookupEventsEvent {
  EventId?: string;
  EventName?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  EventTime?: Date;
  EventSource?: string;
  Username?: string;
  Resources?: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent?: string;
}

/** Access key, secret, optional session token and expiration, as the AWS SDK uses them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly credentialScope?: string;
  readonly accountId?: string;
  readonly expiration?: Date;
}
