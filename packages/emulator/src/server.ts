/** A standalone node:http server around the emulator (tests, the CLI). */
import { createServer } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { isLoopbackHost, originAllowed } from './origins.js';
import { createEmulator, type Emulator } from './handler.js';
import { send } from './http.js';
import type { EmulatorOptions } from './types.js';

export interface EmulatorServerOptions extends EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * Host names (besides IP addresses and localhost) this server answers to. Any other Host header is
   * refused, so a DNS-rebinding page (evil.example resolving to 127.0.0.1) cannot reach it.
   */
  allowedHosts?: string[];
  /** Open connections at most; more are closed at once. Default 256. */
  maxConnections?: number;
}

/** The host name of a Host header (`[::1]:4566` → `::1`), or undefined when malformed. */
function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host.trim());
  return m ? m[1]!.replace(/^\[|\]$/g, '').toLowerCase() : undefined;
}

/** Whether a Host header names this server: an IP address, a loopback name or an allowed host. */
function hostAllowed(host: string | undefined, allowed: readonly string[] = []): boolean {
  const name = hostName(host);
  if (name === undefined) return false;
  return isIP(name) !== 0 || isLoopbackHost(name) || allowed.some((a) => a.toLowerCase() === name);
}

export interface EmulatorServer {
  /** Origin plus basePath, without a trailing slash: the SDK `endpoint`. */
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const { port = 0, host = '127.0.0.1', allowedHosts = [], maxConnections = 256, ...rest } = options;
  const emulator = createEmulator(rest);
  const hosts = [...allowedHosts, host];
  const server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, hosts)) {
      res.writeHead(421, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify({ error: 'MisdirectedRequest', message: 'unknown Host: use an IP address, localhost or a host given with --allowed-host' }));
      return;
    }
    emulator
      .handle(req, res)
      .then((handled) => {
        if (!handled) send(req, res, 404, { __type: 'UnknownOperationException', message: `Nothing here: ${req.method} ${req.url} (routes live under ${emulator.basePath})` }, { errorType: 'UnknownOperationException', cors: originAllowed(req, emulator.allowOrigins) && 'aws' });
      })
      .catch(() => send(req, res, 500, { __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' }, { errorType: 'InternalFailure', cors: originAllowed(req, emulator.allowOrigins) && 'aws' }));
  });
  server.maxConnections = maxConnections;
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
