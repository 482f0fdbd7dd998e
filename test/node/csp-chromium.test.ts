/**
 * The README's Content-Security-Policy, for each feature it lists, lets the page make every call the
 * feature needs: Chromium loads the one-file bundle under that policy, signs in through Cognito and
 * runs a lookup, and reports no refused connection. The requests go to AWS's real host names (the
 * policy is checked against them); Chromium's request interception hands each one to the emulator on
 * 127.0.0.1 after the policy has let it through, so nothing leaves this machine.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import puppeteer, { type Browser, type HTTPRequest } from 'puppeteer-core';
import { createEmulator, type Emulator } from 'cloudtrail-elements-emulator';
import { cspConnectSources } from '../../src/lookup/csp.js';
import { CHROME_ARGS, findChrome } from '../../scripts/find-chrome.js';
import { ROOT } from '../../scripts/manifest.js';
import { readmeCspExamples, readmePolicy } from './helpers/readme-csp.js';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';

const LOGINS = { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator': 'emulator-csp' };

/** The page's own script: records violations, configures the history from its data-options, loads the bundle. */
const PAGE_SCRIPT = `
const reports = [];
document.addEventListener('securitypolicyviolation', (e) => reports.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
window.cspReports = reports;
const history = document.querySelector('ct-event-history');
Object.assign(history, JSON.parse(history.dataset.options), { noAutoRun: true, logins: ${JSON.stringify(LOGINS)} });
window.bundle = await import('/b/bundle.js');
window.ready = true;
`;

let emulator: Emulator;
let server: Server;
let pageHost: string;
let browser: Browser;
const files = new Map<string, string>();

/** Hands a request the page made to AWS to the emulator, Host and signature unchanged. */
function forward(req: HTTPRequest): void {
  const url = new URL(req.url());
  const body = req.postData() ?? '';
  const out = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: req.method(), path: url.pathname + url.search, headers: { ...req.headers(), host: url.host, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
      void req.respond({ status: res.statusCode ?? 500, headers, body: Buffer.concat(chunks) });
    });
  });
  out.on('error', () => void req.abort('connectionfailed'));
  out.end(body);
}

before(async () => {
  emulator = createEmulator({ generate: { count: 600, seed: 27, at: GENERATED_AT }, athena: {}, throttle: false,
    // The account the README's "Several accounts" example reads, with the role it assumes (trusting the pool).
    accounts: [{ accountId: '111122223333', generate: { count: 60, seed: 28, at: GENERATED_AT } }] });
  const bundle = await build({
    entryPoints: { bundle: join(ROOT, 'src/bundle.ts') }, bundle: true, splitting: true, format: 'esm', platform: 'browser',
    outdir: '/b', write: false, minify: true, tsconfig: join(ROOT, 'tsconfig.json'), logLevel: 'error', loader: { '.json': 'json' },
  });
  for (const f of bundle.outputFiles) files.set(`/b/${f.path.split('/b/')[1]}`, f.text);
  const handle = emulator.middleware() as (req: unknown, res: unknown, next: () => void) => Promise<void>;
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.headers.host !== pageHost) return void handle(req, res, () => res.writeHead(404).end());
    if (path === '/') {
      const params = new URL(req.url!, 'http://x').searchParams;
      const options = params.get('options') ?? '{}';
      const policy = readmePolicy(cspConnectSources(JSON.parse(params.get('policy') ?? options)));
      const attr = options.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': policy })
        .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title><script type="module" src="/page.js"></script></head><body><ct-event-history data-options='${attr}'></ct-event-history></body></html>`);
    } else if (path === '/page.js' || files.has(path)) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(path === '/page.js' ? PAGE_SCRIPT : files.get(path));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({ executablePath: findChrome(), args: CHROME_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  emulator?.close();
});

interface Outcome { reports: { directive: string; blocked: string }[]; errors: (string | null)[] }

/** Opens the page under the policy for `policyOptions` with the elements set from `options`, runs a lookup on each source it offers. */
async function lookUp(options: object, policyOptions: object = options): Promise<Outcome & { reached: string[] }> {
  const page = await browser.newPage();
  const reached: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.host === pageHost) return void req.continue();
    reached.push(url.origin);
    forward(req);
  });
  try {
    const query = new URLSearchParams({ options: JSON.stringify(options), policy: JSON.stringify(policyOptions) });
    await page.goto(`http://${pageHost}/?${query}`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true, { timeout: 30_000 });
    const outcome = await page.evaluate(async (): Promise<Outcome> => {
      type Lookup = { run(q: unknown): Promise<{ status: string; error: { message: string } | null }> };
      const w = window as unknown as { cspReports: Outcome['reports']; bundle: { defaultQuery(): unknown } };
      const history = document.querySelector('ct-event-history') as HTMLElement & { source: string; session?: { lookup: Lookup } };
      const errors: (string | null)[] = [];
      // Athena, then Event history (the source switch the page offers); Event history alone otherwise.
      for (const source of history.source === 'athena' ? ['athena', 'event-history'] : ['event-history']) {
        const switching = history.source !== source;
        const before = history.session;
        history.source = source;
        // A new source is a new investigation: wait for it (bounded).
        for (let i = 0; i < 500 && (!history.session || (switching && history.session === before)); i++) await new Promise((r) => requestAnimationFrame(r));
        const state = await history.session!.lookup.run(w.bundle.defaultQuery());
        errors.push(state.status === 'done' ? state.error?.message ?? null : state.error?.message ?? `ended ${state.status}`);
      }
      // A violation report is dispatched as a task after the refused request: let any arrive.
      await new Promise((r) => setTimeout(r, 0));
      return { reports: w.cspReports, errors };
    });
    return { ...outcome, reached: [...new Set(reached)].sort() };
  } finally {
    await page.close();
  }
}

