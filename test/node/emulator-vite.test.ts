/**
 * The emulator's vite plugin (`cloudtrailEmulator()` from `cloudtrail-elements-emulator`) answers on
 * both of vite's servers: `vite` (configureServer) and `vite preview` (configurePreviewServer). The
 * AWS SDK's LookupEvents, signed with SigV4, gets the events the emulator's ground truth holds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { cloudtrailEmulator, STATIC_CREDENTIALS, type WireEvent } from 'cloudtrail-elements-emulator';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';

const root = mkdtempSync(join(tmpdir(), 'ct-vite-plugin-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>host</title>');
const servers: (ViteDevServer | PreviewServer)[] = [];

after(async () => {
  for (const s of servers) await s.close();
  rmSync(root, { recursive: true, force: true });
});

/** One LookupEvents call with the AWS SDK through the server's /aws mount, and the emulator's truth for it. */
async function lookup(origin: string): Promise<{ ids: string[]; truth: string[]; everyRegion: number }> {
  const client = new CloudTrailClient({ region: 'us-east-1', endpoint: `${origin}/aws`, credentials: STATIC_CREDENTIALS, maxAttempts: 1 });
  try {
    const out = await client.send(new LookupEventsCommand({ MaxResults: 5 }));
    const truth = (await (await fetch(`${origin}/aws/__control/instances/default/truth`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    })).json()) as { Events: WireEvent[] };
    // Event history is per Region: the generated events are spread over several.
    const all = (await (await fetch(`${origin}/aws/__control/instances/default/truth`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"regions":"*"}',
    })).json()) as { Events: WireEvent[] };
    return { ids: (out.Events ?? []).map((e) => e.EventId!), truth: truth.Events.map((e) => e.EventId!), everyRegion: all.Events.length };
  } finally {
    client.destroy();
  }
}

const origin = (s: ViteDevServer | PreviewServer) => s.resolvedUrls!.local[0]!.replace(/\/$/, '');

for (const kind of ['dev', 'preview'] as const) {
  test(`vite ${kind === 'dev' ? '' : 'preview '}serves the emulator at /aws`, { timeout: 60_000 }, async () => {
    const config = { root, logLevel: 'silent' as const, configFile: false as const, plugins: [cloudtrailEmulator({ generate: { count: 50, seed: 3, at: GENERATED_AT }, allowOrigins: ['https://portal.example'] })] };
    const server = kind === 'dev'
      ? await (await createServer({ ...config, server: { host: '127.0.0.1', port: 0 } })).listen()
      : await preview({ ...config, preview: { host: '127.0.0.1', port: 0 } });
    servers.push(server);
    const { ids, truth, everyRegion } = await lookup(origin(server));
    assert.ok(ids.length > 0 && ids.length <= 5, `LookupEvents through vite ${kind} returns a page: ${ids.join(', ')}`);
    assert.deepEqual(ids, truth.slice(0, ids.length), `the page through vite ${kind} is the start of the emulator's truth`);
    // 50 generated calls plus the Insights records the generator adds; without the options it makes over 50,000.
    assert.ok(everyRegion >= 50 && everyRegion < 100, `the plugin's options reach the emulator (${everyRegion} events over every Region)`);
    // allowOrigins: the named page may read the emulator, another site's may not (403, no CORS headers).
    const getId = (from: string) => fetch(`${origin(server)}/aws/`, {
      method: 'POST',
      headers: { origin: from, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId' },
      body: JSON.stringify({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }),
    });
    const named = await getId('https://portal.example');
    assert.deepEqual([named.status, named.headers.get('access-control-allow-origin')], [200, 'https://portal.example']);
    const other = await getId('https://elsewhere.example');
    assert.deepEqual([other.status, other.headers.get('access-control-allow-origin')], [403, null], `vite ${kind}: another site's page is refused`);
    assert.match(((await other.json()) as { message: string }).message, /--allow-origin/);
  });
}
