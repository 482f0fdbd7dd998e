/**
 * How LookupEvents derives an event's fields from a CloudTrail record: user name, read-only and
 * resources, and how the service counts an attribute value's length. Used by eventFromRecord
 * (from-record.ts: records a host has, from S3 logs or Athena) and the query's validation. Plain
 * TypeScript, no DOM. The emulator derives with rules of its own (packages/emulator/src/derive.ts), and
 * test/node/emulator-fidelity.test.ts checks the two agree on every shared record.
 *
 * AWS computes `Resources` per API with no public rule, so this is a documented heuristic: the
 * record's own `resources[]` plus a table of well-known request/response fields, each resource
 * named in the form the service uses for its type (packages/emulator/README.md lists them).
 */

/** One resource as LookupEvents returns it. */
export interface DerivedResource {
  ResourceType?: string;
  ResourceName?: string;
}

export type Rec = Record<string, unknown>;

const obj = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function isInsight(record: Rec): boolean {
  return record.eventCategory === 'Insight' || record.eventType === 'AwsCloudTrailInsight';
}

/** Last path segment of an ARN (`arn:aws:sts::1:assumed-role/Role/session` → `session`). */
function arnTail(arn: string): string {
  const resource = arn.startsWith('arn:') ? arn.split(':').slice(5).join(':') : arn;
  const slash = resource.lastIndexOf('/');
  if (slash >= 0 && slash < resource.length - 1) return resource.slice(slash + 1);
  const colon = resource.lastIndexOf(':');
  if (colon >= 0 && colon < resource.length - 1) return resource.slice(colon + 1);
  return resource || arn;
}

export function deriveUsername(record: Rec): string | undefined {
  const id = obj(record.userIdentity);
  if (!id) return undefined;
  const arn = str(id.arn);
  switch (id.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return str(id.userName) ?? (arn ? arnTail(arn) : undefined);
    case 'AssumedRole':
    case 'FederatedUser':
      return arn ? arnTail(arn) : str(id.userName) ?? str(id.principalId)?.split(':').pop();
    case 'AWSService':
      return str(id.invokedBy);
    default:
      return str(id.userName) ?? (arn ? arnTail(arn) : undefined) ?? str(id.invokedBy) ?? str(id.principalId);
  }
}

const READ_PREFIX = /^(Get|List|Describe|Head|Lookup|Search|Select|Scan|Query|BatchGet|View|Check|Estimate|Preview|Test|Validate|Verify|Decrypt|GenerateDataKey)/;

/** `readOnly` as the string LookupEvents returns; old records lack it, so infer from the API name. */
export function deriveReadOnly(record: Rec, eventName: string | undefined): string | undefined {
  if (typeof record.readOnly === 'boolean') return String(record.readOnly);
  if (record.readOnly === 'true' || record.readOnly === 'false') return record.readOnly;
  if (!eventName) return undefined;
  return String(READ_PREFIX.test(eventName));
}

/** requestParameters field → resource type, per event source. */
export const PARAM_RESOURCES: Record<string, [string, string][]> = {
  's3.amazonaws.com': [['bucketName', 'AWS::S3::Bucket']],
  'iam.amazonaws.com': [
    ['userName', 'AWS::IAM::User'],
    ['roleName', 'AWS::IAM::Role'],
    ['groupName', 'AWS::IAM::Group'],
    ['policyArn', 'AWS::IAM::Policy'],
    ['instanceProfileName', 'AWS::IAM::InstanceProfile'],
    ['accessKeyId', 'AWS::IAM::AccessKey'],
  ],
  'sts.amazonaws.com': [['roleArn', 'AWS::IAM::Role'], ['roleSessionName', 'AWS::STS::AssumedRole']],
  'lambda.amazonaws.com': [['functionName', 'AWS::Lambda::Function'], ['layerName', 'AWS::Lambda::LayerVersion']],
  'kms.amazonaws.com': [['keyId', 'AWS::KMS::Key'], ['aliasName', 'AWS::KMS::Alias']],
  'dynamodb.amazonaws.com': [['tableName', 'AWS::DynamoDB::Table']],
  'rds.amazonaws.com': [['dBInstanceIdentifier', 'AWS::RDS::DBInstance'], ['dBClusterIdentifier', 'AWS::RDS::DBCluster'], ['dBSnapshotIdentifier', 'AWS::RDS::DBSnapshot']],
  'cloudtrail.amazonaws.com': [['name', 'AWS::CloudTrail::Trail'], ['trailName', 'AWS::CloudTrail::Trail']],
  'secretsmanager.amazonaws.com': [['secretId', 'AWS::SecretsManager::Secret'], ['name', 'AWS::SecretsManager::Secret']],
  'ssm.amazonaws.com': [['name', 'AWS::SSM::Parameter']],
  'sns.amazonaws.com': [['topicArn', 'AWS::SNS::Topic']],
  'sqs.amazonaws.com': [['queueUrl', 'AWS::SQS::Queue']],
  'logs.amazonaws.com': [['logGroupName', 'AWS::Logs::LogGroup']],
  'guardduty.amazonaws.com': [['detectorId', 'AWS::GuardDuty::Detector']],
  'ec2.amazonaws.com': [
    ['instanceId', 'AWS::EC2::Instance'],
    ['groupId', 'AWS::EC2::SecurityGroup'],
    ['volumeId', 'AWS::EC2::Volume'],
    ['snapshotId', 'AWS::EC2::Snapshot'],
    ['imageId', 'AWS::EC2::Ami'],
    ['vpcId', 'AWS::EC2::VPC'],
    ['subnetId', 'AWS::EC2::Subnet'],
    ['keyName', 'AWS::EC2::KeyPair'],
  ],
};

