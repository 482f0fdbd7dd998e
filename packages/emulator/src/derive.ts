/**
 * Turns a CloudTrail record into the event LookupEvents returns for it: the emulator's own rules,
 * written from AWS's pages, never the library's code (src/lookup/derive.ts), so that a test which
 * compares what the library derives (from Athena rows, from S3 records) with what the emulator
 * serves compares two readings of the documentation, not one piece of code with itself.
 *
 * - Event (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html):
 *   `Username` is "a user name or role name of the requester"; `ReadOnly` whether the event is a
 *   read or a write; `Resources` "a list of resources referenced by the event".
 * - userIdentity (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html):
 *   the identity types and where each keeps its name.
 * - Resource (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Resource.html):
 *   a type such as `AWS::EC2::Instance` and a name such as `i-1234567`. AWS publishes no rule for
 *   which request fields name resources, so the table below is a documented heuristic
 *   (shared/reference/PROTOCOL.md): the record's `resources[]` plus well-known fields per service.
 */
import type { WireEvent } from './types.js';

type Rec = Record<string, unknown>;

const asRecord = (v: unknown): Rec | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Insights events: `eventType` AwsCloudTrailInsight, `eventCategory` Insight (CloudTrail Insights record contents). */
export function isInsight(record: Rec): boolean {
  return record.eventType === 'AwsCloudTrailInsight' || record.eventCategory === 'Insight';
}

/**
 * How long the service takes an AttributeValue to be (its limit is 2,000): UTF-16 code units, as
 * Java counts them, with `_`, space, `,` and line feed counted twice (measured against the service).
 */
export function attributeValueLength(value: string): number {
  return value.length + (value.match(/[_ ,\n]/g)?.length ?? 0);
}

/** The name at the end of an ARN's resource part: `user/path/alice` → `alice`, `key:abc` → `abc`. */
function nameInArn(arn: string): string {
  const parts = arn.split(':');
  const resource = arn.startsWith('arn:') && parts.length >= 6 ? parts.slice(5).join(':') : arn;
  const pieces = resource.split(/[/:]/).filter((p) => p !== '');
  return pieces.length ? pieces[pieces.length - 1]! : arn;
}

/**
 * The requester's name by identity type (userIdentity page): the root user is "root"; an IAM user
 * its user name; an assumed role or federated user its session (the ARN's last part); an AWS
 * service the service that called (`invokedBy`); anyone else the first name the record gives.
 */
function requesterName(record: Rec): string | undefined {
  const who = asRecord(record.userIdentity);
  if (!who) return undefined;
  const arn = text(who.arn);
  const fromArn = arn === undefined ? undefined : nameInArn(arn);
  switch (who.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return text(who.userName) ?? fromArn;
    case 'AssumedRole':
    case 'FederatedUser': {
      // principalId is `<role or user id>:<session name>`.
      const session = text(who.principalId)?.split(':').slice(1).join(':') || undefined;
      return fromArn ?? text(who.userName) ?? session ?? text(who.principalId);
    }
    case 'AWSService':
      return text(who.invokedBy);
    default:
      return [text(who.userName), fromArn, text(who.invokedBy), text(who.principalId)].find((n) => n !== undefined);
  }
}

/** API name beginnings that only read (records older than `readOnly` carry none of their own). */
const READING = ['Get', 'List', 'Describe', 'Head', 'Lookup', 'Search', 'Select', 'Scan', 'Query', 'BatchGet', 'View', 'Check', 'Estimate', 'Preview', 'Test', 'Validate', 'Verify', 'Decrypt', 'GenerateDataKey'];

/** `ReadOnly` as the service returns it, a string: the record's `readOnly`, or else read from the API's name. */
function readOnlyOf(record: Rec, eventName: string | undefined): string | undefined {
  const flag = record.readOnly;
  if (flag === true || flag === 'true') return 'true';
  if (flag === false || flag === 'false') return 'false';
  return eventName === undefined ? undefined : String(READING.some((verb) => eventName.startsWith(verb)));
}

/**
 * Resource types and the request fields that name them, by event source. Where one field names
 * several types (CloudTrail's `name`), the first listed wins for that source.
 */
