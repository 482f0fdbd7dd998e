/**
 * The accounts a host names: each entry that cannot be used is left out with a message naming it
 * and what it needs; the others are kept as given. And the emulator's --accounts option.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDataArgs } from 'cloudtrail-elements-emulator';
import { readAccounts } from '../../src/lookup/account-names.js';
import { accountName } from '../../src/lookup/account-names.js';

const PROD = { accountId: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/CloudTrailElementsReader', label: 'Prod' };

test('accounts: a list or its JSON text; each unusable entry is named with what it needs, the rest kept', () => {
  assert.deepEqual(readAccounts([PROD]), { accounts: [PROD], problems: [] });
  assert.deepEqual(readAccounts(JSON.stringify([PROD])).accounts, [PROD]);
  assert.deepEqual(readAccounts(undefined), { accounts: [], problems: [] });
  const { accounts, problems } = readAccounts([
    PROD,
    { accountId: '1234', roleArn: PROD.roleArn },
    { accountId: '444455556666', roleArn: PROD.roleArn },
    { accountId: '444455556666', roleArn: 'not-an-arn' },
    { ...PROD, label: 'again' },
  ]);
  assert.deepEqual(accounts, [PROD]);
  assert.deepEqual(problems, [
    'accounts[1]: accountId must be 12 digits, as a string such as "111122223333"; it is left out',
    'accounts[2] (444455556666): roleArn names a role of account 111122223333, not of 444455556666; it is left out',
    'accounts[3] (444455556666): roleArn must be a role\'s ARN such as "arn:aws:iam::444455556666:role/CloudTrailReader"; it is left out',
    'accounts[4]: account 111122223333 is named twice; the second is left out',
  ]);
  assert.match(readAccounts('[{"accountId": ').problems[0], /^accounts is not JSON: give a list such as \[/);
  assert.deepEqual(readAccounts({ accountId: '111122223333' }).problems, ['accounts must be a list of {accountId, roleArn, label}']);
});

test('an account is named by its label and id, or its id alone', () => {
  assert.equal(accountName(PROD), 'Prod (111122223333)');
  assert.equal(accountName({ accountId: '111122223333' }), '111122223333');
});

test('the emulator\'s --accounts takes 12-digit ids separated by commas', () => {
  assert.deepEqual(parseDataArgs(['--accounts', '111122223333, 444455556666']).accounts, [{ accountId: '111122223333' }, { accountId: '444455556666' }]);
  assert.throws(() => parseDataArgs(['--accounts', '111122223333,prod']), /--accounts needs 12-digit account ids separated by commas; got prod/);
});
