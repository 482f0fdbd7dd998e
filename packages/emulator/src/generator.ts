/**
 * Deterministic synthetic CloudTrail activity for the last 90 days: sittings of IAM users, role
 * sessions, root and AWS services working through plausible API calls, with errors, console
 * sign-ins and CloudTrail Insights. Same seed, count and clock → the same records.
 */
import { attackSequences } from './attacks.js';
import { APIS, pickApi, WORKFLOWS, type Api, type World } from './catalog.js';
import { isoSeconds } from './dataset.js';
import { hex, int, mulberry32, pick, upper, uuid, type Rng } from './prng.js';

type Rec = Record<string, unknown>;

export interface GenerateOptions {
  /** Management events to generate (Insights come on top). Default 50,000. */
  count?: number;
  seed?: number;
  /** Emulator clock (epoch ms): events fill the 90 days before it. */
  nowMs: number;
  accountId?: string;
  region?: string;
  /**
   * A few attack sequences in the last hours (see attacks.ts), so findings have something to show.
   * Default: with 10,000 events or more (a demo's history), not in the small sets tests count exactly.
   */
  attacks?: boolean;
  /** The attack sequences' leaked key (attacks.ts `keyNumber`): 1, the home account's, by default; each other account has its own. */
  keyNumber?: number;
}

interface Principal {
  identity: (rng: Rng) => Rec;
  workflows: string[];
  agents: string[];
  ip: string;
  console?: boolean;
  weight: number;
}

const CLI = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.164.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/';
const AGENTS = {
  cli: [`${CLI}ec2.describe-instances`, `${CLI}s3api.list-buckets`, `${CLI}iam.list-users`, 'aws-cli/2.13.5 Python/3.11.4 Darwin/23.1.0 exe/x86_64 prompt/off'],
  boto: ['Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69'],
  terraform: ['APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.151.1'],
  sdk: ['aws-sdk-js/3.540.0 ua/2.1 os/linux#5.10.213 lang/js md/nodejs#20.12.0 api/dynamodb#3.540.0', 'aws-sdk-java/2.25.16 Linux/5.10.213 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. exec-env/AWS_Lambda_java17'],
  console: ['AWS Internal', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'],
  recon: ['python-requests/2.31.0', 'Boto3/1.26.165 Python/3.10.6 Linux/5.19.0-46-generic Botocore/1.29.165', 'TruffleHog'],
};
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'ci-deployer', 'terraform', 'backup-bot'];

