/**
 * The API calls the generator draws from, grouped into workflows (what one principal does in one
 * sitting). Parameters and responses follow the shapes CloudTrail records for these calls.
 */
import { hex, pick, type Rng } from './prng.js';

type Rec = Record<string, unknown>;

/** Shared, per-account resources the generated calls refer to. */
export interface World {
  rng: Rng;
  account: string;
  region: string;
  buckets: string[];
  instances: string[];
  functions: string[];
  tables: string[];
  keys: string[];
  secrets: string[];
  databases: string[];
  securityGroups: string[];
  subnets: string[];
  vpcs: string[];
  users: string[];
  roles: string[];
  /** ISO time of the call being generated (for dates inside responses). */
  time: string;
}

export interface Api {
  source: string;
  name: string;
  readOnly: boolean;
  req?: (w: World) => Rec | null;
  resp?: (w: World, req: Rec | null) => Rec | null;
  /** CloudTrail's own `resources[]` block, for services that write one. */
  resources?: (w: World, req: Rec | null) => Rec[];
  /** Error kinds this call can fail with, besides throttling. */
  errors?: ErrorKind[];
}

type ErrorKind = 'denied' | 'notFound';

const ec2 = 'ec2.amazonaws.com';
const s3 = 's3.amazonaws.com';
const iam = 'iam.amazonaws.com';
const sts = 'sts.amazonaws.com';
const kms = 'kms.amazonaws.com';
const lambda = 'lambda.amazonaws.com';
const ddb = 'dynamodb.amazonaws.com';
const rds = 'rds.amazonaws.com';
const ct = 'cloudtrail.amazonaws.com';

const items = <T>(list: T[]) => ({ items: list });
const keyArn = (w: World, id: string) => `arn:aws:kms:${w.region}:${w.account}:key/${id}`;

const instanceSet = (w: World) => ({ instancesSet: items([{ instanceId: pick(w.rng, w.instances) }]) });
const stateChange = (from: string, to: string) => (_w: World, req: Rec | null) => ({
  requestId: '',
  instancesSet: items(
    (((req?.instancesSet as Rec)?.items as Rec[]) ?? []).map((i) => ({
      instanceId: i.instanceId,
      currentState: { code: to === 'stopped' ? 80 : 16, name: to },
      previousState: { code: from === 'running' ? 16 : 80, name: from },
    })),
  ),
});

