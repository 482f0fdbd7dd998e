/**
 * An instance's request log: every request it received, newest last, within an entry and a byte
 * budget (the oldest go first), with bodies that are small and never hold a login token or secret.
 */
import type { AwsRequest } from './instance.js';
import type { RequestLogEntry } from './types.js';

const DEFAULT_LOG_LIMITS = { entries: 10_000, bytes: 8 * 1024 * 1024 };
/** Bodies over this size or nesting are not logged: the log stays small and always serializable. */
export const LOG_BODY_BYTES = 16 * 1024;
const LOG_BODY_DEPTH = 32;
/** Bytes an entry costs in the log besides its body. */
const LOG_ENTRY_BYTES = 512;

export const header = (req: AwsRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Nesting depth of a JSON text (brackets outside strings), without parsing it. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Never log login tokens or secrets: keep the provider, hide the token. */
export function redact(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const b = body as Record<string, unknown>;
  if (b.Logins && typeof b.Logins === 'object') {
    return { ...b, Logins: Object.fromEntries(Object.keys(b.Logins as object).map((k) => [k, '<redacted>'])) };
  }
  return b;
}

/**
 * Logs what a JSON request asked (`text`, its body) even when a fault answers first, so a test can
 * see the token it carried; or why the body was left out.
 */
export function logJsonParams(entry: RequestLogEntry, text: string, bodyBytes: number): void {
  if (text.length > LOG_BODY_BYTES) entry.paramsOmitted = `body of ${bodyBytes} bytes (over ${LOG_BODY_BYTES})`;
  else if (jsonDepth(text) > LOG_BODY_DEPTH) entry.paramsOmitted = `body nested deeper than ${LOG_BODY_DEPTH} levels`;
  else {
    try {
      const early: unknown = JSON.parse(text || '{}');
      if (early && typeof early === 'object' && !Array.isArray(early)) entry.params = redact(early as Record<string, unknown>);
    } catch {
      // A body that is not JSON gets its SerializationException from the handler.
    }
  }
}

export class RequestLog {
  private readonly log: RequestLogEntry[] = [];
  private seq = 0;
  private bytes = 0;
  private readonly sizes = new WeakMap<RequestLogEntry, number>();
  private readonly limits: { entries: number; bytes: number };

  constructor(limits: { entries?: number; bytes?: number } = {}) {
    this.limits = { entries: limits.entries ?? DEFAULT_LOG_LIMITS.entries, bytes: limits.bytes ?? DEFAULT_LOG_LIMITS.bytes };
  }

  /** Entries held now. */
  get size(): number {
    return this.log.length;
  }

  /** A new entry for `req`, kept in the log at once (the handler fills in its outcome). */
  open(req: AwsRequest, emulatorTime: number, operation: string, target: string): RequestLogEntry {
    const entry: RequestLogEntry = { seq: ++this.seq, time: Date.now(), emulatorTime, operation, target, status: 0, outcome: 'ok', userAgent: header(req, 'x-amz-user-agent') ?? header(req, 'user-agent') };
    this.remember(entry, req.body.length);
    return entry;
  }

  /** Keep an entry, dropping the oldest while the log is over its entry or byte budget. */
  private remember(entry: RequestLogEntry, bodyBytes: number): void {
    const size = LOG_ENTRY_BYTES + Math.min(bodyBytes, LOG_BODY_BYTES);
    this.log.push(entry);
    this.sizes.set(entry, size);
    this.bytes += size;
    while (this.log.length > this.limits.entries || (this.bytes > this.limits.bytes && this.log.length > 1)) {
      this.bytes -= this.sizes.get(this.log.shift()!) ?? 0;
    }
  }

  entries(since = 0): RequestLogEntry[] {
    return this.log.filter((e) => e.seq > since);
  }
}
