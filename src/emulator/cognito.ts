/**
 * Cognito Identity (enhanced flow): GetId and GetCredentialsForIdentity, unsigned like the real
 * service. Issued credentials are remembered so SigV4 can verify them and expire them on the
 * instance clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from './errors.js';
import type { IdentityPoolConfig } from './types.js';

export interface IssuedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Emulator-clock epoch ms. */
  expiresAtMs: number;
  identityId: string;
  authenticated: boolean;
  /** Whether this principal may call LookupEvents. */
  allowLookup: boolean;
  /** The assumed-role ARN the principal appears as. */
  arn: string;
}

interface Identity {
  id: string;
  poolId: string;
  /** Login subject (token minus `emulator-`) for authenticated identities. */
  subject?: string;
}

const POOL_ID = /^[\w-]+:[0-9a-f-]+$/;
const TOKEN_PREFIX = 'emulator-';

const invalidParam = (m: string) => new ApiError('InvalidParameterException', 400, m);
/** The Smithy model gives NotAuthorizedException HTTP 403 (PROTOCOL.md); clients read the type, not the status. */
const notAuthorized = (m: string) => new ApiError('NotAuthorizedException', 403, m);

export class CognitoIdentity {
  readonly pools: Required<IdentityPoolConfig>[];
  readonly loginProvider: string;
  private readonly identities = new Map<string, Identity>();
  private readonly bySubject = new Map<string, string>();
  readonly credentials = new Map<string, IssuedCredential>();

  constructor(
    private readonly opts: { region: string; accountId: string; pools?: IdentityPoolConfig[]; allowGuestLookup?: boolean },
  ) {
    const defaults = opts.pools?.length ? opts.pools : [{ id: `${opts.region}:00000000-0000-0000-0000-000000000000` }];
    this.pools = defaults.map((p) => ({
      id: p.id,
      allowUnauthenticated: p.allowUnauthenticated ?? true,
      allowGuestLookup: p.allowGuestLookup ?? opts.allowGuestLookup ?? false,
    }));
    this.loginProvider = `cognito-idp.${opts.region}.amazonaws.com/${opts.region}_Emulator`;
  }

  /** Validate Logins; returns the subject of the emulator's provider token, or undefined without Logins. */
  private subjectOf(logins: unknown): string | undefined {
    if (logins === undefined || logins === null) return undefined;
    if (typeof logins !== 'object' || Array.isArray(logins)) throw invalidParam('Logins must be a map of provider name to token');
    const entries = Object.entries(logins as Record<string, unknown>);
    if (entries.length === 0) return undefined;
    let subject: string | undefined;
    for (const [provider, token] of entries) {
      if (provider !== this.loginProvider) {
        throw notAuthorized(`Invalid login token. Provider '${provider}' is not configured for this identity pool (use '${this.loginProvider}').`);
      }
      if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX) || token.length === TOKEN_PREFIX.length) {
        throw notAuthorized(`Invalid login token. The emulator accepts tokens that start with '${TOKEN_PREFIX}'.`);
      }
      subject = token.slice(TOKEN_PREFIX.length);
    }
    return subject;
  }

  getId(body: Record<string, unknown>): { IdentityId: string } {
    const poolId = body.IdentityPoolId;
    if (typeof poolId !== 'string' || !POOL_ID.test(poolId)) {
      throw invalidParam(`1 validation error detected: Value '${String(poolId)}' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+`);
    }
    const pool = this.pools.find((p) => p.id === poolId);
    if (!pool) throw new ApiError('ResourceNotFoundException', 404, `IdentityPool '${poolId}' not found.`);
    const subject = this.subjectOf(body.Logins);
    if (subject === undefined && !pool.allowUnauthenticated) {
      throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
    }
    if (subject !== undefined) {
      // Cognito maps one login to one identity.
      const known = this.bySubject.get(`${poolId}\u0000${subject}`);
      if (known) return { IdentityId: known };
    }
    const id = `${this.opts.region}:${randomUUID()}`;
    this.identities.set(id, { id, poolId, subject });
    if (subject !== undefined) this.bySubject.set(`${poolId}\u0000${subject}`, id);
    return { IdentityId: id };
  }

  getCredentialsForIdentity(body: Record<string, unknown>, nowMs: number, ttlSeconds: number) {
    const identityId = body.IdentityId;
    if (typeof identityId !== 'string' || !/^[\w-]+:[0-9a-f-]+$/.test(identityId)) {
      throw invalidParam(`1 validation error detected: Value '${String(identityId)}' at 'identityId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+`);
    }
    const identity = this.identities.get(identityId);
    if (!identity) throw new ApiError('ResourceNotFoundException', 404, `Identity '${identityId}' not found.`);
    const pool = this.pools.find((p) => p.id === identity.poolId)!;
    const subject = this.subjectOf(body.Logins);
    if (identity.subject !== undefined && subject === undefined) {
      throw notAuthorized(`Access to Identity '${identityId}' is forbidden.`);
    }
    if (identity.subject !== undefined && subject !== identity.subject) {
      throw notAuthorized('Logins don\'t match. Please include at least one valid login for this identity or identity pool.');
    }
    if (identity.subject === undefined && subject !== undefined) {
      // Signing in with a guest identity links the login to it, as Cognito does.
      identity.subject = subject;
      this.bySubject.set(`${identity.poolId}\u0000${subject}`, identity.id);
    }
    if (identity.subject === undefined && !pool.allowUnauthenticated) {
      throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
    }
    const authenticated = identity.subject !== undefined;
    const role = authenticated ? 'Cognito_EmulatorAuth_Role' : 'Cognito_EmulatorUnauth_Role';
    const cred: IssuedCredential = {
      accessKeyId: `ASIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
      expiresAtMs: nowMs + ttlSeconds * 1000,
      identityId,
      authenticated,
      allowLookup: authenticated || pool.allowGuestLookup,
      arn: `arn:aws:sts::${this.opts.accountId}:assumed-role/${role}/CognitoIdentityCredentials`,
    };
    this.credentials.set(cred.accessKeyId, cred);
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: cred.accessKeyId,
        SecretKey: cred.secretAccessKey,
        SessionToken: cred.sessionToken,
        Expiration: Math.floor(cred.expiresAtMs / 1000),
      },
    };
  }

  /** Mark every credential issued so far as expired at `nowMs`. */
  expireAll(nowMs: number): number {
    for (const c of this.credentials.values()) c.expiresAtMs = Math.min(c.expiresAtMs, nowMs);
    return this.credentials.size;
  }
}
