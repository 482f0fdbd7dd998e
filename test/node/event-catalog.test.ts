/**
 * The catalog of AWS operations the filter suggests: the committed src/lookup/aws-operations.ts is
 * exactly what `npm run catalog` writes from the pinned aws-sdk's service models, and it holds what
 * CloudTrail records under each event source (the models' operation names).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { CATALOG_FILE, catalogSource } from '../../scripts/event-catalog.js';
import { AWS_OPERATIONS } from '../../src/lookup/aws-operations.js';

describe('the AWS operations catalog', () => {
  test('the committed file is what npm run catalog writes from the installed aws-sdk', () => {
    assert.equal(readFileSync(CATALOG_FILE, 'utf8'), catalogSource(), 'src/lookup/aws-operations.ts differs from the generated text: run npm run catalog');
  });

  test('each event source holds every operation of its service model, read from the model files apart from the generator', () => {
    const require = createRequire(import.meta.url);
    const apis = join(dirname(require.resolve('aws-sdk/package.json')), 'apis');
    const model = (file: string) => JSON.parse(readFileSync(join(apis, file), 'utf8')) as { operations: Record<string, unknown> };
    const cloudtrail = Object.keys(model('cloudtrail-2013-11-01.min.json').operations);
    assert.deepEqual(AWS_OPERATIONS['cloudtrail.amazonaws.com']!.split(' '), [...cloudtrail].sort(), 'CloudTrail\'s operations under cloudtrail.amazonaws.com');
    assert.ok(AWS_OPERATIONS['cloudtrail.amazonaws.com']!.split(' ').includes('StopLogging'), 'StopLogging is a CloudTrail operation');
    assert.ok(Object.keys(AWS_OPERATIONS).length > 300, 'hundreds of services');
  });
});