const NAMED_BY: Record<string, Record<string, string>> = {
  's3.amazonaws.com': { bucketName: 'AWS::S3::Bucket' },
  'iam.amazonaws.com': { userName: 'AWS::IAM::User', roleName: 'AWS::IAM::Role', groupName: 'AWS::IAM::Group', policyArn: 'AWS::IAM::Policy', instanceProfileName: 'AWS::IAM::InstanceProfile', accessKeyId: 'AWS::IAM::AccessKey' },
  'sts.amazonaws.com': { roleArn: 'AWS::IAM::Role', roleSessionName: 'AWS::STS::AssumedRole' },
  'lambda.amazonaws.com': { functionName: 'AWS::Lambda::Function', layerName: 'AWS::Lambda::LayerVersion' },
  'kms.amazonaws.com': { keyId: 'AWS::KMS::Key', aliasName: 'AWS::KMS::Alias' },
  'dynamodb.amazonaws.com': { tableName: 'AWS::DynamoDB::Table' },
  'rds.amazonaws.com': { dBInstanceIdentifier: 'AWS::RDS::DBInstance', dBClusterIdentifier: 'AWS::RDS::DBCluster', dBSnapshotIdentifier: 'AWS::RDS::DBSnapshot' },
  'cloudtrail.amazonaws.com': { name: 'AWS::CloudTrail::Trail', trailName: 'AWS::CloudTrail::Trail' },
  'secretsmanager.amazonaws.com': { secretId: 'AWS::SecretsManager::Secret', name: 'AWS::SecretsManager::Secret' },
  'ssm.amazonaws.com': { name: 'AWS::SSM::Parameter' },
  'sns.amazonaws.com': { topicArn: 'AWS::SNS::Topic' },
  'sqs.amazonaws.com': { queueUrl: 'AWS::SQS::Queue' },
  'logs.amazonaws.com': { logGroupName: 'AWS::Logs::LogGroup' },
  'guardduty.amazonaws.com': { detectorId: 'AWS::GuardDuty::Detector' },
  'ec2.amazonaws.com': { instanceId: 'AWS::EC2::Instance', groupId: 'AWS::EC2::SecurityGroup', volumeId: 'AWS::EC2::Volume', snapshotId: 'AWS::EC2::Snapshot', imageId: 'AWS::EC2::Ami', vpcId: 'AWS::EC2::VPC', subnetId: 'AWS::EC2::Subnet', keyName: 'AWS::EC2::KeyPair' },
};

/** EC2's item lists (`instancesSet: {items: [{instanceId}]}`), in requests and responses: list, field, type. */
const EC2_LISTS: readonly (readonly [string, string, string])[] = [
  ['instancesSet', 'instanceId', 'AWS::EC2::Instance'],
  ['groupSet', 'groupId', 'AWS::EC2::SecurityGroup'],
  ['securityGroupIdSet', 'securityGroupId', 'AWS::EC2::SecurityGroup'],
  ['volumeSet', 'volumeId', 'AWS::EC2::Volume'],
  ['snapshotSet', 'snapshotId', 'AWS::EC2::Snapshot'],
];

/** What each instance RunInstances started names besides itself. */
const LAUNCHED_WITH: readonly (readonly [string, string])[] = [['subnetId', 'AWS::EC2::Subnet'], ['vpcId', 'AWS::EC2::VPC'], ['imageId', 'AWS::EC2::Ami']];

/** Where an event happened, to write full ARNs: partition (from the Region), Region, account. */
interface Place {
  partition: string;
  region?: string;
  account?: string;
}

const KEY_ID = /^(?:mrk-)?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/;

/**
 * A resource's name as the service writes it for its type: S3 buckets by name (not their ARN), KMS
 * keys by key ARN (a bare key id completed from the record's Region and account; an alias names
 * no key, so no entry), anything else as the record gives it.
 */
function nameFor(type: string, given: string, place: Place): string | undefined {
  if (type === 'AWS::S3::Bucket') return given.replace(/^arn:[\w-]+:s3:::/, '') || undefined;
  if (type !== 'AWS::KMS::Key') return given;
  if (given.startsWith('arn:')) return /:alias\//.test(given) ? undefined : given;
  return KEY_ID.test(given) && place.region && place.account ? `arn:${place.partition}:kms:${place.region}:${place.account}:key/${given}` : undefined;
}

/** One name given as an ARN and the other as the name the ARN ends in: one resource. */
function sameThing(a: string, b: string): boolean {
  if (a === b) return true;
  const [arn, bare] = a.startsWith('arn:') ? [a, b] : [b, a];
  return arn.startsWith('arn:') && !bare.startsWith('arn:') && (arn.endsWith(`/${bare}`) || arn.endsWith(`:${bare}`));
}

