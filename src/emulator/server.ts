/** A standalone node:http server around the emulator (tests, the CLI). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator } from './handler.js';
import { send } from './http.js';
import type { EmulatorOptions } from './types.js';

export interface EmulatorServerOptions extends EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface EmulatorServer {
  /** Origin plus basePath, without a trailing slash: the SDK `endpoint`. */
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const emulator = createEmulator(rest);
  const server = createServer((req, res) => {
    emulator
      .handle(req, res)
      .then((handled) => {
        if (!handled) send(req, res, 404, { __type: 'UnknownOperationException', message: `Nothing here: ${req.method} ${req.url} (routes live under ${emulator.basePath})` }, { errorType: 'UnknownOperationException' });
      })
      .catch((e: unknown) => send(req, res, 500, { __type: 'InternalFailure', message: String(e) }, { errorType: 'InternalFailure' }));
  });
  // Clients keep connections alive; don't let an idle one hold close() up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const base = emulator.basePath === '/' ? '' : emulator.basePath;
  return {
    url: `http://${hostPart}:${actual}${base}`,
    port: actual,
    emulator,
    close: () =>
      new Promise<void>((resolve) => {
        emulator.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
