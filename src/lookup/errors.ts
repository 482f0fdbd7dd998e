/**
 * Every failure reaches the caller as a {@link LookupError}: a stable `code` to branch on, a
 * `message` a user can act on (the service's own text kept where it helps), and whether trying
 * again can help. `toLookupError` maps what the SDK, Cognito and the browser throw.
 */
import type { ValidationIssue } from './types.js';
import { hostAnswers, isSameOrigin, pageOrigin, policyRefusalFor } from './connection.js';

/** The service `__type` (e.g. `ThrottlingException`) or one of the library's own codes. */
export type LookupErrorCode = 'NetworkError' | 'CorsError' | 'ContentSecurityPolicy' | 'ValidationError' | 'Aborted' | 'CredentialsError' | 'Unknown' | (string & {});

export interface LookupErrorInit {
  code: LookupErrorCode;
  retryable?: boolean;
  status?: number;
  requestId?: string;
  /** The text the service (or browser) gave, when the message rewrote it. */
  serviceMessage?: string;
  cause?: unknown;
}

export class LookupError extends Error {
  override name = 'LookupError';
  readonly code: LookupErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly requestId?: string;
  readonly serviceMessage?: string;
  override readonly cause: unknown;

  constructor(message: string, init: LookupErrorInit) {
    super(message);
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    this.status = init.status;
    this.requestId = init.requestId;
    this.serviceMessage = init.serviceMessage;
    this.cause = init.cause;
  }
}

/** The query was not sent: `issues` says what to change, field by field. */
export class LookupValidationError extends LookupError {
  override name = 'LookupValidationError';
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(issues.length === 1 ? issues[0].message : `The query has ${issues.length} problems: ${issues.map((i) => i.message).join(' ')}`, {
      code: 'ValidationError',
    });
    this.issues = issues;
  }
}

/** Errors thrown while getting credentials, so they can be told apart from CloudTrail's (with where they were sent, when known). */
const credentialFailures = new WeakMap<object, ErrorContext>();
export function markCredentialsError(err: unknown, where: ErrorContext = {}): unknown {
  if (err !== null && typeof err === 'object' && !credentialFailures.has(err)) credentialFailures.set(err, where);
  return err;
}

/** The services the library calls, as messages name them. */
export type ServiceName = 'CloudTrail' | 'Athena' | 'Cognito Identity' | 'STS';

export interface ErrorContext {
  /** Where requests go, for network messages. */
  endpoint?: string;
  region?: string;
  /** The service called; CloudTrail when unset. */
  service?: ServiceName;
}

