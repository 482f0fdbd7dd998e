/**
 * Where the demo points. By default: the emulator mounted at /aws on this page's own origin, its
 * default identity pool, and a sign-in token the emulator accepts. A real account is one URL away:
 * `?region=eu-west-1&identityPoolId=eu-west-1:...&loginProvider=...&token=...&endpoint=`
 * (an empty `endpoint` means the real regional CloudTrail endpoint).
 */
export interface DemoConfig {
  region: string;
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
    endpoint,
    identityPoolId: params.get('identityPoolId') || EMULATOR_POOL,
    loginProvider: params.get('loginProvider') || EMULATOR_LOGIN_PROVIDER,
    token: params.get('token') || 'emulator-demo',
  };
}
