/**
 * Browser tests: real Chromium, with the LookupEvents/Cognito emulator mounted at /aws on the
 * test server's own origin, so the real AWS SDK goes over real HTTP to it.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { createEmulator } from 'cloudtrail-elements-emulator';
import { CHROME_ARGS, findChrome } from './scripts/find-chrome.js';
import { DEMO_ACCOUNTS } from './scripts/demo-accounts.js';
import { frameworkAppsPlugin } from './scripts/wtr-framework-apps.js';

// Instances created over the control API load `events` by name from this folder only. The default
// instance serves the demo page, with the accounts `npm start` gives it.
const emulator = createEmulator({ basePath: '/aws', dataDir: process.env.CT_SHARED_DATA ?? '../shared/data/cloudtrail', accounts: DEMO_ACCOUNTS.map((a) => ({ ...a })) });

/** No inline script, no eval, Trusted Types enforced: what the elements live with. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; require-trusted-types-for 'script'";

/** The strict policy with styles from the page's origin only: no 'unsafe-inline', so a `style` attribute is refused. */
export const STRICT_STYLE_CSP = STRICT_CSP.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'");

/**
 * Stricter variants for the page that loads only the one-file bundle, chosen by `?csp=`: Lit's
 * Trusted Types policy named (the policy a host page writes), no policy allowed at all (with and
 * without Trusted Types required), and no inline style.
 */
export const STRICT_POLICIES: Readonly<Record<string, string>> = {
  'trusted-types': `${STRICT_CSP}; trusted-types lit-html`,
  'trusted-types-none': `${STRICT_CSP.replace("; require-trusted-types-for 'script'", '')}; trusted-types 'none'`,
  'trusted-types-none-required': `${STRICT_CSP}; trusted-types 'none'`,
  'style-self': `${STRICT_STYLE_CSP}; trusted-types lit-html`,
};

async function strictCspMiddleware(ctx: { path: string; query: Record<string, unknown>; set(name: string, value: string): void }, next: () => Promise<unknown>): Promise<void> {
  await next();
  if (!ctx.path.startsWith('/test/browser/strict/') || !ctx.path.endsWith('.html')) return;
  const name = ctx.query.csp;
  if (typeof name === 'string' && Object.hasOwn(STRICT_POLICIES, name)) ctx.set('Content-Security-Policy', STRICT_POLICIES[name]);
  else ctx.set('Content-Security-Policy', ctx.path.endsWith('-styles.html') ? STRICT_STYLE_CSP : STRICT_CSP);
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  // One browser page at a time: tests measure the emulator's request rate and share 2 cores.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 180_000,
  testsFinishTimeout: 600_000,
  // The strict page (test/browser/strict/) gets the strict CSP as a response header. The runner's
  // own page cannot: @web/test-runner injects inline scripts (its config and log tracking) into it.
  middleware: [strictCspMiddleware, emulator.middleware()],
  plugins: [
    // The SDK imports its own package.json; serve JSON as a module.
    esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    // The React 18, React 19 and Vue 3 test apps, bundled with their framework at /__apps/<name>.js.
    frameworkAppsPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: CHROME_ARGS,
      },
    }),
  ],
  // The table's ResizeObserver (its row window) can report a harmless "loop completed with undelivered
  // notifications" error; the served filter drops it before mocha sees it (a file, not inline script).
  testRunnerHtml: (testFramework: string) => `<!doctype html><html><body>
    <script src="/test/browser/helpers/resize-observer-filter.js"></script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  testFramework: {
    config: { timeout: 30_000 },
  },
  filterBrowserLogs: ({ args }: { args: unknown[] }) =>
    !String(args[0] ?? '').includes('Lit is in dev mode'),
};
