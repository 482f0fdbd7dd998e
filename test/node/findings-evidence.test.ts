/**
 * Evidence for the built-in pack: real attack records (Stratus Red Team's detonation logs, each
 * labelled with its technique) are flagged by a rule of the technique's tactic, their
 * reconnaissance is not flagged on its own, and the generator's ordinary traffic stays quiet while
 * its seeded attack sequences are found. Prints a table: technique, flagged records, rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { generateRecords } from 'cloudtrail-elements-emulator';
import { attackSequences } from '../../packages/emulator/src/attacks.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import type { CtEvent } from '../../src/lookup/events.js';
import { BUILTIN_RULES, FindingsEngine, tacticName } from '../../src/lookup/findings/index.js';

const DATA = process.env.CT_SHARED_DATA ?? resolve(process.cwd(), '../shared/data/cloudtrail');
const TACTIC_OF: Record<string, string> = {
  'initial-access': 'TA0001', execution: 'TA0002', persistence: 'TA0003', 'privilege-escalation': 'TA0004', 'defense-evasion': 'TA0005',
  'credential-access': 'TA0006', discovery: 'TA0007', 'lateral-movement': 'TA0008', exfiltration: 'TA0010', impact: 'TA0040',
};

/** Techniques whose telling step CloudTrail does not record, and why. */
const NOT_IN_CLOUDTRAIL: Record<string, string> = {
  'aws.credential-access.ec2-steal-instance-credentials':
    'the credentials are read from the instance metadata service inside the instance, which CloudTrail does not record; '
    + 'it shows only the SendCommand that ran the script (its parameters hidden), flagged as execution by ssm-send-command',
  'aws.persistence.lambda-overwrite-code':
    'an UpdateFunctionCode record says that code changed, not what it does or where it came from: it reads the same as every deployment, '
    + 'so flagging it would flag every release',
};

/** Newest first, as LookupEvents pages come. */
const newestFirst = (events: CtEvent[]) => events.sort((a, b) => (b.EventTime?.getTime() ?? 0) - (a.EventTime?.getTime() ?? 0));

