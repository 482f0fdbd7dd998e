/**
 * One emulated account and Region: its events, clock, Cognito identities, throttle buckets, faults
 * and request log. The handler routes requests here; this file speaks the AWS operations.
 */
import { CognitoIdentity } from './cognito.js';
import { buildEvents, isoSeconds } from './dataset.js';
import { accountEvents, loadEvents, newStore, type LoadSummary } from './load-data.js';
import { AthenaService } from './athena/service.js';
import { ApiError, badRequest, errorBody } from './errors.js';
import { Faults, validateFaults } from './faults.js';
import { checkAdvance, checkInstanceValues } from './option-checks.js';
import { isAwsRegion, isOptInRegion } from './regions.js';
import { asEc2Error, describeRegions, ec2ErrorXml, readForm } from './ec2.js';
import { LiveFeed } from './live.js';
import { verifySigV4, type KeyInfo } from './sigv4.js';
import { EventStore, validateLookup } from './store.js';
import { Throttle, type ThrottleConfig } from './throttle.js';
import { LOG_BODY_BYTES, RequestLog, header, logJsonParams, redact } from './request-log.js';
import { SecurityTokenService, rolesOf, stsErrorXml, type Caller } from './sts.js';
import type { FaultConfig, InstanceDescription, InstanceOptions, LookupParams, RequestLogEntry } from './types.js';

export const STATIC_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
/** A received AWS request, already read. */
export interface AwsRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type AwsResult = { drop: true } | { drop?: false; status: number; body: unknown; errorType?: string; contentType?: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Athena's error body: its modeled errors carry `Message` (and a code or reason); the common ones `message`. */
function athenaErrorBody(e: ApiError): Record<string, string> {
  const extra = e as ApiError & { athenaErrorCode?: string; reason?: string };
  if (e.type === 'InvalidRequestException') return { __type: e.type, Message: e.message, ...(extra.athenaErrorCode ? { AthenaErrorCode: extra.athenaErrorCode } : {}) };
  if (e.type === 'TooManyRequestsException') return { __type: e.type, Message: e.message, ...(extra.reason ? { Reason: extra.reason } : {}) };
  if (e.type === 'InternalServerException' || e.type === 'MetadataException') return { __type: e.type, Message: e.message };
  return { __type: e.type, message: e.message };
}

export class Instance {
  readonly region: string;
  readonly accountId: string;
  readonly store: EventStore;
  /** Every account's events by account id: the home account's (`store`) and those of `accounts`. */
  readonly stores = new Map<string, EventStore>();
  readonly cognito: CognitoIdentity;
  readonly sts: SecurityTokenService;
  readonly loaded: LoadSummary;
  private clockOffsetMs = 0;
  private readonly throttle = new Throttle(() => this.now());
  private faults: Faults;
  private readonly log: RequestLog;
  private readonly staticKeys: Map<string, string>;
  #athena: AthenaService | undefined;
  readonly #live: LiveFeed | undefined;

