/**
 * The lookup's one counting query counts each rule's findings over the range as the rule engine
 * finds them event by event: on 600 real CloudTrail records (Stratus Red Team's detonations of
 * attack techniques, Panther's rule tests, AWS's documentation examples), every built-in rule that
 * compiles to SQL, through the emulator's engine, against FindingsEngine on the same records.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AthenaEngine } from '../../packages/emulator/src/athena/engine.js';
import { countsSql, FLAG_BITS } from '../../src/lookup/athena/sql.js';
import { BUILTIN_RULES, FindingsEngine } from '../../src/lookup/findings/index.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { validateQuery } from '../../src/lookup/query.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');
const NOW = Date.UTC(2026, 5, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('the counting query counts each rule that compiles exactly as the engine flags the events', async () => {
  const files = ['stratus-red-team_detonation-logs.jsonl', 'panther-analysis_rule-tests.jsonl', 'awsdocs_aws-cloudtrail-user-guide.jsonl'];
  const records = files.flatMap((f) => readFileSync(path.join(DATA, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>))
    .map((r, i) => ({ ...r, eventID: `r-${i}`, eventTime: iso(NOW - (i + 1) * 60_000) }));
  const plan = validateQuery({ timeRange: { kind: 'absolute', start: new Date(NOW - 2 * 86_400_000), end: new Date(NOW) }, readOnly: 'all', category: 'management', pageSize: 50 }, NOW, { retentionMs: Infinity });
  assert.ok(plan.ok, 'a valid query');
  const q = countsSql(plan.plan, { database: 'default', table: 'cloudtrail_logs' }, { fields: ['EventName'], limit: 10, widthMs: 3_600_000, findings: BUILTIN_RULES });
  assert.ok(q.compiled.length > FLAG_BITS, `${q.compiled.length} rules compile: more than one flags column`);
  assert.ok(q.refused.some((e) => e.ruleId === 'access-denied-burst'), 'a window over events is refused');

  const out = await new AthenaEngine(() => records).run(q.sql, q.parameters, 'default', new AbortController().signal);
  assert.ok(out.ok, out.ok ? '' : out.reason);
  const at = (name: string) => out.columns.findIndex((c) => c.name === name);
  const got = new Map<string, number>();
  for (const row of out.rows) {
    for (let j = 0; j * FLAG_BITS < q.compiled.length; j++) {
      const mask = row[at(`g${j}`)];
      if (mask === null || mask === undefined) continue;
      for (let bit = 0; bit < FLAG_BITS; bit++) {
        const rule = q.compiled[j * FLAG_BITS + bit];
        if (rule && Number(mask) & (2 ** bit)) got.set(rule.id, (got.get(rule.id) ?? 0) + Number(row[at('n')]));
      }
    }
  }
  const engine = new FindingsEngine(BUILTIN_RULES);
  const want = new Map<string, number>();
  const counted = new Set(q.compiled.map((r) => r.id));
  for (const r of records) {
    for (const hit of engine.hitsOf(eventFromRecord(r))) if (counted.has(hit.rule.id)) want.set(hit.rule.id, (want.get(hit.rule.id) ?? 0) + 1);
  }
  assert.ok(want.size >= 15, `${want.size} rules flag the records`);
  assert.deepEqual(Object.fromEntries([...got].sort()), Object.fromEntries([...want].sort()));
});
