/**
 * Where the demo points. By default: the emulator mounted at /aws on this page's own origin, its
 * default identity pool, and a sign-in token the emulator accepts. A real account: the page's
 * "Connect a real account" form only. Nothing is read from the page's link: a crafted link must not
 * point the page (and the credentials it signs with) at another server, and the sign-in token is a
 * secret, typed into the form and kept in memory only.
 */
import { poolRegion, serviceEndpoint } from '../src/lookup/endpoints.js';
import type { AccountConfig } from '../src/lookup/account-names.js';

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
  /** Several accounts, each read through its role (the filter's account chooser); unset: the signed-in identity's own. */
  accounts?: AccountConfig[];
  /** STS's endpoint for the accounts' roles; unset: AWS's. */
  stsEndpoint?: string;
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

/** What the emulator's control API says of an account (GET /__control/instances/default/info). */
interface EmulatorAccount { accountId: string; roles: string[] }

/**
 * The built-in emulator's accounts, each read through its CloudTrailElementsReader role (which
 * trusts the identity pool), labelled Home and Member 1, 2…; undefined when it serves one account
 * or cannot say.
 */
export async function emulatorAccounts(): Promise<AccountConfig[] | undefined> {
  try {
    const res = await fetch(`${emulatorEndpoint()}/__control/instances/default/info`);
    if (!res.ok) return undefined;
    const { accountId: home, accounts } = (await res.json()) as { accountId: string; accounts?: EmulatorAccount[] };
    if (!accounts || accounts.length < 2) return undefined;
    let member = 0;
    return accounts.flatMap(({ accountId, roles }) => {
      const roleArn = roles.find((r) => r.endsWith(':role/CloudTrailElementsReader')) ?? roles[0];
      return roleArn ? [{ accountId, roleArn, label: accountId === home ? 'Home' : `Member ${++member}` }] : [];
    });
  } catch {
    return undefined;
  }
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
  accounts?: readonly AccountConfig[];
  stsEndpoint?: string;
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
  el.accounts = config.accounts?.length ? config.accounts : undefined;
  el.stsEndpoint = config.stsEndpoint;
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