  constructor(
    readonly id: string,
    private readonly options: InstanceOptions,
    readonly endpoint: string,
    logLimits: { entries?: number; bytes?: number } = {},
    /** Set when `events` are names inside the data folder (the control API): nothing outside it is read. */
    dataRoot?: string,
  ) {
    const badValue = checkInstanceValues(options);
    if (badValue) throw new Error(badValue);
    this.log = new RequestLog(logLimits);
    this.region = options.region ?? 'us-east-1';
    if (!isAwsRegion(this.region)) throw new Error(`region "${this.region.slice(0, 100)}" is not an AWS Region name (such as us-east-1)`);
    const badOptIn = options.optInRegions?.find((r) => !isOptInRegion(r));
    if (badOptIn !== undefined) throw new Error(`optInRegions: "${String(badOptIn).slice(0, 100)}" is not an opt-in Region (those are enabled for every account already, or not Regions at all)`);
    this.accountId = options.accountId ?? '123456789012';
    const faultError = options.faults ? validateFaults(options.faults) : undefined;
    if (faultError) throw new Error(`faults: ${faultError}`);
    this.faults = new Faults(options.faults);
    const creds = options.staticCredentials?.length ? options.staticCredentials : [STATIC_CREDENTIALS];
    this.staticKeys = new Map(creds.map((c) => [c.accessKeyId, c.secretAccessKey]));
    const nowMs = this.now();
    const { events, loaded } = loadEvents(options, { accountId: this.accountId, region: this.region, nowMs, dataRoot });
    this.loaded = loaded;
    this.store = newStore(options, events, this.region);
    this.stores.set(this.accountId, this.store);
    (options.accounts ?? []).forEach((account, i) => this.stores.set(account.accountId, newStore(options, accountEvents(options, account, i, nowMs, this.region), this.region)));
    this.cognito = new CognitoIdentity({ region: this.region, accountId: this.accountId, pools: options.identityPools, allowGuestLookup: options.allowGuestLookup });
    const roles = [
      ...rolesOf(this.accountId, this.accountId, options.roles),
      ...(options.accounts ?? []).flatMap((a) => rolesOf(a.accountId, this.accountId, a.roles)),
    ];
    this.sts = new SecurityTokenService(roles, this.cognito.credentials, this.cognito.webIdentities);
    this.#live = options.live ? new LiveFeed(options.live, nowMs, { accountId: this.accountId, region: this.region, seed: options.generate?.seed ?? 42 }) : undefined;
    // An instance made for Athena loads its SQL engine now, not on the first query a user waits for.
    if (options.athena) this.athena.engine.warm();
  }

  /** Emulator clock (epoch ms): the wall clock plus however far tests advanced it. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** How far the clock is ahead of the wall clock, in seconds. */
  get clockOffsetSeconds(): number {
    return this.clockOffsetMs / 1000;
  }

  /** Move the clock forward; throws (and moves nothing) when that would leave it out of bounds (option-checks.ts). */
  advance(seconds: number): number {
    const problem = checkAdvance(this.clockOffsetSeconds, seconds);
    if (problem) throw new RangeError(problem);
    this.clockOffsetMs += seconds * 1000;
    return this.now();
  }

  setFaults(config: FaultConfig): void {
    const problem = validateFaults(config);
    if (problem) throw badRequest('InvalidFaultConfig', problem);
    if (config.expireCredentialsNow) this.cognito.expireAll(this.now());
    this.faults = new Faults(config);
  }

  get faultConfig(): FaultConfig {
    return this.faults.config;
  }

  /**
   * While drops may come, every answer closes its connection. A browser silently resends a request
   * whose kept-alive connection dies before any answer (the server may have closed it while idle);
   * a dropped request on a fresh connection fails instead, as a real outage does, and the request
   * log holds only what the page sent.
   */
  get closesConnections(): boolean {
    return this.faults.mayDrop;
  }

  private get throttleConfig(): ThrottleConfig | false {
    if (this.faults.config.throttle) return this.faults.config.throttle;
    return this.options.throttle ?? { rate: 2, burst: 2 };
  }

  private get credentialTtlSeconds(): number {
    return this.faults.config.credentialTtlSeconds ?? this.options.credentialTtlSeconds ?? 3600;
  }

  describe(): InstanceDescription {
    const info = this.store.info(this.now(), 0);
    const [key, secret] = [...this.staticKeys.entries()][0]!;
    return {
      id: this.id,
      endpoint: this.endpoint,
      region: this.region,
      accountId: this.accountId,
      identityPoolId: this.cognito.pools[0]!.id,
      loginProvider: this.cognito.loginProvider,
      staticCredentials: { accessKeyId: key, secretAccessKey: secret },
      eventCount: info.eventCount,
      insightCount: info.insightCount,
      newest: info.newest,
      oldest: info.oldest,
      now: isoSeconds(this.now()),
    };
  }

