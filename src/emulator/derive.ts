/**
 * Turns a CloudTrail record into the LookupEvents event the service would return, with the
 * derivation the library shares (src/lookup/derive.ts), so the same record gives the same event.
 */
import { deriveReadOnly, deriveResources, deriveUsername, isInsight, type Rec } from '../lookup/derive.js';
import type { WireEvent } from './types.js';

export { arnTail, deriveReadOnly, deriveResources, deriveUsername, isInsight } from '../lookup/derive.js';

const obj = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Derive the wire event. `record` must already carry its final eventID and eventTime. */
export function deriveEvent(record: Rec, eventId: string, epochSeconds: number): WireEvent {
  if (isInsight(record)) {
    const details = obj(record.insightDetails);
    return {
      EventId: eventId,
      EventName: str(details?.eventName) ?? str(record.eventName),
      EventTime: epochSeconds,
      EventSource: str(details?.eventSource) ?? str(record.eventSource),
      Resources: [],
      CloudTrailEvent: JSON.stringify(record),
    };
  }
  const eventName = str(record.eventName);
  const eventSource = str(record.eventSource);
  const ev: WireEvent = {
    EventId: eventId,
    EventName: eventName,
    ReadOnly: deriveReadOnly(record, eventName),
    // Copied as recorded, an empty string included (console sign-ins record "").
    AccessKeyId: typeof obj(record.userIdentity)?.accessKeyId === 'string' ? (obj(record.userIdentity)!.accessKeyId as string) : undefined,
    EventTime: epochSeconds,
    EventSource: eventSource,
    Username: deriveUsername(record),
    Resources: deriveResources(record, eventSource),
    CloudTrailEvent: JSON.stringify(record),
  };
  // Absent fields are omitted on the wire rather than sent as null.
  for (const k of Object.keys(ev) as (keyof WireEvent)[]) if (ev[k] === undefined) delete ev[k];
  return ev;
}
