/**
 * Where the demo points. By default: the emulator mounted at /aws on this page's own origin, its
 * default identity pool, and a sign-in token the emulator accepts. A real account: the page's
 * "Connect a real account" form only. Nothing is read from the page's link: a crafted link must not
 * point the page (and the credentials it signs with) at another server, and the sign-in token is a
 * secret, typed into the form and kept in memory only.
 */
import { poolRegion, serviceEndpoint } from '../src/lookup/endpoints.js';

export interface DemoConfig {
  region: string;
  /** Several Regions merged; unset means `region` alone. */
  regions?: string[];
  /** CloudTrail's endpoint (a proxy, the emulator); unset: AWS's. */
  endpoint?: string;
  /** Cognito Identity's endpoint; unset: AWS's in the pool's Region (never `endpoint`). */
  cognitoEndpoint?: string;
  identityPoolId: string;
  loginProvider: string;
  token: string;
  /** Where the account's Regions are listed (EC2 DescribeRegions); unset: AWS's, unless `endpoint` is set. */
  ec2Endpoint?: string;
  /** The Athena source beside Event history (the filter's Source switch): its endpoint, database and table. */
  athena?: { endpoint?: string; database: string; table: string };
}

export const EMULATOR_POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
export const EMULATOR_LOGIN_PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

/** The built-in emulator, on this page's own origin. */
export const emulatorEndpoint = (): string => `${location.origin}/aws`;

export function demoConfig(): DemoConfig {
  return {
    region: 'us-east-1',
    endpoint: emulatorEndpoint(),
    cognitoEndpoint: emulatorEndpoint(),
    identityPoolId: EMULATOR_POOL,
    loginProvider: EMULATOR_LOGIN_PROVIDER,
    token: 'emulator-demo',
    // The emulator lists the account's Regions and serves the trail's logs through Athena too.
    ec2Endpoint: emulatorEndpoint(),
    athena: { endpoint: emulatorEndpoint(), database: 'default', table: 'cloudtrail_logs' },
  };
}

interface Configurable {
  region: string;
  regions?: readonly string[];
  endpoint?: string;
  cognitoEndpoint?: string;
  identityPoolId?: string;
  logins?: Record<string, string> | (() => Promise<Record<string, string>>);
  ec2Endpoint?: string;
  source?: 'event-history' | 'athena';
  athenaEndpoint?: string;
  athenaDatabase?: string;
  athenaTable?: string;
}

/** Sets region, endpoint, pool and sign-in token as properties (never attributes: the token is a secret). */
export function applyConfig(el: Configurable, config: DemoConfig): void {
  el.region = config.region;
  el.regions = config.regions?.length ? config.regions : undefined;
  el.endpoint = config.endpoint;
  el.cognitoEndpoint = config.cognitoEndpoint;
  el.identityPoolId = config.identityPoolId;
  el.logins = config.token ? { [config.loginProvider]: config.token } : undefined;
  el.ec2Endpoint = config.ec2Endpoint;
  // Each connection starts on Event history; the Source switch offers Athena where it is configured.
  el.source = 'event-history';
  el.athenaEndpoint = config.athena?.endpoint;
  el.athenaDatabase = config.athena?.database;
  el.athenaTable = config.athena?.table;
}

/** The servers the page talks to, named exactly: the emulator only when it is this origin's own. */
export function describeConfig(config: DemoConfig): string {
  if (config.endpoint === emulatorEndpoint()) {
    return `Against the built-in emulator at ${config.endpoint} (${config.region}), signed in through its Cognito identity pool.`;
  }
  const cloudtrail = serviceEndpoint('cloudtrail', config.region, config.endpoint);
  const cognito = serviceEndpoint('cognito-identity', poolRegion(config.identityPoolId) ?? config.region, config.cognitoEndpoint);
  return `Against CloudTrail at ${cloudtrail} and Cognito at ${cognito} (${config.region}), identity pool ${config.identityPoolId}.`;
}