  /** Delivers the events the live feed has due by the instance's clock (live.ts); none without `live`. */
  deliverLive(): void {
    const due = this.#live?.due(this.now());
    if (due?.length) this.addRecords(due);
  }

  info() {
    this.deliverLive();
    const accounts = [...this.stores.entries()].map(([accountId, store]) => ({ accountId, eventCount: store.info(this.now(), 0).eventCount, roles: [...this.sts.roles.values()].filter((r) => r.accountId === accountId).map((r) => r.arn) }));
    return { ...this.describe(), ...this.store.info(this.now(), 5, this.region), regions: this.store.regionCounts(), accounts, loaded: this.loaded, faults: this.faults.config, scriptRemaining: this.faults.scriptRemaining, logSize: this.log.size };
  }

  /**
   * Adds CloudTrail records as if CloudTrail had just delivered them (times as given, not rebased;
   * data events dropped, repeated or missing eventIDs replaced). Returns what loading them did.
   */
  addRecords(records: unknown[]): { added: number; skipped: number; reassignedIds: number; dataEvents: number } {
    const all = [...this.store.management, ...this.store.insights];
    const known = new Set(all.map((e) => e.event.EventId));
    const firstSeq = all.reduce((max, e) => Math.max(max, e.seq + 1), 0);
    const { events, skipped, reassignedIds, dataEvents } = buildEvents(
      (records as Record<string, unknown>[]).map((r) => (r && typeof r === 'object' && known.has(r.eventID as string) ? { ...r, eventID: undefined } : r)),
      { nowMs: this.now(), accountId: this.accountId, firstSeq },
    );
    this.store.add(events);
    return { added: events.length, skipped, reassignedIds, dataEvents };
  }

  /**
   * Every event matching LookupEvents parameters (NextToken and MaxResults ignored), in order, as
   * the instance's own Region serves them, or another `region`, or several `regions` merged newest
   * first (ties in the order listed; `'*'` for every Region the data names).
   */
  truth(params: LookupParams & { region?: unknown; regions?: unknown; account?: unknown }) {
    this.deliverLive();
    const { region, regions, account, ...rest } = params;
    const q = validateLookup(rest as Record<string, unknown>, { paging: false });
    const store = account === undefined ? this.store : this.stores.get(account as string);
    if (!store) throw badRequest('ValidationException', `account must be one of the instance's accounts (${[...this.stores.keys()].join(', ')})`);
    const names = (v: unknown) => {
      if (!Array.isArray(v) || v.length === 0 || v.some((r) => typeof r !== 'string' || !isAwsRegion(r))) throw badRequest('ValidationException', 'regions must be a non-empty list of AWS Region names');
      return v as string[];
    };
    // '*': every Region the data names, real or not (anonymized data sets invent Region names).
    if (regions === '*') return store.mergedTruth(q, store.regionCounts().map((r) => r.region).sort(), this.now());
    if (regions !== undefined) return store.mergedTruth(q, names(regions), this.now());
    if (region !== undefined) names([region]);
    return store.truth({ ...q, region: (region as string | undefined) ?? this.region }, this.now());
  }

    logEntries(since = 0): RequestLogEntry[] {
    return this.log.entries(since);
  }

  private lookupKey = (accessKeyId: string): KeyInfo | undefined => {
    const secret = this.staticKeys.get(accessKeyId);
    if (secret !== undefined) return { secretAccessKey: secret };
    const c = this.cognito.credentials.get(accessKeyId);
    return c && { secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiresAtMs: c.expiresAtMs };
  };

