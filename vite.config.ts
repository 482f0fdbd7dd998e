/**
 * Vite serves the demo pages, with the LookupEvents/Cognito emulator mounted at /aws on the same
 * origin (its embedded default). `npm start` passes data options through CT_EMULATOR_OPTIONS.
 */
import { defineConfig, type Plugin } from 'vite';
import { createEmulator, type EmulatorOptions } from 'cloudtrail-elements-emulator';
import { DEMO_ACCOUNTS } from './scripts/demo-accounts.js';

/**
 * AWS Regions whose CloudTrail, Cognito Identity and EC2 (the account's Regions) endpoints the demo's connect form may reach.
 * Named host by host: `https://*.amazonaws.com` would also admit hosts anyone can own (API
 * Gateway, S3 websites, load balancers).
 */
export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1',
  'me-central-1', 'mx-central-1', 'sa-east-1',
];
const AWS_ENDPOINTS = AWS_REGIONS.flatMap((r) => [`https://cloudtrail.${r}.amazonaws.com`, `https://cognito-identity.${r}.amazonaws.com`, `https://ec2.${r}.amazonaws.com`]).join(' ');

/**
 * The demo pages run under a strict policy: no inline script, no eval, Trusted Types enforced
 * (Lit's one policy, `lit-html`). Styles may be inline: vite's dev server injects CSS as <style>.
 * 'self' covers the emulator and vite's HMR websocket on the same host.
 */
export const DEMO_CSP = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ${AWS_ENDPOINTS}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'; trusted-types lit-html; require-trusted-types-for 'script'`;

function strictDemoPages(req: { url?: string }, res: { setHeader(name: string, value: string): void }, next: () => void): void {
  const path = (req.url ?? '').split('?')[0];
  if (path.startsWith('/demo/') && (path.endsWith('/') || path.endsWith('.html'))) res.setHeader('Content-Security-Policy', DEMO_CSP);
  next();
}

export function emulatorPlugin(given: EmulatorOptions = {}): Plugin {
  // Generated data comes with several accounts, which the demo lists; `--accounts` names others. Loaded files are one account's.
  const options: EmulatorOptions = given.events || given.records ? given : { accounts: DEMO_ACCOUNTS.map((a) => ({ ...a })), ...given };
  return {
    name: 'cloudtrail-emulator',
    configureServer(server) {
      const emulator = createEmulator({ ...options, basePath: '/aws' });
      server.middlewares.use(strictDemoPages);
      server.middlewares.use(emulator.middleware());
      server.httpServer?.once('close', () => emulator.close());
    },
    configurePreviewServer(server) {
      const emulator = createEmulator({ ...options, basePath: '/aws' });
      server.middlewares.use(strictDemoPages);
      server.middlewares.use(emulator.middleware());
    },
  };
}

function optionsFromEnv(): EmulatorOptions {
  const raw = process.env.CT_EMULATOR_OPTIONS;
  return raw ? (JSON.parse(raw) as EmulatorOptions) : {};
}

export default defineConfig({
  plugins: [emulatorPlugin(optionsFromEnv())],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    rolldownOptions: {
      input: { index: 'demo/index.html', composed: 'demo/composed.html' },
    },
  },
});
