/**
 * The SQL the Athena source generates stays inside the subset docs/athena-sql.md lists, carries no
 * user value in its text, and runs on the emulator's engine (DuckDB) with the meaning it has on Athena.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AthenaEngine } from '../../packages/emulator/src/athena/engine.js';
import { BROWSER_FIELDS, SELECTIVITY, type Condition, type ConditionField } from '../../src/lookup/conditions.js';
import { countsSql, eventSql, lookbackWindows, pageSql, windows, type AthenaSql, type AthenaTable } from '../../src/lookup/athena/sql.js';
import { CLOUDTRAIL_COLUMNS, partitionsOf } from '../../src/lookup/athena/layout.js';
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
/** The emulator's layout tables, as the source would read them. */
const LAYOUTS: AthenaTable[] = [
  { database: 'default', table: 'cloudtrail_logs_pp', layout: { columns: new Set(CLOUDTRAIL_COLUMNS), partitions: partitionsOf(['timestamp']) } },
  { database: 'default', table: 'cloudtrail_logs_manual', layout: { columns: new Set(CLOUDTRAIL_COLUMNS), partitions: partitionsOf(['region', 'year', 'month', 'day']) } },
  { database: 'default', table: 'cloudtrail_org', layout: { columns: new Set(CLOUDTRAIL_COLUMNS), partitions: partitionsOf(['account', 'region', 'year', 'month', 'day']) } },
  { database: 'default', table: 'cloudtrail_console', layout: { columns: new Set(CLOUDTRAIL_COLUMNS.filter((c) => !['vpcendpointaccountid', 'eventcategory', 'addendum', 'sessioncredentialfromconsole', 'edgedevicedetails'].includes(c))), partitions: partitionsOf([]) } },
];

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
  const facets = fields.filter((f) => f !== 'ResourceName' && f !== 'ResourceType');
  // The organization trail's table read for some accounts (the accounts searched) adds `account IN (...)`;
  // the other tables, the account column's.
  const forAccounts: AthenaTable[] = LAYOUTS.map((t) => ({ ...t, accounts: ['210987654321', '123456789012'] }));
  for (const t of [target, ...LAYOUTS, ...forAccounts]) {
    for (const field of fields) {
      for (const exclude of [false, true]) {
        const value = field === 'ReadOnly' || field === 'Errors' ? 'true' : SENTINEL;
        const p = plan([{ field, value, exclude }], field === 'ReadOnly' ? 'all' : 'write');
        const [first, second] = windows(p.start.getTime(), p.end.getTime());
        out.push(pageSql(p, t, first![0], first![1], 100), pageSql(p, t, second![0], second![1], 1000, { time: '2026-01-02T03:04:05Z', id: SENTINEL }));
      }
    }
    for (const width of [60_000, 15 * 60_000, DAY, 14 * DAY]) out.push(countsSql(plan([{ field: 'Username', value: SENTINEL }]), t, { fields: facets, limit: 10, widthMs: width }));
    out.push(countsSql(plan([]), t, { fields: ['ErrorCode'], limit: 10 }));
    for (const [from, to] of lookbackWindows(NOW)) out.push(eventSql(t, SENTINEL, from, to));
  }
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
    const q = pageSql(p, target, from, to);
    const r = await engine.run(q.sql, q.parameters, 'default', signal);
    assert.ok(r.ok, 'runs');
    ids.push(...r.rows.map((row) => row[0]!));
  }
  assert.deepEqual(ids, ['id-1', 'id-15'], 'newest window first; the value matched whole, in both windows');
});