/** EC2 list fields (`instancesSet.items[].instanceId` and friends) in request and response. */
export const EC2_SETS: [string, string, string][] = [
  ['instancesSet', 'instanceId', 'AWS::EC2::Instance'],
  ['groupSet', 'groupId', 'AWS::EC2::SecurityGroup'],
  ['securityGroupIdSet', 'securityGroupId', 'AWS::EC2::SecurityGroup'],
  ['volumeSet', 'volumeId', 'AWS::EC2::Volume'],
  ['snapshotSet', 'snapshotId', 'AWS::EC2::Snapshot'],
];

/** Whether two names denote one resource: equal, or one is an ARN ending in the other. */
function sameResource(a: string, b: string): boolean {
  if (a === b) return true;
  const [arn, name] = a.startsWith('arn:') ? [a, b] : [b, a];
  return arn.startsWith('arn:') && (arn.endsWith(`/${name}`) || arn.endsWith(`:${name}`));
}

export const KMS_KEY_ID = /^(mrk-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/;
const S3_ARN = /^arn:[\w-]+:s3:::/;

/** The ARN partition of a Region (`aws`, `aws-cn`, `aws-us-gov`). */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

interface Where { partition: string; region?: string; account?: string }

/**
 * A resource's name in the form the service gives its type: an S3 bucket by its name (not
 * `arn:aws:s3:::name`), a KMS key by its key ARN (a bare key id is completed from the record's
 * Region and account; an alias is not a key), anything else as given.
 */
function serviceForm(type: string, name: string, where: Where): string | undefined {
  if (type === 'AWS::S3::Bucket') return name.replace(S3_ARN, '') || undefined;
  if (type === 'AWS::KMS::Key') {
    if (name.startsWith('arn:')) return name.includes(':alias/') ? undefined : name;
    if (KMS_KEY_ID.test(name) && where.region && where.account) return `arn:${where.partition}:kms:${where.region}:${where.account}:key/${name}`;
    return undefined;
  }
  return name;
}

/**
 * One entry per resource, named as the service names it (see `serviceForm`). Where the record's
 * `resources[]` and the request both name a resource (an ARN and the name it ends in), it is one
 * entry in the request's form: IAM calls name roles and users by name, AssumeRole by ARN. An S3
 * object is named by its ARN (a key names nothing without its bucket).
 */
export function deriveResources(record: Rec, eventSource: string | undefined): DerivedResource[] {
  const region = str(record.awsRegion);
  const where: Where = { partition: partitionOf(region ?? ''), region, account: str(record.recipientAccountId) ?? str(obj(record.userIdentity)?.accountId) };
  const out: { ResourceType: string; ResourceName: string }[] = [];
  const add = (type: string | undefined, given: string | undefined, fromRequest = true) => {
    const name = type && given ? serviceForm(type, given, where) : undefined;
    if (!type || !name) return;
    const same = out.find((r) => r.ResourceType === type && sameResource(r.ResourceName, name));
    if (!same) out.push({ ResourceType: type, ResourceName: name });
    else if (fromRequest) same.ResourceName = name;
  };
  if (Array.isArray(record.resources)) {
    for (const r of record.resources) {
      const res = obj(r);
      add(str(res?.type), str(res?.ARN) ?? str(res?.arn), false);
    }
  }
  const req = obj(record.requestParameters);
  const resp = obj(record.responseElements);
  for (const [field, type] of (eventSource && PARAM_RESOURCES[eventSource]) || []) add(type, str(req?.[field]));
  if (eventSource === 's3.amazonaws.com') {
    const bucket = str(req?.bucketName);
    const key = str(req?.key);
    if (bucket && key) add('AWS::S3::Object', `arn:${where.partition}:s3:::${bucket}/${key}`);
  }
  if (eventSource === 'ec2.amazonaws.com') {
    for (const src of [req, resp]) {
      if (!src) continue;
      for (const [set, field, type] of EC2_SETS) {
        const items = obj(src[set])?.items;
        if (Array.isArray(items)) for (const it of items) add(type, str(obj(it)?.[field]));
      }
      // RunInstances: each instance in the response names its subnet, VPC and image too.
      const instances = obj(src.instancesSet)?.items;
      if (src === resp && Array.isArray(instances)) {
        for (const it of instances) {
          const inst = obj(it);
          add('AWS::EC2::Subnet', str(inst?.subnetId));
          add('AWS::EC2::VPC', str(inst?.vpcId));
          add('AWS::EC2::Ami', str(inst?.imageId));
        }
      }
    }
  }
  if (eventSource === 'iam.amazonaws.com') add('AWS::IAM::AccessKey', str(obj(resp?.accessKey)?.accessKeyId));
  // AssumeRole and its kin: the temporary key issued is a resource of the event too.
  if (eventSource === 'sts.amazonaws.com') add('AWS::IAM::AccessKey', str(obj(resp?.credentials)?.accessKeyId));
  return out;
}
