/**
 * The table's column model: the console's six default columns and the extra ones a user can add.
 * Each column reads a CtEvent as text (never HTML) for the cell, the CSV export and sorting.
 */
import type { CtEvent } from '../../lookup/events.js';
import { formatTime, type TimeZoneMode } from '../shared/format.js';

export type ColumnId =
  | 'time'
  | 'eventName'
  | 'username'
  | 'eventSource'
  | 'resourceType'
  | 'resourceName'
  | 'errorCode'
  | 'sourceIp'
  | 'accessKeyId'
  | 'region'
  | 'readOnly'
  | 'eventId'
  | 'userAgent';

export interface Column {
  id: ColumnId;
  label: string;
  /** CSS grid track size. */
  width: string;
  value: (event: CtEvent, zone: TimeZoneMode) => string;
}

const join = (values: (string | undefined)[]) => values.filter(Boolean).join(', ');

export const COLUMNS: readonly Column[] = [
  { id: 'time', label: 'Event time', width: 'minmax(11rem, 1.1fr)', value: (e, zone) => formatTime(e.EventTime, zone) },
  { id: 'eventName', label: 'Event name', width: 'minmax(9rem, 1.2fr)', value: (e) => e.EventName ?? '' },
  { id: 'username', label: 'User name', width: 'minmax(8rem, 1fr)', value: (e) => e.Username ?? '' },
  { id: 'eventSource', label: 'Event source', width: 'minmax(9rem, 1fr)', value: (e) => e.EventSource ?? '' },
  { id: 'resourceType', label: 'Resource type', width: 'minmax(8rem, 1fr)', value: (e) => join(e.Resources.map((r) => r.type)) },
  { id: 'resourceName', label: 'Resource name', width: 'minmax(8rem, 1.2fr)', value: (e) => join(e.Resources.map((r) => r.name)) },
  { id: 'errorCode', label: 'Error code', width: 'minmax(8rem, 1fr)', value: (e) => e.errorCode ?? '' },
  { id: 'sourceIp', label: 'Source IP address', width: 'minmax(8rem, 0.9fr)', value: (e) => e.sourceIp ?? '' },
  { id: 'accessKeyId', label: 'AWS access key', width: 'minmax(10rem, 1fr)', value: (e) => e.AccessKeyId ?? '' },
  { id: 'region', label: 'AWS Region', width: 'minmax(6rem, 0.7fr)', value: (e) => e.region ?? '' },
  { id: 'readOnly', label: 'Read-only', width: 'minmax(5rem, 0.5fr)', value: (e) => (e.ReadOnly === undefined ? '' : String(e.ReadOnly)) },
  { id: 'eventId', label: 'Event ID', width: 'minmax(12rem, 1.3fr)', value: (e) => e.EventId ?? '' },
  { id: 'userAgent', label: 'User agent', width: 'minmax(10rem, 1.5fr)', value: (e) => e.userAgent ?? '' },
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = ['time', 'eventName', 'username', 'eventSource', 'resourceType', 'resourceName'];

const byId = new Map(COLUMNS.map((c) => [c.id, c]));

export function isColumnId(id: string): id is ColumnId {
  return byId.has(id as ColumnId);
}

export function columnsFor(ids: readonly ColumnId[]): Column[] {
  return ids.map((id) => byId.get(id)).filter((c): c is Column => c !== undefined);
}
