/**
 * Years of synthetic activity for the Athena table: the generator's 90 days of records, their
 * times stretched back over `days` (order and the newest time kept), as a trail's S3 logs hold them
 * long after Event history has dropped them.
 */
import { isoSeconds } from '../dataset.js';
import { generateRecords, type GenerateOptions } from '../generator.js';

const DAY_MS = 86_400_000;

export function stretchRecords(records: Record<string, unknown>[], nowMs: number, days: number): Record<string, unknown>[] {
  const factor = days / 90;
  for (const r of records) {
    if (typeof r.eventTime !== 'string') continue;
    const t = Date.parse(r.eventTime);
    if (Number.isNaN(t)) continue;
    r.eventTime = isoSeconds(nowMs - (nowMs - t) * factor);
  }
  return records;
}

export function generateHistory(options: GenerateOptions & { days: number }): Record<string, unknown>[] {
  const { days, ...rest } = options;
  if (!Number.isFinite(days) || days < 1 || days > 3650) throw new Error('generate.days must be from 1 to 3650');
  return stretchRecords(generateRecords(rest) as Record<string, unknown>[], rest.nowMs, days);
}

export { DAY_MS };
