/**
 * The Regions part of `npm run bench` (also `node --import tsx bench/regions.ts` alone): the
 * lookup controller (Node, the AWS SDK, the emulator over HTTP with 20 ms of latency per request)
 * over all 17 Regions every account has, and over three accounts (each through its role, STS
 * AssumeRole) times the 17, against one Region: the time to the first rows of each, as a ratio,
 * and long lookups that never send more than 2 requests a second to any account and Region and
 * are never throttled. Each sample gets its own emulator instance (its own endpoint, so its own
 * rate budgets).
 *
 * What is measured, and why so:
 * - The emulator runs in a child process (its command, `cloudtrail-elements-emulator`): AWS does
 *   not share the browser's CPU, so its work for 17 or 51 requests (SigV4 checks, serialising the
 *   pages) must not count as the client's. Only the client's work is on this process.
 * - The client is the browser build of the lookup code (bundled for the browser: the SDK's fetch
 *   handler, its static browser configuration and Web Crypto), not the Node one, whose SDK reads
 *   its configuration from the environment and files for every client, which no browser does.
 * - It runs in Node, not Chromium, although the product runs in a browser: the emulator answers
 *   every Region at one origin, and Chromium opens at most 6 connections per host, so 17 Regions
 *   would queue behind one another as they never do against AWS, where each Region has its own
 *   host (cloudtrail.<region>.amazonaws.com). Node's fetch does the HTTP on the client's thread,
 *   which Chromium does in its network process: if anything, this counts too much client work.
 * - First rows: from run() to the first state that holds events (what the table shows), not the
 *   end of the first load, which goes on to fill a whole page.
 * - The three accounts read through their roles, so their first rows include STS; their
 *   baseline is one Region of one account read the same way (its role), so the ratio is what the
 *   accounts and Regions add, not the one AssumeRole that reading any account through a role costs.
 *   The ratio against one Region with the host's own keys is reported beside it.
 * - Two baselines, measured in the same run, interleaved with ours, show what the machine and the
 *   SDK cost before any code of ours runs: the AWS SDK alone (a client per Region made and one
 *   LookupEvents sent in each at once, the answers parsed, nothing of the library), and requests
 *   signed beforehand and sent at once (HTTP, the emulator's work and JSON.parse alone: no client
 *   work at all). On this machine's two cores the emulator shares the client's CPU, where AWS
 *   answers each Region on its own fleet; the second baseline is that floor.
 * - Wall-clock ratios on a shared machine move with its load; `cpuMs` (this process's CPU time to
 *   the first rows, medians) is the client's own work, steadier from run to run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { InstanceDescription, RequestLogEntry } from 'cloudtrail-elements-emulator';
import { DEFAULT_ENABLED_REGIONS } from '../src/lookup/aws-regions.js';
import type { AccountConfig } from '../src/lookup/account-names.js';
import type { LookupController } from '../src/lookup/controller.js';
import type { LookupState } from '../src/lookup/lookup-session.js';
import type { defaultQuery as DefaultQuery } from '../src/lookup/query.js';
import type { CloudTrailClient, LookupEventsCommand } from '../src/lookup/sdk.js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RegionsBench {
  latencyMs: number;
  regions: number;
  accounts: number;
  /** Median ms from run() to the first rows: one Region, all, one Region through a role, every Region of every account. */
  oneMs: number;
  allMs: number;
  ratio: number;
  oneRoleMs: number;
  accountsMs: number;
  accountsRatio: number;
  /** Every Region of every account against one Region with the host's keys (no STS). */
  accountsRatioToKeys: number;
  samples: { one: number[]; all: number[]; oneRole: number[]; accounts: number[] };
  /** Median CPU time of this process (the client's: the emulator runs in another) from run() to the first rows. */
  cpuMs: { one: number; all: number; oneRole: number; accounts: number };
  /**
   * The same two first-rows figures (one Region, all) at a latency nearer a browser's round trip to
   * AWS, to read the ratio above by: at 20 ms the client's own CPU per Region is most of it.
   */
  far: { latencyMs: number; oneMs: number; allMs: number; ratio: number };
  /**
   * Baselines of the first figure, same run: the AWS SDK alone (a client per Region, one
   * LookupEvents each, at once, until every answer is parsed) and requests signed beforehand
   * (HTTP and the emulator alone), for one Region and for all.
   */
  baselines: {
    sdk: { oneMs: number; allMs: number; ratio: number }; signed: { oneMs: number; allMs: number; ratio: number }; oursOverSdk: number;
    /** The same for as many requests as accounts × Regions (three to each Region, one key, the emulator's throttle off). */
    lanes: { sdk: { allMs: number; ratio: number }; signed: { allMs: number; ratio: number } };
  };
  long: LongLookup;
  longAccounts: LongLookup;
}

