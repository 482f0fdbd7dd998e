/**
 * Cognito Identity (enhanced flow): GetId and GetCredentialsForIdentity, unsigned like the real
 * service. Issued credentials are remembered so SigV4 can verify them and expire them on the
 * instance clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from './errors.js';
import type { IdentityPoolConfig } from './types.js';
import type { WebIdentity } from './sts.js';

/** "The OpenID token is valid for 10 minutes." https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdToken.html */
const OPEN_ID_TOKEN_MS = 10 * 60_000;
const base64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

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
  /** The account the credentials act in (STS's role's account); the instance's own when absent. */
  accountId?: string;
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
/**
 * Cognito Identity answers NotAuthorizedException and ResourceNotFoundException with HTTP 400 (the
 * Smithy model's 403/404 are not what the service sends), and a malformed id with the framework's
 * ValidationException.
 */
const notAuthorized = (m: string) => new ApiError('NotAuthorizedException', 400, m);
const notFound = (m: string) => new ApiError('ResourceNotFoundException', 400, m);
/** Model constraints of IdentityPoolId and IdentityId: length 1..55, `[\w-]+:[0-9a-f-]+`. */
function validateId(value: unknown, member: string): string {
  if (typeof value === 'string' && value.length >= 1 && value.length <= 55 && POOL_ID.test(value)) return value;
  const shown = typeof value === 'string' ? value.slice(0, 100) : String(value);
  const why = typeof value === 'string' && value.length > 55 ? 'Member must have length less than or equal to 55' : 'Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+';
  throw new ApiError('ValidationException', 400, `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${why}`);
}

export class CognitoIdentity {
  readonly pools: Required<IdentityPoolConfig>[];
  readonly loginProvider: string;
  private readonly identities = new Map<string, Identity>();
  private readonly bySubject = new Map<string, string>();
  readonly credentials = new Map<string, IssuedCredential>();
  /** OpenID tokens issued by GetOpenIdToken (the basic flow), for STS AssumeRoleWithWebIdentity to check. */
  readonly webIdentities = new Map<string, WebIdentity>();

  constructor(
    private readonly opts: { region: string; accountId: string; pools?: IdentityPoolConfig[]; allowGuestLookup?: boolean },
  ) {
    const defaults = opts.pools?.length ? opts.pools : [{ id: `${opts.region}:00000000-0000-0000-0000-000000000000` }];
    for (const p of defaults) {
      if (typeof p.id !== 'string' || !POOL_ID.test(p.id) || !p.id.startsWith(`${opts.region}:`)) {
        throw new Error(`identityPools: "${String(p.id)}" is not an identity pool id of ${opts.region} (<region>:<uuid>)`);
      }
    }
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
    const poolId = validateId(body.IdentityPoolId, 'identityPoolId');
    // Pools live in one Region: another Region's id (or an unknown one) is simply not found here.
    const pool = this.pools.find((p) => p.id === poolId);
    if (!pool) throw notFound(`IdentityPool '${poolId}' not found.`);
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

  /** The identity `body` names, once its Logins match (as GetCredentialsForIdentity and GetOpenIdToken check them). */
  private signedInIdentity(body: Record<string, unknown>): Identity {
    const identityId = validateId(body.IdentityId, 'identityId');
    const identity = this.identities.get(identityId);
    if (!identity) throw notFound(`Identity '${identityId}' not found.`);
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
    return identity;
  }

  /**
   * The basic (classic) flow's second step: an OpenID token for the identity, which STS
   * AssumeRoleWithWebIdentity takes in exchange for a role's credentials. Shaped as Cognito's JWT
   * (iss, sub, aud, amr, exp); the emulator remembers the tokens it issued instead of signing them.
   * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdToken.html
   * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
   */
  getOpenIdToken(body: Record<string, unknown>, nowMs: number): { IdentityId: string; Token: string } {
    const identity = this.signedInIdentity(body);
    const authenticated = identity.subject !== undefined;
    const iat = Math.floor(nowMs / 1000);
    const claims = {
      iss: 'https://cognito-identity.amazonaws.com', sub: identity.id, aud: identity.poolId, iat, exp: iat + OPEN_ID_TOKEN_MS / 1000,
      amr: authenticated ? ['authenticated', this.loginProvider] : ['unauthenticated'],
    };
    const token = `${base64url({ kid: 'emulator', typ: 'JWS', alg: 'RS512' })}.${base64url(claims)}.${randomBytes(64).toString('base64url')}`;
    this.webIdentities.set(token, { identityId: identity.id, poolId: identity.poolId, authenticated, expiresAtMs: nowMs + OPEN_ID_TOKEN_MS });
    return { IdentityId: identity.id, Token: token };
  }

  getCredentialsForIdentity(body: Record<string, unknown>, nowMs: number, ttlSeconds: number) {
    const identity = this.signedInIdentity(body);
    const identityId = identity.id;
    const pool = this.pools.find((p) => p.id === identity.poolId)!;
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
