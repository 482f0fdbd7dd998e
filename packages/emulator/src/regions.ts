/**
 * AWS Region names in the commercial partition (the one the emulator's account lives in), and which
 * of them an account must opt in to before it can call them. Event history is per Region: each
 * record is served to the Region in its `awsRegion` only; events of global services (IAM, STS's
 * global endpoint, CloudFront, console sign-in) carry `us-east-1` there, as CloudTrail records them.
 * Source: the AWS General Reference Region table and the Account Management guide's "Enable or
 * disable AWS Regions".
 */

/** Regions enabled for every account. */
export const DEFAULT_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1', 'sa-east-1',
];

/** Regions an account must enable first (launched after March 2019). */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1',
  'me-south-1', 'mx-central-1',
];

const ALL = new Set([...DEFAULT_REGIONS, ...OPT_IN_REGIONS]);
const OPT_IN = new Set(OPT_IN_REGIONS);

export const isAwsRegion = (name: string): boolean => ALL.has(name);
export const isOptInRegion = (name: string): boolean => OPT_IN.has(name);
