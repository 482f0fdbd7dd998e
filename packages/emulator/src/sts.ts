/**
 * AWS STS: AssumeRole and AssumeRoleWithWebIdentity over the Query protocol (a form-encoded POST
 * with `Action` and `Version`, answered in XML), with roles that trust the instance's identity
 * pools, principals or accounts, or nobody. Credentials issued here belong to the role's account:
 * LookupEvents signed with them answers that account's events only.
 *
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from './errors.js';
import type { IssuedCredential } from './cognito.js';
import type { RoleOptions } from './types.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STS_VERSION = '2011-06-15';
/** The role every emulated account has unless its `roles` say otherwise. */
const DEFAULT_ROLE = 'CloudTrailElementsReader';

/** The web identity token issuer of Cognito's basic flow (the `Provider` STS answers with). */
const COGNITO_ISSUER = 'cognito-identity.amazonaws.com';

/** A role as the emulator keeps it: its ARN and who its trust policy lets in. */
export interface Role {
  arn: string;
  accountId: string;
  name: string;
  /** 'cognito' (authenticated identities of the instance's pools), 'cognito-guest' (any), account ids and principal ARNs. */
  trust: readonly string[];
  maxSessionSeconds: number;
}

/** An OpenID token GetOpenIdToken issued: what AssumeRoleWithWebIdentity checks it against. */
export interface WebIdentity {
  identityId: string;
  poolId: string;
  authenticated: boolean;
  /** Emulator-clock epoch ms. */
  expiresAtMs: number;
}

/** Who signed an AssumeRole request. */
export interface Caller {
  /** The caller's ARN as STS names it in messages (a user, or an assumed-role session). */
  arn: string;
  accountId: string;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]*$/;

/** AWS's Query-protocol validation error (the Coral wording shared by every service). */
const validation = (m: string) => new ApiError('ValidationError', 400, m);
const nullMember = (member: string) => validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);

function roleArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:role/${name}`;
}

/** The roles of one account: as configured, or the one default role trusting the pools and the home account. */
export function rolesOf(accountId: string, homeAccountId: string, roles: readonly RoleOptions[] | undefined): Role[] {
  const given = roles ?? [{ name: DEFAULT_ROLE, trust: ['cognito', homeAccountId] }];
  return given.map((r) => {
    if (typeof r?.name !== 'string' || !/^[\w+=,.@-]{1,64}$/.test(r.name)) throw new Error(`roles: "${String(r?.name).slice(0, 100)}" is not an IAM role name`);
    const trust = r.trust ?? [];
    if (!Array.isArray(trust) || trust.some((t) => typeof t !== 'string')) throw new Error(`roles: the trust of ${r.name} must be a list of 'cognito', 'cognito-guest', account ids or principal ARNs`);
    return { arn: roleArn(accountId, r.name), accountId, name: r.name, trust, maxSessionSeconds: r.maxSessionSeconds ?? 3600 };
  });
}

/** Whether `role` trusts `caller` (an account id in the trust lets in any principal of that account, as `arn:aws:iam::ID:root` does). */
function trusts(role: Role, caller: Caller): boolean {
  // An assumed-role session is trusted as its role: arn:aws:sts::A:assumed-role/R/S is arn:aws:iam::A:role/R.
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn);
  const asRole = session ? roleArn(session[1]!, session[2]!) : undefined;
  return role.trust.some((t) => t === caller.accountId || t === `arn:aws:iam::${caller.accountId}:root` || t === caller.arn || t === asRole);
}

/** Reads and checks the members both operations share (RoleArn, RoleSessionName, DurationSeconds). */
function common(params: URLSearchParams, role: Role | undefined): { arn: string; session: string; seconds: number } {
  const arn = params.get('RoleArn');
  const session = params.get('RoleSessionName');
  if (arn === null) throw nullMember('roleArn');
  if (session === null) throw nullMember('roleSessionName');
  if (arn.length < 20 || arn.length > 2048) throw validation(`1 validation error detected: Value '${arn.slice(0, 100)}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
  if (!ROLE_ARN.test(arn)) throw validation(`${arn.slice(0, 200)} is invalid`);
  if (session.length < 2 || session.length > 64) throw validation(`1 validation error detected: Value '${session.slice(0, 100)}' at 'roleSessionName' failed to satisfy constraint: Member must have length ${session.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`);
  if (!SESSION_NAME.test(session)) throw validation(`1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  const raw = params.get('DurationSeconds');
  const seconds = raw === null ? 3600 : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
    throw validation(`1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${seconds < 900 ? 'greater than or equal to 900' : 'less than or equal to 43200'}`);
  }
  // "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." (AssumeRole, DurationSeconds)
  if (role && seconds > role.maxSessionSeconds) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return { arn, session, seconds };
}

/** Text content escaped (quotes need no escape outside attributes). */
const xmlEscape = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

/** STS's ISO 8601 time with seconds (as its examples show: 2019-11-09T13:34:41Z). */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A Query-protocol error body (CommonErrors: Type Sender for 4xx, Receiver for 5xx). */
export function stsErrorXml(e: ApiError, requestId: string): string {
  const type = e.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${STS_NAMESPACE}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(e.type)}</Code>\n    <Message>${xmlEscape(e.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
}

export class SecurityTokenService {
  readonly roles = new Map<string, Role>();

  constructor(
    roles: readonly Role[],
    /** Where issued credentials go (the instance's registry LookupEvents verifies against). */
    private readonly issued: Map<string, IssuedCredential>,
    /** The OpenID tokens GetOpenIdToken issued, by token. */
    private readonly webIdentities: Map<string, WebIdentity>,
  ) {
    for (const r of roles) this.roles.set(r.arn, r);
  }

  /** One Query-protocol request; answers the XML body or throws the ApiError STS answers with. */
  call(action: string | null, params: URLSearchParams, caller: () => Caller, nowMs: number, requestId: string): string {
    const version = params.get('Version');
    if (action === null) throw new ApiError('MissingAction', 400, 'Missing Action');
    if (version !== null && version !== STS_VERSION) throw new ApiError('InvalidAction', 400, `Could not find operation ${action} for version ${version}`);
    if (action === 'AssumeRole') return this.assumeRole(params, caller(), nowMs, requestId);
    if (action === 'AssumeRoleWithWebIdentity') return this.assumeRoleWithWebIdentity(params, nowMs, requestId);
    throw new ApiError('InvalidAction', 400, `Could not find operation ${action} for version ${version ?? STS_VERSION} (the emulator implements AssumeRole and AssumeRoleWithWebIdentity)`);
  }

  private assumeRole(params: URLSearchParams, caller: Caller, nowMs: number, requestId: string): string {
    const role = this.roles.get(params.get('RoleArn') ?? '');
    const { arn, session, seconds } = common(params, role);
    // STS says the same whether the role is missing or does not trust the caller.
    if (!role || !trusts(role, caller)) throw new ApiError('AccessDenied', 403, `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
    const body = this.issue(role, session, seconds, nowMs, caller.arn);
    return `<AssumeRoleResponse xmlns="${STS_NAMESPACE}">\n  <AssumeRoleResult>\n${body}  </AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n`;
  }

  private assumeRoleWithWebIdentity(params: URLSearchParams, nowMs: number, requestId: string): string {
    const token = params.get('WebIdentityToken');
    const role = this.roles.get(params.get('RoleArn') ?? '');
    const { session, seconds } = common(params, role);
    if (token === null) throw nullMember('webIdentityToken');
    if (token.length < 4 || token.length > 20000) throw validation(`1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length ${token.length < 4 ? 'greater than or equal to 4' : 'less than or equal to 20000'}`);
    const identity = this.webIdentities.get(token);
    // API_AssumeRoleWithWebIdentity, Errors: InvalidIdentityToken and ExpiredTokenException, HTTP 400.
    if (!identity) throw new ApiError('InvalidIdentityToken', 400, 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.');
    if (nowMs >= identity.expiresAtMs) throw new ApiError('ExpiredTokenException', 400, 'The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.');
    const trusted = role && (role.trust.includes('cognito-guest') || (identity.authenticated && role.trust.includes('cognito')));
    if (!trusted) throw new ApiError('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const body = this.issue(role, session, seconds, nowMs, identity.identityId);
    return `<AssumeRoleWithWebIdentityResponse xmlns="${STS_NAMESPACE}">\n  <AssumeRoleWithWebIdentityResult>\n    <SubjectFromWebIdentityToken>${xmlEscape(identity.identityId)}</SubjectFromWebIdentityToken>\n    <Audience>${xmlEscape(identity.poolId)}</Audience>\n    <Provider>${COGNITO_ISSUER}</Provider>\n${body}  </AssumeRoleWithWebIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleWithWebIdentityResponse>\n`;
  }

  /** Credentials of a session of `role`; the XML members both results share. */
  private issue(role: Role, session: string, seconds: number, nowMs: number, who: string): string {
    const cred: IssuedCredential = {
      accessKeyId: `ASIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString('base64')}`,
      expiresAtMs: nowMs + seconds * 1000,
      identityId: who,
      authenticated: true,
      allowLookup: true,
      arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${session}`,
      accountId: role.accountId,
    };
    this.issued.set(cred.accessKeyId, cred);
    const roleId = `AROA${randomUUID().replace(/-/g, '').toUpperCase().slice(0, 17)}`;
    return `    <AssumedRoleUser>\n      <Arn>${xmlEscape(cred.arn)}</Arn>\n      <AssumedRoleId>${roleId}:${xmlEscape(session)}</AssumedRoleId>\n    </AssumedRoleUser>\n`
      + `    <Credentials>\n      <AccessKeyId>${cred.accessKeyId}</AccessKeyId>\n      <SecretAccessKey>${xmlEscape(cred.secretAccessKey)}</SecretAccessKey>\n      <SessionToken>${xmlEscape(cred.sessionToken)}</SessionToken>\n      <Expiration>${isoSeconds(cred.expiresAtMs)}</Expiration>\n    </Credentials>\n`;
  }
}
