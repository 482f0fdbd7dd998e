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

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

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

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text of the first `<name>` element of a small, known XML answer (entities decoded). */
export function xmlText(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return raw?.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => (e[0] === '#'
    ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    : ENTITIES[e] ?? whole));
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

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text: string) => hex(await crypto.subtle.digest('SHA-256', utf8(text)));
async function hmac(key: ArrayBuffer | Uint8Array<ArrayBuffer>, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, utf8(text));
}

/**
 * The headers that sign a form POST with SigV4 (AWS4-HMAC-SHA256), written out for this one
 * request with the browser's Web Crypto: the SDK's signer would put a share of the SDK in this
 * module's chunk. https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
async function signForm(url: URL, body: string, scope: { region: string; service: string; credentials: AwsCredentials; now?: Date }): Promise<Record<string, string>> {
  const amzDate = (scope.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const { accessKeyId, secretAccessKey, sessionToken } = scope.credentials;
  // The browser sets Host itself (a page may not), and it is the one signed.
  const signed: Record<string, string> = { 'content-type': FORM, host: url.host, 'x-amz-date': amzDate, ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}) };
  const names = Object.keys(signed).sort();
  // Services other than S3 encode the path's segments once more.
  const path = url.pathname.split('/').map((p) => encodeURIComponent(p).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/') || '/';
  const canonical = ['POST', path, '', ...names.map((n) => `${n}:${signed[n].trim()}`), '', names.join(';'), await sha256(body)].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, await sha256(canonical)].join('\n');
  let key: ArrayBuffer | Uint8Array<ArrayBuffer> = utf8(`AWS4${secretAccessKey}`);
  for (const part of [day, scope.region, scope.service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  const { host: _host, ...headers } = signed;
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${credentialScope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
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