for (const example of readmeCspExamples()) {
  test(`README's policy for "${example.title}": the lookups run and Chromium refuses no connection`, { timeout: 120_000 }, async () => {
    const { reports, errors, reached } = await lookUp(example.options);
    assert.deepEqual(reports, [], `no connection refused under ${readmePolicy(example.hosts)}`);
    assert.deepEqual(errors.filter(Boolean), [], 'every lookup succeeded');
    assert.deepEqual(reached, [...example.hosts].sort(), 'the page called exactly the hosts the policy names, no fewer');
  });
}

test('a policy that leaves Athena out: Chromium refuses it, and the table names Athena, its host and connect-src', { timeout: 120_000 }, async () => {
  const options = { source: 'athena', region: 'us-east-1', identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' };
  const { reports, errors, reached } = await lookUp(options, { region: 'us-east-1', identityPoolId: options.identityPoolId });
  assert.ok(reports.some((r) => r.directive === 'connect-src' && r.blocked.startsWith('https://athena.us-east-1.amazonaws.com')), `Chromium reported the refusal: ${JSON.stringify(reports)}`);
  assert.equal(errors[0], "This page's Content-Security-Policy refused the connection to Athena at https://athena.us-east-1.amazonaws.com (directive connect-src). Add https://athena.us-east-1.amazonaws.com to the policy's connect-src: cspConnectSources() lists every host the configuration calls.", 'the message names the cause');
  assert.ok(!reached.includes('https://athena.us-east-1.amazonaws.com'), 'the refused request never left the page');
});

test('a CloudTrail proxy receives only CloudTrail\'s calls: Cognito and Athena go to AWS\'s own endpoints', { timeout: 120_000 }, async () => {
  const options = { source: 'athena', region: 'us-east-1', endpoint: 'https://cloudtrail-proxy.example.com', identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' };
  const { reports, errors, reached } = await lookUp(options);
  assert.deepEqual(reports, [], 'no connection refused');
  assert.deepEqual(errors, [null, null], 'the Athena and the Event history lookups succeeded');
  assert.deepEqual(reached, ['https://athena.us-east-1.amazonaws.com', 'https://cloudtrail-proxy.example.com', 'https://cognito-identity.us-east-1.amazonaws.com'], 'each service at its own endpoint');
});
