/**
 * Public shapes of the emulator: options, fault configuration, request log entries and the
 * LookupEvents wire types. Kept free of runtime code so callers can `import type` them.
 */

/** One event as LookupEvents returns it on the wire. */
export interface WireEvent {
  EventId: string;
  EventName?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  /** Epoch seconds (a JSON number, never an ISO string: the JS SDK rejects strings). */
  EventTime: number;
  EventSource?: string;
  Username?: string;
  Resources: { ResourceType?: string; ResourceName?: string }[];
  /** The raw CloudTrail record as compact JSON. */
  CloudTrailEvent: string;
}

export type LookupAttributeKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'ResourceType'
  | 'ResourceName'
  | 'EventSource'
  | 'AccessKeyId';

/** LookupEvents request body (as decoded JSON; fields are validated, not trusted). */
export interface LookupParams {
  LookupAttributes?: { AttributeKey?: string; AttributeValue?: string }[];
  StartTime?: number;
  EndTime?: number;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface IdentityPoolConfig {
  /** `<region>:<uuid>`. */
  id: string;
  /** Whether GetId without Logins is allowed (guest identities). Default true. */
  allowUnauthenticated?: boolean;
  /** Whether guest credentials may call LookupEvents. Default false (as with AWS's enhanced flow). */
  allowGuestLookup?: boolean;
}

/**
 * Faults injected into one instance. Setting faults replaces the previous configuration; `{}` clears.
 * Probabilistic faults draw from a PRNG seeded with `seed`, so a test run is reproducible.
 */
export interface FaultConfig {
  /** Extra delay before answering: a fixed number of ms or a uniform [min, max] range. */
  latencyMs?: number | [number, number];
  /** Probability (0..1) that a request fails with one of `errorStatuses`. */
  errorRate?: number;
  /** Statuses used by `errorRate`: 500 (InternalFailure) and/or 503 (ServiceUnavailable). Default [500, 503]. */
  errorStatuses?: number[];
  /** Probability (0..1) that the socket is destroyed without a response. */
  dropRate?: number;
  /** A stricter token bucket that replaces the instance's throttle while set. */
  throttle?: { rate: number; burst: number };
  /** TTL for credentials issued from now on (emulator seconds). */
  credentialTtlSeconds?: number;
  /** One-shot: mark every credential issued so far as expired. */
  expireCredentialsNow?: boolean;
  /** Probability (0..1) that a page holds fewer than MaxResults events (sometimes none), still with a NextToken. */
  shortPages?: number;
  /**
   * Consumed one entry per LookupEvents request, before the probabilistic faults:
   * 'ok' | '500' | '503' | 'drop' | 'throttle' | 'expired' | 'latency:<ms>' | 'short:<n>' |
   * 'repeat:<n>' (the page starts with the last n events of the previous page again, within
   * MaxResults: a client must not count or show an event twice).
   */
  script?: string[];
  /** Seed of the fault PRNG. Default 1. */
  seed?: number;
  /** Also apply latency/error/drop faults to Cognito calls. */
  cognito?: boolean;
  /**
   * Regions where LookupEvents is denied (AccessDeniedException, as a service control policy on
   * `aws:RequestedRegion` does), while the others answer.
   */
  denyRegions?: string[];
  /**
   * Faults of LookupEvents calls signed for one Region, in place of the ones above for that Region
   * (each with its own script and seeded draws, and `throttle` as that Region's own token bucket),
   * as when one Region has an outage or is busy while the others answer.
   */
  regions?: Record<string, RegionFaultConfig>;
}

/** The faults one Region's LookupEvents calls get (see {@link FaultConfig.regions}). */
type RegionFaultConfig = Pick<FaultConfig, 'latencyMs' | 'errorRate' | 'errorStatuses' | 'dropRate' | 'throttle' | 'shortPages' | 'script' | 'seed'>;

/** An IAM role of an emulated account, for STS AssumeRole and AssumeRoleWithWebIdentity. */
export interface RoleOptions {
  /** The role's name: its ARN is `arn:aws:iam::<account>:role/<name>`. */
  name: string;
  /**
   * Who the trust policy lets in: `'cognito'` (authenticated identities of the instance's identity
   * pools, by AssumeRoleWithWebIdentity with a GetOpenIdToken token), `'cognito-guest'` (their guest
   * identities too), account ids (any principal of the account, as `arn:aws:iam::<id>:root`) and
   * principal ARNs (a user, or a role whose sessions may chain). Empty: nobody, so STS refuses.
   */
  trust?: string[];
  /** Longest session (DurationSeconds) the role allows; default 3600. */
  maxSessionSeconds?: number;
}

/** Another account of the instance: its own events, served only to credentials of its roles. */
export interface AccountOptions {
  /** 12 digits. */
  accountId: string;
  /** Inline CloudTrail records of this account (times as given, or rebased with the instance's `rebase`). */
  records?: object[];
  /** Generated activity (the default when no `records`); the seed differs from the home account's by default. */
  generate?: InstanceOptions['generate'];
  /** Its roles; default one, `CloudTrailElementsReader`, trusting the identity pools and the home account. */
  roles?: RoleOptions[];
}

export interface InstanceOptions {
  /**
   * CloudTrail files or folders (.json, .json.gz, .jsonl, .jsonl.gz). From code or the command line:
   * paths resolved against process.cwd(). Over the control API: names relative to the emulator's
   * `dataDir` (never a filesystem path).
   */
  events?: string[];
  /** Inline CloudTrail records. */
  records?: object[];
  /**
   * Shift every timestamp of the loaded records by one amount so the newest is just before the
   * emulator clock, keeping order and gaps.
   */
  rebase?: boolean;
  /**
   * Always fill pages up to MaxResults. By default some pages come back short or empty, still with
   * a NextToken, as the service's do (seeded: the same query pages the same way every run).
   */
  fullPages?: boolean;
  /** Generate synthetic activity; used by default when neither `events` nor `records` is given. */
  generate?: {
    count?: number;
    seed?: number;
    /** Days the activity spans (default 90); older events are for the Athena table. */
    days?: number;
    /**
     * Generate as if the clock read this time (epoch ms or an ISO 8601 string), then shift the
     * events so the newest lands just before the emulator's clock: the same events, with the same
     * gaps, whenever the instance is made. Without it the activity follows the clock's hour and
     * weekday (working hours are busier), so the mix changes with the time of day.
     */
    at?: number | string;
  };
  /** The account's home Region (default us-east-1): Cognito's, and that of records without `awsRegion`. */
  region?: string;
  /** Opt-in Regions enabled for the account (default none): a request signed for another opt-in Region is UnrecognizedClientException. */
  optInRegions?: string[];
  /**
   * Actions no policy of any identity allows, such as `["ec2:DescribeRegions"]`: the service answers
   * them as it does a denied caller (EC2: UnauthorizedOperation). Default none.
   */
  denyActions?: string[];
  /** Data that keeps arriving: one new event every `everySeconds` (default 5) of the instance's clock (live.ts). */
  live?: { everySeconds?: number };
  accountId?: string;
  /** Roles of the home account (`accountId`); default one, `CloudTrailElementsReader`, trusting the identity pools and the account itself. */
  roles?: RoleOptions[];
  /**
   * More accounts (the command line's `--accounts`), each with its own events and roles. STS
   * credentials of an account's role read that account's events only; the home account's keys
   * and Cognito's enhanced-flow credentials read the home account's.
   */
  accounts?: AccountOptions[];
  /** Token bucket per (account, Region); `false` disables throttling. Default {rate: 2, burst: 2}. */
  throttle?: { rate: number; burst: number } | false;
  /** Lifetime of credentials issued by Cognito, in emulator seconds. Default 3600. */
  credentialTtlSeconds?: number;
  identityPools?: IdentityPoolConfig[];
  /** Shortcut for the default pool's `allowGuestLookup`. */
  allowGuestLookup?: boolean;
  faults?: FaultConfig;
  /** Days of history LookupEvents can see. Default 90 (as AWS). */
  retentionDays?: number;
  /** Static key pairs accepted by SigV4 besides Cognito-issued ones. Default AKIDEXAMPLE / wJalr...EXAMPLEKEY. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string }[];
  /** The emulated Athena: how long queries queue and run, workgroups, tables and denied permissions. */
  athena?: import('./athena/service.js').AthenaOptions;
  /** Reject requests whose X-Amz-Date is more than 15 minutes from the wall clock (as AWS). Default true. */
  checkRequestTime?: boolean;
}

export interface EmulatorLimits {
  /** Instances that may exist at once (the default one included). Default 200. */
  instances?: number;
  /** Largest `generate.count` the control API accepts. Default 200,000. */
  generateCount?: number;
  /** Events (management + Insights) all instances may hold together. Default 2,000,000. */
  totalEvents?: number;
  /** Request log entries kept per instance. Default 10,000. */
  logEntries?: number;
  /** Bytes of logged request bodies kept per instance. Default 8 MiB. */
  logBytes?: number;
}

export interface EmulatorOptions extends InstanceOptions {
  /** Mount point of every route. Default '/'. */
  basePath?: string;
  /**
   * The one folder the control API may load `events` from, fixed at start (the command line's
   * `--data-dir`). Without it, instances created over HTTP take inline `records` or generate data.
   */
  dataDir?: string;
  limits?: EmulatorLimits;
  /**
   * Browser origins answered besides pages served from this machine (`localhost`, `127.0.0.1`,
   * `[::1]`, any port) and the emulator's own origin, such as `https://portal.example:8443`; `'*'`
   * answers every page. Other pages get 403 without CORS headers. The command line's `--allow-origin`.
   */
  allowOrigins?: string[];
}

export interface RequestLogEntry {
  seq: number;
  /** Wall-clock epoch ms at receipt. */
  time: number;
  /** Emulator clock (epoch ms) at receipt. */
  emulatorTime: number;
  operation: string;
  target?: string;
  /** The request JSON (Cognito login tokens are redacted); absent when `paramsOmitted` says why. */
  params?: unknown;
  /** Why the body was not logged (over 16 KiB, nested deeper than 32 levels). */
  paramsOmitted?: string;
  status: number;
  /** 'ok', the error `__type`, or 'dropped'. */
  outcome: string;
  accessKeyId?: string;
  region?: string;
  /** The account the request's credentials act in (STS-issued credentials: their role's account). */
  account?: string;
  eventCount?: number;
  hasNextToken?: boolean;
  userAgent?: string;
  /** The fault that decided this response, if any (e.g. 'script:503'). */
  fault?: string;
  durationMs?: number;
}

export interface InstanceDescription {
  id: string;
  endpoint: string;
  region: string;
  accountId: string;
  identityPoolId: string;
  loginProvider: string;
  staticCredentials: { accessKeyId: string; secretAccessKey: string };
  eventCount: number;
  insightCount: number;
  /** ISO times of the newest and oldest stored event (null when empty). */
  newest: string | null;
  oldest: string | null;
  /** Emulator clock, ISO. */
  now: string;
}
