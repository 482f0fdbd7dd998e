/**
 * Where the demo points. By default: the emulator mounted at /aws on this page's own origin, its
 * default identity pool, and a sign-in token the emulator accepts. A real account: the page's
 * "Connect a real account" form, or `?region=eu-west-1&identityPoolId=eu-west-1:...&endpoint=`
 * (an empty `endpoint` means AWS's own endpoints); `&regions=us-east-1,eu-west-1` looks up several at once. The sign-in token is never read from the URL:
 * it is a secret, so it is typed into the form and kept in memory only.
 */
export interface DemoConfig {
  region: string;
  /** Several Regions merged (from `?regions=`, comma-separated); unset means `region` alone. */
  regions?: string[];
  endpoint?: string;
  identityPoolId: string;
  loginProvider: string;
  token: string;
}

export const EMULATOR_POOL = 'us-east-1:00000000-0000-0000-0000-000000000000';
export const EMULATOR_LOGIN_PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator';

export function demoConfig(search = location.search): DemoConfig {
  const params = new URLSearchParams(search);
  const endpoint = params.has('endpoint') ? params.get('endpoint') || undefined : `${location.origin}/aws`;
  return {
    region: params.get('region') || 'us-east-1',
    regions: params.get('regions')?.split(',').map((r) => r.trim()).filter(Boolean),
    endpoint,
    identityPoolId: params.get('identityPoolId') || EMULATOR_POOL,
    loginProvider: params.get('loginProvider') || EMULATOR_LOGIN_PROVIDER,
    token: endpoint?.endsWith('/aws') ? 'emulator-demo' : '',
  };
}

interface Configurable {
  region: string;
  regions?: readonly string[];
  endpoint?: string;
  identityPoolId?: string;
  logins?: Record<string, string> | (() => Promise<Record<string, string>>);
}

/** Sets region, endpoint, pool and sign-in token as properties (never attributes: the token is a secret). */
export function applyConfig(el: Configurable, config: DemoConfig): void {
  el.region = config.region;
  el.regions = config.regions?.length ? config.regions : undefined;
  el.endpoint = config.endpoint;
  el.identityPoolId = config.identityPoolId;
  el.logins = config.token ? { [config.loginProvider]: config.token } : undefined;
}

export function describeConfig(config: DemoConfig): string {
  return config.endpoint?.endsWith('/aws')
    ? `Against the built-in emulator at ${config.endpoint} (${config.regions?.join(', ') || config.region}), signed in through its Cognito identity pool.`
    : `Against ${config.endpoint ?? 'AWS'} in ${config.regions?.join(', ') || config.region}, identity pool ${config.identityPoolId}.`;
}
