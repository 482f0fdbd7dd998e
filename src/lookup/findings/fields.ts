/**
 * Reading a rule's field from a CloudTrail record by path. A path walks objects by key, arrays
 * element by element (each element is a candidate), and JSON held in a string: IAM and S3 put
 * policy documents in the record as strings, and a rule on `policyDocument.Statement.Effect`
 * should not have to know that.
 */
import type { CtEvent } from '../events.js';

/** Fields every record has at the top, read from the event's cached copies without parsing the record again. */
const FAST: Readonly<Record<string, (e: CtEvent) => unknown>> = {
  eventName: (e) => e.EventName,
  eventSource: (e) => e.EventSource,
  eventID: (e) => e.EventId,
  errorCode: (e) => e.errorCode,
  awsRegion: (e) => e.region,
  sourceIPAddress: (e) => e.sourceIp,
  userAgent: (e) => e.userAgent,
  'userIdentity.type': (e) => e.identityType,
  'userIdentity.arn': (e) => e.identityArn,
  'userIdentity.accessKeyId': (e) => e.AccessKeyId,
  /** The whole record as its JSON text: what a Sigma keyword searches. */
  $record: (e) => e.CloudTrailEvent,
};

/** The path's segments, split once per rule. */
export type Path = readonly string[];

export const splitPath = (field: string): Path => field.split('.');

const MAX_JSON_IN_STRING = 100_000;

function parseInner(text: string): unknown {
  const t = text.trimStart();
  if ((t[0] !== '{' && t[0] !== '[') || t.length > MAX_JSON_IN_STRING) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function walk(value: unknown, path: Path, at: number, out: unknown[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, path, at, out);
    return;
  }
  if (at === path.length) {
    out.push(value);
    return;
  }
  if (typeof value === 'string') {
    const inner = parseInner(value);
    if (inner !== undefined) walk(inner, path, at, out);
    return;
  }
  if (typeof value === 'object') walk((value as Record<string, unknown>)[path[at]], path, at + 1, out);
}

/** The cached reader of a top-level field, when it has one: a test then needs no array and no parse. */
export const fastReader = (field: string): ((e: CtEvent) => unknown) | undefined => FAST[field];

/** Every value the path reaches in the event's record (none when the record is absent or unreadable). */
export function valuesAt(event: CtEvent, field: string, path: Path): unknown[] {
  const fast = FAST[field];
  if (fast) {
    const v = fast(event);
    return v === undefined ? [] : [v];
  }
  const out: unknown[] = [];
  walk(event.record, path, 0, out);
  return out;
}

/** The first value the path reaches, without an array for the cached top-level fields. */
export function firstValue(event: CtEvent, field: string, path: Path): unknown {
  const fast = FAST[field];
  return fast ? fast(event) : valuesAt(event, field, path)[0];
}

/** A value as a rule compares it: strings as they are, numbers and booleans as text, objects as compact JSON. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** For the detail: at most 120 characters. */
export const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
