/**
 * The calls that turn the signed-in identity into each account's credentials, as small requests:
 * STS AssumeRole (signed with the host's credentials) and AssumeRoleWithWebIdentity (unsigned),
 * on STS's Query protocol (a form-encoded POST answered in XML), and Cognito's GetId and
 * GetOpenIdToken (the basic flow's first steps, unsigned JSON). Loaded with import() only when a
 * provider names several accounts: one account never fetches it.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdToken.html
 */
import { markCredentialsError } from './errors.js';
import type { AwsCredentials } from './wire.js';
import { FORM, signForm, xmlText } from './sign-form.js';


/** What a refusal carries, shaped as the SDK's errors so toLookupError reads it, with the service that refused. */
export class ServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $fault: 'client' | 'server';
  constructor(name: string, message: string, status: number, requestId: string | undefined, readonly service: 'STS' | 'Cognito Identity') {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status, requestId };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

/** POSTs to `endpoint`; a failure that never got an answer is marked as the credentials' (STS or Cognito's), with where it went. */
async function post(service: 'STS' | 'Cognito Identity', endpoint: string, init: RequestInit): Promise<{ status: number; text: string; requestId?: string }> {
  try {
    const res = await fetch(endpoint, { ...init, method: 'POST' });
    return { status: res.status, text: await res.text(), requestId: res.headers.get('x-amzn-RequestId') ?? undefined };
  } catch (err) {
    throw markCredentialsError(err, { service, endpoint });
  }
}

/** STS's answer: the Credentials of a successful result, or its ErrorResponse as an error. */
function credentialsFrom(answer: { status: number; text: string; requestId?: string }, endpoint: string): AwsCredentials {
  const { status, text, requestId } = answer;
  if (status !== 200) {
    const code = xmlText(text, 'Code') ?? `HTTP ${status}`;
    throw markCredentialsError(new ServiceError(code, xmlText(text, 'Message') ?? text.slice(0, 300), status, requestId, 'STS'), { service: 'STS', endpoint });
  }
  const accessKeyId = xmlText(text, 'AccessKeyId');
  const secretAccessKey = xmlText(text, 'SecretAccessKey');
  const sessionToken = xmlText(text, 'SessionToken');
  const expiration = xmlText(text, 'Expiration');
  if (!accessKeyId || !secretAccessKey || !sessionToken) {
    throw markCredentialsError(new ServiceError('InvalidResponse', 'STS answered without credentials.', status, requestId, 'STS'), { service: 'STS', endpoint });
  }
  return { accessKeyId, secretAccessKey, sessionToken, ...(expiration ? { expiration: new Date(expiration) } : {}) };
}

const form = (params: Record<string, string>) => new URLSearchParams({ Version: '2011-06-15', ...params }).toString();

export interface RoleRequest {
  /** STS endpoint: AWS's regional one (`https://sts.<region>.amazonaws.com`) or an emulator's. */
  endpoint: string;
  roleArn: string;
  sessionName: string;
}

/** STS AssumeRole, signed (SigV4, service `sts`) with `credentials`. */
export async function assumeRole(request: RoleRequest & { region: string; credentials: AwsCredentials }): Promise<AwsCredentials> {
  const body = form({ Action: 'AssumeRole', RoleArn: request.roleArn, RoleSessionName: request.sessionName });
  const headers = await signForm(new URL(request.endpoint), body, { region: request.region, service: 'sts', credentials: request.credentials });
  return credentialsFrom(await post('STS', request.endpoint, { headers, body }), request.endpoint);
}

/** STS AssumeRoleWithWebIdentity: unsigned; the web identity token is the proof. */
export async function assumeRoleWithWebIdentity(request: RoleRequest & { token: string }): Promise<AwsCredentials> {
  const body = form({ Action: 'AssumeRoleWithWebIdentity', RoleArn: request.roleArn, RoleSessionName: request.sessionName, WebIdentityToken: request.token });
  return credentialsFrom(await post('STS', request.endpoint, { headers: { 'content-type': FORM }, body }), request.endpoint);
}

async function cognito<T>(endpoint: string, operation: string, input: unknown): Promise<T> {
  const answer = await post('Cognito Identity', endpoint, {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
    body: JSON.stringify(input),
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(answer.text || '{}') as Record<string, unknown>;
  } catch {
    // A body that is not JSON: reported by its status below.
  }
  if (answer.status !== 200) {
    const type = String(json.__type ?? `HTTP ${answer.status}`).split('#').pop()!;
    throw markCredentialsError(new ServiceError(type, String(json.message ?? json.Message ?? answer.text.slice(0, 300)), answer.status, answer.requestId, 'Cognito Identity'), { service: 'Cognito Identity', endpoint });
  }
  return json as T;
}

/**
 * Cognito's basic flow up to the token: GetId (once: the identity id is kept by the caller) and
 * GetOpenIdToken with the same logins. The token is valid for 10 minutes.
 */
export async function openIdToken(request: { endpoint: string; identityPoolId: string; logins?: Record<string, string>; identityId?: string }): Promise<{ identityId: string; token: string }> {
  const logins = request.logins && Object.keys(request.logins).length ? { Logins: request.logins } : {};
  const identityId = request.identityId ?? (await cognito<{ IdentityId: string }>(request.endpoint, 'GetId', { IdentityPoolId: request.identityPoolId, ...logins })).IdentityId;
  const { Token } = await cognito<{ Token: string }>(request.endpoint, 'GetOpenIdToken', { IdentityId: identityId, ...logins });
  return { identityId, token: Token };
}
