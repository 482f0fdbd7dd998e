/**
 * One LookupEvents event, typed. The `CloudTrailEvent` string is the only copy of the record kept:
 * derived fields are read from it on first access and cached (a few short strings), and the parsed
 * record itself is held through a WeakRef, so 100,000 rows do not keep 100,000 object trees alive.
 * Nothing here throws on a malformed event: missing fields are `undefined`, see `recordError`.
 */
import type { LookupEventsEvent as SdkEvent } from './wire.js';
import type { EventResource } from './types.js';

/** What an Insights record says under `insightDetails`. */
export interface InsightDetails {
  state?: string;
  insightType?: string;
  eventSource?: string;
  eventName?: string;
  errorCode?: string;
  baselineAverage?: number;
  insightAverage?: number;
  baselineDuration?: number;
  insightDuration?: number;
}

interface Derived {
  error?: string;
  errorCode?: string;
  errorMessage?: string;
  sourceIp?: string;
  userAgent?: string;
  region?: string;
  accountId?: string;
  identityType?: string;
  identityArn?: string;
  eventType?: string;
  eventCategory?: string;
  insight?: InsightDetails;
}

export type Json = Record<string, unknown>;
const NO_RESOURCES: readonly EventResource[] = Object.freeze([]);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

export function parseRecord(raw: string | undefined): { record?: Json; error?: string } {
  if (raw === undefined || raw === '') return { error: 'The event has no CloudTrailEvent record.' };
  try {
    const record = obj(JSON.parse(raw));
    return record ? { record } : { error: 'The CloudTrailEvent record is not a JSON object.' };
  } catch (err) {
    return { error: `The CloudTrailEvent record is not valid JSON (${(err as Error).message}).` };
  }
}

/**
 * One copy of each repeated value: names, sources, users, Regions, agents, ARNs repeat across
 * events, and each parsed record would otherwise keep its own copy of each. Bounded: past
 * POOL_MAX values the pool starts over (strings already shared stay shared). Long values
 * (error messages with details) are kept as they are.
 */
const pool = new Map<string, string>();
const POOL_MAX = 20_000;
function shared(v: string | undefined): string | undefined {
  if (v === undefined || v.length > 200) return v;
  const held = pool.get(v);
  if (held !== undefined) return held;
  if (pool.size >= POOL_MAX) pool.clear();
  pool.set(v, v);
  return v;
}
const sharedStr = (v: unknown): string | undefined => shared(str(v));

function derive(record: Json | undefined, error: string | undefined): Derived {
  if (!record) return { error };
  const identity = obj(record.userIdentity);
  const details = obj(record.insightDetails);
  const context = obj(details?.insightContext);
  const stats = obj(context?.statistics);
  return {
    errorCode: sharedStr(record.errorCode),
    errorMessage: sharedStr(record.errorMessage),
    sourceIp: sharedStr(record.sourceIPAddress),
    userAgent: sharedStr(record.userAgent),
    region: sharedStr(record.awsRegion),
    accountId: sharedStr(record.recipientAccountId) ?? sharedStr(identity?.accountId),
    identityType: sharedStr(identity?.type),
    identityArn: sharedStr(identity?.arn),
    eventType: sharedStr(record.eventType),
    eventCategory: sharedStr(record.eventCategory),
    insight: details && {
      state: str(details.state),
      insightType: str(details.insightType),
      eventSource: str(details.eventSource),
      eventName: str(details.eventName),
      errorCode: str(details.errorCode),
      baselineAverage: num(obj(stats?.baseline)?.average),
      insightAverage: num(obj(stats?.insight)?.average),
      baselineDuration: num(stats?.baselineDuration),
      insightDuration: num(stats?.insightDuration),
    },
  };
}

export class CtEvent {
  readonly EventId: string | undefined;
  readonly EventName: string | undefined;
  /** The API sends the string "true"/"false"; anything else is `undefined`. */
  readonly ReadOnly: boolean | undefined;
  readonly AccessKeyId: string | undefined;
  readonly EventTime: Date | undefined;
  readonly EventSource: string | undefined;
  readonly Username: string | undefined;
  readonly Resources: readonly EventResource[];
  /** The raw record, compact JSON, exactly as the service sent it. */
  readonly CloudTrailEvent: string | undefined;
  #derived: Derived | undefined;
  #record: WeakRef<Json> | undefined;
  /**
   * @internal The findings engine that evaluated this event and what it found (see
   * findings/engine.ts): two fields on the event cost less than a WeakMap entry per loaded event.
   */
  findingsBy: object | undefined = undefined;
  /** @internal */
  findingsHits: unknown = undefined;

