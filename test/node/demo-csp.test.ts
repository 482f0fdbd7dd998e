/**
 * The demo's Content-Security-Policy names the AWS hosts it may reach one by one: a wildcard over
 * amazonaws.com would admit hosts anyone can own (API Gateway, S3 websites).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_REGIONS, DEMO_CSP } from '../../vite.config.js';

const directive = (name: string) => DEMO_CSP.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

test('connect-src lists CloudTrail, Cognito Identity and EC2 (the account\'s Regions) per Region, with no wildcard', () => {
  const sources = directive('connect-src').split(/\s+/).slice(1);
  assert.deepEqual(sources.filter((s) => s.includes('*')), [], 'no wildcard host');
  for (const region of AWS_REGIONS) {
    assert.ok(sources.includes(`https://cloudtrail.${region}.amazonaws.com`), `CloudTrail in ${region}`);
    assert.ok(sources.includes(`https://cognito-identity.${region}.amazonaws.com`), `Cognito Identity in ${region}`);
    assert.ok(sources.includes(`https://ec2.${region}.amazonaws.com`), `EC2 in ${region}`);
  }
  assert.equal(sources.length, 1 + 3 * AWS_REGIONS.length, 'only those and the page itself');
});

test('forms post nowhere and Lit\'s policy is the only Trusted Types policy', () => {
  assert.equal(directive('form-action'), "form-action 'none'", 'form-action');
  assert.equal(directive('trusted-types'), 'trusted-types lit-html', 'trusted-types');
  assert.equal(directive('require-trusted-types-for'), "require-trusted-types-for 'script'", 'require-trusted-types-for');
});
