/**
 * Several accounts: each read through a role of its own, with credentials that come from the
 * signed-in identity and refresh on their own.
 *
 * - An identity pool: Cognito's basic (classic) flow, GetId and GetOpenIdToken once for every
 *   account, then STS AssumeRoleWithWebIdentity into each account's role (the pool must allow the
 *   basic flow, and each role must trust the pool).
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 * - The host's credentials, or the identity pool's own role (the enhanced flow, `via: 'assume-role'`):
 *   STS AssumeRole into each account's role, signed with them. Each role trusts that role; the
 *   pool's role mapping by group still decides who gets it, which the basic flow cannot.
 *
 * Each account's lookups run per Region, each Region of each account a lane of the merge (see
 * region-merge.ts) with its own rate budget. An account whose role cannot be assumed fails its own
 * lanes only, in words that name it. This module loads with import() on the first page of a
 * lookup with accounts, and the STS code with it.
 */
export type { AccountConfig } from './account-names.js';
import { accountName, type AccountConfig } from './account-names.js';
import { isCognitoOptions, refreshable, toRefreshable } from './credentials.js';
import type { AwsCredentials, CognitoCredentialsOptions, CredentialsSource, Logins, RefreshableCredentials, RefreshOptions } from './credentials.js';
import { LookupError, toLookupError } from './errors.js';
import { CloudTrailPageSource, type PageSource } from './page-source.js';
import type { RateLimiter, RateLimitOptions } from './rate-limiter.js';
import type { LaneId } from './region-merge.js';

export interface AccountCredentialsOptions {
  /** The signed-in identity: an identity pool's options (the basic flow) or the host's credentials (AssumeRole). */
  base: CredentialsSource | RefreshableCredentials;
  /** The Region STS requests are signed for (and AWS's regional STS endpoint's). */
  region: string;
  /** STS endpoint (an emulator, a proxy); AWS's regional one by default. */
  stsEndpoint?: string;
  /**
   * With an identity pool: `web-identity` (default), the basic flow into each role; `assume-role`,
   * the pool's own credentials (enhanced flow) then AssumeRole. Other credentials always AssumeRole.
   */
  via?: 'web-identity' | 'assume-role';
  /** The RoleSessionName each role's session gets (it shows in the account's CloudTrail). */
  sessionName?: string;
  refresh?: RefreshOptions;
}

/** The OpenID token is valid for 10 minutes (API_GetOpenIdToken); one is reused for 5, then fetched again. */
const TOKEN_REUSE_MS = 5 * 60_000;

/** One credentials provider per account, in the order given, each refreshing on its own. */
export function accountCredentials(accounts: readonly AccountConfig[], options: AccountCredentialsOptions): RefreshableCredentials[] {
  const { base, region } = options;
  const now = options.refresh?.now ?? Date.now;
  const stsEndpoint = options.stsEndpoint ?? `https://sts.${region}.amazonaws.com`;
  const sessionName = options.sessionName ?? 'cloudtrail-elements';
  const sts = () => import('./sts.js');
  let assume: (account: AccountConfig) => Promise<AwsCredentials>;
  if (typeof base === 'object' && base !== null && isCognitoOptions(base) && options.via !== 'assume-role') {
    const token = webIdentityToken(base, now);
    assume = async (account) => {
      const ask = async (fresh: boolean) => (await sts()).assumeRoleWithWebIdentity({ endpoint: stsEndpoint, roleArn: account.roleArn, sessionName, token: await token(fresh) });
      // STS's clock decides whether the token expired: fetch a new one once, on its word.
      return ask(false).catch((err: unknown) => ((err as Error)?.name === 'ExpiredTokenException' ? ask(true) : Promise.reject(err)));
    };
  } else {
    const host = toRefreshable(base);
    assume = async (account) => {
      const ask = async () => (await sts()).assumeRole({ endpoint: stsEndpoint, region, roleArn: account.roleArn, sessionName, credentials: await host() });
      return ask().catch((err: unknown) => {
        if ((err as Error)?.name !== 'ExpiredToken') throw err;
        host.invalidate();
        return ask();
      });
    };
  }
  return accounts.map((account) => refreshable(async () => {
    try {
      return await assume(account);
    } catch (err) {
      throw accountError(account, err);
    }
  }, options.refresh));
}

/** The basic flow's token, shared by every account: one GetId, then a GetOpenIdToken every few minutes. */
function webIdentityToken(pool: CognitoCredentialsOptions, now: () => number): (fresh: boolean) => Promise<string> {
  const endpoint = pool.endpoint ?? `https://cognito-identity.${pool.region}.amazonaws.com`;
  let identityId: string | undefined;
  let held: { token: string; at: number } | undefined;
  let pending: Promise<string> | undefined;
  return (fresh) => {
    if (!fresh && held && now() - held.at < TOKEN_REUSE_MS) return Promise.resolve(held.token);
    pending ??= (async () => {
      try {
        const logins: Logins | undefined = typeof pool.logins === 'function' ? await pool.logins() : pool.logins;
        const got = await (await import('./sts.js')).openIdToken({ endpoint, identityPoolId: pool.identityPoolId, logins, identityId });
        identityId = got.identityId;
        held = { token: got.token, at: now() };
        return got.token;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

/** Why an account cannot be read, in words that name it: a refusal by STS is "role cannot be assumed". */
function accountError(account: AccountConfig, err: unknown): LookupError {
  const name = `account ${accountName(account)}`;
  const e = err as { name?: string; message?: string; service?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const status = e?.$metadata?.httpStatusCode;
  // STS refused (AccessDenied: the role does not trust the identity, or does not exist; an invalid token; a Region STS is off in).
  if (e?.service === 'STS' && status !== undefined && status < 500) {
    return new LookupError(`${name}: role cannot be assumed: ${e.message} (${e.name})`, { code: e.name ?? 'AccessDenied', status, requestId: e.$metadata?.requestId, serviceMessage: e.message, cause: err });
  }
  const mapped = toLookupError(err);
  return new LookupError(`${name}: ${mapped.message}`, { code: mapped.code, retryable: mapped.retryable, status: mapped.status, requestId: mapped.requestId, serviceMessage: mapped.serviceMessage, cause: mapped });
}

export interface AccountSourcesOptions {
  endpoint?: string;
  rateLimit?: RateLimitOptions;
  limiter?: RateLimiter;
}

/** One CloudTrail source per Region of each account (account by account), with the lanes that name them. */
export function accountSources(accounts: readonly AccountConfig[], credentials: readonly RefreshableCredentials[], regions: readonly string[], options: AccountSourcesOptions): { lanes: LaneId[]; sources: PageSource[] } {
  const lanes: LaneId[] = [];
  const sources: PageSource[] = [];
  accounts.forEach((account, i) => {
    for (const region of regions) {
      lanes.push({ region, account: { accountId: account.accountId, ...(account.label ? { label: account.label } : {}) } });
      sources.push(new CloudTrailPageSource({ region, account: account.accountId, endpoint: options.endpoint, credentials: credentials[i], rateLimit: options.rateLimit, limiter: options.limiter }));
    }
  });
  return { lanes, sources };
}
