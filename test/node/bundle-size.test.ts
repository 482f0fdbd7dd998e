/**
 * The size budget: the one-file bundle, everything included, at most 90 kB minified and
 * gzipped (aim 80). Deterministic, so it is a test; the timings are only printed, by `npm run bench`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildBundle } from '../../scripts/build-bundle.js';

const BUDGET_GZIP_BYTES = 90_000;

test('the one-file bundle, with the chunks it imports at once, is at most 90 kB gzipped', async () => {
  const { min, gzip, brotli, files } = await buildBundle(true);
  const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  assert.ok(files.length >= 1 && files[0] === 'dist/cloudtrail-elements.bundle.js', `the first rows start at the bundle (${files.join(', ')})`);
  assert.ok(gzip <= BUDGET_GZIP_BYTES, `the first rows (${files.join(', ')}) are ${kB(gzip)} gzipped (min ${kB(min)}, brotli ${kB(brotli)}); the budget is ${kB(BUDGET_GZIP_BYTES)}. See the Performance section of CONTRIBUTING.md for what dominates it (npm run bench).`);
});

test('the bundle registers the errors LookupEvents returns, and not the rest of CloudTrail\'s', async () => {
  const { readFileSync } = await import('node:fs');
  const { BUNDLE } = await import('../../scripts/build-bundle.js');
  const { LOOKUP_EVENTS_ERRORS } = await import('../../vite.bundle.config.js');
  const code = readFileSync(BUNDLE, 'utf8');
  // An error class of the SDK sets its name as a field (`name = "X"`, quoted any way by the minifier).
  const hasClass = (name: string) => new RegExp(`name\\s*=\\s*[\`"']${name}[\`"']`).test(code);
  for (const name of LOOKUP_EVENTS_ERRORS) assert.ok(hasClass(name), `${name} is reported by its own class in the bundle`);
  for (const name of ['EventDataStoreNotFoundException', 'TrailNotFoundException', 'ChannelNotFoundException', 'InsufficientS3BucketPolicyException']) {
    assert.ok(!code.includes(name), `${name} (not an error of LookupEvents) is left out of the bundle`);
  }
});

test('the findings engine, its pack and the YAML parser load later, not in the one-file bundle', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const { BUNDLE } = await import('../../scripts/build-bundle.js');
  const code = readFileSync(BUNDLE, 'utf8');
  // A rule id of the pack, and a message only the YAML parser holds.
  assert.ok(!code.includes('cloudtrail-logging-stopped'), 'the built-in pack is not in the bundle');
  assert.ok(!code.includes('end of the stream or a document separator'), 'the YAML parser is not in the bundle');
  const chunks = readdirSync(join(dirname(BUNDLE), 'bundle-chunks')).map((f) => readFileSync(join(dirname(BUNDLE), 'bundle-chunks', f), 'utf8'));
  assert.ok(chunks.some((c) => c.includes('cloudtrail-logging-stopped')), 'the pack is in a chunk that loads later');
  assert.ok(chunks.some((c) => c.includes('end of the stream or a document separator')), 'and so is the YAML parser');
});
