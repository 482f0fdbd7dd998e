/**
 * Saving the loaded rows (those the search shows) as a CSV file of the shown columns or as a JSON
 * file of the events' records. Loaded with table-later.ts, beside the first rows.
 */
import type { CtEvent } from '../../lookup/events.js';
import { toCsv, toRecordsJson } from '../../lookup/export.js';
import type { Column } from '../../state/columns.js';
import type { TimeZoneMode } from '../../state/time.js';
import { exportName, saveText } from '../shared/download.js';

/** Saves `rows` in `format`; returns the problem to show when the browser could not save. */
export function downloadRows(format: 'csv' | 'json', rows: readonly CtEvent[], columns: readonly Column[], zone: TimeZoneMode): string | undefined {
  if (format === 'json') return saveText('JSON file', `${exportName('cloudtrail-events')}.json`, () => toRecordsJson(rows.map((e) => e.CloudTrailEvent)), 'application/json');
  const cols = columns.map((c) => ({ label: c.label, value: (e: CtEvent) => c.value(e, zone) }));
  return saveText('CSV file', `${exportName('cloudtrail-events')}.csv`, () => toCsv(rows, cols), 'text/csv;charset=utf-8');
}