export const APIS: Record<string, Api> = {
  DescribeInstances: { source: ec2, name: 'DescribeInstances', readOnly: true, req: () => ({ instancesSet: {}, filterSet: {} }), errors: ['denied'] },
  DescribeSecurityGroups: { source: ec2, name: 'DescribeSecurityGroups', readOnly: true, req: () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }) },
  DescribeVolumes: { source: ec2, name: 'DescribeVolumes', readOnly: true, req: () => ({ volumeSet: {}, filterSet: {} }) },
  DescribeRegions: { source: ec2, name: 'DescribeRegions', readOnly: true, req: () => ({ regionSet: {} }) },
  RunInstances: {
    source: ec2,
    name: 'RunInstances',
    readOnly: false,
    errors: ['denied'],
    req: (w) => ({
      instancesSet: items([{ imageId: `ami-0${hex(w.rng, 16)}`, minCount: 1, maxCount: 1 }]),
      instanceType: pick(w.rng, ['t3.micro', 't3.medium', 'm6i.large', 'c7g.xlarge']),
      subnetId: pick(w.rng, w.subnets),
      groupSet: items([{ groupId: pick(w.rng, w.securityGroups) }]),
    }),
    resp: (w, req) => {
      const id = `i-0${hex(w.rng, 16)}`;
      w.instances.push(id);
      const first = ((req?.instancesSet as Rec)?.items as Rec[])?.[0] ?? {};
      return {
        requestId: '',
        reservationId: `r-0${hex(w.rng, 16)}`,
        ownerId: w.account,
        instancesSet: items([{ instanceId: id, imageId: first.imageId, subnetId: req?.subnetId, vpcId: pick(w.rng, w.vpcs), instanceState: { code: 0, name: 'pending' } }]),
      };
    },
  },
  StopInstances: { source: ec2, name: 'StopInstances', readOnly: false, req: instanceSet, resp: stateChange('running', 'stopping'), errors: ['denied'] },
  StartInstances: { source: ec2, name: 'StartInstances', readOnly: false, req: instanceSet, resp: stateChange('stopped', 'pending'), errors: ['denied'] },
  TerminateInstances: { source: ec2, name: 'TerminateInstances', readOnly: false, req: instanceSet, resp: stateChange('running', 'shutting-down'), errors: ['denied'] },
  CreateTags: { source: ec2, name: 'CreateTags', readOnly: false, req: (w) => ({ resourcesSet: items([{ resourceId: pick(w.rng, w.instances) }]), tagSet: items([{ key: 'Owner', value: pick(w.rng, w.users) }]) }), resp: () => ({ _return: true }) },
  AuthorizeSecurityGroupIngress: {
    source: ec2,
    name: 'AuthorizeSecurityGroupIngress',
    readOnly: false,
    errors: ['denied'],
    req: (w) => ({ groupId: pick(w.rng, w.securityGroups), ipPermissions: items([{ ipProtocol: 'tcp', fromPort: pick(w.rng, [22, 443, 3389, 5432]), toPort: 443, ipRanges: items([{ cidrIp: pick(w.rng, ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24']) }]) }]) }),
    resp: () => ({ _return: true }),
  },
  CreateSnapshot: { source: ec2, name: 'CreateSnapshot', readOnly: false, req: (w) => ({ volumeId: `vol-0${hex(w.rng, 16)}` }), resp: (w) => ({ snapshotId: `snap-0${hex(w.rng, 16)}`, status: 'pending' }) },
  GetPasswordData: { source: ec2, name: 'GetPasswordData', readOnly: true, req: (w) => ({ instanceId: pick(w.rng, w.instances) }), errors: ['denied'] },
  ListBuckets: { source: s3, name: 'ListBuckets', readOnly: true, req: (w) => ({ Host: `s3.${w.region}.amazonaws.com` }) },
  GetBucketAcl: { source: s3, name: 'GetBucketAcl', readOnly: true, req: (w) => ({ bucketName: pick(w.rng, w.buckets), acl: '' }), errors: ['denied', 'notFound'] },
  GetBucketPolicy: { source: s3, name: 'GetBucketPolicy', readOnly: true, req: (w) => ({ bucketName: pick(w.rng, w.buckets), policy: '' }), errors: ['denied', 'notFound'] },
  GetBucketLocation: { source: s3, name: 'GetBucketLocation', readOnly: true, req: (w) => ({ bucketName: pick(w.rng, w.buckets), location: '' }), errors: ['notFound'] },
  PutBucketPolicy: { source: s3, name: 'PutBucketPolicy', readOnly: false, req: (w) => ({ bucketName: pick(w.rng, w.buckets), bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${w.account}:root` }, Action: 's3:GetObject', Resource: '*' }] } }), errors: ['denied', 'notFound'] },
  PutBucketVersioning: { source: s3, name: 'PutBucketVersioning', readOnly: false, req: (w) => ({ bucketName: pick(w.rng, w.buckets), VersioningConfiguration: { Status: 'Enabled' } }) },
  PutBucketPublicAccessBlock: { source: s3, name: 'PutBucketPublicAccessBlock', readOnly: false, req: (w) => ({ bucketName: pick(w.rng, w.buckets), PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }) },
  CreateBucket: {
    source: s3,
    name: 'CreateBucket',
    readOnly: false,
    errors: ['denied'],
    req: (w) => {
      const b = `acme-${pick(w.rng, ['scratch', 'exports', 'tmp', 'reports'])}-${hex(w.rng, 6)}`;
      w.buckets.push(b);
      return { bucketName: b, Host: `${b}.s3.amazonaws.com` };
    },
  },
  DeleteBucket: { source: s3, name: 'DeleteBucket', readOnly: false, req: (w) => ({ bucketName: pick(w.rng, w.buckets) }), errors: ['denied', 'notFound'] },
  ListUsers: { source: iam, name: 'ListUsers', readOnly: true, errors: ['denied'] },
  ListRoles: { source: iam, name: 'ListRoles', readOnly: true },
  GetRole: { source: iam, name: 'GetRole', readOnly: true, req: (w) => ({ roleName: pick(w.rng, w.roles) }), errors: ['notFound'] },
  GetUser: { source: iam, name: 'GetUser', readOnly: true, req: (w) => ({ userName: pick(w.rng, w.users) }) },
  ListAttachedUserPolicies: { source: iam, name: 'ListAttachedUserPolicies', readOnly: true, req: (w) => ({ userName: pick(w.rng, w.users) }) },
  GetAccountAuthorizationDetails: { source: iam, name: 'GetAccountAuthorizationDetails', readOnly: true, errors: ['denied'] },
  CreateUser: {
    source: iam,
    name: 'CreateUser',
    readOnly: false,
    errors: ['denied'],
    req: (w) => ({ userName: `svc-${pick(w.rng, ['etl', 'backup', 'metrics', 'temp'])}-${hex(w.rng, 4)}` }),
    resp: (w, req) => ({ user: { path: '/', userName: req?.userName, userId: `AIDA${hex(w.rng, 16).toUpperCase()}`, arn: `arn:aws:iam::${w.account}:user/${String(req?.userName)}`, createDate: w.time } }),
  },
  DeleteUser: { source: iam, name: 'DeleteUser', readOnly: false, req: (w) => ({ userName: `svc-temp-${hex(w.rng, 4)}` }), errors: ['denied', 'notFound'] },
  CreateAccessKey: {
    source: iam,
    name: 'CreateAccessKey',
    readOnly: false,
    errors: ['denied'],
    req: (w) => ({ userName: pick(w.rng, w.users) }),
    resp: (w, req) => ({ accessKey: { accessKeyId: `AKIA${hex(w.rng, 16).toUpperCase()}`, status: 'Active', userName: req?.userName, createDate: w.time } }),
  },
  AttachUserPolicy: { source: iam, name: 'AttachUserPolicy', readOnly: false, req: (w) => ({ userName: pick(w.rng, w.users), policyArn: pick(w.rng, ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess']) }), errors: ['denied'] },
  PutRolePolicy: { source: iam, name: 'PutRolePolicy', readOnly: false, req: (w) => ({ roleName: pick(w.rng, w.roles), policyName: 'inline-access', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }), errors: ['denied'] },
  UpdateAccessKey: { source: iam, name: 'UpdateAccessKey', readOnly: false, req: (w) => ({ userName: pick(w.rng, w.users), accessKeyId: `AKIA${hex(w.rng, 16).toUpperCase()}`, status: 'Inactive' }) },
  GetCallerIdentity: { source: sts, name: 'GetCallerIdentity', readOnly: true },
  AssumeRole: {
    source: sts,
    name: 'AssumeRole',
    readOnly: true,
    errors: ['denied'],
    req: (w) => ({ roleArn: `arn:aws:iam::${w.account}:role/${pick(w.rng, w.roles)}`, roleSessionName: pick(w.rng, ['deploy', 'terraform', 'GitHubActions', 'botocore-session-1']), durationSeconds: 3600 }),
    resp: (w, req) => ({ credentials: { accessKeyId: `ASIA${hex(w.rng, 16).toUpperCase()}`, sessionToken: '<redacted>', expiration: new Date(Date.parse(w.time) + 3600_000).toISOString() }, assumedRoleUser: { assumedRoleId: `AROA${hex(w.rng, 16).toUpperCase()}:${String(req?.roleSessionName)}`, arn: `arn:aws:sts::${w.account}:assumed-role/${String(req?.roleArn).split('/').pop()}/${String(req?.roleSessionName)}` } }),
    resources: (w, req) => [{ accountId: w.account, type: 'AWS::IAM::Role', ARN: String(req?.roleArn) }],
  },
  Decrypt: { source: kms, name: 'Decrypt', readOnly: true, req: () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }), resources: (w) => [{ accountId: w.account, type: 'AWS::KMS::Key', ARN: keyArn(w, pick(w.rng, w.keys)) }], errors: ['denied'] },
  GenerateDataKey: { source: kms, name: 'GenerateDataKey', readOnly: true, req: (w) => ({ keyId: `alias/${pick(w.rng, ['app', 's3', 'rds'])}`, keySpec: 'AES_256' }), resources: (w) => [{ accountId: w.account, type: 'AWS::KMS::Key', ARN: keyArn(w, pick(w.rng, w.keys)) }] },
  DescribeKey: { source: kms, name: 'DescribeKey', readOnly: true, req: (w) => ({ keyId: pick(w.rng, w.keys) }) },
  ScheduleKeyDeletion: { source: kms, name: 'ScheduleKeyDeletion', readOnly: false, req: (w) => ({ keyId: pick(w.rng, w.keys), pendingWindowInDays: 7 }), errors: ['denied'] },
  GetFunction: { source: lambda, name: 'GetFunction', readOnly: true, req: (w) => ({ functionName: pick(w.rng, w.functions) }), errors: ['notFound'] },
  ListFunctions: { source: lambda, name: 'ListFunctions20150331', readOnly: true },
  UpdateFunctionCode: { source: lambda, name: 'UpdateFunctionCode20150331v2', readOnly: false, req: (w) => ({ functionName: pick(w.rng, w.functions), publish: true }), errors: ['notFound', 'denied'] },
  UpdateFunctionConfiguration: { source: lambda, name: 'UpdateFunctionConfiguration20150331v2', readOnly: false, req: (w) => ({ functionName: pick(w.rng, w.functions), timeout: pick(w.rng, [15, 30, 60]) }), errors: ['notFound'] },
  DescribeTable: { source: ddb, name: 'DescribeTable', readOnly: true, req: (w) => ({ tableName: pick(w.rng, w.tables) }), errors: ['notFound'] },
  ListTables: { source: ddb, name: 'ListTables', readOnly: true },
  UpdateTable: { source: ddb, name: 'UpdateTable', readOnly: false, req: (w) => ({ tableName: pick(w.rng, w.tables), billingMode: 'PAY_PER_REQUEST' }), errors: ['notFound'] },
  CreateTable: { source: ddb, name: 'CreateTable', readOnly: false, req: (w) => ({ tableName: `${pick(w.rng, ['events', 'carts', 'audit'])}-${hex(w.rng, 4)}`, billingMode: 'PAY_PER_REQUEST' }) },
  DescribeDBInstances: { source: rds, name: 'DescribeDBInstances', readOnly: true },
  CreateDBSnapshot: { source: rds, name: 'CreateDBSnapshot', readOnly: false, req: (w) => ({ dBInstanceIdentifier: pick(w.rng, w.databases), dBSnapshotIdentifier: `manual-${hex(w.rng, 8)}` }), errors: ['notFound'] },
  ModifyDBInstance: { source: rds, name: 'ModifyDBInstance', readOnly: false, req: (w) => ({ dBInstanceIdentifier: pick(w.rng, w.databases), applyImmediately: false, backupRetentionPeriod: 7 }), errors: ['notFound'] },
  GetSecretValue: { source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', readOnly: true, req: (w) => ({ secretId: pick(w.rng, w.secrets) }), errors: ['denied', 'notFound'] },
  GetParameter: { source: 'ssm.amazonaws.com', name: 'GetParameter', readOnly: true, req: (w) => ({ name: `/app/${pick(w.rng, ['db/host', 'feature-flags', 'api/url'])}`, withDecryption: true }), errors: ['notFound'] },
  CreateLogStream: { source: 'logs.amazonaws.com', name: 'CreateLogStream', readOnly: false, req: (w) => ({ logGroupName: `/aws/lambda/${pick(w.rng, w.functions)}`, logStreamName: `${w.time.slice(0, 10).replace(/-/g, '/')}/[$LATEST]${hex(w.rng, 32)}` }) },
  DescribeTrails: { source: ct, name: 'DescribeTrails', readOnly: true, req: () => ({ trailNameList: [], includeShadowTrails: true }) },
  GetTrailStatus: { source: ct, name: 'GetTrailStatus', readOnly: true, req: (w) => ({ name: `arn:aws:cloudtrail:${w.region}:${w.account}:trail/management-events` }) },
  LookupEvents: { source: ct, name: 'LookupEvents', readOnly: true, req: () => ({ maxResults: 50 }) },
  StopLogging: { source: ct, name: 'StopLogging', readOnly: false, req: () => ({ name: 'management-events' }), errors: ['denied'] },
  ListDetectors: { source: 'guardduty.amazonaws.com', name: 'ListDetectors', readOnly: true },
  DescribeConfigRules: { source: 'config.amazonaws.com', name: 'DescribeConfigRules', readOnly: true },
  DescribeStacks: { source: 'cloudformation.amazonaws.com', name: 'DescribeStacks', readOnly: true, req: (w) => ({ stackName: pick(w.rng, ['orders-prod', 'network-base', 'observability']) }) },
  UpdateStack: { source: 'cloudformation.amazonaws.com', name: 'UpdateStack', readOnly: false, req: (w) => ({ stackName: pick(w.rng, ['orders-prod', 'network-base', 'observability']), capabilities: ['CAPABILITY_IAM'] }) },
  GetAuthorizationToken: { source: 'ecr.amazonaws.com', name: 'GetAuthorizationToken', readOnly: true },
  GetAccountSummary: { source: iam, name: 'GetAccountSummary', readOnly: true },
  ListMFADevices: { source: iam, name: 'ListMFADevices', readOnly: true },
};

/**
 * Workflows: the calls a principal of a kind makes in one sitting, with weights. Management events
 * only: data events (Lambda Invoke, S3 object calls) never reach event history.
 */
export const WORKFLOWS: Record<string, [string, number][]> = {
  console: [['DescribeInstances', 6], ['ListBuckets', 5], ['GetBucketAcl', 2], ['GetBucketPolicy', 2], ['ListUsers', 2], ['ListRoles', 2], ['DescribeTrails', 1], ['ListFunctions', 2], ['DescribeDBInstances', 2], ['ListTables', 2], ['DescribeSecurityGroups', 2], ['DescribeKey', 1]],
  ec2: [['DescribeInstances', 8], ['DescribeSecurityGroups', 3], ['DescribeVolumes', 2], ['RunInstances', 2], ['StopInstances', 1], ['StartInstances', 1], ['TerminateInstances', 1], ['CreateTags', 2], ['AuthorizeSecurityGroupIngress', 1], ['CreateSnapshot', 1]],
  s3: [['ListBuckets', 4], ['GetBucketLocation', 4], ['GetBucketAcl', 3], ['GetBucketPolicy', 3], ['PutBucketPolicy', 1], ['PutBucketVersioning', 1], ['PutBucketPublicAccessBlock', 1], ['CreateBucket', 1], ['DeleteBucket', 1]],
  iam: [['ListUsers', 4], ['GetUser', 3], ['ListRoles', 3], ['GetRole', 3], ['ListAttachedUserPolicies', 3], ['CreateUser', 1], ['CreateAccessKey', 1], ['AttachUserPolicy', 1], ['PutRolePolicy', 1], ['DeleteUser', 1], ['UpdateAccessKey', 1]],
  deploy: [['GetCallerIdentity', 2], ['GetAuthorizationToken', 2], ['DescribeStacks', 3], ['UpdateStack', 1], ['GetFunction', 3], ['UpdateFunctionCode', 2], ['UpdateFunctionConfiguration', 1], ['GetParameter', 2]],
  runtime: [['Decrypt', 6], ['GenerateDataKey', 4], ['GetSecretValue', 3], ['GetParameter', 3], ['DescribeTable', 2], ['CreateLogStream', 3], ['GetCallerIdentity', 1]],
  audit: [['DescribeTrails', 2], ['GetTrailStatus', 2], ['LookupEvents', 4], ['ListDetectors', 1], ['DescribeConfigRules', 1], ['GetAccountAuthorizationDetails', 1], ['DescribeRegions', 1], ['ListUsers', 1]],
  db: [['DescribeDBInstances', 4], ['CreateDBSnapshot', 1], ['ModifyDBInstance', 1], ['DescribeTable', 3], ['ListTables', 3], ['UpdateTable', 1], ['CreateTable', 1]],
  recon: [['GetCallerIdentity', 3], ['ListBuckets', 2], ['ListUsers', 2], ['DescribeInstances', 3], ['GetAccountAuthorizationDetails', 1], ['GetPasswordData', 1], ['ListRoles', 1], ['GetSecretValue', 1], ['StopLogging', 1], ['ScheduleKeyDeletion', 1], ['DescribeRegions', 1]],
  root: [['GetAccountSummary', 2], ['ListMFADevices', 2], ['ListUsers', 1], ['DescribeTrails', 1]],
};

/** Weighted pick from a workflow. */
export function pickApi(rng: Rng, workflow: [string, number][]): Api {
  let total = 0;
  for (const [, w] of workflow) total += w;
  let r = rng() * total;
  for (const [name, w] of workflow) {
    r -= w;
    if (r < 0) return APIS[name]!;
  }
  return APIS[workflow[0]![0]]!;
}

