/**
 * Safety: the emulator runs on developers' machines, so the control API must not read
 * files named over HTTP, must not answer other web pages, and nothing a request sends may exhaust
 * memory or break the request log. Raw HTTP on 127.0.0.1 only; the browser side of the same checks
 * is test/browser/emulator-safety.test.ts.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulatorServer, type EmulatorServer, type RequestLogEntry, type WireEvent } from 'cloudtrail-elements-emulator';
import { parseCliArgs } from '../../packages/emulator/src/cli.js';
import { aws, cognito, control, http, instance, POOL, record, type Inst } from './helpers/emulator-http.js';

const DATA = process.env.CT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data/cloudtrail');

let server: EmulatorServer;
before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: [], throttle: false, dataDir: DATA, limits: { instances: 12, totalEvents: 60_000, logEntries: 50, logBytes: 64 * 1024 }, maxConnections: 20 });
});
after(async () => {
  await server.close();
});

const post = (route: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  http(`${server.url}/__control/${route}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

const ids = async () => (await control<{ instances: { id: string }[] }>(server, 'instances')).instances.map((i) => i.id);

describe('the control API reads no filesystem path sent over HTTP', () => {
  test('absolute paths, .. and device files are refused, and the answer quotes nothing from the disk', async () => {
    for (const name of ['/etc/shadow', '/etc/passwd', '/dev/zero', '../../../../etc/passwd', 'x/../../secret.json', '/work', '.\0/etc/passwd', path.join(DATA, 'awsdocs_aws-cloudtrail-user-guide.jsonl')]) {
      const r = await post('instances', { events: [name] });
      assert.equal(r.status, 400, `${JSON.stringify(name)}: ${r.status}`);
      const text = JSON.stringify(r.json);
      assert.ok(!/root:|daemon:|ENOENT|EACCES|errno|syscall|Unexpected token/.test(text), `no file content or fs error for ${JSON.stringify(name)}: ${text}`);
    }
  });

  test('a name missing from the data folder says only that', async () => {
    const r = await post('instances', { events: ['nope.jsonl'] });
    assert.deepEqual([r.status, r.json.message], [400, 'nope.jsonl: no such file or folder in the data folder']);
  });

  test('a name inside the data folder loads', async () => {
    const inst = await instance(server, { events: ['awsdocs_aws-cloudtrail-user-guide.jsonl'], retentionDays: 36_500 });
    assert.ok(inst.eventCount > 10, `${inst.eventCount} events loaded by name`);
  });

  test('a folder is read only inside the data folder: links that leave it are skipped, files are named relative to it', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'ct-datadir-'));
    const dir = path.join(tmp, 'data');
    const outside = path.join(tmp, 'outside');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    mkdirSync(outside);
    const line = (id: string) => `${JSON.stringify(record(id, new Date(Date.now() - 3600_000).toISOString()))}\n`;
    writeFileSync(path.join(dir, 'inside.jsonl'), line('inside-1'));
    writeFileSync(path.join(dir, 'sub', 'deeper.jsonl'), line('inside-2'));
    writeFileSync(path.join(outside, 'secret.jsonl'), line('outside-1'));
    symlinkSync(outside, path.join(dir, 'out-folder'));
    symlinkSync(path.join(outside, 'secret.jsonl'), path.join(dir, 'out-file.jsonl'));
    symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    symlinkSync(path.join(dir, 'inside.jsonl'), path.join(dir, 'sub', 'alias.jsonl'));
    const confined = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: [], throttle: false, dataDir: dir });
    try {
      const whole = await instance(confined, { events: ['.'], retentionDays: 3650 });
      const info = await control<{ loaded: { files: string[]; reassignedIds: number } }>(confined, `instances/${whole.id}/info`);
      assert.deepEqual(info.loaded.files, ['inside.jsonl', path.join('sub', 'alias.jsonl'), path.join('sub', 'deeper.jsonl')], 'the files inside, named relative to the data folder; the loop is read once');
      const truth = await control<{ Events: WireEvent[] }>(confined, `instances/${whole.id}/truth`, {});
      assert.ok(!truth.Events.some((e) => e.EventId === 'outside-1'), 'nothing from outside the data folder');
      assert.ok(truth.Events.some((e) => e.EventId === 'inside-1') && truth.Events.some((e) => e.EventId === 'inside-2'), 'both files inside are read');
      for (const name of ['out-folder', 'out-file.jsonl', 'out-folder/secret.jsonl']) {
        const r = await http(`${confined.url}/__control/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [name] }) });
        assert.deepEqual([r.status, r.json.message], [400, `${path.normalize(name)}: leads out of the data folder`], name);
      }
      writeFileSync(path.join(dir, 'sub', 'broken.jsonl'), '{"eventID": nope}\n');
      const broken = await http(`${confined.url}/__control/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: ['sub'] }) });
      assert.deepEqual([broken.status, broken.json.message], [400, `${path.join('sub', 'broken.jsonl')}:1: not a JSON record`], 'the message names the file relative to the data folder');
      assert.ok(!JSON.stringify(broken.json).includes(tmp), 'no absolute path');
    } finally {
      await confined.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('without a data folder, no events are loaded over HTTP at all', async () => {
    const bare = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: [] });
    try {
      const r = await http(`${bare.url}/__control/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: ['awsdocs_aws-cloudtrail-user-guide.jsonl'] }) });
      assert.equal(r.status, 400);
      assert.match(String(r.json.message), /no data folder/);
    } finally {
      await bare.close();
    }
  });
});

describe('the control API answers its own origin and loopback pages only', () => {
  test('another origin, a sandboxed page (null) and a text/plain body are refused without CORS headers', async () => {
    const before = await ids();
    for (const origin of ['http://evil.example', 'null', 'https://attacker.test:4566', 'file://']) {
      const r = await post('instances', { id: 'from-elsewhere', records: [] }, { 'content-type': 'text/plain', origin });
      assert.equal(r.status, 403, origin);
      assert.equal(r.headers.get('access-control-allow-origin'), null, `${origin}: nothing the page may read`);
      const pre = await http(`${server.url}/__control/instances`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      assert.equal(pre.headers.get('access-control-allow-origin'), null, `${origin}: no preflight grant`);
      const get = await http(`${server.url}/__control/instances/default/log`, { headers: { origin } });
      assert.equal(get.status, 403, `${origin}: the log is not read`);
    }
    assert.deepEqual(await ids(), before, 'nothing was created');
  });

  test('a loopback page must send JSON; its own origin may', async () => {
    const plain = await post('instances', { records: [] }, { 'content-type': 'text/plain', origin: 'http://localhost:8000' });
    assert.equal(plain.status, 415, 'a simple (unpreflighted) body is refused');
    const ok = await post('instances', { records: [] }, { 'content-type': 'application/json', origin: 'http://localhost:8000' });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    const own = new URL(server.url).origin;
    const same = await post('instances', { records: [] }, { 'content-type': 'application/json', origin: own });
    assert.equal(same.status, 201);
    await http(`${server.url}/__control/instances/${String(ok.json.id)}`, { method: 'DELETE' });
    await http(`${server.url}/__control/instances/${String(same.json.id)}`, { method: 'DELETE' });
  });
});

describe('the AWS routes answer loopback pages and the origins allowed by name', () => {
  const getId = (target: EmulatorServer, inst: Inst | { endpoint: string }, origin?: string) =>
    http(`${new URL(target.url).origin}${inst.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId', ...(origin ? { origin } : {}) },
      body: JSON.stringify({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000', Logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator': 'emulator-mallory' } }),
    });
  const preflight = (target: EmulatorServer, inst: Inst, origin: string) =>
    http(`${new URL(target.url).origin}${inst.endpoint}/`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target' } });

  test('a page on another site gets 403 without CORS headers, on LookupEvents, Cognito and the preflight; the message names --allow-origin', async () => {
    const inst = await instance(server, { records: [record('e1', new Date(Date.now() - 3600_000).toISOString())] });
    for (const origin of ['https://portal.example', 'http://evil.test:8088', 'null', 'http://127.0.0.1.nip.io:4566']) {
      for (const r of [await aws(server, inst, '{}', { headers: { origin } }), await getId(server, inst, origin)]) {
        assert.equal(r.status, 403, origin);
        assert.equal(r.headers.get('access-control-allow-origin'), null, `${origin}: nothing the page may read`);
        assert.equal(r.json.__type, 'AccessDeniedException');
        assert.match(String(r.json.message), /--allow-origin/, `${origin}: the message names the option`);
        assert.ok(!JSON.stringify(r.json).includes('IdentityId'), 'no identity handed out');
      }
      const pre = await preflight(server, inst, origin);
      assert.equal(pre.status, 403, `${origin}: preflight refused`);
      assert.equal(pre.headers.get('access-control-allow-origin'), null, `${origin}: no preflight grant`);
    }
    const log = await control<{ entries: RequestLogEntry[] }>(server, `instances/${inst.id}/log`);
    assert.deepEqual(log.entries, [], 'a refused page reaches no operation');
  });

  test('pages on this machine (any port, http or https) and requests without an Origin are answered', async () => {
    const inst = await instance(server, { records: [] });
    for (const origin of ['http://localhost:8000', 'http://127.0.0.1:9999', 'http://[::1]:3000', 'https://app.localhost', 'https://localhost']) {
      const r = await aws(server, inst, '{}', { headers: { origin } });
      assert.equal(r.status, 200, origin);
      assert.equal(r.headers.get('access-control-allow-origin'), origin);
      const pre = await preflight(server, inst, origin);
      assert.equal(pre.headers.get('access-control-allow-origin'), origin, `${origin}: preflight granted`);
    }
    const cli = await getId(server, inst);
    assert.equal(cli.status, 200, 'a command-line client sends no Origin');
    assert.match(String(cli.json.IdentityId), /^us-east-1:/);
  });

  test('allowOrigins (--allow-origin, repeatable) adds origins by name, and only those', async () => {
    const parsed = parseCliArgs(['--allow-origin', 'https://portal.example', '--allow-origin=http://evil.test:8088/', '--port', '0']);
    assert.ok(parsed !== 'help', 'options, not help');
    assert.deepEqual(parsed.options.allowOrigins, ['https://portal.example', 'http://evil.test:8088']);
    assert.throws(() => parseCliArgs(['--allow-origin', 'portal.example/app']), /--allow-origin.*"portal.example\/app" is not an origin/);
    await assert.rejects(startEmulatorServer({ allowOrigins: ['https://portal.example/app'] }), /is not an origin/);
    const named = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: [], throttle: false, allowOrigins: parsed.options.allowOrigins });
    try {
      const inst = await instance(named, { records: [] });
      const ok = await aws(named, inst, '{}', { headers: { origin: 'https://portal.example' } });
      assert.deepEqual([ok.status, ok.headers.get('access-control-allow-origin')], [200, 'https://portal.example']);
      assert.equal((await getId(named, inst, 'http://evil.test:8088')).status, 200);
      const other = await getId(named, inst, 'https://portal.example:8443');
      assert.deepEqual([other.status, other.headers.get('access-control-allow-origin')], [403, null], 'another port is another origin');
    } finally {
      await named.close();
    }
  });
});

describe('the standalone server checks Host (DNS rebinding)', () => {
  const raw = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/__control/instances', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  test('a domain name that is not this machine is refused; IPs and localhost are answered', async () => {
    assert.equal(await raw('evil.example:4566'), 421);
    assert.equal(await raw('127.0.0.1.nip.io'), 421);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) assert.equal(await raw(host), 200, host);
  });

  test('allowedHosts adds a name', async () => {
    const named = await startEmulatorServer({ port: 0, host: '127.0.0.1', records: [], allowedHosts: ['emulator.internal'] });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: named.port, path: '/__control/instances', headers: { host: 'emulator.internal' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject).end();
      });
      assert.equal(status, 200);
    } finally {
      await named.close();
    }
  });
});

describe('caps: nothing a request sends grows memory without bound', () => {
  test('generate.count is capped', async () => {
    const r = await post('instances', { generate: { count: 10_000_000 } });
    assert.equal(r.status, 400);
    assert.match(String(r.json.message), /generate.count must be a number from 0 to 200000/);
  });

  test('control values out of range are refused with 400 and leave the instance usable', async () => {
    const inst = await instance(server, { records: [record('e1', new Date(Date.now() - 3600_000).toISOString())] });
    const refusals: [string, unknown, RegExp][] = [
      [`instances/${inst.id}/clock`, { advanceSeconds: 1e300 }, /advanceSeconds may move the clock at most/],
      [`instances/${inst.id}/clock`, { advanceSeconds: 'soon' }, /advanceSeconds must be a non-negative number/],
      [`instances/${inst.id}/clock`, { advanceSeconds: -5 }, /advanceSeconds must be a non-negative number/],
      [`instances/${inst.id}/faults`, { credentialTtlSeconds: 1e300 }, /credentialTtlSeconds must be a number from 1 to/],
      [`instances/${inst.id}/faults`, { latencyMs: 1e300 }, /latencyMs must be a number of ms from 0 to 600000/],
      [`instances/${inst.id}/faults`, { script: [`latency:${'9'.repeat(400)}`] }, /unknown script entry/],
      [`instances/${inst.id}/faults`, { throttle: { rate: 1e300, burst: 2 } }, /throttle needs a rate/],
      [`instances/${inst.id}/faults`, { errorStatuses: 'all' }, /errorStatuses may contain only 500 and 503/],
      [`instances/${inst.id}/faults`, { seed: Number.MAX_VALUE }, /seed must be a number/],
      ['instances', { records: [], retentionDays: 1e300 }, /retentionDays must be a number from 0 to/],
      ['instances', { records: [], credentialTtlSeconds: -1 }, /credentialTtlSeconds must be a number from 1 to/],
      ['instances', { records: [], throttle: { rate: 0, burst: 1 } }, /throttle must be false or \{rate, burst\}/],
      ['instances', { generate: { count: 10, at: 1e300 } }, /generate.at must be a time/],
      ['instances', { generate: { count: 10, days: 1e300 } }, /generate.days must be a number from 1 to/],
      ['instances', { records: [], staticCredentials: 'AKID' }, /staticCredentials must be a list of \{accessKeyId, secretAccessKey\} strings/],
      ['instances', { records: [], optInRegions: 'af-south-1' }, /optInRegions must be a list of Region names/],
      ['instances', { records: [], region: 5 }, /region must be a Region name/],
      ['instances', { records: [], accountId: 12 }, /accountId must be 12 digits/],
    ];
    const before = await ids();
    for (const [route, body, message] of refusals) {
      const r = await post(route, body);
      assert.equal(r.status, 400, `${route} ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.json)}`);
      assert.match(String(r.json.message), message, `${route} ${JSON.stringify(body)}`);
    }
    assert.deepEqual(await ids(), before, 'no instance made from a refused body');
    await post(`instances/${inst.id}/clock`, { advanceSeconds: 3 * 366 * 86_400 });
    const list = await http(`${server.url}/__control/instances`);
    assert.equal(list.status, 200, `the instances still list: ${JSON.stringify(list.json).slice(0, 200)}`);
    const info = await control<{ now: string; faults: unknown }>(server, `instances/${inst.id}/info`);
    assert.deepEqual(info.faults, {}, 'refused faults replaced nothing');
    const { IdentityId } = (await cognito(server, inst, 'GetId', { IdentityPoolId: POOL })).json;
    const { Credentials } = (await cognito(server, inst, 'GetCredentialsForIdentity', { IdentityId })).json as { Credentials: { Expiration: number } };
    assert.ok(Credentials.Expiration * 1000 > Date.parse(info.now), 'credentials issued after the refusals are valid on the instance clock');
    assert.equal((await aws(server, inst, '{}')).status, 200, 'LookupEvents still answers');
  });

  test('instances and the events they hold together are capped', async () => {
    const made: string[] = [];
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const r = await post('instances', { records: [] });
      if (r.status === 201) made.push(String(r.json.id));
      else refused = r;
    }
    assert.ok(refused, 'creation stops at the cap');
    assert.equal(refused.status, 429);
    assert.ok((await ids()).length <= 12, 'no more instances than the cap');
    for (const id of made) await http(`${server.url}/__control/instances/${id}`, { method: 'DELETE' });
    const big = await post('instances', { generate: { count: 70_000 } });
    assert.equal(big.status, 429, 'an instance over the events budget is refused');
    assert.match(String(big.json.message), /events together/);
  });

  test('the request log keeps its entry and byte budgets, and large or deep bodies are not kept', async () => {
    const inst: Inst = await instance(server, { records: [record('e1', new Date(Date.now() - 3600_000).toISOString())] });
    const big = `{"NextToken":"${'A'.repeat(900_000)}"}`;
    for (let i = 0; i < 30; i++) await aws(server, inst, big, { sign: false });
    const deep = `${'['.repeat(150_000)}${']'.repeat(150_000)}`;
    const deepObj = `${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}`;
    await aws(server, inst, deep, { sign: false });
    await aws(server, inst, deepObj, { sign: false });
    for (let i = 0; i < 60; i++) await aws(server, inst, '{"MaxResults":1}');
    const log = await control<{ entries: RequestLogEntry[] }>(server, `instances/${inst.id}/log`);
    assert.ok(log.entries.length <= 50, `${log.entries.length} entries kept`);
    assert.ok(JSON.stringify(log).length < 128 * 1024, 'the log stays within its byte budget');
    const all = await control<{ entries: RequestLogEntry[] }>(server, `instances/${inst.id}/log?since=0`);
    assert.ok(all.entries.every((e) => e.paramsOmitted === undefined || e.params === undefined), 'an omitted body has no params');
  });

  test('a 150,000-deep body does not break GET log', async () => {
    const inst: Inst = await instance(server, { records: [] });
    await aws(server, inst, `${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}`, { sign: false });
    await aws(server, inst, `{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, { sign: false });
    const r = await http(`${server.url}/__control/instances/${inst.id}/log`, { headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200);
    const entries = (r.json as { entries: RequestLogEntry[] }).entries;
    assert.equal(entries.length, 2);
    assert.ok(entries.every((e) => e.paramsOmitted !== undefined), `deep bodies noted, not kept: ${entries.map((e) => e.paramsOmitted).join('; ')}`);
    const records = await post('instances', `{"records":[${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}]}`);
    assert.equal(records.status, 201, 'a deep inline record is skipped, not fatal');
    assert.equal((records.json as { eventCount: number }).eventCount, 0);
    await http(`${server.url}/__control/instances/${String(records.json.id)}`, { method: 'DELETE' });
  });

  test('connections are capped and the server keeps answering', async () => {
    // 40 sockets at once against a cap of 20: each asks once; those over the cap are closed unanswered.
    const sockets = await Promise.all(
      Array.from({ length: 40 }, () => new Promise<import('node:net').Socket>((resolve) => {
        const s = connect(server.port, '127.0.0.1', () => resolve(s));
        s.on('error', () => resolve(s));
      })),
    );
    // The server accepts in its own time: wait (bounded) until it has closed the sockets over the cap.
    const closed = new Set<import('node:net').Socket>();
    for (const s of sockets) s.on('close', () => closed.add(s)).on('error', () => undefined);
    for (let i = 0; i < 500 && closed.size < 20; i++) await new Promise((r) => setTimeout(r, 10));
    const answered = await Promise.all(
      sockets.map((s) => new Promise<boolean>((resolve) => {
        if (closed.has(s) || s.destroyed) return resolve(false);
        let got = false;
        s.on('data', () => (got = true));
        s.on('close', () => resolve(got));
        s.write(`GET /__control/instances HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      })),
    );
    const n = answered.filter(Boolean).length;
    assert.ok(closed.size >= 20 || answered.filter((a) => !a).length >= 20, `${closed.size} closed unasked: the sockets over the cap`);
    assert.ok(n >= 1 && n <= 20, `${n} of 40 answered: at most the cap`);
    const r = await http(`${server.url}/__control/instances`);
    assert.equal(r.status, 200, 'still answering');
  });
});
