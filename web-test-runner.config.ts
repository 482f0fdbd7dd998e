/**
 * Browser tests: real Chromium, with the LookupEvents/Cognito emulator mounted at /aws on the
 * test server's own origin, so the real AWS SDK goes over real HTTP to it.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { createEmulator } from './src/emulator/index.js';
import { CHROME_ARGS, findChrome } from './scripts/find-chrome.js';

const emulator = createEmulator({ basePath: '/aws' });

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  // One browser page at a time: tests measure the emulator's request rate and share 2 cores.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 180_000,
  testsFinishTimeout: 600_000,
  middleware: [emulator.middleware()],
  plugins: [
    // The SDK imports its own package.json; serve JSON as a module.
    esbuildPlugin({ ts: true, json: true, tsconfig: './tsconfig.json', target: 'es2022' }),
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
  // The virtualizer's ResizeObserver can report a harmless "loop completed with undelivered
  // notifications" error; mocha would count it as a failure, so it is dropped before mocha sees it.
  testRunnerHtml: (testFramework: string) => `<!doctype html><html><body>
    <script>
      window.addEventListener('error', (e) => {
        if (String(e.message).includes('ResizeObserver loop')) { e.stopImmediatePropagation(); e.preventDefault(); }
      });
    </script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
  testFramework: {
    config: { timeout: 30_000 },
  },
  filterBrowserLogs: ({ args }: { args: unknown[] }) =>
    !String(args[0] ?? '').includes('Lit is in dev mode'),
};
