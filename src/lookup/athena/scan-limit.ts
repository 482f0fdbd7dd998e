/**
 * The page's own cap on the data one Athena query reads: parsed from what the host wrote (bytes, or
 * a number with a unit), and the words the lookup uses when a query passes it. Athena has no
 * per-request cap (only the workgroup's), so the source watches a running query's DataScannedInBytes
 * and stops it.
 */
import { LookupError } from '../errors.js';

const UNITS: Record<string, number> = {
  b: 1, byte: 1, bytes: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, pib: 2 ** 50,
};

/** Bytes from `10 GB`, `500MB`, `1.5 TiB` or `1000000`; undefined for unset or empty (the default applies); throws in words otherwise. */
export function parseScanLimit(value: string | number | undefined): number | undefined {
  if (value === undefined || value === null || String(value).trim() === '') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(value));
  const unit = m ? UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : Number.NaN;
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes)) {
    throw new LookupError(`athena-scan-limit "${String(value).slice(0, 40)}" is not a size: write bytes, or a number with KB, MB, GB or TB (such as "10 GB"), or leave it unset for the default 10 GB.`, { code: 'ValidationError' });
  }
  return bytes;
}

/** `1.2 GB`: decimal units, as the status line writes scans. */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return u === 0 ? `${v} bytes` : `${Number(v.toFixed(v < 10 ? 1 : 0))} ${units[u]}`;
}

/** The cap when the host sets none: the workgroup limit the README recommends. */
export const DEFAULT_SCAN_LIMIT = 10e9;

/** The query passed the page's cap (the host's, or the default when `byDefault`) and was stopped. */
export function scanCapReached(bytes: number, cap: number, byDefault = false): LookupError {
  const whose = byDefault ? `the default ${sizeText(cap)} limit per query (athena-scan-limit is unset)` : `the ${sizeText(cap)} this page allows one query (athena-scan-limit)`;
  return new LookupError(
    `Stopped the Athena query: it had read ${sizeText(bytes)}, more than ${whose}. ` +
    'Narrow the time range or add conditions so it reads fewer days, or raise the limit.',
    { code: 'AthenaScanCapReached' },
  );
}
