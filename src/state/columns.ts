/**
 * The table's column model: the console's six default columns and the extra ones a user can add.
 * Each column reads a CtEvent as text (never HTML) for the cell, the CSV export and sorting.
 */
import type { ConditionField } from '../lookup/conditions.js';
import type { CtEvent } from '../lookup/events.js';
import { formatTime, type TimeZoneMode } from './time.js';
import { findingText } from './findings.js';
import { accountText } from '../lookup/account-names.js';

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
  | 'account'
  | 'readOnly'
  | 'eventId'
  | 'userAgent'
  | 'finding';

/** The Insights columns' ids (see insights.ts): an Insights lookup shows those, not the chooser's. */
type InsightColumnId = 'insightWindow' | 'insightType' | 'insightState' | 'insightSource' | 'insightName' | 'baselineAverage' | 'insightAverage';

export interface Column {
  id: ColumnId | InsightColumnId;
  label: string;
  /** Narrowest width, in rem; the rest of the row is shared out by `grow`. */
  min: number;
  grow: number;
  value: (event: CtEvent, zone: TimeZoneMode) => string;
  /** Long or many values (resources, ARNs, agents): the column gives way first when the row is too narrow. */
  yields?: boolean;
  /** Never cut (the time anchors every row): when nothing fits, the row scrolls sideways instead. */
  whole?: boolean;
  /** The condition field a cell's value can pivot on (see `fieldValues`); none for the time. */
  field?: ConditionField;
}

/** A column of the chooser (the management columns). */
export interface ChoosableColumn extends Column {
  id: ColumnId;
}

const join = (values: (string | undefined)[]) => values.filter(Boolean).join(', ');

export const COLUMNS: readonly ChoosableColumn[] = [
  { id: 'time', label: 'Event time', min: 13.5, grow: 1, value: (e, zone) => formatTime(e.EventTime, zone), whole: true },
  { id: 'eventName', label: 'Event name', min: 9, grow: 1.2, value: (e) => e.EventName ?? '', field: 'EventName' },
  { id: 'username', label: 'User name', min: 8, grow: 1, value: (e) => e.Username ?? '', field: 'Username' },
  { id: 'eventSource', label: 'Event source', min: 9, grow: 1, value: (e) => e.EventSource ?? '', field: 'EventSource' },
  { id: 'resourceType', label: 'Resource type', min: 8, grow: 1, value: (e) => join(e.Resources.map((r) => r.type)), field: 'ResourceType', yields: true },
  { id: 'resourceName', label: 'Resource name', min: 8, grow: 1.2, value: (e) => join(e.Resources.map((r) => r.name)), field: 'ResourceName', yields: true },
  { id: 'errorCode', label: 'Error code', min: 8, grow: 1, value: (e) => e.errorCode ?? '', field: 'ErrorCode' },
  { id: 'sourceIp', label: 'Source IP address', min: 8, grow: 0.9, value: (e) => e.sourceIp ?? '', field: 'SourceIPAddress' },
  { id: 'accessKeyId', label: 'AWS access key', min: 10, grow: 1, value: (e) => e.AccessKeyId ?? '', field: 'AccessKeyId' },
  { id: 'region', label: 'AWS Region', min: 6, grow: 0.7, value: (e) => e.region ?? '', field: 'AwsRegion' },
  // The account's label and id ("Prod (111122223333)") when the host named it in `accounts`.
  { id: 'account', label: 'Account', min: 11, grow: 1.1, value: (e) => accountText(e.accountId), field: 'AccountId' },
  { id: 'readOnly', label: 'Read-only', min: 5, grow: 0.5, value: (e) => (e.ReadOnly === undefined ? '' : String(e.ReadOnly)), field: 'ReadOnly' },
  { id: 'eventId', label: 'Event ID', min: 12, grow: 1.3, value: (e) => e.EventId ?? '', field: 'EventId' },
  { id: 'userAgent', label: 'User agent', min: 10, grow: 1.5, value: (e) => e.userAgent ?? '', field: 'UserAgent', yields: true },
  // The most severe rule that flags the event (see findings.ts), with a mark of its severity in the table.
  { id: 'finding', label: 'Finding', min: 10, grow: 1.3, value: findingText, field: 'Finding', yields: true },
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = ['time', 'eventName', 'username', 'eventSource', 'resourceType', 'resourceName'];

const byId = new Map(COLUMNS.map((c) => [c.id, c]));

export function isColumnId(id: string): id is ColumnId {
  return byId.has(id as ColumnId);
}

export function columnsFor(ids: readonly ColumnId[]): ChoosableColumn[] {
  return ids.map((id) => byId.get(id)).filter((c): c is ChoosableColumn => c !== undefined);
}

/** Width of the pick column, in rem. */
export const PICK_COLUMN_REM = 2.25;
