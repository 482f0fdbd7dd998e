/** Time formatting and parsing shared by the store, the table, the detail and the filter. Plain TypeScript. */

export type TimeZoneMode = 'utc' | 'local';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The one way a time is written, in the table and in the filter's inputs (24-hour, zone named beside it). */
export const TIME_FORMAT = 'YYYY-MM-DD HH:MM:SS';

/** `2026-11-24 15:04:05 UTC` or, in local mode, `2026-11-24 16:04:05 GMT+1`. */
export function formatTime(date: Date | undefined, zone: TimeZoneMode): string {
  const text = toInputValue(date, zone);
  return text && `${text} ${zone === 'utc' ? 'UTC' : offsetLabel(date!)}`;
}

/** The zone as the table names it: `UTC`, or the local offset at `date` (`GMT+1`). */
function offsetLabel(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `GMT${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
}

/** `2026-11-24 15:04:05`: `date` in the chosen zone, as the table shows it without the zone (and the filter's inputs hold it). */
export function toInputValue(date: Date | undefined, zone: TimeZoneMode): string {
  const t = date?.getTime() ?? Number.NaN;
  if (Number.isNaN(t)) return '';
  return new Date(zone === 'utc' ? t : t - date!.getTimezoneOffset() * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Reads a time typed in {@link TIME_FORMAT} (a `T` may stand for the space) in the chosen zone. The
 * seconds, or the whole time of day (midnight), may be left out. Returns the instant, or what is
 * wrong with the text in words (`2026-02-30 is not a date`), for a message that names the field.
 */
export function parseTime(text: string, zone: TimeZoneMode): Date | string {
  const m = /^(\d{4}-\d\d-\d\d)(?:[ T](\d\d:\d\d)(:\d\d)?)?$/.exec(text.trim());
  if (!m) return `use the form ${TIME_FORMAT}`;
  const [, day, hm = '00:00', s = ':00'] = m;
  const want = `${day} ${hm}${s}`;
  // ISO text without an offset is read as local time. Engines either refuse 2026-02-30 or roll it
  // over to March (25:00 to the next day): a real time is the one that survives the round trip.
  const at = (time: string) => new Date(`${day}T${time}${zone === 'utc' ? 'Z' : ''}`);
  const date = at(hm + s);
  if (toInputValue(date, zone) === want) return date;
  // 25:00, or a local time the clocks skip on that day.
  return toInputValue(at('12:00'), zone).slice(0, 10) === day ? `${hm}${s} is not a time on ${day}` : `${day} is not a date`;
}
