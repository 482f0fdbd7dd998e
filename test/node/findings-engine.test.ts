/**
 * The rule engine: every operator, all / any / not, paths into arrays and into JSON held in
 * strings, aggregate rules over pages that arrive one at a time, and the messages for rules that
 * cannot be used. Events are built from CloudTrail records as LookupEvents would return them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import type { CtEvent } from '../../src/lookup/events.js';
import { FindingsEngine, RuleError, type Match, type Rule } from '../../src/lookup/findings/index.js';

let n = 0;
function event(fields: Record<string, unknown>): CtEvent {
  n++;
  return eventFromRecord({
    eventVersion: '1.09', eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, eventTime: '2026-11-20T12:00:00Z',
    eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', accessKeyId: 'AKIAEXAMPLE000000001', userName: 'alice' },
    readOnly: true, eventType: 'AwsApiCall', recipientAccountId: '123456789012', ...fields,
  });
}

const rule = (match: Match, extra: Partial<Rule> = {}): Rule => ({
  id: extra.id ?? 'test-rule', title: 'Test rule', severity: 'medium', attack: { tactic: 'TA0005', techniques: ['T1562.008'] },
  description: 'A rule written for this test.', match, ...extra,
});

/** The ids of the rules that flag `e`, sorted. */
const flagged = (engine: FindingsEngine, e: CtEvent) => engine.hitsOf(e).map((h) => h.rule.id).sort();
const matches = (match: Match, e: CtEvent) => new FindingsEngine([rule(match)]).hitsOf(e).length === 1;

