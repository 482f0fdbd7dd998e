/** The page's Athena scan cap as the host writes it: bytes, or a number with a decimal or binary unit; anything else in words. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SCAN_LIMIT, parseScanLimit, scanCapReached, sizeText } from '../../src/lookup/athena/scan-limit.js';

test('sizes with and without units', () => {
  assert.equal(parseScanLimit('10 GB'), 10e9, '10 GB');
  assert.equal(parseScanLimit('500mb'), 500e6, 'units in any case, no space');
  assert.equal(parseScanLimit('1.5 TiB'), 1.5 * 2 ** 40, 'binary units');
  assert.equal(parseScanLimit('1000000'), 1e6, 'plain bytes');
  assert.equal(parseScanLimit(2048), 2048, 'a number');
  assert.equal(parseScanLimit(undefined), undefined, 'unset: no cap');
  assert.equal(parseScanLimit('  '), undefined, 'empty: no cap');
});

test('what is no size is refused in words', () => {
  for (const bad of ['ten gigs', '10 GBs', '-5 MB', '0', '1e400', 'GB']) {
    assert.throws(() => parseScanLimit(bad), (e: Error) => e.message.includes('is not a size') && e.message.includes('10 GB'), bad);
  }
});

test('the stop explains itself with sizes a person reads', () => {
  assert.equal(sizeText(61_440), '61 KB', 'decimal units');
  assert.equal(sizeText(999), '999 bytes', 'bytes');
  const e = scanCapReached(12_345_678_901, 10e9);
  assert.equal(e.code, 'AthenaScanCapReached', 'its code');
  assert.match(e.message, /read 12 GB, more than the 10 GB this page allows/, 'both sizes');
  assert.match(e.message, /Narrow the time range or add conditions.*raise the limit/, 'what to do');
});

test('without a host limit the default 10 GB applies, and the stop names it as the default', () => {
  assert.equal(DEFAULT_SCAN_LIMIT, 10e9, '10 GB');
  const e = scanCapReached(10_400_000_000, DEFAULT_SCAN_LIMIT, true);
  assert.match(e.message, /more than the default 10 GB limit per query \(athena-scan-limit is unset\)/, 'says it is the default');
  assert.match(e.message, /raise the limit/, 'what to do');
});