interface LongLookup { seconds: number; requests: number; events: number; maxInAnySecondPerRegion: number; throttled: number }

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT = join(ROOT, 'bench', 'dist', 'regions-client');
const LATENCY_MS = 20;
const FAR_LATENCY_MS = 100;
const SAMPLES = 7;
const ACCOUNT_IDS = ['111111111111', '222222222222', '333333333333'];
const log = (...a: unknown[]) => console.error('[bench:regions]', ...a);
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

/** The most of `times` (ms) within any one second. */
export function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** The emulator's command in a child process, on a free port. */
async function startEmulator(): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/emulator/src/cli.ts'), '--port', '0', '--count', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((ok, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`the emulator exited (${code}) before it listened: ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]);
    });
  });
  child.stdout!.resume();
  return { origin, child };
}

interface Client { LookupController: typeof LookupController; defaultQuery: typeof DefaultQuery; CloudTrailClient: typeof CloudTrailClient; LookupEventsCommand: typeof LookupEventsCommand }

/**
 * The lookup code as the browser gets it: bundled for the browser (the SDK's browser runtime:
 * fetch, static configuration, Web Crypto), its parts loaded on demand as chunks, as in the bundle.
 */
async function browserBuild(): Promise<Client> {
  await build({
    stdin: { contents: "export { LookupController } from '../src/lookup/controller.js'; export { defaultQuery } from '../src/lookup/query.js'; export { CloudTrailClient, LookupEventsCommand } from '../src/lookup/sdk.js';", resolveDir: join(ROOT, 'bench'), loader: 'ts' },
    bundle: true, splitting: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, outdir: CLIENT, entryNames: 'client',
    tsconfig: join(ROOT, 'tsconfig.json'), logLevel: 'error',
  });
  return (await import(pathToFileURL(join(CLIENT, 'client.js')).href)) as Client;
}

