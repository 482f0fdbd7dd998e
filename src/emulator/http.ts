/** Response framing shared by the AWS routes and the control API: CORS and a request id on every response. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 1024 * 1024;
const ALLOW_HEADERS = 'amz-sdk-invocation-id, amz-sdk-request, authorization, content-type, x-amz-content-sha256, x-amz-date, x-amz-security-token, x-amz-target, x-amz-user-agent, x-amz-client-context, x-amz-api-version';

/** Send with the headers every emulator response carries (CORS, request id). */
export function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, opts: { contentType?: string; errorType?: string } = {}): void {
  if (res.headersSent) return;
  const origin = req.headers.origin;
  const requested = req.headers['access-control-request-headers'];
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Allow-Methods': 'POST, GET, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': requested ? `${ALLOW_HEADERS}, ${requested}` : ALLOW_HEADERS,
    'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType, Date, Retry-After',
    'Access-Control-Max-Age': '600',
    'x-amzn-RequestId': randomUUID(),
  };
  if (origin) headers.Vary = 'Origin';
  if (opts.errorType) headers['x-amzn-ErrorType'] = opts.errorType;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  headers['Content-Type'] = opts.contentType ?? 'application/x-amz-json-1.1';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(status, headers).end(text);
}

/** The control API takes inline `records`, test data that may hold a 1 MB record: it allows more. */
export const MAX_CONTROL_BODY = 64 * 1024 * 1024;

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