  /** Answer one AWS JSON 1.1 request (X-Amz-Target already present). */
  async handleAws(req: AwsRequest, target: string): Promise<AwsResult> {
    const started = performance.now();
    this.deliverLive();
    const entry = this.log.open(req, this.now(), target.slice(target.lastIndexOf('.') + 1), target);
    const prefix = target.slice(0, Math.max(0, target.lastIndexOf('.')));
    const service = prefix === 'CloudTrail_20131101' || prefix === 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101' ? 'cloudtrail' : prefix === 'AWSCognitoIdentityService' ? 'cognito' : prefix === 'AmazonAthena' ? 'athena' : undefined;
    const isLookup = service === 'cloudtrail' && entry.operation === 'LookupEvents';
    const contentType = header(req, 'content-type')?.split(';')[0]!.trim().toLowerCase();
    // The service routes on the protocol's content type and a known target prefix; anything else is
    // an unknown operation (HTTP 404), before authentication or faults.
    const framing = contentType !== 'application/x-amz-json-1.1'
      ? `The request's Content-Type must be application/x-amz-json-1.1 (AWS JSON 1.1); got ${contentType ? `"${contentType.slice(0, 100)}"` : 'none'}`
      : service ? undefined : `Unknown X-Amz-Target "${target.slice(0, 200)}": expected CloudTrail_20131101.*, AmazonAthena.* or AWSCognitoIdentityService.*`;
    const claimed = isLookup ? signedRegion(req) : undefined;
    const fault = service && !framing ? this.faults.decide(isLookup, claimed) : { latencyMs: 0 };
    // A fault answers before the signature is checked: log the Region the request was signed for
    // (authentication replaces it with the verified one when the request gets that far).
    if (claimed) entry.region = claimed;
    if (fault.label) entry.fault = fault.label;
    // Log what was asked even when a fault answers first, so a test can see the token it carried.
    const text = req.body.toString('utf8').trim();
    logJsonParams(entry, text, req.body.length);
    let result: AwsResult;
    try {
      if (framing) throw new ApiError('UnknownOperationException', 404, framing);
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.drop) {
        result = { drop: true };
      } else {
        if (fault.status === 500) throw new ApiError('InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure (injected fault).');
        if (fault.status === 503) throw new ApiError('ServiceUnavailableException', 503, 'The service is unavailable. Please try again later (injected fault).');
        let body: Record<string, unknown>;
        try {
          const parsed: unknown = text ? JSON.parse(text) : {};
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch (e) {
          throw badRequest('SerializationException', `The request body must be a JSON object (${(e as Error).message})`);
        }
        if (!entry.paramsOmitted) entry.params = redact(body);
        if (service === 'cognito') result = { status: 200, body: this.cognitoOp(entry.operation, body) };
        else if (isLookup) result = { status: 200, body: this.lookup(req, body, entry, fault) };
        else if (service === 'athena') result = { status: 200, body: await this.athenaOp(req, body, entry) };
        else throw badRequest('UnknownOperationException', service ? `${entry.operation} is not implemented by the emulator (it implements CloudTrail LookupEvents and Cognito Identity GetId / GetCredentialsForIdentity)` : `Unknown X-Amz-Target "${target}"`);
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result = { status: e.status, body: service === 'athena' ? athenaErrorBody(e) : errorBody(e, service), errorType: e.type };
    }
    entry.durationMs = Math.round(performance.now() - started);
    if (result.drop) {
      entry.outcome = 'dropped';
    } else {
      entry.status = result.status;
      entry.outcome = result.errorType ?? 'ok';
    }
    return result;
  }

  /** Answer one EC2 Query request (DescribeRegions, ec2.ts): XML, signed for `ec2`. */
  handleEc2(req: AwsRequest): { status: number; body: string } {
    const form = readForm(req.body);
    const operation = form.get('Action') ?? '';
    const entry = this.log.open(req, this.now(), operation, `ec2:${operation}`.slice(0, 100));
    if (req.body.length > LOG_BODY_BYTES) entry.paramsOmitted = `body of ${req.body.length} bytes (over ${LOG_BODY_BYTES})`;
    else entry.params = Object.fromEntries(form);
    let result: { status: number; body: string };
    try {
      const verified = this.authenticate(req, entry, 'ec2');
      const issued = this.cognito.credentials.get(verified.accessKeyId);
      const who = issued?.arn ?? `arn:aws:iam::${this.accountId}:user/${verified.accessKeyId}`;
      const allowed = !this.options.denyActions?.includes(`ec2:${operation}`) && (!issued || issued.allowLookup);
      const denied = allowed ? undefined : `User: ${who} is not authorized to perform: ec2:${operation} because no identity-based policy allows the ec2:${operation} action`;
      result = { status: 200, body: describeRegions(form, { optInRegions: this.options.optInRegions ?? [], denied }) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const ec2 = asEc2Error(e);
      result = { status: ec2.status, body: ec2ErrorXml(ec2.type, ec2.message) };
      entry.outcome = ec2.type;
    }
    entry.status = result.status;
    return result;
  }

  private cognitoOp(operation: string, body: Record<string, unknown>): unknown {
    if (operation === 'GetId') return this.cognito.getId(body);
    if (operation === 'GetCredentialsForIdentity') return this.cognito.getCredentialsForIdentity(body, this.now(), this.credentialTtlSeconds);
    if (operation === 'GetOpenIdToken') return this.cognito.getOpenIdToken(body, this.now());
    throw badRequest('UnknownOperationException', `${operation} is not implemented by the emulator (Cognito Identity: GetId, GetCredentialsForIdentity, GetOpenIdToken)`);
  }

  /**
   * Answers one STS request (the Query protocol: a form-encoded POST, an XML answer). AssumeRole
   * is signed (service `sts`); AssumeRoleWithWebIdentity is not, as AWS's. Authentication failures
   * take the Query protocol's codes (CommonErrors: InvalidClientTokenId, SignatureDoesNotMatch,
   * ExpiredToken), not AWS JSON's.
   * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
   */
  handleQuery(req: AwsRequest, requestId: string): AwsResult {
    const params = new URLSearchParams(req.body.toString('utf8'));
    const action = params.get('Action');
    const entry = this.log.open(req, this.now(), action ?? '', `sts:${action ?? ''}`);
    // Never log a web identity token: keep the members' names and the role asked for.
    entry.params = Object.fromEntries([...params.entries()].map(([k, v]) => [k, k === 'WebIdentityToken' ? '<redacted>' : v]));
    const caller = (): Caller => {
      try {
        const verified = this.authenticate(req, entry, 'sts');
        const issued = this.cognito.credentials.get(verified.accessKeyId);
        return { arn: issued?.arn ?? `arn:aws:iam::${this.accountId}:user/emulator`, accountId: issued?.accountId ?? this.accountId };
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        throw new ApiError(QUERY_AUTH_CODES[e.type]?.[0] ?? e.type, QUERY_AUTH_CODES[e.type]?.[1] ?? e.status, e.message);
      }
    };
    let result: AwsResult;
    try {
      result = { status: 200, body: this.sts.call(action, params, caller, this.now(), requestId), contentType: 'text/xml' };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result = { status: e.status, body: stsErrorXml(e, requestId), errorType: e.type, contentType: 'text/xml' };
    }
    entry.status = result.status;
    entry.outcome = result.errorType ?? 'ok';
    return result;
  }

  /** Checks the request's SigV4 signature for `service`; logs who signed. */
  private authenticate(req: AwsRequest, entry: RequestLogEntry, service: string) {
    const verified = verifySigV4(
      { method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: req.body },
      { lookupKey: this.lookupKey, nowMs: this.now(), wallClockMs: this.options.checkRequestTime === false ? undefined : Date.now(), validRegion: isAwsRegion, service },
    );
    entry.accessKeyId = verified.accessKeyId;
    entry.region = verified.region;
    if (isOptInRegion(verified.region) && !this.options.optInRegions?.includes(verified.region)) {
      // A Region the account has not enabled knows none of its credentials.
      throw new ApiError('UnrecognizedClientException', 400, 'The security token included in the request is invalid.');
    }
    return verified;
  }

  /** The emulated Athena, created on its first call (its SQL engine loads the records then). */
  get athena(): AthenaService {
    this.#athena ??= new AthenaService(
      this.options.athena ?? {},
      // Every account's events: an organization trail's table holds them all (an account's own trail's tables, its own alone: engine.ts).
      () => [...this.stores.values()].flatMap((store) => store.management.map((e) => ({ ...(JSON.parse(e.event.CloudTrailEvent) as Record<string, unknown>), eventID: e.event.EventId }))),
      () => this.now(),
      { accountId: this.accountId, region: this.region },
    );
    return this.#athena;
  }

  private async athenaOp(req: AwsRequest, body: Record<string, unknown>, entry: RequestLogEntry): Promise<unknown> {
    const verified = this.authenticate(req, entry, 'athena');
    const issued = this.cognito.credentials.get(verified.accessKeyId);
    if (issued && !issued.allowLookup) {
      throw badRequest('AccessDeniedException', `User: ${issued.arn} is not authorized to perform: athena:${entry.operation} because no session policy allows the athena:${entry.operation} action (sign in, or allow guest lookup on the pool)`);
    }
    const caller = issued?.arn ?? `arn:aws:iam::${this.accountId}:user/emulator`;
    return this.athena.call(entry.operation, body, caller);
  }

  private lookup(req: AwsRequest, body: Record<string, unknown>, entry: RequestLogEntry, fault: { expired?: boolean; throttle?: boolean; pageLimit?: number; repeat?: number }) {
    // The account the key acts in, logged even when the key is refused (an expired session, say).
    const signer = signedKey(req);
    if (signer) entry.account = this.cognito.credentials.get(signer)?.accountId ?? this.accountId;
    const verified = this.authenticate(req, entry, 'cloudtrail');
    if (fault.expired) throw new ApiError('ExpiredTokenException', 400, 'The security token included in the request is expired');
    const issued = this.cognito.credentials.get(verified.accessKeyId);
    if (issued && !issued.allowLookup) {
      throw badRequest(
        'AccessDeniedException',
        `User: ${issued.arn} is not authorized to perform: cloudtrail:LookupEvents because no session policy allows the cloudtrail:LookupEvents action (Cognito's enhanced flow scopes guest identities with a session policy that has no CloudTrail actions: sign in, or allow guest lookup on the pool)`,
      );
    }
    if (this.faults.config.denyRegions?.includes(verified.region)) {
      const who = issued?.arn ?? `arn:aws:iam::${this.accountId}:user/${verified.accessKeyId}`;
      throw badRequest('AccessDeniedException', `User: ${who} is not authorized to perform: cloudtrail:LookupEvents on resource: arn:aws:cloudtrail:${verified.region}:${this.accountId}:* with an explicit deny in a service control policy`);
    }
    // Event history is per account and Region: credentials of another account's role read that account's.
    const account = issued?.accountId ?? this.accountId;
    entry.account = account;
    const own = this.faults.throttleFor(verified.region);
    const limits = own ?? this.throttleConfig;
    if (fault.throttle || (limits && !this.throttle.take(`${account}:${verified.region}${own ? ':fault' : ''}`, limits))) {
      throw badRequest('ThrottlingException', 'Rate exceeded');
    }
    const q = { ...validateLookup(body), region: verified.region };
    const page = this.stores.get(account)!.lookup(q, this.now(), fault.pageLimit, fault.repeat);
    entry.eventCount = page.Events.length;
    entry.hasNextToken = page.NextToken !== undefined;
    return page;
  }
}

/** The AWS JSON authentication errors sigv4.ts throws, as the Query protocol names them (code, HTTP status). */
const QUERY_AUTH_CODES: Record<string, [string, number]> = {
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  ExpiredTokenException: ['ExpiredToken', 400],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
};

/** The access key a request is signed with, before it is verified; for the log. */
function signedKey(req: AwsRequest): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(header(req, 'authorization') ?? '')?.[1];
}

/** The Region a request is signed for (its SigV4 credential scope), before it is verified; for per-Region faults. */
function signedRegion(req: AwsRequest): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(header(req, 'authorization') ?? '')?.[1];
}