describe('findings: the rule engine', () => {
  test('rules indexed by what they ask of the name and source still meet exactly their events', () => {
    const rules = [
      rule({ field: 'eventName', startsWith: 'AddPermission' }, { id: 'prefix' }),
      rule({ all: [{ field: 'userIdentity.type', equals: 'IAMUser' }, { not: { field: 'eventSource', oneOf: ['iam.amazonaws.com', 'sts.amazonaws.com'] } }] }, { id: 'not-iam' }),
      rule({ all: [{ field: 'errorCode', exists: false }, { any: [{ all: [{ field: 'eventName', equals: 'PutBucketAcl' }, { field: 'awsRegion', equals: 'us-east-1' }] }, { field: 'eventName', oneOf: ['DeletePublicAccessBlock'] }] }] }, { id: 'nested-any' }),
      // not around more than the name: the event's other fields still decide.
      rule({ not: { all: [{ field: 'eventSource', equals: 's3.amazonaws.com' }, { field: 'awsRegion', equals: 'us-east-1' }] } }, { id: 'not-wide' }),
    ];
    const engine = new FindingsEngine(rules);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2' }, ['not-iam', 'not-wide', 'prefix']],
      [{ eventSource: 'iam.amazonaws.com', eventName: 'AddPermission' }, ['not-wide', 'prefix']],
      [{ eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl' }, ['nested-any', 'not-iam']],
      [{ eventSource: 's3.amazonaws.com', eventName: 'PutBucketAcl', awsRegion: 'eu-west-1' }, ['not-iam', 'not-wide']],
      [{ eventSource: 's3.amazonaws.com', eventName: 'DeletePublicAccessBlock', errorCode: 'AccessDenied' }, ['not-iam']],
      [{ eventSource: 's3.amazonaws.com', eventName: 'DeletePublicAccessBlock' }, ['nested-any', 'not-iam']],
    ];
    // Twice each: the second meets the plan made for the first event of its name and source.
    for (const [fields, want] of [...cases, ...cases]) assert.deepEqual(flagged(engine, event(fields)), want, JSON.stringify(fields));
  });

  test('every field operator matches what it says and nothing else', () => {
    const e = event({ eventName: 'StopLogging', errorCode: 'AccessDenied', requestParameters: { name: 'management-events', maxItems: 25, enabled: false } });
    const cases: [Match, boolean][] = [
      [{ field: 'eventName', equals: 'StopLogging' }, true],
      [{ field: 'eventName', equals: 'stoplogging' }, false],
      [{ field: 'eventName', equals: 'stoplogging', ignoreCase: true }, true],
      [{ field: 'requestParameters.enabled', equals: false }, true],
      [{ field: 'requestParameters.maxItems', equals: 25 }, true],
      [{ field: 'eventName', oneOf: ['DeleteTrail', 'StopLogging'] }, true],
      [{ field: 'eventName', oneOf: ['DeleteTrail'] }, false],
      [{ field: 'requestParameters.name', contains: 'ment-ev' }, true],
      [{ field: 'requestParameters.name', contains: 'MENT', ignoreCase: true }, true],
      [{ field: 'requestParameters.name', startsWith: 'management' }, true],
      [{ field: 'requestParameters.name', startsWith: 'events' }, false],
      [{ field: 'requestParameters.name', endsWith: '-events' }, true],
      [{ field: 'requestParameters.name', endsWith: 'management' }, false],
      [{ field: 'userIdentity.arn', regex: ':user/(alice|bob)$' }, true],
      [{ field: 'userIdentity.arn', regex: ':user/ALICE$' }, false],
      [{ field: 'userIdentity.arn', regex: ':user/ALICE$', ignoreCase: true }, true],
      [{ field: 'errorCode', exists: true }, true],
      [{ field: 'errorMessage', exists: true }, false],
      [{ field: 'errorMessage', exists: false }, true],
      [{ field: 'requestParameters.maxItems', gt: 24 }, true],
      [{ field: 'requestParameters.maxItems', gt: 25 }, false],
      [{ field: 'requestParameters.maxItems', gte: 25 }, true],
      [{ field: 'requestParameters.maxItems', lt: 26 }, true],
      [{ field: 'requestParameters.maxItems', lt: 25 }, false],
      [{ field: 'requestParameters.maxItems', lte: 25 }, true],
      [{ field: 'requestParameters.name', gt: 1 }, false],
    ];
    for (const [match, want] of cases) assert.equal(matches(match, e), want, `${JSON.stringify(match)} should ${want ? '' : 'not '}match`);
  });

  test('numeric comparisons read numbers written as strings, and only those', () => {
    const e = event({ requestParameters: { durationSeconds: '43200', note: 'long' } });
    assert.equal(matches({ field: 'requestParameters.durationSeconds', gte: 43200 }, e), true, 'a numeric string compares as its number');
    assert.equal(matches({ field: 'requestParameters.note', lt: 1e9 }, e), false, 'a word is no number');
  });

  test('all, any and not combine, and a missing field fails a test but passes its negation', () => {
    const e = event({ eventName: 'CreateAccessKey', requestParameters: { userName: 'bob' } });
    assert.equal(matches({ all: [{ field: 'eventName', equals: 'CreateAccessKey' }, { field: 'requestParameters.userName', exists: true }] }, e), true, 'all of two true tests');
    assert.equal(matches({ all: [{ field: 'eventName', equals: 'CreateAccessKey' }, { field: 'errorCode', exists: true }] }, e), false, 'all with one false test');
    assert.equal(matches({ any: [{ field: 'eventName', equals: 'DeleteTrail' }, { field: 'requestParameters.userName', equals: 'bob' }] }, e), true, 'any with one true test');
    assert.equal(matches({ any: [{ field: 'eventName', equals: 'DeleteTrail' }, { field: 'errorCode', exists: true }] }, e), false, 'any with no true test');
    assert.equal(matches({ not: { field: 'errorCode', equals: 'AccessDenied' } }, e), true, 'not on a missing field holds');
    assert.equal(matches({ not: { any: [{ field: 'eventName', equals: 'CreateAccessKey' }] } }, e), false, 'not of a true test fails');
  });

  test('paths walk arrays element by element and into JSON held in a string', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*' }, { Effect: 'Allow', Action: ['iam:PassRole', '*'], Resource: '*' }] });
    const e = event({ eventName: 'PutUserPolicy', requestParameters: { userName: 'bob', policyDocument: policy } });
    assert.equal(matches({ field: 'requestParameters.policyDocument.Statement.Action', equals: '*' }, e), true, 'an element of an array inside a JSON string');
    assert.equal(matches({ field: 'requestParameters.policyDocument.Statement.Effect', equals: 'Allow' }, e), true, 'the second statement');
    assert.equal(matches({ field: 'requestParameters.policyDocument', contains: '"Effect":"Allow"' }, e), true, 'the string itself, as written');
    assert.equal(matches({ field: 'requestParameters.policyDocument.Statement.Principal', exists: true }, e), false, 'no statement names a principal');
    const [hit] = new FindingsEngine([rule({ all: [{ field: 'eventName', equals: 'PutUserPolicy' }, { field: 'requestParameters.policyDocument.Statement.Action', equals: '*' }] })]).hitsOf(e);
    assert.deepEqual(hit.evidence, [
      { field: 'eventName', op: 'equals', expected: 'PutUserPolicy', actual: 'PutUserPolicy' },
      { field: 'requestParameters.policyDocument.Statement.Action', op: 'equals', expected: '*', actual: '*' },
    ], 'the evidence names each field, the test and the value found');
  });

  test('a path into the record matches however the record\'s JSON spells its keys and values', () => {
    // Records as text, the way a service may write them: a key or a value with \u escapes, a slash
    // written \/, and the same inside a policy document held in a string.
    const raw = (body: string) => eventFromRecord(`{"eventVersion":"1.09","eventID":"22222222-0000-4000-8000-${String(++n).padStart(12, '0')}","eventTime":"2026-11-20T12:00:00Z",` +
      `"eventSource":"ec2.amazonaws.com","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/alice"},${body}}`);
    const escapedKey = raw('"eventName":"RunInstances","requestParameters":{"instance\\u0054ype":"p3.2xlarge","user\\u004eame":"bob"}');
    assert.equal(matches({ field: 'requestParameters.instanceType', regex: '^p\\d' }, escapedKey), true, 'a key written with an escape');
    assert.equal(matches({ field: 'requestParameters.userName', exists: true }, escapedKey), true, 'exists, the key escaped');
    assert.equal(matches({ field: 'requestParameters.instanceType', equals: 'p3.2xlarge' }, escapedKey), true, 'equals, the key escaped');
    const escapedValue = raw('"eventName":"AddUserToGroup","requestParameters":{"groupName":"\\u0041dmins","cidrIp":"0.0.0.0\\/0","policyArn":"arn:aws:iam::aws:policy\\/AdministratorAccess"}');
    assert.equal(matches({ field: 'requestParameters.groupName', equals: 'Admins' }, escapedValue), true, 'a value written with an escape');
    assert.equal(matches({ field: 'requestParameters.groupName', startsWith: 'Adm' }, escapedValue), true, 'starts with, the value escaped');
    assert.equal(matches({ field: 'requestParameters.cidrIp', endsWith: '/0' }, escapedValue), true, 'a slash written \\/');
    assert.equal(matches({ field: 'requestParameters.policyArn', oneOf: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/IAMFullAccess'] }, escapedValue), true, 'one of, the slash escaped');
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*' }] }).replace('Effect', '\\u0045ffect').replace('"Allow"', '"\\u0041llow"');
    const inner = raw(`"eventName":"PutUserPolicy","requestParameters":{"policyDocument":${JSON.stringify(policy)}}`);
    assert.equal(matches({ field: 'requestParameters.policyDocument.Statement.Effect', equals: 'Allow' }, inner), true, 'escapes inside JSON held in a string');
    const number = raw('"eventName":"AuthorizeSecurityGroupIngress","requestParameters":{"fromPort":2.2e1,"flag":true}');
    assert.equal(matches({ field: 'requestParameters.fromPort', equals: 22 }, number), true, 'a number however written');
    assert.equal(matches({ field: 'requestParameters.fromPort', oneOf: ['22', 3389] }, number), true, 'one of, a number however written');
    assert.equal(matches({ field: 'requestParameters.flag', equals: 'true' }, number), true, 'a boolean compared as text');
    assert.equal(matches({ field: 'requestParameters.instanceType', exists: false }, number), true, 'an absent key is absent');
    // Fields the event caches from its record, tested before the record was ever read.
    const cached = raw('"eventName":"ListUsers","error\\u0043ode":"AccessDenied","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.9"');
    assert.equal(matches({ field: 'errorCode', oneOf: ['AccessDenied', 'UnauthorizedOperation'] }, cached), true, 'a cached field, its key escaped');
    assert.equal(matches({ field: 'errorCode', exists: false }, raw('"eventName":"ListUsers","error\\u0043ode":"AccessDenied"')), false, 'and it exists');
    const root = raw('"eventName":"ListUsers","userIdentity":{"type":"R\\u006fot","arn":"arn:aws:iam::123456789012:root"}');
    assert.equal(matches({ field: 'userIdentity.type', equals: 'Root' }, root), true, 'a cached field, its value escaped');
    assert.equal(matches({ field: 'requestParameters.groupName', equals: 'Admins' }, number), false, 'and fails a test on it');
  });

  test('the evidence of a negation says what was ruled out and what the record has', () => {
    const e = event({ eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' } });
    const [hit] = new FindingsEngine([rule({ all: [{ field: 'eventName', equals: 'ConsoleLogin' }, { not: { field: 'additionalEventData.MFAUsed', equals: 'Yes' } }] })]).hitsOf(e);
    assert.deepEqual(hit.evidence[1], { field: 'additionalEventData.MFAUsed', op: 'not equals', expected: 'Yes', actual: 'No' }, 'the negated test with the value the record has');
  });

  test('an aggregate rule flags a burst from one principal across pages, the earlier pages included', () => {
    const burst = rule({ field: 'errorCode', oneOf: ['AccessDenied', 'Client.UnauthorizedOperation'] }, { id: 'denied-burst', aggregate: { count: 4, withinMinutes: 5 } });
    const engine = new FindingsEngine([burst]);
    const at = (minute: number, who: string, errorCode?: string) => event({
      eventTime: new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString().replace('.000', ''), ...(errorCode ? { errorCode } : {}),
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::123456789012:user/${who}` },
    });
    // Newest first, as LookupEvents pages come: two denials for mallory on page one, none flagged yet.
    const page1 = [at(30, 'mallory', 'AccessDenied'), at(29, 'mallory', 'AccessDenied'), at(29, 'alice', 'AccessDenied'), at(28, 'mallory')];
    const page2 = [at(27, 'mallory', 'Client.UnauthorizedOperation'), at(26, 'mallory', 'AccessDenied'), at(10, 'mallory', 'AccessDenied'), at(9, 'alice', 'AccessDenied')];
    engine.evaluate(page1);
    assert.deepEqual(page1.map((e) => flagged(engine, e).length), [0, 0, 0, 0], 'two denials are not a burst of four');
    const before = engine.version;
    engine.evaluate(page2);
    assert.ok(engine.version > before, 'the version moves when the burst is found');
    assert.deepEqual(page1.map((e) => flagged(engine, e)), [['denied-burst'], ['denied-burst'], [], []], 'page one\'s denials for mallory are flagged now; alice\'s and the success are not');
    assert.deepEqual(page2.map((e) => flagged(engine, e)), [['denied-burst'], ['denied-burst'], [], []], 'the third and fourth denials within five minutes are flagged; one 16 minutes earlier is not');
    const [hit] = engine.hitsOf(page1[0]);
    assert.deepEqual({ ...hit.aggregate }, { by: 'userIdentity.arn', value: 'arn:aws:iam::123456789012:user/mallory', count: 4, first: Date.UTC(2026, 10, 20, 12, 26), last: Date.UTC(2026, 10, 20, 12, 30) }, 'the window: who, how many, from when to when');
  });

  test('an aggregate rule counts an event seen again (a second lookup) once', () => {
    const engine = new FindingsEngine([rule({ field: 'eventName', equals: 'GetSecretValue' }, { id: 'secrets', aggregate: { count: 3, withinMinutes: 10 } })]);
    const rec = (i: number) => ({ eventName: 'GetSecretValue', eventID: `11111111-0000-4000-8000-00000000000${i}`, eventTime: `2026-11-20T12:0${i}:00Z` });
    const first = [eventFromRecord({ ...rec(1), userIdentity: { arn: 'u' } }), eventFromRecord({ ...rec(2), userIdentity: { arn: 'u' } })];
    engine.evaluate(first);
    const again = [eventFromRecord({ ...rec(1), userIdentity: { arn: 'u' } }), eventFromRecord({ ...rec(2), userIdentity: { arn: 'u' } })];
    engine.evaluate(again);
    assert.deepEqual(again.map((e) => flagged(engine, e).length), [0, 0], 'the same two events twice are two events, not four');
  });

  test('an aggregate rule can count distinct values: one key in many Regions', () => {
    const engine = new FindingsEngine([rule({ field: 'userIdentity.accessKeyId', startsWith: 'AKIA' }, { id: 'regions', aggregate: { count: 3, withinMinutes: 30, by: 'userIdentity.accessKeyId', distinct: 'awsRegion' } })]);
    const call = (minute: number, region: string, key = 'AKIALEAKED000000001') => event({ awsRegion: region, eventTime: `2026-11-20T12:${String(minute).padStart(2, '0')}:00Z`, userIdentity: { type: 'IAMUser', accessKeyId: key } });
    const same = [call(50, 'us-east-1'), call(40, 'us-east-1'), call(35, 'us-east-1'), call(30, 'us-east-1', 'AKIAOTHER0000000001'), call(31, 'eu-west-1', 'AKIAOTHER0000000001')];
    engine.evaluate(same);
    assert.deepEqual(same.map((e) => flagged(engine, e).length), [0, 0, 0, 0, 0], 'many calls in one Region, or two Regions, are no finding');
    const spread = [call(20, 'eu-west-1'), call(15, 'ap-southeast-2'), call(1, 'sa-east-1')];
    engine.evaluate(spread);
    // 12:15-12:40 holds ap-southeast-2, eu-west-1 and us-east-1; 12:01-12:20 sa-east-1, ap-southeast-2 and eu-west-1.
    assert.deepEqual([...same, ...spread].map((e) => flagged(engine, e).length), [0, 1, 1, 0, 0, 1, 1, 1], 'three Regions within 30 minutes flag the calls in those windows only (not 12:50, twenty minutes after the last other Region)');
    const hit = engine.hitsOf(spread[0])[0];
    assert.equal(hit.aggregate?.count, 3, 'the window holds three Regions');
    assert.equal(hit.aggregate?.distinct, 'awsRegion', 'and says what it counted');
  });

  test('a distinct count of a field inside the record finds its window whatever order the pages come in', () => {
    const secrets = rule({ field: 'eventName', equals: 'GetSecretValue' }, { id: 'secrets', aggregate: { count: 4, withinMinutes: 10, distinct: 'requestParameters.secretId' } });
    const read = (minute: number, secretId: string, who = 'mallory') => event({
      eventSource: 'secretsmanager.amazonaws.com', eventName: 'GetSecretValue', eventTime: `2026-11-20T12:${String(minute).padStart(2, '0')}:00Z`,
      requestParameters: { secretId }, userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::123456789012:user/${who}` },
    });
    const make = () => [
      read(59, 'db'), read(40, 'db'), read(38, 'api'), read(35, 'ssh'), read(34, 'db'), read(33, 'db'), read(31, 'tls'), read(30, 'api', 'alice'),
      read(29, 'api', 'alice'), read(28, 'tls', 'alice'), read(27, 'ssh', 'alice'), read(5, 'api'), read(2, 'ssh'),
    ];
    // 12:31-12:40 holds four secrets for mallory (db, api, ssh, tls); alice's are another principal; 12:59, 12:05 and 12:02 lie apart.
    const expected = [0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    for (const order of ['newest first', 'oldest first', 'interleaved'] as const) {
      const events = make();
      const engine = new FindingsEngine([secrets]);
      const pages = order === 'newest first' ? [events.slice(0, 5), events.slice(5)]
        : order === 'oldest first' ? [events.slice(8).reverse(), events.slice(0, 8).reverse()]
          : [events.filter((_, i) => i % 2 === 0), events.filter((_, i) => i % 2 === 1)];
      for (const page of pages) engine.evaluate(page);
      assert.deepEqual(events.map((e) => flagged(engine, e).length), expected, `pages ${order}: the four secrets within ten minutes are flagged, nothing else`);
      const hit = engine.hitsOf(events[1])[0];
      assert.deepEqual({ count: hit.aggregate?.count, distinct: hit.aggregate?.distinct }, { count: 4, distinct: 'requestParameters.secretId' }, `pages ${order}: the window counts four secrets`);
    }
  });

  test('rules that pin eventName are tried only on those events, others on every event', () => {
    const engine = new FindingsEngine([
      rule({ field: 'eventName', equals: 'DeleteTrail' }, { id: 'by-name' }),
      rule({ field: 'userIdentity.type', equals: 'Root' }, { id: 'any-name' }),
    ]);
    assert.deepEqual(flagged(engine, event({ eventName: 'DeleteTrail', userIdentity: { type: 'Root' } })), ['any-name', 'by-name'], 'both');
    assert.deepEqual(flagged(engine, event({ eventName: 'ListUsers', userIdentity: { type: 'Root' } })), ['any-name'], 'the unpinned rule only');
  });

  test('evaluation is incremental: an event is evaluated once, however often it is asked about', () => {
    const engine = new FindingsEngine([rule({ field: 'eventName', equals: 'DeleteTrail' })]);
    const page = [event({ eventName: 'DeleteTrail' }), event({})];
    assert.equal(engine.evaluate(page), 1, 'one of the page is flagged');
    assert.equal(engine.evaluate(page), 0, 'the same page again adds nothing');
    assert.equal(engine.hitsOf(page[0]), engine.hitsOf(page[0]), 'the same hits, not evaluated again');
  });

  test('a rule that cannot be used is refused with its id and what is wrong', () => {
    const refuse = (r: Rule, pattern: RegExp) => assert.throws(() => new FindingsEngine([r]), (err: unknown) => err instanceof RuleError && pattern.test(err.message), `${JSON.stringify(r.match)} → ${pattern}`);
    refuse(rule({ field: 'eventName' } as Match), /test-rule.*exactly one operator, not none/);
    refuse(rule({ field: 'eventName', equals: 'A', contains: 'B' } as Match), /exactly one operator, not equals and contains/);
    refuse(rule({ field: 'eventName', like: 'A' } as unknown as Match), /"like" is not an operator/);
    refuse(rule({ field: 'eventName', regex: '(' }), /regular expression "\(" is not valid/);
    refuse(rule({ field: 'x', gt: '3' } as unknown as Match), /"gt" takes a number/);
    refuse(rule({ all: [] }), /"all" takes a non-empty list/);
    refuse(rule({ field: 'x', equals: 'y' }, { id: 'bad id!' }), /the id must be/);
    refuse(rule({ field: 'x', equals: 'y' }, { severity: 'urgent' as Rule['severity'] }), /severity must be one of info, low, medium, high, critical/);
    refuse(rule({ field: 'x', equals: 'y' }, { attack: { tactic: 'Defense Evasion', techniques: [] } }), /ATT&CK tactic/);
    refuse(rule({ field: 'x', equals: 'y' }, { aggregate: { count: 1, withinMinutes: 5 } }), /aggregate.count must be a whole number of at least 2/);
    assert.throws(() => new FindingsEngine([rule({ field: 'x', equals: 'y' }), rule({ field: 'x', equals: 'z' })]), /Rule test-rule: another rule has the same id/, 'two rules with one id');
  });
});