interface SdkLike {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const NETWORK_TEXT = /failed to fetch|networkerror|load failed|network request failed|network error|econnrefused|econnreset|socket hang up/i;

function isAbortError(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'AbortError' || (err instanceof LookupError && err.code === 'Aborted');
}

/** Turns anything thrown on the way to CloudTrail into a LookupError with words for a user. */
export function toLookupError(err: unknown, context: ErrorContext = {}): LookupError {
  if (err instanceof LookupError) return err;
  const e = (err ?? {}) as SdkLike;
  const name = typeof e.name === 'string' ? e.name : 'Unknown';
  const text = typeof e.message === 'string' ? e.message : String(err);
  const status = e.$metadata?.httpStatusCode;
  const base = { status, requestId: e.$metadata?.requestId, serviceMessage: text, cause: err };
  const make = (message: string, code: LookupErrorCode = name, retryable = false) => new LookupError(message, { ...base, code, retryable });
  const credentials = err !== null && typeof err === 'object' ? credentialFailures.get(err) : undefined;
  const fromCredentials = credentials !== undefined;
  const service = credentials ? credentials.service ?? 'Cognito Identity' : context.service ?? 'CloudTrail';
  const target = (credentials ? credentials.endpoint : context.endpoint) ?? (service === 'CloudTrail' && context.region ? `https://cloudtrail.${context.region}.amazonaws.com` : undefined);
  const where = target ?? 'its endpoint';

  if (isAbortError(err)) return make('The lookup was cancelled.', 'Aborted');

  switch (name) {
    case 'AccessDeniedException':
      return make(`Access denied: these credentials lack the cloudtrail:LookupEvents permission. Ask for it to be granted to the role. CloudTrail said: ${text}`);
    case 'ThrottlingException':
      return make('CloudTrail is throttling lookups (it allows 2 requests per second per account and Region). Wait a moment and try again.', name, true);
    case 'InvalidLookupAttributesException':
      return make(`CloudTrail rejected the lookup attribute: ${text} Use one attribute with a non-empty value.`);
    case 'InvalidTimeRangeException':
      return make(`CloudTrail rejected the time range: ${text} Choose a start before the end within the last 90 days.`);
    case 'InvalidMaxResultsException':
      return make(`CloudTrail rejected the page size: ${text} Use 1 to 50 events per page.`);
    case 'InvalidNextTokenException':
      return make(`CloudTrail no longer accepts the token for the next page: ${text} Run the lookup again from the start.`);
    case 'InvalidEventCategoryException':
      return make(`CloudTrail rejected the event category: ${text} Choose management or Insights events.`);
    case 'UnrecognizedClientException':
      return make(`CloudTrail does not recognise these credentials (unknown access key or session). Sign in again or check the configured credentials. CloudTrail said: ${text}`);
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return make(`CloudTrail rejected the request signature: the secret key does not match the access key, or the computer's clock is wrong. CloudTrail said: ${text}`);
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      return make('The session credentials have expired and could not be renewed. Sign in again.', name);
    case 'NotAuthorizedException':
      return make(`The Cognito identity pool refused to issue credentials: ${text} Sign in again, or check that the pool allows this login provider.`);
    case 'ResourceNotFoundException':
      return make(`The Cognito identity pool was not found: ${text} Check the identity pool id and Region.`);
    case 'TooManyRequestsException':
      return make(`Cognito is throttling credential requests: ${text} Wait a moment and try again.`, name, true);
    case 'InvalidParameterException':
      return make(`Cognito rejected the credential request: ${text}`);
    case 'TimeoutError':
      return make(`${service} at ${where} did not answer in time. Check the network and try again.`, 'NetworkError', true);
  }

  // A CSP or CORS refusal or a dropped connection: the browser only says "Failed to fetch".
  if (status === undefined && (name === 'TypeError' || NETWORK_TEXT.test(text))) {
    const error = connectionError(service, target, make);
    if (target) unanswered.set(error, { service, target });
    return error;
  }
  if (fromCredentials) return make(`Could not get AWS credentials: ${text}`, 'CredentialsError');
  if ((status !== undefined && status >= 500) || e.$fault === 'server') {
    return make(`${service} had a problem on its side (HTTP ${status ?? '5xx'}${name !== 'Unknown' && name !== 'Error' ? `, ${name}` : ''}). Try again in a moment.`, name === 'Error' ? 'Unknown' : name, true);
  }
  if (status !== undefined) return make(`${service} refused the request (HTTP ${status}, ${name}): ${text}`);
  return make(`The lookup failed: ${text}`, 'Unknown');
}

/** Network errors made here, with the service and URL that did not answer. */
const unanswered = new WeakMap<LookupError, { service: ServiceName; target: string }>();

type Make = (message: string, code?: LookupErrorCode, retryable?: boolean) => LookupError;

/** What can be said at once about a request that got no answer (see connection.ts for how). */
function connectionError(service: ServiceName, target: string | undefined, make: Make): LookupError {
  const where = target ?? 'its endpoint';
  const directive = policyRefusalFor(target);
  if (directive && target) {
    const origin = new URL(target).origin;
    return make(`This page's Content-Security-Policy refused the connection to ${service} at ${origin} (directive ${directive}). Add ${origin} to the policy's connect-src: cspConnectSources() lists every host the configuration calls.`, 'ContentSecurityPolicy');
  }
  if (isSameOrigin(target)) {
    return make(`Could not reach ${service} at ${where}: the connection failed (a network error: the server is down or dropped the connection). Check that it is running and try again.`, 'NetworkError', true);
  }
  return make(`Could not reach ${service} at ${where}: the network failed, or the endpoint does not allow this page's origin (CORS).`, 'NetworkError', true);
}

/**
 * Tells a network error apart further once retrying is over: a refusal by the page's policy (whose
 * report arrives as an event, maybe after the failure), a CORS refusal (the host answers a `no-cors`
 * probe) or a network failure (it does not). Other errors come back as they are.
 */
export async function diagnoseConnection(err: LookupError, signal?: AbortSignal): Promise<LookupError> {
  const called = unanswered.get(err);
  if (!called || err.code !== 'NetworkError') return err;
  const { service, target } = called;
  const init = { status: err.status, requestId: err.requestId, serviceMessage: err.serviceMessage, cause: err.cause };
  // A violation report is an event queued beside the failure: let it be dispatched before asking.
  const refused = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const again = connectionError(service, target, (message, code = 'NetworkError', retryable = false) => new LookupError(message, { ...init, code, retryable }));
    return again.code === 'ContentSecurityPolicy' || isSameOrigin(target) ? again : undefined;
  };
  const early = await refused();
  if (early) return early;
  const answers = await hostAnswers(target, signal);
  if (answers === undefined) return err;
  const origin = new URL(target).origin;
  if (answers) {
    return new LookupError(`${service} at ${origin} answered, but does not allow this page's origin (${pageOrigin()}): a CORS refusal. AWS's own endpoints allow any origin; a proxy or gateway in between must answer CORS for this page.`, { ...init, code: 'CorsError' });
  }
  // The probe fails too when the policy refuses the host, and that report may come only now.
  const late = await refused();
  if (late) return late;
  return new LookupError(`Could not reach ${service} at ${target}: the network failed (the host did not answer at all, so this is not CORS). Check the connection, a firewall or proxy, and the endpoint URL, then try again.`, { ...init, code: 'NetworkError', retryable: true });
}