async function control<T>(origin: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${origin}/__control${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Instance { id: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; accounts: AccountConfig[] }

/** A fresh instance: 20,000 generated events, and with `accounts` three more accounts of as many, each with its reader role. */
async function instance(origin: string, seed: number, accounts = false, latencyMs = LATENCY_MS, throttle = true): Promise<Instance> {
  const generate = { count: 20_000, seed };
  const d = await control<InstanceDescription>(origin, 'POST', '/instances', {
    generate, faults: { latencyMs }, ...(throttle ? {} : { throttle: false }),
    ...(accounts ? { accounts: ACCOUNT_IDS.map((accountId, i) => ({ accountId, generate: { count: 20_000, seed: seed * 10 + i } })) } : {}),
  });
  return {
    id: d.id, endpoint: `${origin}${d.endpoint}`.replace(/\/$/, ''), credentials: d.staticCredentials,
    accounts: accounts ? ACCOUNT_IDS.map((accountId) => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/CloudTrailElementsReader` })) : [],
  };
}

function controller({ LookupController }: Client, inst: Instance, regions: readonly string[], accounts: readonly AccountConfig[] = []): LookupController {
  return new LookupController({
    region: regions[0], regions, endpoint: inst.endpoint, credentials: { ...inst.credentials },
    ...(accounts.length ? { accounts, stsEndpoint: inst.endpoint } : {}),
  });
}

/** Ms from run() to the first state holding events. */
async function firstRows({ defaultQuery }: Client, c: LookupController): Promise<{ ms: number; cpuMs: number }> {
  let first = NaN;
  let cpu = process.cpuUsage();
  const t0 = performance.now();
  const stop = c.subscribe((s: LookupState) => {
    if (Number.isNaN(first) && s.events.length > 0) {
      first = performance.now() - t0;
      cpu = process.cpuUsage(cpu);
    }
  });
  const state = await c.run(defaultQuery());
  stop();
  const failed = state.regions.find((r) => r.error);
  if (state.error || failed || Number.isNaN(first)) throw new Error(`the lookup gave no rows: ${state.error?.message ?? failed?.error?.message ?? 'empty'}`);
  return { ms: first, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The SDK alone (its browser build): a client per Region made and one LookupEvents sent in each at once; ms until every answer is parsed. */
async function sdkAlone(client: Client, inst: Instance, regions: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(regions.map((region) => new client.CloudTrailClient({ region, endpoint: inst.endpoint, credentials: { ...inst.credentials }, maxAttempts: 1 })
    .send(new client.LookupEventsCommand({ MaxResults: 50 }))));
  return performance.now() - t0;
}

/** SHA-256 and its HMAC on Node's crypto, for signing outside the timed part. */
class NodeSha256 {
  readonly #hash: { update(data: string | Uint8Array): unknown; digest(): Buffer };
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret : ArrayBuffer.isView(secret) ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength) : new Uint8Array(secret);
    this.#hash = key ? createHmac('sha256', key) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.#hash.update(typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
}

/** Requests signed beforehand, then sent at once: ms until every body is parsed (HTTP, the emulator, JSON.parse; no client work). */
async function signedAlone(inst: Instance, regions: readonly string[]): Promise<number> {
  const url = new URL(`${inst.endpoint}/`);
  const body = JSON.stringify({ MaxResults: 50 });
  const signed = await Promise.all(regions.map(async (region) => {
    const signer = new SignatureV4({ credentials: inst.credentials, region, service: 'cloudtrail', sha256: NodeSha256 });
    const request = await signer.sign({
      method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, body,
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CloudTrail_20131101.LookupEvents' },
    });
    const { host: _host, ...headers } = request.headers;
    return headers;
  }));
  const t0 = performance.now();
  await Promise.all(signed.map(async (headers) => {
    const res = await fetch(url, { method: 'POST', headers, body });
    if (!res.ok) throw new Error(`a signed LookupEvents failed: ${res.status} ${await res.text()}`);
    return res.json();
  }));
  return performance.now() - t0;
}

async function longLookup({ defaultQuery }: Client, origin: string, inst: Instance, c: LookupController, seconds: number): Promise<LongLookup> {
  const started = performance.now();
  await c.run(defaultQuery());
  while (c.state.hasMore && performance.now() - started < seconds * 1000) await c.loadMore();
  const events = c.state.events.length;
  const took = (performance.now() - started) / 1000;
  c.dispose();
  const { entries } = await control<{ entries: RequestLogEntry[] }>(origin, 'GET', `/instances/${inst.id}/log`);
  const lookups = entries.filter((e) => e.operation === 'LookupEvents');
  const byLane = new Map<string, number[]>();
  for (const e of lookups) {
    const key = `${e.account ?? '?'}/${e.region ?? '?'}`;
    byLane.set(key, [...(byLane.get(key) ?? []), e.time]);
  }
  return {
    seconds: r1(took), requests: lookups.length, events,
    maxInAnySecondPerRegion: Math.max(0, ...[...byLane.values()].map(maxInAnySecond)),
    throttled: lookups.filter((e) => e.outcome === 'ThrottlingException').length,
  };
}

export async function benchRegions(seconds = Number(process.env.BENCH_REGIONS_SECONDS ?? 15)): Promise<RegionsBench> {
  const client = await browserBuild();
  const { origin, child } = await startEmulator();
  try {
    const regions = DEFAULT_ENABLED_REGIONS;
    const samples = { one: [] as number[], all: [] as number[], oneRole: [] as number[], accounts: [] as number[], farOne: [] as number[], farAll: [] as number[] };
    const cpu = { one: [] as number[], all: [] as number[], oneRole: [] as number[], accounts: [] as number[], farOne: [] as number[], farAll: [] as number[] };
    log(`first rows: 1 Region and all ${regions.length}; 1 Region of 1 account and ${ACCOUNT_IDS.length} accounts x ${regions.length} (roles); ${LATENCY_MS} ms of latency per request`);
    const base = { sdkOne: [] as number[], sdkAll: [] as number[], signedOne: [] as number[], signedAll: [] as number[], sdkLanes: [] as number[], signedLanes: [] as number[] };
    const lanes = ACCOUNT_IDS.flatMap(() => regions);
    for (let i = 0; i < SAMPLES; i++) {
      // An instance each: the limiter spaces requests per endpoint, account and Region, so a run
      // after another on the same endpoint would wait for the first one's budget.
      const runs: [keyof typeof samples, Instance, (inst: Instance) => LookupController][] = [
        ['one', await instance(origin, 11 + i), (inst) => controller(client, inst, ['us-east-1'])],
        ['all', await instance(origin, 11 + i), (inst) => controller(client, inst, regions)],
        ['oneRole', await instance(origin, 11 + i, true), (inst) => controller(client, inst, ['us-east-1'], inst.accounts.slice(0, 1))],
        ['accounts', await instance(origin, 11 + i, true), (inst) => controller(client, inst, regions, inst.accounts)],
        ['farOne', await instance(origin, 11 + i, false, FAR_LATENCY_MS), (inst) => controller(client, inst, ['us-east-1'])],
        ['farAll', await instance(origin, 11 + i, false, FAR_LATENCY_MS), (inst) => controller(client, inst, regions)],
      ];
      for (const [key, inst, make] of runs) {
        const c = make(inst);
        const { ms, cpuMs } = await firstRows(client, c);
        samples[key].push(ms);
        cpu[key].push(cpuMs);
        c.dispose();
        await control(origin, 'DELETE', `/instances/${inst.id}`);
      }
      const baselines: [keyof typeof base, (inst: Instance) => Promise<number>][] = [
        ['sdkOne', (inst) => sdkAlone(client, inst, ['us-east-1'])], ['sdkAll', (inst) => sdkAlone(client, inst, regions)],
        ['signedOne', (inst) => signedAlone(inst, ['us-east-1'])], ['signedAll', (inst) => signedAlone(inst, regions)],
        ['sdkLanes', (inst) => sdkAlone(client, inst, lanes)], ['signedLanes', (inst) => signedAlone(inst, lanes)],
      ];
      for (const [key, run] of baselines) {
        // Several requests to one Region at once (the lanes' baselines) would be throttled.
        const inst = await instance(origin, 11 + i, false, LATENCY_MS, !key.endsWith('Lanes'));
        base[key].push(await run(inst));
        await control(origin, 'DELETE', `/instances/${inst.id}`);
      }
    }
    log(`a long lookup over the ${regions.length} Regions for ${seconds} s`);
    const plain = await instance(origin, 99);
    const long = await longLookup(client, origin, plain, controller(client, plain, regions), seconds);
    log(`a long lookup over ${ACCOUNT_IDS.length} accounts x ${regions.length} Regions for ${seconds} s`);
    const roles = await instance(origin, 98, true);
    const longAccounts = await longLookup(client, origin, roles, controller(client, roles, regions, roles.accounts), seconds);
    const [oneMs, allMs, oneRoleMs, accountsMs, farOneMs, farAllMs] = [samples.one, samples.all, samples.oneRole, samples.accounts, samples.farOne, samples.farAll].map(median);
    return {
      latencyMs: LATENCY_MS, regions: regions.length, accounts: ACCOUNT_IDS.length,
      oneMs: r1(oneMs), allMs: r1(allMs), ratio: r2(allMs / oneMs),
      oneRoleMs: r1(oneRoleMs), accountsMs: r1(accountsMs), accountsRatio: r2(accountsMs / oneRoleMs), accountsRatioToKeys: r2(accountsMs / oneMs),
      samples: { one: samples.one.map(r1), all: samples.all.map(r1), oneRole: samples.oneRole.map(r1), accounts: samples.accounts.map(r1) },
      cpuMs: { one: r1(median(cpu.one)), all: r1(median(cpu.all)), oneRole: r1(median(cpu.oneRole)), accounts: r1(median(cpu.accounts)) },
      far: { latencyMs: FAR_LATENCY_MS, oneMs: r1(farOneMs), allMs: r1(farAllMs), ratio: r2(farAllMs / farOneMs) },
      baselines: {
        sdk: { oneMs: r1(median(base.sdkOne)), allMs: r1(median(base.sdkAll)), ratio: r2(median(base.sdkAll) / median(base.sdkOne)) },
        signed: { oneMs: r1(median(base.signedOne)), allMs: r1(median(base.signedAll)), ratio: r2(median(base.signedAll) / median(base.signedOne)) },
        oursOverSdk: r2(allMs / median(base.sdkAll)),
        lanes: {
          sdk: { allMs: r1(median(base.sdkLanes)), ratio: r2(median(base.sdkLanes) / median(base.sdkOne)) },
          signed: { allMs: r1(median(base.signedLanes)), ratio: r2(median(base.signedLanes) / median(base.signedOne)) },
        },
      },
      long, longAccounts,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/** The rows of the bench's table. */
export function regionsRows(r: RegionsBench): string[][] {
  const ok = (pass: boolean) => (pass ? 'holds' : '**over**');
  const longRow = (what: string, l: LongLookup) => [`Long lookup over ${what} (${l.seconds} s, ${l.requests} requests, ${l.events.toLocaleString('en-US')} events)`,
    `max ${l.maxInAnySecondPerRegion} requests in any second to one account and Region, ${l.throttled} throttled`, '', '≤ 2 a second per account and Region, 0 throttled',
    ok(l.maxInAnySecondPerRegion <= 2 && l.throttled === 0)];
  return [
    [`First rows over all ${r.regions} default Regions / one Region (${r.latencyMs} ms latency per request, emulator in its own process)`,
      `${r.ratio}× (${r.allMs} ms / ${r.oneMs} ms; the client's CPU ${r.cpuMs.all} ms / ${r.cpuMs.one} ms)`, '', '≤ 1.5×', ok(r.ratio <= 1.5)],
    ...(r.baselines ? [
      [`… the AWS SDK alone, same run: a client per Region, one LookupEvents in each at once, every answer parsed, nothing of the library (all ${r.regions} / one)`,
        `${r.baselines.sdk.ratio}× (${r.baselines.sdk.allMs} ms / ${r.baselines.sdk.oneMs} ms); the library's first rows over ${r.regions} Regions are ${r.baselines.oursOverSdk}× the SDK's ${r.regions} answers`, '', '', ''],
      [`… requests signed beforehand and sent at once, same run: HTTP, the emulator (on the same two cores) and JSON.parse, no client work (all ${r.regions} / one)`,
        `${r.baselines.signed.ratio}× (${r.baselines.signed.allMs} ms / ${r.baselines.signed.oneMs} ms)`, '', '', ''],
    ] : []),
    ...(r.far ? [[`… the same at ${r.far.latencyMs} ms of latency (nearer a browser's round trip to AWS), to read the ratio above by`,
      `${r.far.ratio}× (${r.far.allMs} ms / ${r.far.oneMs} ms)`, '', '', '']] : []),
    [`First rows over ${r.accounts} accounts × ${r.regions} Regions / one Region of one account (each through its role: STS AssumeRole included)`,
      `${r.accountsRatio}× (${r.accountsMs} ms / ${r.oneRoleMs} ms); ${r.accountsRatioToKeys}× one Region with the host's keys (${r.oneMs} ms)`, '', '≤ 2×', ok(r.accountsRatio <= 2)],
    ...(r.baselines?.lanes ? [
      [`… the AWS SDK alone, same run: ${r.accounts * r.regions} LookupEvents at once (${r.accounts} to each Region), every answer parsed / one`,
        `${r.baselines.lanes.sdk.ratio}× (${r.baselines.lanes.sdk.allMs} ms / ${r.baselines.sdk.oneMs} ms)`, '', '', ''],
      [`… ${r.accounts * r.regions} requests signed beforehand and sent at once, same run: HTTP, the emulator and JSON.parse, no client work / one`,
        `${r.baselines.lanes.signed.ratio}× (${r.baselines.lanes.signed.allMs} ms / ${r.baselines.signed.oneMs} ms)`, '', '', ''],
    ] : []),
    longRow(`${r.regions} Regions`, r.long),
    longRow(`${r.accounts} accounts × ${r.regions} Regions`, r.longAccounts),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchRegions();
  console.log(JSON.stringify(r, null, 2));
  for (const row of regionsRows(r)) console.log(`| ${row.join(' | ')} |`);
}
