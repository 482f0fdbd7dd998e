/**
 * Sigma rules for CloudTrail, read into the engine: the rules here are written for this test in
 * Sigma's format (YAML text and parsed objects), then run on CloudTrail records.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { FindingsEngine, readSigma, type Rule } from '../../src/lookup/findings/index.js';

const record = (fields: Record<string, unknown>) => eventFromRecord({
  eventVersion: '1.09', eventID: `22222222-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`, eventTime: '2026-11-20T12:00:00Z',
  eventSource: 'cloudtrail.amazonaws.com', eventName: 'DescribeTrails', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', userName: 'alice' }, ...fields,
});

const header = (id: string, level = 'high') => `title: Test rule ${id}
id: ${id}
status: experimental
description: Written for this test.
references:
  - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
tags:
  - attack.defense-evasion
  - attack.t1562.008
logsource:
  product: aws
  service: cloudtrail
level: ${level}
`;

async function one(yaml: string): Promise<Rule> {
  const { rules, refused } = await readSigma(yaml);
  assert.deepEqual(refused.map((e) => e.message), [], 'no rule refused');
  assert.equal(rules.length, 1, 'one rule read');
  return rules[0];
}

const hits = (rule: Rule, fields: Record<string, unknown>) => new FindingsEngine([rule]).hitsOf(record(fields)).length === 1;

describe('findings: Sigma rules', () => {
  test('a selection of fields with lists of values, and its id, title, level, tactic and references', async () => {
    const rule = await one(`${header('trail-tamper')}detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName:
      - StopLogging
      - DeleteTrail
  condition: selection
`);
    assert.deepEqual({ id: rule.id, title: rule.title, severity: rule.severity, attack: rule.attack, source: rule.source }, {
      id: 'trail-tamper', title: 'Test rule trail-tamper', severity: 'high', attack: { tactic: 'TA0005', techniques: ['T1562.008'] }, source: 'sigma',
    }, 'the rule\'s own fields');
    assert.deepEqual(rule.references, ['https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html'], 'references');
    assert.equal(hits(rule, { eventName: 'StopLogging' }), true, 'one of the names');
    assert.equal(hits(rule, { eventName: 'stoplogging' }), true, 'Sigma compares strings without case');
    assert.equal(hits(rule, { eventName: 'StartLogging' }), false, 'another name');
    assert.equal(hits(rule, { eventName: 'DeleteTrail', eventSource: 'iam.amazonaws.com' }), false, 'every field of a selection must hold');
  });

  test('modifiers: contains, startswith, endswith, re, all, exists, wildcards and null', async () => {
    const rule = await one(`${header('modifiers')}detection:
  contains_all:
    requestParameters.policyDocument|contains|all:
      - '"Effect":"Allow"'
      - '"Action":"\\*"'
  starts:
    userIdentity.arn|startswith: 'arn:aws:sts::'
  ends:
    requestParameters.roleName|endswith: -admin
  regex:
    userAgent|re: '^aws-cli/2\\.'
  has_error:
    errorCode|exists: true
  wildcard:
    requestParameters.bucketName: 'acme-*-logs'
  no_mfa:
    additionalEventData.MFAUsed: null
  condition: contains_all or starts or ends or regex or has_error or wildcard or (eventName_is_login and no_mfa)
  eventName_is_login:
    eventName: ConsoleLogin
`);
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.equal(hits(rule, { requestParameters: { policyDocument: policy } }), true, 'contains|all: both strings');
    assert.equal(hits(rule, { requestParameters: { policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*' }] }) } }), false, 'contains|all: only one of them');
    assert.equal(hits(rule, { userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/x/y' } }), true, 'startswith');
    assert.equal(hits(rule, { requestParameters: { roleName: 'ci-ADMIN' } }), true, 'endswith, without case');
    assert.equal(hits(rule, { userAgent: 'aws-cli/2.15.30 Python/3.11.8' }), true, 're');
    assert.equal(hits(rule, { userAgent: 'aws-cli/1.29.0' }), false, 're that does not match');
    assert.equal(hits(rule, { errorCode: 'AccessDenied' }), true, 'exists');
    assert.equal(hits(rule, { requestParameters: { bucketName: 'acme-prod-logs' } }), true, 'a * wildcard');
    assert.equal(hits(rule, { requestParameters: { bucketName: 'acme-prod-logs-old' } }), false, 'a wildcard matches the whole value');
    assert.equal(hits(rule, { eventName: 'ConsoleLogin' }), true, 'null: the field is absent');
    assert.equal(hits(rule, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'Yes' } }), false, 'null: the field is present');
  });

  test('keyword lists search the whole record', async () => {
    const rule = await one(`${header('keywords', 'low')}detection:
  keywords:
    - TruffleHog
    - 'Kali'
  condition: keywords
`);
    assert.equal(rule.severity, 'low', 'level low');
    assert.equal(hits(rule, { userAgent: 'trufflehog/3.0' }), true, 'a keyword anywhere, without case');
    assert.equal(hits(rule, { userAgent: 'aws-cli/2' }), false, 'no keyword');
  });

  // In Sigma a bare * is a wildcard; a backslash before it (\* in this template) is the character itself.
  test('conditions: not, parentheses, 1 of, all of and them; and a list of maps is any of them', async () => {
    const rule = await one(`${header('conditions')}detection:
  sel_name:
    eventName: PutBucketPolicy
  sel_principal:
    - requestParameters.bucketPolicy.Statement.Principal: '\\*'
    - requestParameters.bucketPolicy.Statement.Principal.AWS: '\\*'
  filter_service:
    userIdentity.type: AWSService
  condition: all of sel_* and not 1 of filter_*
`);
    const policy = (principal: unknown) => ({ eventName: 'PutBucketPolicy', requestParameters: { bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: principal }] } } });
    assert.equal(hits(rule, policy('*')), true, 'Principal *');
    assert.equal(hits(rule, policy({ AWS: '*' })), true, 'Principal AWS *, the second map of the list');
    assert.equal(hits(rule, policy({ AWS: 'arn:aws:iam::123456789012:root' })), false, 'an account principal');
    assert.equal(hits(rule, { ...policy('*'), userIdentity: { type: 'AWSService' } }), false, 'the filter removes a service');

    const them = await one(`${header('them')}detection:
  a:
    eventName: StopLogging
  b:
    eventSource: cloudtrail.amazonaws.com
  condition: all of them
`);
    assert.equal(hits(them, { eventName: 'StopLogging' }), true, 'all of them');
    assert.equal(hits(them, { eventName: 'StopLogging', eventSource: 'iam.amazonaws.com' }), false, 'all of them, one failing');
  });

  test('parsed objects are read as YAML text is, and several rules in one text', async () => {
    const object = {
      title: 'Snapshot shared', id: 'snapshot-shared', level: 'medium', tags: ['attack.exfiltration', 'attack.t1537'],
      logsource: { product: 'aws', service: 'cloudtrail' },
      detection: { selection: { eventName: 'ModifySnapshotAttribute', 'requestParameters.createVolumePermission.add.items.userId|re': '^\\d{12}$' }, condition: 'selection' },
    };
    const { rules } = await readSigma([object, `${header('two-a')}detection:\n  s:\n    eventName: A\n  condition: s\n---\n${header('two-b')}detection:\n  s:\n    eventName: B\n  condition: s\n`]);
    assert.deepEqual(rules.map((r) => r.id), ['snapshot-shared', 'two-a', 'two-b'], 'one object and two YAML documents');
    assert.deepEqual(rules[0].attack, { tactic: 'TA0010', techniques: ['T1537'] }, 'the tactic from the tags');
    assert.equal(hits(rules[0], { eventName: 'ModifySnapshotAttribute', requestParameters: { createVolumePermission: { add: { items: [{ userId: '444455556666' }] } } } }), true, 'the object rule matches');
  });

  test('a rule with a construct we do not support is refused with its id and the construct named', async () => {
    const detection = (body: string) => `${header('unsupported')}detection:\n${body}`;
    const cases: [string, RegExp][] = [
      [detection('  s:\n    requestParameters.userData|base64: secret\n  condition: s\n'), /unsupported: the modifier "base64" \(in "requestParameters.userData\|base64"\) is not supported/],
      [detection('  s:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: s\n'), /unsupported: the modifier "cidr"/],
      [detection('  s:\n    eventName: ConsoleLogin\n  condition: s | count() by sourceIPAddress > 5\n'), /unsupported: the aggregation "\| count\(\) by sourceIPAddress > 5" in its condition is not supported/],
      [detection('  s:\n    eventName: A\n  timeframe: 5m\n  condition: s\n'), /unsupported: "timeframe" \(an aggregation\) is not supported/],
      [detection('  s:\n    eventName: A\n  condition: 2 of s*\n'), /unsupported: "2 of" is not supported/],
      [detection('  s:\n    eventName: A\n  condition: s and t\n'), /unsupported: the condition names "t", which is not a selection/],
      [header('unsupported').replace('service: cloudtrail', 'service: s3') + 'detection:\n  s:\n    eventName: A\n  condition: s\n', /its logsource is .*only product: aws, service: cloudtrail/],
      [header('unsupported').replace('  - attack.defense-evasion\n', '') + 'detection:\n  s:\n    eventName: A\n  condition: s\n', /unsupported: it has no ATT&CK tactic tag/],
      ['title: x\nid: [unclosed\n', /not valid YAML/],
    ];
    for (const [yaml, pattern] of cases) {
      const { rules, refused } = await readSigma(yaml);
      assert.equal(rules.length, 0, `refused, not read: ${pattern}`);
      assert.equal(refused.length, 1, `one refusal: ${pattern}`);
      assert.match(refused[0].message, pattern, 'the refusal names the rule and the construct');
    }
    const { rules, refused } = await readSigma([`${header('good')}detection:\n  s:\n    eventName: A\n  condition: s\n`, detection('  s:\n    x|windash: y\n  condition: s\n')]);
    assert.deepEqual([rules.map((r) => r.id), refused.map((r) => r.ruleId)], [['good'], ['unsupported']], 'a good rule beside a refused one is still read');
  });
});
