/**
 * Years of synthetic activity for the Athena table: the generator's 90 days of records, their
 * times stretched back over `days` (order and the newest time kept), as a trail's S3 logs hold them
 * long after Event history has dropped them.
 */
import { isoSeconds } from '../dataset.js';
import { generateRecords, type GenerateOptions } from '../generator.js';

const DAY_MS = 86_400_000;

function stretchRecords(records: Record<string, unknown>[], nowMs: number, days: number): Record<string, unknown>[] {
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

/**
 * Many events over `days`, generated `batch` at a time so they never sit in memory together: batch k
 * is the generator's own activity (its seed `seed`·1000 + k) pressed into the k-th slice of the
 * range, newest slice first. Insights records are left out (a trail's management logs hold none).
 */
export function* generateHistoryBatches(options: GenerateOptions & { count: number; days: number }, batch = 50_000): Generator<Record<string, unknown>> {
  const { days, count, seed = 1, ...rest } = options;
  if (!Number.isFinite(days) || days < 1 || days > 3650) throw new Error('generate.days must be from 1 to 3650');
  if (!Number.isInteger(count) || count < 0 || count > 10_000_000) throw new Error('generate.count must be a whole number up to 10,000,000');
  const batches = Math.max(1, Math.ceil(count / batch));
  const slice = days / batches;
  for (let k = 0; k < batches; k++) {
    const n = Math.min(batch, count - k * batch);
    const nowMs = rest.nowMs - Math.round(k * slice * DAY_MS);
    const records = generateRecords({ ...rest, nowMs, count: n, seed: seed * 1000 + k })
      .filter((r) => r.eventType !== 'AwsCloudTrailInsight').slice(0, n) as Record<string, unknown>[];
    yield* stretchRecords(records, nowMs, slice);
  }
}

