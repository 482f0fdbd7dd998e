/**
 * Athena result rows back into events: the CloudTrail record rebuilt from the table's columns (the
 * SerDe lower-cased its keys; JSON held in STRING columns is parsed back), and the LookupEvents fields
 * beside it, so a row from the trail's logs renders as an event from Event history does.
 */
import { deriveResources } from '../derive.js';
import { CtEvent } from '../events.js';

type Json = Record<string, unknown>;

/** Record keys as CloudTrail writes them, by their lower-case column or struct field name. */
const KEYS: Record<string, string> = {
  eventversion: 'eventVersion', useridentity: 'userIdentity', eventtime: 'eventTime', eventsource: 'eventSource', eventname: 'eventName',
  awsregion: 'awsRegion', sourceipaddress: 'sourceIPAddress', useragent: 'userAgent', errorcode: 'errorCode', errormessage: 'errorMessage',
  requestparameters: 'requestParameters', responseelements: 'responseElements', additionaleventdata: 'additionalEventData',
  requestid: 'requestID', eventid: 'eventID', readonly: 'readOnly', resources: 'resources', eventtype: 'eventType', apiversion: 'apiVersion',
  recipientaccountid: 'recipientAccountId', serviceeventdetails: 'serviceEventDetails', sharedeventid: 'sharedEventID',
  vpcendpointid: 'vpcEndpointId', vpcendpointaccountid: 'vpcEndpointAccountId', eventcategory: 'eventCategory',
  sessioncredentialfromconsole: 'sessionCredentialFromConsole', tlsdetails: 'tlsDetails',
  // Struct fields.
  type: 'type', principalid: 'principalId', arn: 'arn', accountid: 'accountId', invokedby: 'invokedBy', accesskeyid: 'accessKeyId',
  username: 'userName', onbehalfof: 'onBehalfOf', userid: 'userId', identitystorearn: 'identityStoreArn', sessioncontext: 'sessionContext',
  attributes: 'attributes', mfaauthenticated: 'mfaAuthenticated', creationdate: 'creationDate', sessionissuer: 'sessionIssuer',
  ec2roledelivery: 'ec2RoleDelivery', sourceidentity: 'sourceIdentity', tlsversion: 'tlsVersion', ciphersuite: 'cipherSuite',
  clientprovidedhostheader: 'clientProvidedHostHeader',
};

/** STRING columns that hold JSON objects in the record. */
const JSON_TEXT = new Set(['requestparameters', 'responseelements', 'additionaleventdata', 'serviceeventdetails']);

/** A struct from JSON text with CloudTrail's key names and no nulls (an all-null struct is absent). */
function restore(value: unknown, parent?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => restore(v, parent));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    const r = restore(v, k);
    if (r === null || r === undefined) continue;
    // A resource's ARN is upper-case in CloudTrail records.
    out[parent === 'resources' && k === 'arn' ? 'ARN' : KEYS[k] ?? k] = r;
  }
  return Object.keys(out).length ? out : undefined;
}

function parse(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One result row (column name to text or null) as an event. */
export function rowToEvent(row: Record<string, string | null>): CtEvent {
  const record: Json = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === null || column === 'derived_username') continue;
    if (column.endsWith('_json')) {
      const name = column.slice(0, -'_json'.length);
      const restored = restore(parse(value), name);
      if (restored !== undefined) record[KEYS[name] ?? name] = restored;
    } else if (column === 'readonly') {
      record.readOnly = value === 'true' ? true : value === 'false' ? false : value;
    } else {
      record[KEYS[column] ?? column] = JSON_TEXT.has(column) ? parse(value) : value;
    }
  }
  // Resources named as Event history names them (derived from the record), so a ResourceName means the same in both sources.
  const resources = deriveResources({ ...record, resources: Array.isArray(record.resources) ? (record.resources as Json[]).map((r) => ({ ...r, arn: r.ARN })) : undefined }, row.eventsource ?? undefined);
  const time = row.eventtime ? new Date(row.eventtime) : undefined;
  return new CtEvent({
    EventId: row.eventid ?? undefined,
    EventName: row.eventname ?? undefined,
    ReadOnly: row.readonly ?? undefined,
    AccessKeyId: ((record.userIdentity as Json | undefined)?.accessKeyId as string | undefined),
    EventTime: time,
    EventSource: row.eventsource ?? undefined,
    Username: row.derived_username ?? undefined,
    Resources: resources,
    CloudTrailEvent: JSON.stringify(record),
  });
}
