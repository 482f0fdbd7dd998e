/**
 * The emulator is an oracle, not a mirror: it derives Username, ReadOnly and Resources with its
 * own rules (packages/emulator/src/derive.ts, from AWS's pages) and imports no code of the library, so
 * emulator-fidelity's check that the library's derivation (src/lookup/derive.ts, for Athena rows
 * and S3 records) agrees with it on every shared record compares two readings of the
 * documentation, not one piece of code with itself.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { deriveEvent } from 'cloudtrail-elements-emulator';

const EMULATOR = path.resolve(process.cwd(), 'packages/emulator/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

describe('the emulator derives events on its own', () => {
  test('no module of the emulator imports from the library (src/lookup, src/state, src/elements)', () => {
    const outside: string[] = [];
    for (const file of sources(EMULATOR)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(`${EMULATOR}${path.sep}`)) outside.push(`${path.relative(process.cwd(), file)} imports ${spec}`);
      }
    }
    assert.deepEqual(outside, [], 'the emulator computes its answers with its own code');
  });

  test('Username for each identity type, as the userIdentity page describes them', () => {
    const user = (userIdentity: Record<string, unknown>) => deriveEvent({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', userIdentity }, 'id', 0).Username;
    assert.equal(user({ type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' }), 'root', 'the root user');
    assert.equal(user({ type: 'IAMUser', principalId: 'AIDAJ45Q7YFFAREXAMPLE', arn: 'arn:aws:iam::111122223333:user/Alice', userName: 'Alice' }), 'Alice', 'an IAM user by user name');
    assert.equal(user({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/division/Bob' }), 'Bob', 'an IAM user without userName: the ARN, past its path');
    assert.equal(user({ type: 'AssumedRole', principalId: 'AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName', arn: 'arn:aws:sts::111122223333:assumed-role/RoleToBeAssumed/MySessionName' }), 'MySessionName', 'an assumed role by its session');
    assert.equal(user({ type: 'AssumedRole', principalId: 'AROAIDPPEZS35WEXAMPLE:SessionFromId' }), 'SessionFromId', 'a session without an ARN: the principal id after the role id');
    assert.equal(user({ type: 'FederatedUser', principalId: '111122223333:Carol', arn: 'arn:aws:sts::111122223333:federated-user/Carol' }), 'Carol', 'a federated user');
    assert.equal(user({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }), 'ec2.amazonaws.com', 'an AWS service by the service that called');
    assert.equal(user({ type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' }), 'AIDAEXAMPLE', 'another account: what the record names');
    assert.equal(deriveEvent({ eventName: 'ListBuckets' }, 'id', 0).Username, undefined, 'no identity, no user name');
  });
});
