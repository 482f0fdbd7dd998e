/**
 * Why a request never got an answer. The browser says only "Failed to fetch" for a refusal by the
 * page's own Content-Security-Policy, a CORS refusal and a dropped connection alike, so the cause is
 * told from what else is known: a `securitypolicyviolation` the page reported for that host (the
 * element layer listens and calls {@link notePolicyRefusal}: this layer has no DOM), whether the
 * endpoint is on the page's own origin (then it cannot be CORS), and a `no-cors` probe that shows
 * whether the host answers at all.
 */

/** Directives the page's policy refused, by the origin refused (`https://athena.us-east-1.amazonaws.com`). */
const refusals = new Map<string, string>();

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Records that the page's Content-Security-Policy refused a connection (a `securitypolicyviolation`
 * event's `blockedURI` and `effectiveDirective`). The provider element does this for its document;
 * a page that uses the data layer alone can forward the event itself.
 */
export function notePolicyRefusal(blockedUrl: string, directive: string): void {
  const origin = originOf(blockedUrl);
  if (origin && /^(connect-src|default-src)$/.test(directive)) refusals.set(origin, directive);
}

/** The directive that refused connections to `url`'s origin, if the page reported one. */
export function policyRefusalFor(url: string | undefined): string | undefined {
  const origin = originOf(url);
  return origin ? refusals.get(origin) : undefined;
}

/** The page's origin where there is a page (read structurally: this layer has no DOM types). */
export function pageOrigin(): string | undefined {
  return originOf((globalThis as { location?: { href?: string } }).location?.href);
}

/** True when `url` is on the page's own origin: a failure there is never a CORS refusal. */
export function isSameOrigin(url: string | undefined): boolean {
  const page = pageOrigin();
  return page !== undefined && originOf(url) === page;
}

/**
 * Whether the host of `url` answers at all, asked with a `no-cors` GET (no credentials, nothing
 * read): an opaque answer means it is reachable, so a failed call to it was a CORS refusal; a
 * rejection means the network failed. Undefined where there is no page (Node has no CORS) or the
 * probe could not be made.
 */
export async function hostAnswers(url: string, signal?: AbortSignal): Promise<boolean | undefined> {
  if (pageOrigin() === undefined || typeof fetch !== 'function') return undefined;
  const bound = AbortSignal.timeout(10_000);
  try {
    await fetch(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', signal: signal ? AbortSignal.any([signal, bound]) : bound });
    return true;
  } catch {
    return signal?.aborted ? undefined : false;
  }
}