describe('findings: evidence on real attack records and generated traffic', () => {
  test('the built-in pack: at least 40 rules, every one valid, with its tactic, covering the eight tactics asked for', () => {
    assert.ok(BUILTIN_RULES.length >= 40, `${BUILTIN_RULES.length} rules`);
    assert.doesNotThrow(() => new FindingsEngine(BUILTIN_RULES), 'every rule compiles and ids are unique');
    const tactics = new Set(BUILTIN_RULES.map((r) => tacticName(r.attack.tactic)));
    for (const t of ['Defense Evasion', 'Persistence', 'Privilege Escalation', 'Credential Access', 'Discovery', 'Exfiltration', 'Impact', 'Initial Access']) {
      assert.ok(tactics.has(t), `a rule of ${t}`);
    }
    for (const r of BUILTIN_RULES) assert.ok(r.attack.techniques.length > 0 && r.description.length > 20, `${r.id}: a technique and a description`);
  });

  test('each Stratus Red Team technique is flagged by a rule of its tactic, and its reconnaissance is not', () => {
    const technique = new Map<string, string>();
    for (const line of readFileSync(`${DATA}/stratus-red-team_detonation-logs.techniques.tsv`, 'utf8').trim().split('\n').slice(1)) {
      const [id, name] = line.split('\t');
      technique.set(id, name);
    }
    const events = newestFirst(readFileSync(`${DATA}/stratus-red-team_detonation-logs.jsonl`, 'utf8').trim().split('\n').map((l) => eventFromRecord(l)));
    assert.equal(events.length, 310, 'the 310 detonation records');
    const engine = new FindingsEngine(BUILTIN_RULES);
    for (let i = 0; i < events.length; i += 50) engine.evaluate(events.slice(i, i + 50));

    const byTechnique = new Map<string, CtEvent[]>();
    for (const e of events) {
      const name = technique.get(e.EventId!);
      assert.ok(name, `record ${e.EventId} has a technique`);
      byTechnique.set(name, [...(byTechnique.get(name) ?? []), e]);
    }
    assert.equal(byTechnique.size, 35, 'the 35 techniques');

    const rows: string[] = [];
    const missed: string[] = [];
    for (const [name, list] of [...byTechnique].sort()) {
      const tactic = TACTIC_OF[name.split('.')[1]];
      assert.ok(tactic, `${name}: a known tactic`);
      const ofTactic = list.filter((e) => engine.hitsOf(e).some((h) => h.rule.attack.tactic === tactic));
      const rules = [...new Set(ofTactic.flatMap((e) => engine.hitsOf(e).filter((h) => h.rule.attack.tactic === tactic).map((h) => h.rule.id)))];
      const calls = [...new Set(ofTactic.map((e) => e.EventName))];
      const reason = NOT_IN_CLOUDTRAIL[name];
      rows.push(`${name.padEnd(62)} ${String(ofTactic.length).padStart(3)}/${String(list.length).padEnd(3)} ${reason ? `not in CloudTrail: ${reason}` : `${calls.join(', ')} → ${rules.join(', ')}`}`);
      if (reason) assert.equal(ofTactic.length, 0, `${name} is listed as not visible in CloudTrail, yet a ${tacticName(tactic)} rule flags it: take it off the list`);
      else if (!ofTactic.length) missed.push(name);
    }
    console.log(`[findings evidence] technique, records flagged by a rule of its tactic / records, calls → rules\n${rows.join('\n')}`);
    assert.deepEqual(missed, [], 'every technique CloudTrail can show is flagged by a rule of its tactic');

    for (const e of events.filter((x) => x.EventName === 'DescribeInstances' || x.EventName === 'GetCallerIdentity')) {
      assert.deepEqual(engine.hitsOf(e).map((h) => h.rule.id), [], `${technique.get(e.EventId!)}: ${e.EventName} (reconnaissance) is not flagged on its own`);
    }
  });

  test('ordinary generated traffic raises findings on at most 1% of events, and the seeded attacks are found', () => {
    const nowMs = Date.UTC(2026, 10, 20, 12);
    const records = generateRecords({ nowMs, seed: 42 });
    const seeded = attackSequences({ seed: 42, endMs: Math.floor(nowMs / 1000) * 1000 - 60_000, account: '123456789012' });
    const seededIds = new Set(seeded.flatMap((s) => s.records.map((r) => r.eventID as string)));
    assert.ok([...seededIds].every((id) => records.some((r) => r.eventID === id)), 'the generator includes the seeded sequences');
    const events = newestFirst(records.map((r) => eventFromRecord(r)));
    const engine = new FindingsEngine(BUILTIN_RULES);
    for (let i = 0; i < events.length; i += 50) engine.evaluate(events.slice(i, i + 50));

    const ordinary = events.filter((e) => !seededIds.has(e.EventId!));
    const flagged = ordinary.filter((e) => engine.hitsOf(e).length > 0);
    const byRule = new Map<string, number>();
    for (const e of flagged) for (const h of engine.hitsOf(e)) byRule.set(h.rule.id, (byRule.get(h.rule.id) ?? 0) + 1);
    const share = flagged.length / ordinary.length;
    console.log(`[findings evidence] ordinary generated traffic: ${flagged.length} of ${ordinary.length} events flagged (${(share * 100).toFixed(2)}%): ${[...byRule].map(([r, c]) => `${r} ${c}`).join(', ')}`);
    assert.ok(share <= 0.01, `${(share * 100).toFixed(2)}% of ordinary events raise a finding; at most 1%`);

    const byId = new Map(events.map((e) => [e.EventId!, e]));
    for (const s of seeded) {
      const telling = s.records.filter((r) => s.telling.includes(r.eventName as string)).map((r) => byId.get(r.eventID as string)!);
      assert.ok(telling.length > 0, `${s.name}: has telling calls`);
      for (const e of telling) assert.ok(engine.flags(e, s.expectedRule), `${s.name}: ${e.EventName} in ${e.region} is flagged by ${s.expectedRule} (got ${engine.hitsOf(e).map((h) => h.rule.id).join(', ') || 'nothing'})`);
    }
  });
});
