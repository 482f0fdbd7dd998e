/**
 * AWS Signature Version 4 (AWS4-HMAC-SHA256) verification of a received request. The canonical
 * request is rebuilt from what arrived (path, Host and the other signed headers as received), so a
 * path prefix such as `/aws/i/x/` or a browser-set Host verifies as the client signed it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.js';

export interface SignedRequest {
  method: string;
  /** Raw request target as received (path and query, still percent-encoded). */
  url: string;
  /** Node's `req.rawHeaders`: alternating names and values. */
  rawHeaders: string[];
  body: Buffer;
}

/** What the verifier needs to know about a key. */
export interface KeyInfo {
  secretAccessKey: string;
  /** Required session token (Cognito-issued credentials). */
  sessionToken?: string;
  /** Emulator-clock epoch ms after which the key is expired. */
  expiresAtMs?: number;
}

export interface VerifyOptions {
  lookupKey: (accessKeyId: string) => KeyInfo | undefined;
  /** Emulator clock, for session expiry. */
  nowMs: number;
  /** Wall clock for the 15-minute request-time check; omit to skip the check. */
  wallClockMs?: number;
  service?: string;
  /** Whether a signing-scope Region exists; any name passes without it. */
  validRegion?: (region: string) => boolean;
}

export interface VerifiedRequest {
  accessKeyId: string;
  region: string;
  service: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 specifies (unreserved characters kept). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * AWS JSON services answer authentication failures with HTTP 400 (the Coral framework's status for
 * these; the 403s of the AWS "common errors" pages belong to the query protocol's
 * InvalidClientTokenId / SignatureDoesNotMatch); see packages/emulator/README.md.
 */
const AUTH_STATUS = 400;
const sigError = (message: string) => new ApiError('InvalidSignatureException', AUTH_STATUS, message);
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function headerMap(rawHeaders: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = m.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else m.set(name, [rawHeaders[i + 1]!]);
  }
  return m;
}

