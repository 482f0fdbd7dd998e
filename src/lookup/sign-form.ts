/**
 * The Query-protocol calls the library makes itself (STS's AssumeRole, EC2's DescribeRegions):
 * their SigV4 signature on the browser's Web Crypto (the SDK's signer in these lazy modules would
 * split a share of the SDK out of the one-file bundle into chunks it then loads at once), and the
 * text of their XML answers.
 */
import type { AwsCredentials } from './wire.js';

export const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text of the first `<name>` element of a small, known XML answer (entities decoded). */
export function xmlText(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return raw?.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => (e[0] === '#'
    ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    : ENTITIES[e] ?? whole));
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
export async function signForm(url: URL, body: string, scope: { region: string; service: string; credentials: AwsCredentials; now?: Date }): Promise<Record<string, string>> {
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

