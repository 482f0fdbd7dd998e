/**
 * Reading a rule's field from a CloudTrail record by path. A path walks objects by key, arrays
 * element by element (each element is a candidate), and JSON held in a string: IAM and S3 put
 * policy documents in the record as strings, and a rule on `policyDocument.Statement.Effect`
 * should not have to know that.
 */
import type { CtEvent } from '../events.js';

/**
 * Fields of the event's summary (what LookupEvents returns beside the record): read without the
 * record at all. The other cached fields below are read from the record once, when first asked for.
 */
const SUMMARY = new Set(['eventName', 'eventSource', 'eventID', 'userIdentity.accessKeyId']);

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

/** The cached fields read from the record (the first asks for a parse): the rest of FAST is the summary's, or the record's text. */
const DERIVED = new Set(['errorCode', 'awsRegion', 'sourceIPAddress', 'userAgent', 'userIdentity.type', 'userIdentity.arn']);

/** Whether the field is one the event caches from its record on first read (see DERIVED). */
export const isDerived = (field: string): boolean => DERIVED.has(field);

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

/** The cached reader of a top-level field, when it has one: a test then needs no array and no parse. */
export const fastReader = (field: string): ((e: CtEvent) => unknown) | undefined => FAST[field];

/**
 * What reading the field costs, for ordering the tests of an `all` or `any`: 0 for the summary's
 * fields, 1 for the other cached ones (read once per event), 2 for a path into the record.
 */
export const fieldCost = (field: string): number => (SUMMARY.has(field) ? 0 : FAST[field] ? 1 : 2);

/** The first value the path reaches, read by a function made once (the cached reader, or a walk that stops at the first value). */
export function firstReader(field: string): (e: CtEvent) => unknown {
  const fast = FAST[field];
  if (fast) return fast;
  const path = splitPath(field);
  let found: unknown;
  const take = (v: unknown) => {
    found = v;
    return true;
  };
  return (e) => {
    found = undefined;
    someIn(recordOf(e), path, 0, take);
    return found;
  };
}

let lastEvent: CtEvent | undefined;
let lastRecord: unknown;

/**
 * The event's parsed record, parsed once however many of its tests read it: evaluation goes one
 * event at a time, so the last one is remembered (and only it, so 100,000 records are not kept).
 */
function recordOf(event: CtEvent): unknown {
  if (event !== lastEvent) {
    lastRecord = event.recordOnce();
    lastEvent = event;
  }
  return lastRecord;
}

/** Whether some value the path reaches meets `check`, stopping at the first, with no array. */
export function someAt(event: CtEvent, path: Path, check: (v: unknown) => boolean): boolean {
  return someIn(recordOf(event), path, 0, check);
}

/** The one walk of a path: into arrays' items and JSON held in strings, each value reached given to `check` until one passes. */
function someIn(value: unknown, path: Path, at: number, check: (v: unknown) => boolean): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (someIn(item, path, at, check)) return true;
    return false;
  }
  if (at === path.length) return check(value);
  if (typeof value === 'string') {
    const inner = parseInner(value);
    return inner !== undefined && someIn(inner, path, at, check);
  }
  return typeof value === 'object' && someIn((value as Record<string, unknown>)[path[at]], path, at + 1, check);
}

/**
 * Texts the record's JSON must hold for a test on a path into it to pass, so that most records can
 * be turned away without parsing them: every one of `all`, and one of `any` when given.
 */
export interface Needles {
  readonly all: readonly string[];
  readonly any?: readonly string[];
}

/** Nothing JSON writes outside a string (structure, numbers, escapes, space) and no digit: such text in a value is in the record as it is. */
const PLAIN = /^[^\s{}[\]:,"\\\u0000-\u001f0-9]*[^\s{}[\]:,"\\\u0000-\u001f0-9eE.+-][^\s{}[\]:,"\\\u0000-\u001f0-9]*$/;

/**
 * The needles of a test on `path` (undefined when none is certain): the path's last key, which a
 * key reached through JSON held in a string has too (its quotes escaped); for a test that holds
 * only on a value with some text, that text when JSON writes it as it is. An `equals` or `oneOf`
 * holds only on strings and booleans unless its values are numbers (written 1e2 or 100.0 alike);
 * `contains` and its kin also on objects (matched as compact JSON), so their text must be plain.
 */
export function needlesOf(path: Path, op: string, leaf: { ignoreCase?: boolean }): Needles | undefined {
  const key = path[path.length - 1];
  if (!/^[A-Za-z0-9_$-]+$/.test(key)) return undefined;
  const exact = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && Number.isNaN(Number(v)) && !/["\\\u0000-\u001f]/.test(v);
  if (leaf.ignoreCase) return { all: [key] };
  const expected = (leaf as Record<string, unknown>)[op];
  if (op === 'equals' && exact(expected)) return { all: [key, expected] };
  if (op === 'oneOf' && Array.isArray(expected) && expected.every(exact)) return { all: [key], any: expected };
  if ((op === 'contains' || op === 'startsWith' || op === 'endsWith') && typeof expected === 'string' && PLAIN.test(expected)) return { all: [key, expected] };
  return { all: [key] };
}

let lastText: string | undefined;
let lastEscaped = false;

/**
 * Whether the record's text may hold every needle: false only when one is missing and the text
 * has no escape that could spell it otherwise (`\u0041`, `\/`). Its escapes are looked for once
 * per record, however many rules ask in a row.
 */
export function mayHold(event: CtEvent, needles: Needles): boolean {
  const text = event.CloudTrailEvent;
  if (text === undefined) return false;
  const { all, any } = needles;
  let held = true;
  for (let i = 0; i < all.length && held; i++) held = text.includes(all[i]);
  if (held && any) {
    held = false;
    for (let i = 0; i < any.length && !held; i++) held = text.includes(any[i]);
  }
  if (held) return true;
  if (text !== lastText) {
    lastText = text;
    lastEscaped = text.includes('\\u') || text.includes('\\/');
  }
  return lastEscaped;
}

/** Every value the path reaches in the event's record (none when the record is absent or unreadable). */
export function valuesAt(event: CtEvent, field: string, path: Path): unknown[] {
  const fast = FAST[field];
  if (fast) {
    const v = fast(event);
    return v === undefined ? [] : [v];
  }
  const out: unknown[] = [];
  someIn(recordOf(event), path, 0, (v) => {
    out.push(v);
    return false;
  });
  return out;
}

/** A value as a rule compares it: strings as they are, numbers and booleans as text, objects as compact JSON. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** For the detail: at most 120 characters. */
export const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 119)}…` : text);
