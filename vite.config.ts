/**
 * Vite serves the demo pages, with the LookupEvents/Cognito emulator mounted at /aws on the same
 * origin (its embedded default). `npm start` passes data options through CT_EMULATOR_OPTIONS.
 */
import { defineConfig, type Plugin } from 'vite';
import { createEmulator, type EmulatorOptions } from './src/emulator/index.js';

/**
 * The demo pages run under a strict policy (issue 6): no inline script, no eval, Trusted Types
 * enforced. Styles may be inline: vite's dev server injects CSS as <style> and the elements bind
 * `style` attributes. 'self' covers vite's HMR websocket on the same host.
 */
export const DEMO_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' https://*.amazonaws.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'";

function strictDemoPages(req: { url?: string }, res: { setHeader(name: string, value: string): void }, next: () => void): void {
  const path = (req.url ?? '').split('?')[0];
  if (path.startsWith('/demo/') && (path.endsWith('/') || path.endsWith('.html'))) res.setHeader('Content-Security-Policy', DEMO_CSP);
  next();
}

export function emulatorPlugin(options: EmulatorOptions = {}): Plugin {
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
