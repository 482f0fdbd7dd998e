/**
 * The Regions part of `npm run bench` (also `node --import tsx bench/regions.ts` alone): the
 * lookup controller (Node, the AWS SDK, the emulator over HTTP with 20 ms of latency per request)
 * over all 17 Regions every account has, against one Region: the time to the first rows of each,
 * as a ratio, and a long lookup over the 17 that never sends more than 2 requests a second to any
 * Region and is never throttled. Each sample gets its own emulator instance (its own endpoint, so
 * its own rate budgets).
 */
import { pathToFileURL } from 'node:url';
import { startEmulatorServer, type EmulatorServer, type RequestLogEntry } from 'cloudtrail-elements-emulator';
import { DEFAULT_ENABLED_REGIONS } from '../src/lookup/aws-regions.js';
import { LookupController } from '../src/lookup/controller.js';
import { defaultQuery } from '../src/lookup/query.js';

export interface RegionsBench {
  latencyMs: number;
  regions: number;
  /** Median ms from run() to the first rows, one Region and all. */
  oneMs: number;
  allMs: number;
  ratio: number;
  samples: { one: number[]; all: number[] };
  long: { seconds: number; requests: number; events: number; maxInAnySecondPerRegion: number; throttled: number };
}

const LATENCY_MS = 20;
const log = (...a: unknown[]) => console.error('[bench:regions]', ...a);
const r1 = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

function maxInAnySecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

async function instance(server: EmulatorServer, seed: number) {
  const inst = server.emulator.createInstance({ generate: { count: 20_000, seed }, faults: { latencyMs: LATENCY_MS } });
  return { inst, endpoint: `${new URL(server.url).origin}${inst.endpoint}`.replace(/\/$/, '') };
}

function controller(endpoint: string, regions: readonly string[], creds: { accessKeyId: string; secretAccessKey: string }) {
  return new LookupController({ region: regions[0], regions, endpoint, credentials: { ...creds } });
}

export async function benchRegions(seconds = Number(process.env.BENCH_REGIONS_SECONDS ?? 15)): Promise<RegionsBench> {
  const server = await startEmulatorServer({ port: 0, host: '127.0.0.1', generate: { count: 0 } });
  try {
    const samples = { one: [] as number[], all: [] as number[] };
    log(`first rows: 1 Region and all ${DEFAULT_ENABLED_REGIONS.length}, ${LATENCY_MS} ms of latency per request`);
    for (let i = 0; i < 5; i++) {
      for (const [key, regions] of [['one', ['us-east-1']], ['all', DEFAULT_ENABLED_REGIONS]] as const) {
        const { inst, endpoint } = await instance(server, 11 + i);
        const c = controller(endpoint, regions, inst.describe().staticCredentials);
        const t0 = performance.now();
        const state = await c.run(defaultQuery());
        samples[key].push(performance.now() - t0);
        if (state.error || !state.events.length) throw new Error(`the lookup over ${regions.length} Regions gave no rows: ${state.error?.message ?? 'empty'}`);
        c.dispose();
      }
    }
    log(`a long lookup over the ${DEFAULT_ENABLED_REGIONS.length} Regions for ${seconds} s`);
    const { inst, endpoint } = await instance(server, 99);
    const c = controller(endpoint, DEFAULT_ENABLED_REGIONS, inst.describe().staticCredentials);
    const started = performance.now();
    await c.run(defaultQuery());
    while (c.state.hasMore && performance.now() - started < seconds * 1000) await c.loadMore();
    const events = c.state.events.length;
    c.dispose();
    const entries: RequestLogEntry[] = inst.logEntries().filter((e) => e.operation === 'LookupEvents');
    const byRegion = new Map<string, number[]>();
    for (const e of entries) byRegion.set(e.region ?? '?', [...(byRegion.get(e.region ?? '?') ?? []), e.time]);
    const oneMs = median(samples.one);
    const allMs = median(samples.all);
    return {
      latencyMs: LATENCY_MS, regions: DEFAULT_ENABLED_REGIONS.length, oneMs: r1(oneMs), allMs: r1(allMs), ratio: Math.round((allMs / oneMs) * 100) / 100,
      samples: { one: samples.one.map(r1), all: samples.all.map(r1) },
      long: {
        seconds: r1((performance.now() - started) / 1000), requests: entries.length, events,
        maxInAnySecondPerRegion: Math.max(0, ...[...byRegion.values()].map(maxInAnySecond)),
        throttled: entries.filter((e) => e.outcome === 'ThrottlingException').length,
      },
    };
  } finally {
    await server.close();
  }
}

/** The rows of the bench's table. */
export function regionsRows(r: RegionsBench): string[][] {
  const ok = (pass: boolean) => (pass ? 'holds' : '**over**');
  return [
    [`First rows over all ${r.regions} default Regions / one Region (${r.latencyMs} ms latency per request)`, `${r.ratio}× (${r.allMs} ms / ${r.oneMs} ms)`, '', '≤ 1.5×', ok(r.ratio <= 1.5)],
    [`Long lookup over ${r.regions} Regions (${r.long.seconds} s, ${r.long.requests} requests, ${r.long.events.toLocaleString('en-US')} events)`,
      `max ${r.long.maxInAnySecondPerRegion} requests in any second to one Region, ${r.long.throttled} throttled`, '', '≤ 2 a second per Region, 0 throttled',
      ok(r.long.maxInAnySecondPerRegion <= 2 && r.long.throttled === 0)],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchRegions();
  console.log(JSON.stringify(r, null, 2));
  for (const row of regionsRows(r)) console.log(`| ${row.join(' | ')} |`);
}
