/**
 * CSV and JSON exports of loaded events. Plain strings, no DOM: the elements turn them into
 * downloads. Cells that a spreadsheet would run as a formula are neutralised, because every
 * CloudTrail string (user agents, resource names) is attacker-controlled.
 */

export interface ExportColumn<T> {
  label: string;
  value: (row: T) => string | undefined;
}

/**
 * What a spreadsheet may take as the start of a formula, full-width forms included: `=`, `+`, `-`,
 * `@`, and `|` and `%`, which the defusedcsv library escapes too (`|` starts a DDE call in Excel).
 */
const FORMULA_START = /^[=+\-@|%\uFF1D\uFF0B\uFF0D\uFF20\uFF5C\uFF05]/;
/**
 * Leading characters some importers trim or ignore before reading a formula: white space (line
 * breaks and no-break spaces included), control characters and invisible format characters.
 */
const IGNORED_LEAD = /^[\s\p{Cc}\p{Cf}]+/u;

/** Whether a spreadsheet could read `text` as a formula, once what importers trim is gone. */
function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text.replace(IGNORED_LEAD, '')) || /^[\t\r\n]/.test(text);
}

/** One CSV field per RFC 4180, with spreadsheet formula injection defused by a leading quote. */
export function csvField(raw: string | undefined): string {
  let text = raw ?? '';
  if (looksLikeFormula(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(rows: readonly T[], columns: readonly ExportColumn<T>[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The loaded events as CloudTrail writes them to S3 (`{"Records": [...]}`), so the file feeds the
 * same tools as a trail's log files. Each record is written exactly as the service sent it (the
 * raw `CloudTrailEvent` string, already JSON), never parsed and serialised again: a record nested
 * thousands of levels deep cannot make the export fail. A record that is not valid JSON is kept as
 * a JSON string.
 */
export function toRecordsJson(rawRecords: readonly (string | undefined)[]): string {
  const records = rawRecords.map(recordJson);
  return records.length ? `{"Records": [\n${records.join(',\n')}\n]}\n` : '{"Records": []}\n';
}

/** One record as JSON text: the raw string when it is valid JSON, else that string quoted. */
export function recordJson(raw: string | undefined): string {
  if (raw === undefined) return 'null';
  try {
    JSON.parse(raw);
    return raw.trim();
  } catch {
    return JSON.stringify(raw);
  }
}