function makePrincipals(rng: Rng, account: string, keyNumber = 1): Principal[] {
  // An access key belongs to one user of one account: each account's leaked key is its own.
  const [key, user] = [String(keyNumber).padStart(7, '0'), String(keyNumber).padStart(4, '0')];
  const out: Principal[] = [];
  USERS.forEach((name, i) => {
    const principalId = `AIDA${upper(rng, 17)}`;
    const keys = [`AKIA${upper(rng, 16)}`, `AKIA${upper(rng, 16)}`];
    const ip = i % 5 === 4 ? `198.51.100.${10 + i}` : `203.0.113.${20 + i}`;
    const bot = name === 'ci-deployer' || name === 'terraform' || name === 'backup-bot';
    const identity = (r: Rng): Rec => ({ type: 'IAMUser', principalId, arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, accessKeyId: pick(r, keys), userName: name });
    out.push({
      identity,
      workflows: bot ? (name === 'terraform' ? ['ec2', 's3', 'iam', 'db'] : name === 'backup-bot' ? ['db', 's3'] : ['deploy']) : pick(rng, [['ec2', 's3', 'console'], ['iam', 'audit', 'console'], ['db', 's3', 'console'], ['deploy', 'ec2', 'console']]),
      agents: name === 'terraform' ? AGENTS.terraform : bot ? AGENTS.boto : [...AGENTS.cli, ...AGENTS.boto],
      ip,
      console: !bot,
      weight: bot ? 3 : name === 'mallory' ? 0.3 : 1,
    });
  });
  const role = (name: string, sessions: string[], workflows: string[], agents: string[], ip: string, weight: number, console = false) => {
    const roleId = `AROA${upper(rng, 17)}`;
    out.push({
      identity: (r) => {
        const session = pick(r, sessions);
        return {
          type: 'AssumedRole',
          principalId: `${roleId}:${session}`,
          arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
          accountId: account,
          accessKeyId: `ASIA${upper(r, 16)}`,
          sessionContext: {
            sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${account}:role/${name}`, accountId: account, userName: name },
            webIdFederationData: {},
            attributes: { creationDate: '', mfaAuthenticated: String(console) },
          },
        };
      },
      workflows,
      agents,
      ip,
      console,
      weight,
    });
  };
  role('AWSReservedSSO_AdministratorAccess_4b1c2d3e4f5a6b7c', ['alice@example.com', 'bob@example.com', 'grace@example.com'], ['console', 'iam', 'ec2', 'audit'], AGENTS.console, '192.0.2.44', 3, true);
  role('AWSReservedSSO_ReadOnlyAccess_9f8e7d6c5b4a3921', ['carol@example.com', 'dave@example.com', 'heidi@example.com'], ['console', 'audit'], AGENTS.console, '192.0.2.45', 2, true);
  role('github-actions-deploy', ['GitHubActions'], ['deploy'], AGENTS.sdk, '140.82.112.5', 3);
  role('orders-api-lambda-role', ['orders-api'], ['runtime'], AGENTS.sdk, '3.84.12.7', 5);
  role('image-resizer-lambda-role', ['image-resizer'], ['runtime'], AGENTS.sdk, '3.84.12.8', 3);
  role('app-server-instance-role', ['i-0a1b2c3d4e5f60718', 'i-0f9e8d7c6b5a40312'], ['runtime', 'db'], AGENTS.sdk, '10.0.12.34', 4);
  role('OrganizationAccountAccessRole', ['admin-session'], ['iam', 'audit'], AGENTS.cli, '203.0.113.99', 1);
  out.push({
    identity: () => ({ type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: `ASIA${upper(rng, 16)}` }),
    workflows: ['root'],
    agents: AGENTS.console,
    ip: '198.51.100.7',
    console: true,
    weight: 0.15,
  });
  // A leaked key used for reconnaissance from an unfamiliar address: mostly denied calls.
  out.push({
    identity: () => ({ type: 'IAMUser', principalId: `AIDALEAKEDKEYUSER${user}`, arn: `arn:aws:iam::${account}:user/mallory`, accountId: account, accessKeyId: `AKIALEAKEDKEY${key}`, userName: 'mallory' }),
    workflows: ['recon'],
    agents: AGENTS.recon,
    ip: '185.220.101.33',
    weight: 0.2,
  });
  return out;
}

const REGIONS = ['us-east-1', 'us-east-1', 'us-east-1', 'us-east-1', 'us-east-1', 'us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const GLOBAL = new Set(['iam.amazonaws.com', 'signin.amazonaws.com', 'sts.amazonaws.com']);

function errorFor(api: Api, kind: 'denied' | 'notFound' | 'throttle', arn: string): [string, string] {
  const action = `${api.source.split('.')[0]}:${api.name.replace(/20150331(v2)?$/, '')}`;
  if (kind === 'throttle') return ['ThrottlingException', 'Rate exceeded'];
  if (kind === 'notFound') {
    if (api.source === 's3.amazonaws.com') return ['NoSuchBucket', 'The specified bucket does not exist'];
    if (api.source === 'iam.amazonaws.com') return ['NoSuchEntityException', 'The user with name svc-temp cannot be found.'];
    return ['ResourceNotFoundException', 'Requested resource not found'];
  }
  if (api.source === 'ec2.amazonaws.com') return ['Client.UnauthorizedOperation', `You are not authorized to perform this operation. User: ${arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`];
  if (api.source === 's3.amazonaws.com') return ['AccessDenied', 'Access Denied'];
  return ['AccessDenied', `User: ${arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`];
}

/** A start time in the window, weighted toward working hours on weekdays. */
function sittingStart(rng: Rng, fromMs: number, toMs: number): number {
  for (;;) {
    const t = fromMs + rng() * (toMs - fromMs);
    const d = new Date(t);
    const h = d.getUTCHours();
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const p = (h >= 13 && h <= 23 ? 1 : 0.2) * (weekend ? 0.3 : 1);
    if (rng() < p) return t;
  }
}

export function generateRecords(opts: GenerateOptions): Rec[] {
  const count = Math.max(0, Math.floor(opts.count ?? 50_000));
  const rng = mulberry32(opts.seed ?? 42);
  const account = opts.accountId ?? '123456789012';
  const homeRegion = opts.region ?? 'us-east-1';
  const toMs = Math.floor(opts.nowMs / 1000) * 1000 - 60_000;
  const fromMs = toMs - 89.5 * 86400_000;
  const w: World = {
    rng, account, region: homeRegion, time: '',
    buckets: ['acme-prod-assets', `acme-logs-${account}`, 'acme-backups', 'data-lake-raw', 'terraform-state-acme'],
    instances: Array.from({ length: 12 }, () => `i-0${hex(rng, 16)}`),
    functions: ['orders-api', 'image-resizer', 'nightly-report', 'auth-authorizer'],
    tables: ['orders', 'sessions', 'customers'],
    keys: Array.from({ length: 4 }, () => uuid(rng)),
    secrets: ['prod/db/password', 'prod/api/stripe', 'staging/db/password'],
    databases: ['orders-db', 'analytics-db'],
    securityGroups: Array.from({ length: 5 }, () => `sg-0${hex(rng, 16)}`),
    subnets: Array.from({ length: 4 }, () => `subnet-0${hex(rng, 16)}`),
    vpcs: [`vpc-0${hex(rng, 16)}`, `vpc-0${hex(rng, 16)}`],
    users: USERS.slice(0, 12),
    roles: ['github-actions-deploy', 'orders-api-lambda-role', 'app-server-instance-role', 'OrganizationAccountAccessRole', 'ReadOnlyAuditor'],
  };
  const principals = makePrincipals(rng, account, opts.keyNumber);
  const totalWeight = principals.reduce((s, p) => s + p.weight, 0);
  const records: Rec[] = [];
  while (records.length < count) {
    let r = rng() * totalWeight;
    const p = principals.find((x) => (r -= x.weight) < 0) ?? principals[0]!;
    const workflow = pick(rng, p.workflows);
    const recon = workflow === 'recon';
    let t = sittingStart(rng, fromMs, toMs);
    const identity = p.identity(rng);
    if (identity.sessionContext) ((identity.sessionContext as Rec).attributes as Rec).creationDate = isoSeconds(t - int(rng, 0, 1800) * 1000);
    const agent = pick(rng, p.agents);
    const region = recon ? pick(rng, REGIONS.concat(['eu-central-1', 'ap-northeast-1', 'sa-east-1'])) : pick(rng, REGIONS);
    const n = Math.min(count - records.length, int(rng, 3, recon ? 60 : 30));
    if (p.console && (workflow === 'console' || identity.type === 'Root') && records.length < count) {
      const failed = rng() < 0.06;
      records.push({
        eventVersion: '1.09', userIdentity: identity.type === 'Root' ? { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account } : { ...identity, accessKeyId: undefined },
        eventTime: isoSeconds(t), eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', sourceIPAddress: p.ip, userAgent: pick(rng, AGENTS.console.slice(1)),
        ...(failed ? { errorMessage: 'Failed authentication' } : {}),
        requestParameters: null, responseElements: { ConsoleLogin: failed ? 'Failure' : 'Success' },
        additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: rng() < 0.8 ? 'Yes' : 'No' },
        eventID: uuid(rng), readOnly: false, eventType: 'AwsConsoleSignIn', managementEvent: true, recipientAccountId: account, eventCategory: 'Management',
      });
      t += int(rng, 2, 20) * 1000;
    }
    for (let i = 0; i < n && records.length < count; i++) {
      const api = pickApi(rng, WORKFLOWS[workflow]!);
      w.time = isoSeconds(t);
      w.region = GLOBAL.has(api.source) ? 'us-east-1' : region;
      const req = api.req ? api.req(w) : null;
      const roll = rng();
      const errorRate = recon ? 0.7 : 0.03;
      let error: [string, string] | undefined;
      if (roll < errorRate) {
        const kinds = [...(api.errors ?? []), ...(recon ? ['denied' as const] : [])];
        const kind = kinds.length && rng() < 0.85 ? pick(rng, kinds) : 'throttle';
        error = errorFor(api, kind, String(identity.arn));
      }
      const service = workflow === 'runtime' && rng() < 0.05;
      const rec: Rec = {
        eventVersion: '1.09',
        userIdentity: service ? { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' } : identity,
        eventTime: w.time,
        eventSource: api.source,
        eventName: api.name,
        awsRegion: w.region,
        sourceIPAddress: service ? 'lambda.amazonaws.com' : p.ip,
        userAgent: service ? 'lambda.amazonaws.com' : p.console && workflow === 'console' ? 'AWS Internal' : agent,
        ...(error ? { errorCode: error[0], errorMessage: error[1] } : {}),
        requestParameters: req,
        responseElements: error || !api.resp ? null : api.resp(w, req),
        requestID: uuid(rng),
        eventID: uuid(rng),
        readOnly: api.readOnly,
        ...(api.resources ? { resources: api.resources(w, req) } : {}),
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: 'Management',
        ...(p.console && workflow === 'console' ? { sessionCredentialFromConsole: 'true' } : {}),
      };
      records.push(rec);
      t += int(rng, 1, recon ? 4 : 40) * 1000;
      if (t > toMs) break;
    }
  }
  // AWS service events: scheduled key rotation, attributed to the service itself.
  for (let d = 0; d < 88; d += 7) {
    const t = fromMs + d * 86400_000 + int(rng, 0, 86399) * 1000;
    records.push({
      eventVersion: '1.09', userIdentity: { accountId: account, invokedBy: 'kms.amazonaws.com' }, eventTime: isoSeconds(t), eventSource: 'kms.amazonaws.com', eventName: 'RotateKey',
      awsRegion: homeRegion, sourceIPAddress: 'kms.amazonaws.com', userAgent: 'kms.amazonaws.com', requestParameters: null, responseElements: null, eventID: uuid(rng), readOnly: false,
      resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${homeRegion}:${account}:key/${w.keys[0]}` }],
      eventType: 'AwsServiceEvent', managementEvent: true, recipientAccountId: account, serviceEventDetails: { keyId: w.keys[0] }, eventCategory: 'Management',
    });
  }
  const insights = Math.max(4, Math.round(count / 2500));
  for (let i = 0; i < insights; i++) records.push(...insightPair(rng, account, homeRegion, sittingStart(rng, fromMs, toMs - 3600_000)));
  if (opts.attacks ?? count >= 10_000) for (const s of attackSequences({ seed: opts.seed ?? 42, endMs: toMs, account, keyNumber: opts.keyNumber })) records.push(...s.records);
  return records;
}

/** A Start/End pair of CloudTrail Insights records sharing a sharedEventID. */
function insightPair(rng: Rng, account: string, region: string, startMs: number): Rec[] {
  const errorRate = rng() < 0.4;
  const api = errorRate ? pick(rng, [APIS.GetBucketPolicy!, APIS.DescribeInstances!, APIS.AssumeRole!]) : pick(rng, [APIS.Decrypt!, APIS.DescribeInstances!, APIS.GetSecretValue!, APIS.GenerateDataKey!, APIS.CreateLogStream!]);
  const duration = int(rng, 2, 30);
  const baseline = +(rng() * 0.05).toFixed(6);
  const peak = +(baseline * int(rng, 8, 60) + 0.1).toFixed(6);
  const shared = uuid(rng);
  const arn = `arn:aws:sts::${account}:assumed-role/${pick(rng, ['orders-api-lambda-role/orders-api', 'github-actions-deploy/GitHubActions', 'app-server-instance-role/i-0a1b2c3d4e5f60718'])}`;
  const errorCode = errorRate ? pick(rng, ['AccessDenied', 'Client.UnauthorizedOperation', 'ThrottlingException']) : 'null';
  const record = (state: 'Start' | 'End', t: number): Rec => ({
    eventVersion: '1.08',
    eventTime: isoSeconds(t),
    awsRegion: region,
    eventID: uuid(rng),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: account,
    sharedEventID: shared,
    insightDetails: {
      state,
      eventSource: api.source,
      eventName: api.name,
      insightType: errorRate ? 'ApiErrorRateInsight' : 'ApiCallRateInsight',
      ...(errorRate ? { errorCode } : {}),
      insightContext: {
        statistics: {
          baseline: { average: baseline },
          insight: { average: peak },
          ...(state === 'End' ? { insightDuration: duration } : {}),
          baselineDuration: int(rng, 8000, 11000),
        },
        attributions: [
          { attribute: 'userIdentityArn', insight: [{ value: arn, average: peak }], baseline: [{ value: arn, average: baseline }] },
          { attribute: 'userAgent', insight: [{ value: AGENTS.sdk[0], average: peak }], baseline: [{ value: AGENTS.sdk[0], average: baseline }] },
          { attribute: 'errorCode', insight: [{ value: errorCode, average: peak }], baseline: [{ value: 'null', average: baseline }] },
        ],
      },
    },
    eventCategory: 'Insight',
  });
  return [record('Start', startMs), record('End', startMs + duration * 60_000)];
}