  constructor(event: SdkEvent) {
    this.EventId = str(event.EventId);
    this.EventName = sharedStr(event.EventName);
    this.ReadOnly = event.ReadOnly === 'true' ? true : event.ReadOnly === 'false' ? false : undefined;
    this.AccessKeyId = sharedStr(event.AccessKeyId);
    const time = event.EventTime instanceof Date ? event.EventTime : undefined;
    this.EventTime = time && !Number.isNaN(time.getTime()) ? time : undefined;
    this.EventSource = sharedStr(event.EventSource);
    this.Username = sharedStr(event.Username);
    this.Resources = Array.isArray(event.Resources) && event.Resources.length > 0
      ? event.Resources.map((r) => ({ type: sharedStr(r?.ResourceType), name: sharedStr(r?.ResourceName) }))
      : NO_RESOURCES;
    this.CloudTrailEvent = str(event.CloudTrailEvent);
  }

  /**
   * The parsed record (`undefined` if missing or not a JSON object). Parsed on first access; the
   * object is shared between callers while any of them holds it, so treat it as read-only.
   */
  get record(): Readonly<Json> | undefined {
    let held = this.#record?.deref();
    if (!held && (held = this.recordOnce())) this.#record = new WeakRef(held);
    return held;
  }

  /**
   * @internal The parsed record for a reader that needs it now and not after (the findings engine
   * on each of 100,000 events): the held copy when there is one, else parsed afresh and not held,
   * which spares a WeakRef per event. The derived fields are kept as on any first parse.
   */
  recordOnce(): Readonly<Json> | undefined {
    const held = this.#record?.deref();
    if (held) return held;
    const { record, error } = parseRecord(this.CloudTrailEvent);
    this.#derived ??= derive(record, error);
    return record;
  }

  /** @internal Whether the derived fields (errorCode, awsRegion, ...) are read already: reading one then parses nothing. */
  get derivedRead(): boolean {
    return this.#derived !== undefined;
  }

  get #d(): Derived {
    if (!this.#derived) {
      const held = this.#record?.deref();
      if (held) this.#derived = derive(held, undefined);
      else {
        const { record, error } = parseRecord(this.CloudTrailEvent);
        this.#derived = derive(record, error);
      }
    }
    return this.#derived;
  }

  /** Why the record could not be read, or `undefined` when it parsed. */
  get recordError(): string | undefined { return this.#d.error; }
  get errorCode(): string | undefined { return this.#d.errorCode; }
  get errorMessage(): string | undefined { return this.#d.errorMessage; }
  get sourceIp(): string | undefined { return this.#d.sourceIp; }
  get userAgent(): string | undefined { return this.#d.userAgent; }
  get region(): string | undefined { return this.#d.region; }
  /** `recipientAccountId`, else `userIdentity.accountId`. */
  get accountId(): string | undefined { return this.#d.accountId; }
  get identityType(): string | undefined { return this.#d.identityType; }
  get identityArn(): string | undefined { return this.#d.identityArn; }
  get eventType(): string | undefined { return this.#d.eventType; }
  /** The record's `eventCategory` (`Management`, `Data`, `Insight`), when it has one. */
  get eventCategory(): string | undefined { return this.#d.eventCategory; }
  /**
   * Read from the record when asked (the detail shows it), not kept with the derived fields: one
   * distinct string per event, about 40 bytes for each event whose record was read (the findings
   * read about half of 100,000 loaded events).
   */
  get requestId(): string | undefined { return str(this.record?.requestID); }
  get isInsight(): boolean {
    const d = this.#d;
    return d.eventType === 'AwsCloudTrailInsight' || d.eventCategory === 'Insight' || d.insight !== undefined;
  }
  /** For Insights events: state, type, the API it is about and its statistics. */
  get insight(): InsightDetails | undefined { return this.#d.insight; }
  /** True when the call failed (the record has an errorCode). */
  get isError(): boolean { return this.#d.errorCode !== undefined; }
}

const timeOf = (e: CtEvent) => e.EventTime?.getTime() ?? -Infinity;

/**
 * `events` (newest first) with `fresh` merged in, each at its place by time (after the events of
 * the same second already there); a new array. For events that arrive late: a follow poll's, or a
 * Region that caught up after the others went on.
 */
export function insertByTime(events: readonly CtEvent[], fresh: readonly CtEvent[]): CtEvent[] {
  const sorted = [...fresh].sort((a, b) => timeOf(b) - timeOf(a));
  const merged: CtEvent[] = [];
  let i = 0;
  for (const e of events) {
    while (i < sorted.length && timeOf(sorted[i]) > timeOf(e)) merged.push(sorted[i++]);
    merged.push(e);
  }
  while (i < sorted.length) merged.push(sorted[i++]);
  return merged;
}
