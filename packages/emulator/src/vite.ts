/**
 * A vite plugin that mounts the emulator on the dev server (`vite`) and the preview server
 * (`vite preview`), so a host app's pages can run the elements against it on the same origin.
 * Typed structurally: the package does not depend on vite.
 */
import { createEmulator } from './handler.js';
import type { EmulatorOptions } from './types.js';

/** The part of vite's dev and preview servers the plugin uses. */
export interface EmulatorPluginServer {
  middlewares: { use(handler: (req: never, res: never, next: (err?: unknown) => void) => void): unknown };
  httpServer?: { once(event: 'close', listener: () => void): unknown } | null;
}

/** A vite plugin (name, configureServer, configurePreviewServer). */
export interface EmulatorPlugin {
  name: string;
  configureServer(server: EmulatorPluginServer): void;
  configurePreviewServer(server: EmulatorPluginServer): void;
}

/**
 * `plugins: [cloudtrailEmulator({ basePath: '/aws' })]` in vite.config.ts: the emulator answers
 * LookupEvents and Cognito Identity under `basePath` (default `/aws`) on both servers. Point the
 * elements at it with `endpoint = location.origin + '/aws'`.
 */
export function cloudtrailEmulator(options: EmulatorOptions = {}): EmulatorPlugin {
  const mount = (server: EmulatorPluginServer) => {
    const emulator = createEmulator({ ...options, basePath: options.basePath ?? '/aws' });
    server.middlewares.use(emulator.middleware() as (req: never, res: never, next: (err?: unknown) => void) => void);
    server.httpServer?.once('close', () => emulator.close());
  };
  return { name: 'cloudtrail-elements-emulator', configureServer: mount, configurePreviewServer: mount };
}
