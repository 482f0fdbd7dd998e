/**
 * Rules compiled to Athena SQL, run on the emulator's Athena engine (DuckDB with Trino's meaning):
 * each rule that compiles counts exactly the events the browser's engine flags, those that cannot
 * say why, and a Finding condition in the Athena source's page query keeps the flagged events.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { AthenaEngine } from '../../packages/emulator/src/athena/engine.js';
import { generateRecords } from 'cloudtrail-elements-emulator';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { literal, pageSql } from '../../src/lookup/athena/sql.js';
import { validateQuery } from '../../src/lookup/query.js';
import { BUILTIN_RULES, FindingsEngine, readSigma, type Rule } from '../../src/lookup/findings/index.js';
import { findingCountColumns } from '../../src/lookup/findings/sql.js';
import { loadFindings } from '../../src/state/findings.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const DATA = process.env.CT_SHARED_DATA ?? resolve(process.cwd(), '../shared/data/cloudtrail');
const stratus = readFileSync(`${DATA}/stratus-red-team_detonation-logs.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const RECORDS = [...stratus, ...generateRecords({ count: 4000, seed: 9, nowMs: NOW, attacks: true }).filter((r) => r.eventType !== 'AwsCloudTrailInsight')];
const engine = new AthenaEngine(() => RECORDS);
const run = async (sql: string, parameters: string[]) => {
  const r = await engine.run(sql, parameters, 'default', new AbortController().signal);
  assert.ok(r.ok, r.ok ? '' : `${r.reason}\n${sql}`);
  return r;
};

const SIGMA = `title: Trail tampering, written for this test
id: sigma-trail-tamper
tags: [attack.defense-evasion, attack.t1562.008]
logsource: { product: aws, service: cloudtrail }
level: high
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName|startswith: [Stop, Delete, Put]
  filter:
    errorCode|exists: true
  condition: selection and not filter
`;

describe('findings: rules compiled to Athena SQL', () => {
  test('each rule that compiles counts on Athena exactly what the browser flags; the rest say why', async () => {
    const { rules: sigma } = await readSigma(SIGMA);
    const rules: Rule[] = [...BUILTIN_RULES, ...sigma];
    const parameters: string[] = [];
    const { columns, compiled, refused } = findingCountColumns(rules, (v) => (parameters.push(literal(v)), '?'));
    assert.ok(compiled.length >= 35, `${compiled.length} of ${rules.length} rules compile`);
    for (const r of refused) assert.match(r.message, /^The rule [\w.-]+ cannot run in Athena: .+(window|minutes|array|string|record)/, 'a refusal names the rule and why');
    assert.deepEqual(refused.filter((r) => BUILTIN_RULES.find((b) => b.id === r.ruleId && !b.aggregate)).map((r) => r.ruleId).sort(),
      ['ec2-ami-shared', 'ec2-snapshot-shared', 'iam-inline-allow-all', 'iam-role-trusts-aws-principal', 's3-bucket-made-public', 'security-group-admin-port-open'].sort(),
      'besides the aggregates, the rules that search arrays or JSON in strings');
    console.log(`[findings sql] ${compiled.length} rules compile; refused: ${refused.map((r) => r.message.replace(/^The rule /, '')).join(' | ')}`);

    const result = await run(`SELECT ${columns.join(', ')} FROM cloudtrail_logs`, parameters);
    const browser = new FindingsEngine(compiled);
    const events = RECORDS.map((r) => eventFromRecord(r));
    const want = compiled.map((rule) => events.filter((e) => browser.hitsOf(e).some((h) => h.rule.id === rule.id)).length);
    const got = result.rows[0]!.map(Number);
    assert.deepEqual(Object.fromEntries(compiled.map((r, i) => [r.id, got[i]])), Object.fromEntries(compiled.map((r, i) => [r.id, want[i]])), 'Athena\'s counts are the browser\'s');
    assert.ok(want.filter((n) => n > 0).length >= 15, 'and many rules have something to count');
  });

  test('nested all / any / not, absent JSON paths and lists of numbers mean on Athena what they mean in the browser, counted or as flags', async () => {
    const base = BUILTIN_RULES[0]!;
    const rule = (id: string, match: Rule['match']): Rule => ({ ...base, id, match });
    const rules = [
      rule('t-any-in-all', { all: [{ field: 'eventSource', oneOf: ['iam.amazonaws.com', 's3.amazonaws.com', 'ec2.amazonaws.com'] }, { any: [{ field: 'errorCode', exists: true }, { field: 'requestParameters.userName', exists: false }] }] }),
      rule('t-all-in-any', { any: [{ all: [{ field: 'eventName', startsWith: 'Get' }, { field: 'userIdentity.type', equals: 'IAMUser' }] }, { all: [{ field: 'eventName', startsWith: 'List' }, { not: { field: 'requestParameters.bucketName', exists: true } }] }] }),
      rule('t-not-any', { all: [{ field: 'eventSource', equals: 'ec2.amazonaws.com' }, { not: { any: [{ field: 'eventName', startsWith: 'Describe' }, { field: 'requestParameters.instanceType', contains: 'micro', ignoreCase: true }] } }] }),
      rule('t-absent-json', { all: [{ field: 'eventName', oneOf: ['CreateAccessKey', 'CreateUser', 'ConsoleLogin'] }, { field: 'requestParameters.userName', exists: false }] }),
      rule('t-numbers', { any: [{ field: 'requestParameters.maxResults', oneOf: [5, 10, 1000] }, { field: 'requestParameters.maxItems', gte: 100 }] }),
    ];
    const browser = new FindingsEngine(rules);
    const events = RECORDS.map((r) => eventFromRecord(r));
    const want = rules.map((r) => events.filter((e) => browser.flags(e, r.id)).length);
    assert.ok(want.filter((n) => n > 0).length >= 3 && want.some((n, i) => n < events.length && n > 0 && i < 3), `the rules flag some events and not others: ${want.join(', ')}`);
    for (const flags of [false, true]) {
      const parameters: string[] = [];
      const { columns, compiled } = findingCountColumns(rules, (v) => (parameters.push(literal(v)), '?'), flags);
      assert.equal(compiled.length, rules.length, 'every test rule compiles');
      const result = await run(`SELECT ${(flags ? columns.map((c) => `count_if(${c})`) : columns).join(', ')} FROM cloudtrail_logs`, parameters);
      assert.deepEqual(Object.fromEntries(rules.map((r, i) => [r.id, Number(result.rows[0]![i])])), Object.fromEntries(rules.map((r, i) => [r.id, want[i]])), `Athena's counts are the browser's${flags ? ' (as flags)' : ''}`);
    }
  });

  test('a Finding condition in the Athena source\'s page query keeps the flagged events; a rule that cannot run says why', async () => {
    await loadFindings();
    const plan = (value: string) => {
      const r = validateQuery({ timeRange: { kind: 'absolute', start: new Date(Date.UTC(2024, 0, 1)), end: new Date(NOW) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field: 'Finding', value }] }, NOW, { retentionMs: Infinity });
      assert.ok(r.ok, 'a valid plan');
      return r.plan;
    };
    const target = { database: 'default', table: 'cloudtrail_logs' };
    const p = plan('cloudtrail-logging-stopped');
    const q = pageSql(p, target, p.start.getTime(), p.end.getTime());
    assert.ok(!q.sql.includes('StopLogging'), 'the rule\'s values travel as parameters, not in the text');
    const rows = (await run(q.sql, q.parameters)).rows.map((row) => row[0]);
    const browser = new FindingsEngine(BUILTIN_RULES);
    const want = RECORDS.map((r) => eventFromRecord(r)).filter((e) => browser.flags(e, 'cloudtrail-logging-stopped')).map((e) => e.EventId);
    assert.ok(want.length >= 2, 'Stratus\'s and the generator\'s StopLogging');
    assert.deepEqual([...rows].sort(), [...want].sort(), 'the page holds exactly the flagged events');

    const burst = plan('access-denied-burst');
    assert.throws(() => pageSql(burst, target, burst.start.getTime(), burst.end.getTime()), /The rule access-denied-burst cannot run in Athena: it counts events from one principal within 10 minutes/, 'an aggregate rule says why');
    const unknown = plan('no-such-rule');
    assert.throws(() => pageSql(unknown, target, unknown.start.getTime(), unknown.end.getTime()), /No rule has the id "no-such-rule"/, 'an unknown rule says so');
  });
});
