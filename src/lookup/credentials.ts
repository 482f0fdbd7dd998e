/**
 * Credentials for LookupEvents: from a Cognito identity pool, or whatever the host page passes
 * (static keys or any AWS SDK credential provider). Either way the result is a
 * {@link RefreshableCredentials}: memoized, refreshed before it expires, and invalidated when the
 * service answers ExpiredTokenException (the service's clock, not the browser's, decides expiry).
 * Secrets never reach a log, a message or the controller's state.
 */
import { markCredentialsError } from './errors.js';
import type { AwsCredentials } from './wire.js';

export type { AwsCredentials } from './wire.js';
/** An AWS SDK credential provider. */
export type AwsCredentialsProvider = (options?: { forceRefresh?: boolean }) => Promise<AwsCredentials>;

/** The Cognito IdentityId cache the SDK uses (IndexedDB by default); pass your own to isolate. */
export interface IdentityIdCache {
  getItem(key: string): string | null | Promise<string | null>;
  removeItem(key: string): void | Promise<void>;
  setItem(key: string, data: string): void | Promise<void>;
}

export type Logins = Record<string, string>;

export interface CognitoCredentialsOptions {
  region: string;
  identityPoolId: string;
  /** Cognito Identity endpoint (an emulator or a proxy); the AWS one by default. */
  endpoint?: string;
  /** Tokens from the page's sign-in, keyed by provider name; a function is called at each refresh. */
  logins?: Logins | (() => Promise<Logins>);
  cache?: IdentityIdCache;
  customRoleArn?: string;
}

/** What the controller accepts: static keys, a provider, or a Cognito identity pool. */
export type CredentialsSource = AwsCredentials | AwsCredentialsProvider | CognitoCredentialsOptions;

export interface RefreshableCredentials {
  (options?: { forceRefresh?: boolean }): Promise<AwsCredentials>;
  /** Tells the AWS SDK not to wrap this provider in its own memoizer (which we could not invalidate). */
  readonly memoized: true;
  /** Forget the held credentials; the next call fetches new ones. */
  invalidate(): void;
  /** Fetch new credentials now. */
  forceRefresh(): Promise<AwsCredentials>;
  /** Whether credentials are held (fetched and not invalidated). */
  readonly holding: boolean;
}

export interface RefreshOptions {
  /** Refresh this long before `expiration`, at most; default 5 minutes. */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * Memoizes a provider: one fetch at a time, reused until `expiration` is near. The margin is the
 * smaller of `refreshMarginMs` and a quarter of the credentials' lifetime as first seen, so
 * short-lived sessions are not refetched on every call.
 */
export function refreshable(source: AwsCredentials | AwsCredentialsProvider, options: RefreshOptions = {}): RefreshableCredentials {
  const now = options.now ?? Date.now;
  const maxMargin = options.refreshMarginMs ?? 300_000;
  const fetchOnce: AwsCredentialsProvider = typeof source === 'function' ? source : async () => source;
  let held: { creds: AwsCredentials; refreshAt: number } | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  // Bumped by invalidate(): a fetch that was in flight then does not bring the old session back.
  let epoch = 0;

  const load = (forceRefresh: boolean): Promise<AwsCredentials> => {
    pending ??= (async () => {
      const started = epoch;
      try {
        const creds = await fetchOnce(forceRefresh ? { forceRefresh: true } : undefined);
        const expires = creds.expiration?.getTime();
        const t = now();
        const refreshAt = expires === undefined ? Infinity : expires - Math.min(maxMargin, Math.max(0, (expires - t) / 4));
        if (started === epoch) held = { creds, refreshAt };
        return creds;
      } catch (err) {
        throw markCredentialsError(err);
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const provider = (async (opts?: { forceRefresh?: boolean }) => {
    if (opts?.forceRefresh) held = undefined;
    if (held && now() < held.refreshAt) return held.creds;
    return load(held !== undefined || opts?.forceRefresh === true);
  }) as RefreshableCredentials;
  Object.defineProperties(provider, {
    // Writable: the SDK sets it again on the providers it is given.
    memoized: { value: true, writable: true },
    invalidate: { value: () => { held = undefined; epoch++; } },
    forceRefresh: { value: () => { held = undefined; return load(true); } },
    holding: { get: () => held !== undefined },
  });
  return provider;
}

function loadCognito(): Promise<typeof import('./cognito-sdk.js')> {
  const loading = import('./cognito-sdk.js');
  loading.catch(() => undefined);
  return loading;
}

/** Credentials from a Cognito identity pool (enhanced flow), memoized and refreshable. */
export function cognitoCredentials(options: CognitoCredentialsOptions, refresh: RefreshOptions = {}): RefreshableCredentials {
  const { region, identityPoolId, endpoint, logins, cache, customRoleArn } = options;
  const clientConfig = { region, ...(endpoint ? { endpoint } : {}) };
  // The Cognito provider loads in a chunk of its own (outside the one-file bundle, which most of
  // its pages, signed in otherwise, never need), fetched as soon as these credentials are made, so
  // it is there by the first lookup; a failed fetch is tried again on the next.
  let sdk = loadCognito();
  const make = async (resolved: Logins | undefined) => (await (sdk = sdk.catch(loadCognito))).fromCognitoIdentityPool({
    identityPoolId,
    clientConfig,
    customRoleArn,
    ...(resolved ? { logins: resolved } : {}),
    ...(cache ? { cache } : {}),
  });
  // Static logins: one SDK provider, which remembers its IdentityId after the first GetId.
  let fixed: ReturnType<typeof make> | undefined;
  const where = { service: 'Cognito Identity', endpoint: endpoint ?? `https://cognito-identity.${region}.amazonaws.com` } as const;
  return refreshable(async () => {
    try {
      return await issue();
    } catch (err) {
      throw markCredentialsError(err, where);
    }
  }, refresh);

  async function issue(): Promise<AwsCredentials> {
    const provider = typeof logins === 'function' ? await make(await logins()) : await (fixed ??= make(logins).catch((err: unknown) => { fixed = undefined; throw err; }));
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = await provider();
    // Drop `identityId` and anything else: the controller needs only what signs a request.
    return { accessKeyId, secretAccessKey, sessionToken, expiration };
  }
}

export function isCognitoOptions(source: CredentialsSource): source is CognitoCredentialsOptions {
  return typeof source === 'object' && source !== null && 'identityPoolId' in source;
}

/** Any accepted source as a refreshable provider (already-refreshable ones are kept as they are). */
export function toRefreshable(source: CredentialsSource | RefreshableCredentials, refresh: RefreshOptions = {}): RefreshableCredentials {
  if (typeof source === 'function' && 'invalidate' in source && 'forceRefresh' in source) return source as RefreshableCredentials;
  if (isCognitoOptions(source)) return cognitoCredentials(source, refresh);
  return refreshable(source as AwsCredentials | AwsCredentialsProvider, refresh);
}
