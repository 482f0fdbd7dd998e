/**
 * The hosts a page's Content-Security-Policy must allow in `connect-src` for a configuration of the
 * elements: exactly the services the browser calls, in the Regions it calls them in. It takes the
 * same names as `<ct-event-history>` and `<ct-lookup-provider>`, so a host can pass its settings
 * (or the element itself) and put the answer in the policy it serves.
 */
import { type AwsService, awsEndpoint, poolRegion } from './endpoints.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface CspConnectOptions {
  /** The Region looked up (and Athena's Region); `us-east-1` when unset, as on the elements. */
  region?: string;
  /** Several Regions looked up at once: CloudTrail is called in each. */
  regions?: readonly string[];
  /** CloudTrail's endpoint override (a proxy, the emulator). */
  endpoint?: string;
  /** With an identity pool, Cognito Identity is called in the pool's Region (the prefix of its id). */
  identityPoolId?: string;
  /** Cognito Identity's endpoint override. */
  cognitoEndpoint?: string;
  /** `athena` reads the trail's logs through Athena. */
  source?: string;
  /** A table or database named offers the Athena source beside Event history, so Athena is called too. */
  athenaTable?: string;
  athenaDatabase?: string;
  /** Athena's endpoint override. */
  athenaEndpoint?: string;
  /** Several accounts: STS is called in `region` to assume each account's role. */
  accounts?: readonly unknown[] | string;
  /** STS's endpoint override. */
  stsEndpoint?: string;
  /** EC2's endpoint override: without `regions`, the Regions enabled for the account are listed there (DescribeRegions). */
  ec2Endpoint?: string;
}

function origin(url: string): string {
  return new URL(url).origin;
}

/**
 * The origins to list in `connect-src`, each once, in a stable order: CloudTrail (one per Region, or
 * `endpoint`), Cognito Identity (with an identity pool), Athena (when offered), STS (with several
 * accounts), EC2 (listing the account's Regions when none are named). Each service goes to
 * its own override or to AWS's endpoint of that service, never to another service's override.
 */
export function cspConnectSources(options: CspConnectOptions = {}): string[] {
  const region = options.region && REGION.test(options.region) ? options.region : 'us-east-1';
  const named = (options.regions ?? []).filter((r) => typeof r === 'string' && REGION.test(r));
  const regions = named.length ? [...new Set(named)] : [region];
  const hosts: string[] = [];
  const add = (service: AwsService | 'ec2', where: string, override?: string) => hosts.push(origin(override || awsEndpoint(service, where)));
  if (options.endpoint) add('cloudtrail', region, options.endpoint);
  else for (const r of regions) add('cloudtrail', r);
  if (options.identityPoolId) add('cognito-identity', poolRegion(options.identityPoolId) ?? region, options.cognitoEndpoint);
  if (options.source === 'athena' || options.athenaTable || options.athenaDatabase) add('athena', region, options.athenaEndpoint);
  if (options.accounts?.length) add('sts', region, options.stsEndpoint);
  // Without Regions named, the account's are listed with EC2 in `region` (at AWS's only when CloudTrail is too).
  if (!named.length && (options.ec2Endpoint || !options.endpoint)) add('ec2', region, options.ec2Endpoint);
  return [...new Set(hosts)];
}
