/**
 * Vite serves the demo pages, with the LookupEvents/Cognito emulator mounted at /aws on the same
 * origin (its embedded default). `npm start` passes data options through CT_EMULATOR_OPTIONS.
 */
import { defineConfig, type Plugin } from 'vite';
import { createEmulator, type EmulatorOptions } from './src/emulator/index.js';

export function emulatorPlugin(options: EmulatorOptions = {}): Plugin {
  return {
    name: 'cloudtrail-emulator',
    configureServer(server) {
      const emulator = createEmulator({ ...options, basePath: '/aws' });
      server.middlewares.use(emulator.middleware());
      server.httpServer?.once('close', () => emulator.close());
    },
    configurePreviewServer(server) {
      const emulator = createEmulator({ ...options, basePath: '/aws' });
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
