/** The search index of loaded events, built a slice at a time (as the table does in idle time). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateRecords } from 'cloudtrail-elements-emulator';
import { EventSearchIndex } from '../../src/lookup/search.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

const events = generateRecords({ count: 3000, seed: 7, nowMs: Date.UTC(2026, 10, 24) }).map((r) => eventFromRecord(r));

test('an index built in slices answers exactly as one built at once', () => {
  const whole = new EventSearchIndex();
  whole.sync(events);
  const sliced = new EventSearchIndex();
  let slices = 0;
  while (sliced.size < events.length) {
    const result = sliced.sync(events, 700);
    if (slices > 0) assert.equal(result, 'kept', 'later slices extend the same index');
    slices++;
  }
  assert.equal(slices, Math.ceil(events.length / 700), 'each slice indexes at most the limit');
  for (const q of ['describe', 'accessdenied', 'alice', '10.0', 's3 bucket']) {
    assert.deepEqual(sliced.search(q), whole.search(q), `the same matches for "${q}"`);
  }
  assert.deepEqual(sliced.search('', { errorsOnly: true }), whole.search('', { errorsOnly: true }), 'errors only too');
});

test('a slice of a different list starts over', () => {
  const index = new EventSearchIndex();
  index.sync(events, 100);
  assert.equal(index.sync(events.slice(0, 50), 10), 'reset', 'a shorter, different list resets');
  assert.equal(index.size, 10, 'and indexes only the slice asked for');
});
