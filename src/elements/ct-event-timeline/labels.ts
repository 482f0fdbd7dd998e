/** Times as the timeline writes them: to the minute, in the investigation's time zone. Plain TypeScript. */
import { formatTime, type TimeZoneMode } from '../../state/time.js';

/** `2026-11-24 15:04 UTC`: formatTime without the seconds. */
export function shortTime(t: number, zone: TimeZoneMode): string {
  return formatTime(new Date(t), zone).replace(/(\d\d:\d\d):\d\d/, '$1');
}

/** `2026-11-24 15:00 – 16:00 UTC`, the date and zone written once when they are shared. */
export function spanText(start: number, end: number, zone: TimeZoneMode): string {
  const a = shortTime(start, zone);
  const b = shortTime(end, zone);
  const [dateA, timeA, ...zoneA] = a.split(' ');
  const [dateB, timeB, ...zoneB] = b.split(' ');
  if (zoneA.join(' ') !== zoneB.join(' ')) return `${a} – ${b}`;
  return dateA === dateB ? `${dateA} ${timeA} – ${timeB} ${zoneA.join(' ')}` : `${dateA} ${timeA} – ${dateB} ${timeB} ${zoneA.join(' ')}`;
}
