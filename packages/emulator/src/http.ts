/** Response framing shared by the AWS routes and the control API: CORS and a request id on every response. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 1024 * 1024;
const ALLOW_HEADERS = 'amz-sdk-invocation-id, amz-sdk-request, authorization, content-type, x-amz-content-sha256, x-amz-date, x-amz-security-token, x-amz-target, x-amz-user-agent, x-amz-client-context, x-amz-api-version';

export interface SendOptions {
  contentType?: string;
  errorType?: string;
  /**
   * 'aws' (default): CORS with the SDK's headers, for a page the handler answers (origins.ts).
   * 'control': CORS for the control API's JSON only. false: no CORS headers, so a browser page on
   * an origin not answered cannot read the answer.
   */
  cors?: 'aws' | 'control' | false;
  /** The x-amzn-RequestId to send (one the body names too, as STS's XML does); a new one by default. */
  requestId?: string;
  /** `body` is the text to send as it is (EC2's XML), not a value to write as JSON. */
  raw?: boolean;
}

/** Send with the headers every emulator response carries (CORS, request id). */
export function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, opts: SendOptions = {}): void {
  if (res.headersSent) return;
  const origin = req.headers.origin;
  const cors = opts.cors ?? 'aws';
  const requested = req.headers['access-control-request-headers'];
  const headers: Record<string, string> = { 'x-amzn-RequestId': opts.requestId ?? randomUUID() };
  if (cors) {
    // The AWS routes allow the SDK's headers (any origin); the control API only JSON, from allowed origins.
    Object.assign(headers, {
      'Access-Control-Allow-Origin': origin ?? '*',
      'Access-Control-Allow-Methods': cors === 'aws' ? 'POST, OPTIONS' : 'POST, GET, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': cors === 'control' ? 'content-type' : requested ? `${ALLOW_HEADERS}, ${requested}` : ALLOW_HEADERS,
      'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType, Date, Retry-After',
      'Access-Control-Max-Age': '600',
    });
  }
  if (origin) headers.Vary = 'Origin';
  if (opts.errorType) headers['x-amzn-ErrorType'] = opts.errorType;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  // A string is a body already framed (STS's and EC2's XML); anything else is sent as JSON.
  const text = opts.raw || typeof body === 'string' ? String(body) : JSON.stringify(body);
  headers['Content-Type'] = opts.contentType ?? 'application/x-amz-json-1.1';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(status, headers).end(text);
}

/** The control API takes inline `records`, test data that may hold a 1 MB record: it allows more. */
export const MAX_CONTROL_BODY = 16 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes: number = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new Error(`request body over ${maxBytes} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