test('the accounts searched filter every table: the account partition where there is one, else the account column, as an AccountId condition reads it; a table without that column says so', async () => {
  const accounts = ['210987654321', '123456789012'];
  const p = plan([]);
  const [[from, to]] = windows(p.start.getTime(), p.end.getTime()) as [[number, number]];
  const org = pageSql(p, { ...LAYOUTS[2]!, accounts }, from, to);
  assert.match(org.sql, /\baccount IN \(\?, \?\)/, 'the organization trail\'s table: its partition');
  for (const t of [LAYOUTS[0]!, LAYOUTS[1]!, LAYOUTS[3]!]) {
    const q = pageSql(p, { ...t, accounts }, from, to);
    assert.ok(q.sql.includes('coalesce(recipientaccountid, useridentity.accountid) IN (?, ?)'), `${t.table}: the account column`);
    assert.deepEqual(q.parameters.filter((v) => accounts.some((a) => v === `'${a}'`)), accounts.map((a) => `'${a}'`), `${t.table}: the accounts as parameters`);
  }
  // Run on the engine: a trail's own table (one account's logs) keeps the chosen accounts' events only.
  const record = (i: number, account: string) => ({
    eventVersion: '1.09', eventTime: new Date(NOW - i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/ana`, accountId: account, userName: 'ana' },
    eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', eventID: `id-${i}`, readOnly: true, eventType: 'AwsApiCall', recipientAccountId: account,
  });
  const engine = new AthenaEngine(() => [record(1, '123456789012'), record(2, '111122223333'), record(3, '210987654321')]);
  const q = pageSql(p, { ...target, accounts }, from, to);
  const r = await engine.run(q.sql, q.parameters, 'default', new AbortController().signal);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(r.rows.map((row) => row[0]), ['id-1', 'id-3'], 'the two accounts\' events, not the third\'s');
  const noAccountColumn: AthenaTable = { ...LAYOUTS[0]!, accounts, layout: { ...LAYOUTS[0]!.layout!, columns: new Set(CLOUDTRAIL_COLUMNS.filter((c) => c !== 'recipientaccountid')) } };
  assert.throws(() => pageSql(p, noAccountColumn, from, to), /has no column recipientaccountid: the accounts searched need it/);
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
  const q = countsSql(p, target, { fields: [], limit: 10, widthMs: width });
  const r = await engine.run(q.sql, q.parameters, 'default', new AbortController().signal);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const at = (name: string) => r.ok ? r.columns.findIndex((c) => c.name === name) : -1;
  const got = new Map(r.rows.map((row) => [Number(row[at('bucket')]) * width, { n: Number(row[at('n')]), errors: Number(row[at('errors')]) }]));
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

/** Records every 7 minutes over three days, the last ones of each day minutes before midnight. */
function nearMidnight(): Record<string, unknown>[] {
  const base = Date.UTC(2026, 4, 10);
  return Array.from({ length: 3 * 24 * 60 / 7 }, (_, i) => ({
    eventVersion: '1.09', eventTime: new Date(base + i * 7 * 60_000 + 59_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/u', accountId: '123456789012', userName: 'u' },
    eventSource: 'iam.amazonaws.com', eventName: i % 4 ? 'ListUsers' : 'GetUser', awsRegion: i % 2 ? 'us-east-1' : 'eu-west-1', eventID: `m-${String(i).padStart(4, '0')}`, readOnly: true,
    recipientAccountId: i % 3 ? '123456789012' : '210987654321', ...(i % 5 === 0 ? { errorCode: `E${i % 13}` } : {}),
  }));
}

test('a whole day holds the events delivered after midnight: the event-day bound misses them, the delivery-day bound finds them, in every layout', async () => {
  const records = nearMidnight();
  const engine = new AthenaEngine(() => records);
  const signal = new AbortController().signal;
  const day = [Date.UTC(2026, 4, 11), Date.UTC(2026, 4, 11) + DAY - 1000] as const;
  const want = records.filter((r) => Date.parse(r.eventTime as string) >= day[0] && Date.parse(r.eventTime as string) <= day[1]).map((r) => r.eventID as string).sort();
  const p = validateQuery({ timeRange: { kind: 'absolute', start: new Date(day[0]), end: new Date(day[1]) }, readOnly: 'all', category: 'management', pageSize: 50 }, day[1] + 3 * DAY, { retentionMs: Infinity });
  assert.ok(p.ok, 'a valid day');
  // The SQL before: the partition bounded by the events' own days.
  const before = await engine.run(`SELECT eventid FROM cloudtrail_logs WHERE "timestamp" BETWEEN '2026/05/11' AND '2026/05/11' AND eventtime >= '2026-05-11T00:00:00Z' AND eventtime <= '2026-05-11T23:59:59Z'`, [], 'default', signal);
  assert.ok(before.ok, 'the old statement runs');
  const missed = want.filter((id) => !before.rows.some((r) => r[0] === id));
  assert.ok(missed.length > 0, 'the events of the last minutes of the day sit in the next day\'s partition');
  for (const t of [target, ...LAYOUTS]) {
    const q = pageSql(p.plan, t, day[0], day[1], 100_000);
    const r = await engine.run(q.sql, q.parameters, 'default', signal);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.deepEqual(r.rows.map((row) => row[0]).sort(), want, `${t.table}: every event of the day`);
    // The counts agree with the rows: the facet totals and the buckets each sum to the day's events.
    const c = countsSql(p.plan, t, { fields: ['EventName', 'ErrorCode'], limit: 10, widthMs: 3_600_000 });
    const counted = await engine.run(c.sql, c.parameters, 'default', signal);
    assert.ok(counted.ok, counted.ok ? '' : counted.reason);
    const col = (name: string) => counted.columns.findIndex((x) => x.name === name);
    const sum = (pick: (row: (string | null)[]) => boolean) => counted.rows.filter(pick).reduce((n, row) => n + Number(row[col('n')]), 0);
    assert.equal(sum((row) => row[col('f0')] !== null), want.length, `${t.table}: EventName counts`);
    assert.equal(sum((row) => row[col('bucket')] !== null), want.length, `${t.table}: timeline buckets`);
    const errorCodes = counted.rows.filter((row) => row[col('f1')] !== null);
    assert.equal(errorCodes.length, 10, `${t.table}: ten ErrorCode values, none of them the empty one`);
  }
});

test('bytes read are the partitions (files) a query admits: a day and the next, not the whole table', async () => {
  const records = nearMidnight();
  const engine = new AthenaEngine(() => records);
  const signal = new AbortController().signal;
  const day = [Date.UTC(2026, 4, 11), Date.UTC(2026, 4, 11) + DAY - 1000] as const;
  const p = validateQuery({ timeRange: { kind: 'absolute', start: new Date(day[0]), end: new Date(day[1]) }, readOnly: 'all', category: 'management', pageSize: 50 }, day[1] + 3 * DAY, { retentionMs: Infinity });
  assert.ok(p.ok, 'a valid day');
  const bytes: Record<string, number> = {};
  for (const t of [target, ...LAYOUTS]) {
    const q = pageSql(p.plan, t, day[0], day[1]);
    const r = await engine.run(q.sql, q.parameters, 'default', signal);
    assert.ok(r.ok, 'runs');
    bytes[t.table] = r.scannedBytes;
  }
  const total = engine.totalBytes;
  assert.ok(bytes.cloudtrail_logs! < total * 0.75 && bytes.cloudtrail_logs! > total / 3, `two of three days and a few minutes: ${bytes.cloudtrail_logs} of ${total}`);
  assert.equal(bytes.cloudtrail_logs_manual, bytes.cloudtrail_logs, 'year/month/day prune as timestamp does');
  assert.equal(bytes.cloudtrail_console, total, 'a table without partitions reads every file');
  // A Region condition prunes the Region level of the manual and organization layouts.
  const east = validateQuery({ timeRange: { kind: 'absolute', start: new Date(day[0]), end: new Date(day[1]) }, readOnly: 'all', category: 'management', pageSize: 50, conditions: [{ field: 'AwsRegion', value: 'us-east-1' }, { field: 'AccountId', value: '210987654321' }] }, day[1] + 3 * DAY, { retentionMs: Infinity });
  assert.ok(east.ok, 'a valid query');
  const manual = pageSql(east.plan, LAYOUTS[1]!, day[0], day[1]);
  const org = pageSql(east.plan, LAYOUTS[2]!, day[0], day[1]);
  const m = await engine.run(manual.sql, manual.parameters, 'default', signal);
  const o = await engine.run(org.sql, org.parameters, 'default', signal);
  assert.ok(m.ok && o.ok, 'both run');
  assert.ok(m.scannedBytes < bytes.cloudtrail_logs! * 0.6, `one Region of two: ${m.scannedBytes}`);
  assert.ok(o.scannedBytes < m.scannedBytes * 0.5, `one account of two, one Region: ${o.scannedBytes}`);
  assert.deepEqual(o.rows.map((r) => r[0]).sort(), m.rows.map((r) => r[0]).sort(), 'the same events');
});
