/** Time formatting and parsing shared by the store, the table, the detail and the filter. Plain TypeScript. */

export type TimeZoneMode = 'utc' | 'local';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-24 15:04:05 UTC` or, in local mode, `2026-11-24 16:04:05 GMT+1`. */
export function formatTime(date: Date | undefined, zone: TimeZoneMode): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  if (zone === 'utc') {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${offsetLabel(date)}`;
}

function offsetLabel(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `GMT${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** Value for an `<input type="datetime-local">` showing `date` in the chosen zone. */
export function toInputValue(date: Date | undefined, zone: TimeZoneMode): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  if (zone === 'utc') return date.toISOString().slice(0, 19);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Parses a `datetime-local` value in the chosen zone. Returns an invalid Date for text that is not
 * a real date and time (2026-02-30 included), so validation can say so.
 */
export function fromInputValue(value: string, zone: TimeZoneMode): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return new Date(Number.NaN);
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  const date = zone === 'utc' ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
  const roundTrip = zone === 'utc'
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes()];
  // Date rolls 2026-02-30 over to March; a real date survives the round trip unchanged.
  if (roundTrip.join() !== [y, mo, d, h, mi].join()) return new Date(Number.NaN);
  return date;
}
