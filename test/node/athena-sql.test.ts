/**
 * The SQL the Athena source generates stays inside the subset docs/athena-sql.md lists, carries no
 * user value in its text, and runs on the emulator's engine (DuckDB) with the meaning it has on Athena.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AthenaEngine } from '../../src/emulator/athena/engine.js';
import { BROWSER_FIELDS, SELECTIVITY, type Condition, type ConditionField } from '../../src/lookup/conditions.js';
import { eventSql, facetSql, pageSql, timelineSql, windows, type AthenaSql } from '../../src/lookup/athena/sql.js';
import { validateQuery, type LookupPlan } from '../../src/lookup/query.js';

const doc = readFileSync(new URL('../../docs/athena-sql.md', import.meta.url), 'utf8');
const list = (name: string) => {
  const m = new RegExp(`<!-- subset:${name} -->\\n([\\s\\S]*?)\\n<!--`).exec(doc);
  assert.ok(m, `docs/athena-sql.md lists ${name}`);
  return new Set(m[1]!.trim().split(/\s+/));
};
const words = new Set([...list('keywords'), ...list('functions'), ...list('names')]);
const symbols = list('symbols');

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const SENTINEL = "Zq'%_;--";
const target = { database: 'default', table: 'cloudtrail_logs' };

function plan(conditions: Condition[], readOnly: 'all' | 'read' | 'write' = 'all', days = 400): LookupPlan {
  const r = validateQuery({ timeRange: { kind: 'absolute', start: new Date(NOW - days * DAY), end: new Date(NOW) }, readOnly, category: 'management', pageSize: 50, conditions }, NOW, { retentionMs: Infinity });
  assert.ok(r.ok, r.ok ? '' : r.issues[0]!.message);
  return r.plan;
}

/** Every statement shape the generator makes. */
function statements(): AthenaSql[] {
  // A Finding condition is a rule compiled to SQL: test/node/findings-sql.test.ts runs those.
  const fields: ConditionField[] = [...SELECTIVITY, ...BROWSER_FIELDS.filter((f) => f !== 'Finding')];
  const out: AthenaSql[] = [];
  for (const field of fields) {
    for (const exclude of [false, true]) {
      const value = field === 'ReadOnly' || field === 'Errors' ? 'true' : SENTINEL;
      const p = plan([{ field, value, exclude }], field === 'ReadOnly' ? 'all' : 'write');
      for (const [from, to] of windows(p.start.getTime(), p.end.getTime()).slice(0, 2)) out.push(pageSql(p, target, from, to));
      if (field !== 'ResourceName' && field !== 'ResourceType') out.push(facetSql(p, target, field, 10));
    }
  }
  for (const width of [60_000, 15 * 60_000, DAY, 14 * DAY]) out.push(timelineSql(plan([{ field: 'Username', value: SENTINEL }]), target, width));
  out.push(eventSql(target, SENTINEL));
  return out;
}

/** The text with string literals and quoted identifiers taken out. */
const bare = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, ' ').replace(/"[a-z0-9_]+"/g, ' ');

test('every word and symbol of the generated SQL is in the documented subset, and no value is in its text', () => {
  const all = statements();
  assert.ok(all.length > 60, `${all.length} statements`);
  for (const { sql, parameters } of all) {
    assert.ok(!sql.includes('Zq'), `no user value in the SQL text: ${sql}`);
    assert.ok(!bare(sql).includes(';'), 'one statement, no ;');
    const text = bare(sql);
    for (const word of text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) assert.ok(words.has(word), `"${word}" is in docs/athena-sql.md's subset (in: ${sql.slice(0, 200)})`);
    const rest = text.replace(/[A-Za-z_][A-Za-z0-9_]*/g, ' ').replace(/\d+/g, ' ');
    for (const sym of rest.match(/->|<>|>=|<=|[^\s]/g) ?? []) assert.ok(symbols.has(sym), `"${sym}" is in the subset's symbols`);
    const placeholders = (sql.match(/\?/g) ?? []).length;
    assert.equal(placeholders, parameters.length, 'one parameter per ?');
    for (const p of parameters) assert.match(p, /^'(?:[^']|'')*'$/, 'each parameter is one quoted literal');
  }
});

test('each generated statement runs on the emulator engine and finds the value literally', async () => {
  const record = (i: number, name: string) => ({
    eventVersion: '1.09', eventTime: new Date(NOW - i * 20 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::123456789012:user/${name}`, accountId: '123456789012', accessKeyId: 'AKIAX', userName: name },
    eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.1', userAgent: 'cli',
    eventID: `id-${i}`, readOnly: true, eventType: 'AwsApiCall', recipientAccountId: '123456789012', resources: [{ ARN: 'arn:x', type: 'AWS::IAM::User' }],
  });
  const engine = new AthenaEngine(() => [record(1, SENTINEL), record(2, 'Zq'), record(15, SENTINEL)]);
  const signal = new AbortController().signal;
  for (const { sql, parameters } of statements()) {
    const result = await engine.run(sql, parameters, 'default', signal);
    assert.ok(result.ok, result.ok ? '' : `${result.reason}\n${sql}`);
  }
  const p = plan([{ field: 'Username', value: SENTINEL }]);
  const ids: string[] = [];
  for (const [from, to] of windows(p.start.getTime(), p.end.getTime())) {
    const r = await engine.run(pageSql(p, target, from, to).sql, pageSql(p, target, from, to).parameters, 'default', signal);
    assert.ok(r.ok, 'runs');
    ids.push(...r.rows.map((row) => row[0]!));
  }
  assert.deepEqual(ids, ['id-1', 'id-15'], 'newest window first; the value matched whole, in both windows');
});

test('the timeline query counts every event per bucket, failed ones apart, as the timeline buckets them', async () => {
  const HOUR = 3_600_000;
  const records = Array.from({ length: 40 }, (_, i) => ({
    eventVersion: '1.09', eventTime: new Date(NOW - i * 5 * HOUR - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/u', accountId: '123456789012', userName: 'u' },
    eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', eventID: `t-${i}`, readOnly: true,
    ...(i % 3 === 0 ? { errorCode: 'AccessDenied' } : {}),
  }));
  const engine = new AthenaEngine(() => records);
  const p = plan([], 'all', 10);
  const width = 6 * HOUR;
  const q = timelineSql(p, target, width);
  const r = await engine.run(q.sql, q.parameters, 'default', new AbortController().signal);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const got = new Map(r.rows.map((row) => [Number(row[0]) * width, { n: Number(row[1]), errors: Number(row[2]) }]));
  const want = new Map<number, { n: number; errors: number }>();
  for (const rec of records) {
    const t = Date.parse(rec.eventTime);
    if (t < p.start.getTime() || t > p.end.getTime()) continue;
    const start = Math.floor(t / width) * width;
    const b = want.get(start) ?? { n: 0, errors: 0 };
    b.n++;
    if (rec.errorCode) b.errors++;
    want.set(start, b);
  }
  assert.ok(want.size > 20, 'several buckets');
  assert.deepEqual(Object.fromEntries([...got].sort()), Object.fromEntries([...want].sort()));
});
