/**
 * Which browser pages the emulator answers. It may hold real logs (`--events`) and hands out
 * credentials to any `emulator-*` login token, so a page on another site must not read it: by
 * default it answers requests without an Origin (command-line clients, Node), its own origin, pages
 * served from this machine, and the origins named with `--allow-origin` (`allowOrigins`), as
 * LocalStack answers only its allowed origins (EXTRA_CORS_ALLOWED_ORIGINS).
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a host name (no port) is this machine: localhost, *.localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * `allowOrigins` as the origins a browser sends (`https://portal.example:8443`, no path), or '*'
 * for every page. Throws with the option's name on anything else.
 */
export function normalizeOrigins(origins: readonly unknown[] | undefined): string[] {
  if (origins === undefined) return [];
  if (!Array.isArray(origins)) throw new Error('allowOrigins must be a list of origins such as "https://portal.example:8443"');
  return origins.map((o) => {
    if (o === '*' || o === 'null') return o;
    let url: URL | undefined;
    try {
      url = typeof o === 'string' ? new URL(o) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new Error(`--allow-origin / allowOrigins: "${String(o).slice(0, 200)}" is not an origin: give scheme, host and port only, such as https://portal.example:8443`);
    }
    return url.origin;
  });
}

/**
 * Whether the emulator answers this request: no Origin (not a browser page), its own origin, a
 * loopback page (any port, http or https), or an allowed origin. A sandboxed page or a file
 * (`Origin: null`) is answered only when 'null' is allowed by name.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host === req.headers.host || isLoopbackHost(url.hostname) || allowed.includes(url.origin);
}

/** What a refused page's request gets (it cannot read it: no CORS headers; a developer sees it in the network panel). */
export function refusedOriginMessage(origin: string): string {
  return `Origin ${origin.slice(0, 200)} may not use this emulator: it answers pages on this machine (localhost, 127.0.0.1, [::1]) and the origins named with --allow-origin <origin> (allowOrigins in createEmulator and the vite plugin)`;
}