/**
 * The event's resources, each once: first the record's own `resources[]`, then what the request
 * (and a few responses) name. A resource named in both is written in the request's form (IAM
 * calls name roles and users by name, AssumeRole by ARN); an S3 object by its ARN.
 */
export function resourcesOf(record: Rec, eventSource: string | undefined): WireEvent['Resources'] {
  const region = text(record.awsRegion);
  const partition = region?.startsWith('cn-') ? 'aws-cn' : region?.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const place: Place = { partition, region, account: text(record.recipientAccountId) ?? text(asRecord(record.userIdentity)?.accountId) };
  const found: { ResourceType: string; ResourceName: string }[] = [];
  const note = (type: string | undefined, given: unknown, preferThisForm: boolean) => {
    const raw = text(given);
    if (!type || raw === undefined) return;
    const name = nameFor(type, raw, place);
    if (name === undefined) return;
    const known = found.find((r) => r.ResourceType === type && sameThing(r.ResourceName, name));
    if (!known) found.push({ ResourceType: type, ResourceName: name });
    else if (preferThisForm) known.ResourceName = name;
  };
  for (const listed of Array.isArray(record.resources) ? record.resources : []) {
    const r = asRecord(listed);
    note(text(r?.type), r?.ARN ?? r?.arn, false);
  }
  const request = asRecord(record.requestParameters);
  const response = asRecord(record.responseElements);
  for (const [field, type] of Object.entries((eventSource && NAMED_BY[eventSource]) || {})) note(type, request?.[field], true);
  switch (eventSource) {
    case 's3.amazonaws.com': {
      const bucket = text(request?.bucketName);
      const key = text(request?.key);
      if (bucket && key) note('AWS::S3::Object', `arn:${partition}:s3:::${bucket}/${key}`, true);
      break;
    }
    case 'ec2.amazonaws.com':
      for (const part of [request, response]) {
        for (const [list, field, type] of EC2_LISTS) {
          const items = asRecord(part?.[list])?.items;
          for (const item of Array.isArray(items) ? items : []) note(type, asRecord(item)?.[field], true);
        }
      }
      for (const item of Array.isArray(asRecord(response?.instancesSet)?.items) ? (asRecord(response?.instancesSet)!.items as unknown[]) : []) {
        for (const [field, type] of LAUNCHED_WITH) note(type, asRecord(item)?.[field], true);
      }
      break;
    case 'iam.amazonaws.com':
      // CreateAccessKey: the key made is a resource of the event.
      note('AWS::IAM::AccessKey', asRecord(response?.accessKey)?.accessKeyId, true);
      break;
    case 'sts.amazonaws.com':
      // AssumeRole and its kin: so is the temporary key issued.
      note('AWS::IAM::AccessKey', asRecord(response?.credentials)?.accessKeyId, true);
      break;
  }
  return found;
}

/** The wire event for a record that already carries its final eventID and eventTime. */
export function deriveEvent(record: Rec, eventId: string, epochSeconds: number): WireEvent {
  if (isInsight(record)) {
    // Insights records keep the API they are about under insightDetails.
    const about = asRecord(record.insightDetails);
    return {
      EventId: eventId,
      EventName: text(about?.eventName) ?? text(record.eventName),
      EventTime: epochSeconds,
      EventSource: text(about?.eventSource) ?? text(record.eventSource),
      Resources: [],
      CloudTrailEvent: JSON.stringify(record),
    };
  }
  const eventName = text(record.eventName);
  const eventSource = text(record.eventSource);
  const key = asRecord(record.userIdentity)?.accessKeyId;
  const event: WireEvent = {
    EventId: eventId,
    EventName: eventName,
    ReadOnly: readOnlyOf(record, eventName),
    // As recorded, an empty string included (console sign-ins record "").
    AccessKeyId: typeof key === 'string' ? key : undefined,
    EventTime: epochSeconds,
    EventSource: eventSource,
    Username: requesterName(record),
    Resources: resourcesOf(record, eventSource),
    CloudTrailEvent: JSON.stringify(record),
  };
  // Absent fields are left out of the JSON, not sent as null.
  for (const name of Object.keys(event) as (keyof WireEvent)[]) if (event[name] === undefined) delete event[name];
  return event;
}
