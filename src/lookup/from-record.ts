/**
 * Events from raw CloudTrail records (an element of a log file's `Records`, or a row an Athena
 * query rebuilt), deriving the LookupEvents fields as the service does (PROTOCOL.md, derive.ts);
 * the emulator's own rules give the same event for the same record (test/node/emulator-fidelity.test.ts).
 *
 * A module of its own, not a static of CtEvent: a page that only looks events up never loads the
 * derivation rules (the one-file bundle leaves them out).
 */
import { deriveReadOnly, deriveResources, deriveUsername, isInsight } from './derive.js';
import { CtEvent, obj, parseRecord, str } from './events.js';

/** An event built from a raw CloudTrail record, given as its JSON text or as an object. */
export function eventFromRecord(input: string | object): CtEvent {
  const raw = typeof input === 'string' ? input : JSON.stringify(input);
  const record = parseRecord(raw).record ?? {};
  const identity = obj(record.userIdentity);
  const details = obj(record.insightDetails);
  const time = str(record.eventTime) ? new Date(str(record.eventTime)!) : undefined;
  const insight = isInsight(record);
  const eventName = str(record.eventName) ?? str(details?.eventName);
  const eventSource = str(record.eventSource) ?? str(details?.eventSource);
  return new CtEvent({
    EventId: str(record.eventID),
    EventName: insight ? str(details?.eventName) ?? str(record.eventName) : eventName,
    EventSource: insight ? str(details?.eventSource) ?? str(record.eventSource) : eventSource,
    EventTime: time,
    ReadOnly: insight ? undefined : deriveReadOnly(record, eventName),
    AccessKeyId: str(identity?.accessKeyId),
    Username: insight ? undefined : deriveUsername(record),
    Resources: insight ? [] : deriveResources(record, eventSource),
    CloudTrailEvent: raw,
  });
}
