/**
 * The emulator from its installed package (cloudtrail-elements-emulator's tarball installed alone in
 * a fresh folder outside the repository, helpers/hosts.ts): `npx cloudtrail-elements-emulator --help`,
 * and `--port N` answering the aws cli (LookupEvents, and Athena queries on its DuckDB, checked
 * against Trino's grammar and type rules as Athena checks them).
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { emulatorOnlyDir, npm, run } from './helpers/hosts.js';

let work: string;
before(async () => {
  work = await emulatorOnlyDir();
});

/** The aws cli, if installed (Debian's first, as test/node/real-clients.test.ts prefers). */
const AWS = ['/usr/bin/aws', 'aws'].find((cmd) => {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
});

describe('the emulator from the installed package', () => {
  let child: ChildProcess | undefined;
  // npm exec starts the emulator as its own child: end the whole process group this test started.
  after(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  });

  test('`npx cloudtrail-elements-emulator --help` describes the command', { timeout: 60_000 }, async () => {
    const { code, out } = await run(npm, ['exec', '--offline', '--', 'cloudtrail-elements-emulator', '--help'], work);
    assert.equal(code, 0, out);
    assert.match(out, /Usage: cloudtrail-elements-emulator \[options\]/, out);
    for (const flag of ['--port', '--events', '--rebase', '--data-dir']) assert.ok(out.includes(flag), `--help names ${flag}:\n${out}`);
  });

  test('`npx cloudtrail-elements-emulator --port N` answers the aws cli: LookupEvents, and Athena on the DuckDB its package brings, with Trino\'s type rules', { timeout: 180_000, skip: AWS ? false : 'the aws cli is not installed' }, async () => {
    child = spawn(npm, ['exec', '--offline', '--', 'cloudtrail-elements-emulator', '--port', '0', '--count', '300'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let printed = '';
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(printed);
        if (m) resolve(m[1]!);
      });
      child!.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      child!.on('exit', (code) => reject(new Error(`the emulator exited (${code}):\n${printed}`)));
    });
    const home = mkdtempSync(join(tmpdir(), 'ct-hosts-aws-'));
    try {
      const env = {
        PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '',
      };
      const aws = (args: string[]) => new Promise<string>((resolve, reject) => {
        execFile(AWS!, [...args, '--endpoint-url', url, '--output', 'json'], { env, timeout: 60_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`aws cli: ${stderr}\n${stdout}`)) : resolve(stdout));
      });
      const out = await aws(['cloudtrail', 'lookup-events', '--max-items', '5']);
      const events = (JSON.parse(out) as { Events: { EventId: string; EventName: string }[] }).Events;
      assert.equal(events.length, 5, `five events from the emulator:\n${out}`);
      assert.ok(events.every((e) => e.EventId && e.EventName), `each event has an id and a name:\n${out}`);

      type Status = { State: string; StateChangeReason?: string };
      /** Runs `sql` through the aws cli and polls it (a bounded number of times) to its end: its id, the states it went through, its last status. */
      const query = async (sql: string) => {
        const { QueryExecutionId: id } = JSON.parse(await aws(['athena', 'start-query-execution', '--query-string', sql, '--work-group', 'primary'])) as { QueryExecutionId: string };
        const seen: string[] = [];
        let status: Status = { State: 'QUEUED' };
        for (let i = 0; i < 100 && !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status.State); i++) {
          status = (JSON.parse(await aws(['athena', 'get-query-execution', '--query-execution-id', id])) as { QueryExecution: { Status: Status } }).QueryExecution.Status;
          if (seen.at(-1) !== status.State) seen.push(status.State);
        }
        return { id, seen, status };
      };

      // Athena runs its queries on DuckDB: a dependency of the emulator's package, installed with it.
      const counted = await query('SELECT count(*) AS n FROM cloudtrail_logs');
      assert.equal(counted.status.State, 'SUCCEEDED', `the query's states: ${counted.seen.join(' -> ')}`);
      const results = JSON.parse(await aws(['athena', 'get-query-results', '--query-execution-id', counted.id])) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] } };
      const rows = results.ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue));
      assert.equal(rows[0]![0], 'n', `the header row first:\n${JSON.stringify(rows)}`);
      assert.ok(Number(rows[1]![0]) > 0, `the table holds the generated events:\n${JSON.stringify(rows)}`);

      // Trino's grammar and type rules come with the package too (its parser, bundled): a comparison
      // DuckDB would cast on its own fails as on Athena.
      const { status } = await query('SELECT count(*) FROM cloudtrail_logs WHERE eventname = 1');
      assert.equal(status.State, 'FAILED', `Trino refuses varchar = integer: ${JSON.stringify(status)}`);
      assert.match(status.StateChangeReason ?? '', /^TYPE_MISMATCH: line 1:\d+: Cannot apply operator: varchar = integer/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
