/**
 * Safety: the emulator runs on developers' machines, so the control API must not read
 * files named over HTTP, must not answer other web pages, and nothing a request sends may exhaust
 * memory or break the request log. Raw HTTP on 127.0.0.1 only; the browser side of the same checks
 * is test/browser/emulator-safety.test.ts.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulatorServer, type EmulatorServer, type RequestLogEntry } from '../../src/emulator/index.js';
import { aws, control, http, instance, record, type Inst } from './helpers/emulator-http.js';

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

  test('the AWS routes stay open to any page, as the CORS-enabled service is', async () => {
    const inst = await instance(server, { records: [] });
    const r = await aws(server, inst, '{}', { headers: { origin: 'https://portal.example' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), 'https://portal.example');
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