function canonicalRequest(req: SignedRequest, signedHeaders: string[], payloadHash: string): string {
  const q = req.url.indexOf('?');
  const rawPath = q >= 0 ? req.url.slice(0, q) : req.url;
  const rawQuery = q >= 0 ? req.url.slice(q + 1) : '';
  // Non-S3 services encode the (already encoded) path once more, segment by segment.
  const path = rawPath.split('/').map(uriEncode).join('/') || '/';
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const eq = kv.indexOf('=');
      const k = decodeURIComponent((eq >= 0 ? kv.slice(0, eq) : kv).replace(/\+/g, ' '));
      const v = eq >= 0 ? decodeURIComponent(kv.slice(eq + 1).replace(/\+/g, ' ')) : '';
      return [uriEncode(k), uriEncode(v)] as const;
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = headerMap(req.rawHeaders);
  const canonicalHeaders = signedHeaders
    .map((h) => `${h}:${(headers.get(h) ?? []).map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`)
    .join('');
  return [req.method.toUpperCase(), path, query, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function amzDateToMs(d: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(d);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

const basicIso = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
const SKEW_MS = 15 * 60_000;

/** The service's wording for a request time more than 15 minutes off its clock (undefined when within). */
export function requestTimeError(requestDate: string, dateMs: number, serverMs: number): string | undefined {
  const now = basicIso(serverMs);
  if (dateMs < serverMs - SKEW_MS) return `Signature expired: ${requestDate} is now earlier than ${basicIso(serverMs - SKEW_MS)} (${now} - 15 min.)`;
  if (dateMs > serverMs + SKEW_MS) return `Signature not yet current: ${requestDate} is still later than ${basicIso(serverMs + SKEW_MS)} (${now} + 15 min.)`;
  return undefined;
}

/** Verify a request; throws the ApiError AWS would answer with. */
export function verifySigV4(req: SignedRequest, opts: VerifyOptions): VerifiedRequest {
  const headers = headerMap(req.rawHeaders);
  const auth = headers.get('authorization')?.[0];
  if (!auth) {
    if (new URL(req.url, 'http://x').searchParams.has('X-Amz-Signature')) {
      throw sigError('Presigned (query-string) requests are not supported by the emulator; sign the Authorization header');
    }
    throw new ApiError('MissingAuthenticationTokenException', AUTH_STATUS, 'Missing Authentication Token: the request has no Authorization header (sign it with SigV4)');
  }
  const incomplete = (what: string) => new ApiError('IncompleteSignatureException', 400, `Authorization header requires ${what}. Authorization=${auth.split('Signature=')[0]}...`);
  if (!auth.startsWith('AWS4-HMAC-SHA256 ')) {
    throw incomplete("the 'AWS4-HMAC-SHA256' algorithm");
  }
  const fields = new Map<string, string>();
  for (const part of auth.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeadersRaw = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential) throw incomplete("'Credential' parameter");
  if (!signedHeadersRaw) throw incomplete("'SignedHeaders' parameter");
  if (!signature) throw incomplete("'Signature' parameter");
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw incomplete("a well-formed 'Credential' (<key>/<yyyymmdd>/<region>/<service>/aws4_request)");
  }
  const key = opts.lookupKey(accessKeyId);
  if (!key) throw new ApiError('UnrecognizedClientException', AUTH_STATUS, INVALID_TOKEN);
  // A long-term key takes no session token: AWS refuses one sent beside it, as it refuses a wrong one.
  if (headers.get('x-amz-security-token')?.[0] !== key.sessionToken) throw new ApiError('UnrecognizedClientException', AUTH_STATUS, INVALID_TOKEN);
  if (key.expiresAtMs !== undefined && opts.nowMs >= key.expiresAtMs) {
    throw new ApiError('ExpiredTokenException', AUTH_STATUS, 'The security token included in the request is expired');
  }
  const expectedService = opts.service ?? 'cloudtrail';
  if (service !== expectedService) throw sigError(`Credential should be scoped to correct service: '${expectedService}'.`);
  if (opts.validRegion && !opts.validRegion(region)) throw sigError(`Credential should be scoped to a valid region, not '${region}'.`);
  const amzDate = headers.get('x-amz-date')?.[0];
  const dateMs = amzDate ? amzDateToMs(amzDate) : Date.parse(headers.get('date')?.[0] ?? '');
  if (!Number.isFinite(dateMs)) throw incomplete("a valid 'X-Amz-Date' or 'Date' header");
  const requestDate = amzDate ?? new Date(dateMs).toISOString().replace(/[-:]|\.\d{3}/g, '');
  if (requestDate.slice(0, 8) !== date) {
    throw sigError(`Credential should be scoped to a valid date: '${requestDate.slice(0, 8)}', not '${date}'.`);
  }
  if (opts.wallClockMs !== undefined) {
    const skewError = requestTimeError(requestDate, dateMs, opts.wallClockMs);
    if (skewError) throw sigError(skewError);
  }
  const signedHeaders = signedHeadersRaw.split(';');
  if (!signedHeaders.includes('host')) throw sigError("'Host' must be a signed header.");
  const bodyHash = sha256(req.body);
  const claimed = headers.get('x-amz-content-sha256')?.[0];
  if (claimed !== undefined && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== bodyHash) {
    throw sigError("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const payloadHash = claimed ?? bodyHash;
  const creq = canonicalRequest(req, signedHeaders, payloadHash);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${requestDate}\n${scope}\n${sha256(creq)}`;
  const expected = createHmac('sha256', signingKey(key.secretAccessKey, date, region, service)).update(stringToSign).digest('hex');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw sigError(MISMATCH);
  return { accessKeyId, region, service };
}

/** Sign a request (used by tests and tools to make raw requests the SDK would refuse to send). */
export function signRequest(opts: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service?: string;
  date?: Date;
}): Record<string, string> {
  const service = opts.service ?? 'cloudtrail';
  const amzDate = (opts.date ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const headers: Record<string, string> = { ...opts.headers, 'x-amz-date': amzDate };
  if (opts.sessionToken) headers['x-amz-security-token'] = opts.sessionToken;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const signed = Object.keys(lower).sort();
  const raw = signed.flatMap((k) => [k, lower[k]!]);
  const creq = canonicalRequest({ method: opts.method, url: opts.url, rawHeaders: raw, body: Buffer.from(opts.body) }, signed, sha256(opts.body));
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${opts.region}/${service}/aws4_request`;
  const sts = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(creq)}`;
  const sig = createHmac('sha256', signingKey(opts.secretAccessKey, date, opts.region, service)).update(sts).digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${sig}` };
}
