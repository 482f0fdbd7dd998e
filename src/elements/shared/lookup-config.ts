import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { AwsCredentials, AwsCredentialsProvider, Logins } from '../../lookup/credentials.js';
import type { SigmaInput } from '../../lookup/findings/sigma.js';
import { listChanged, regionsConverter } from './regions.js';
import { signInChanged } from './sign-in.js';
import type { AccountConfig } from '../../lookup/account-names.js';
import { accountsChanged, accountsConverter } from './accounts-config.js';

/**
 * The configuration of an investigation, declared once: `<ct-lookup-provider>` reads it, and
 * `<ct-event-history>` (which holds a provider) hands it over whole ({@link configOf}). A new option
 * is one property here.
 */
export abstract class LookupConfigElement extends LitElement {
  /** AWS Region whose event history is looked up. */
  @property() region = 'us-east-1';

  /**
   * The Regions the view offers, all searched at once by default, merged newest first, each with
   * its own rate budget (attribute: names separated by commas, such as `us-east-1,eu-west-1`).
   * Unset: the view offers the 17 Regions every account has enabled by default and searches `region`.
   */
  @property({ converter: regionsConverter, hasChanged: listChanged }) regions?: readonly string[];

  /**
   * The Regions searched now, among those offered (the filter's Region chooser sets it; attribute:
   * names separated by commas). Unset: every Region of `regions`, or `region` alone.
   */
  @property({ attribute: 'search-regions', converter: regionsConverter, hasChanged: listChanged }) searchRegions?: readonly string[];

  /** CloudTrail endpoint URL, for the emulator or a proxy; unset means AWS's CloudTrail endpoint of each Region. Other services never use it. */
  @property() endpoint?: string;

  /** Cognito Identity endpoint URL (the emulator, a proxy); unset means AWS's, in the identity pool's Region. */
  @property({ attribute: 'cognito-endpoint' }) cognitoEndpoint?: string;

  /**
   * EC2 endpoint URL (the emulator, a proxy), where the Regions enabled for the account are listed
   * (DescribeRegions) when `regions` is unset. Unset: AWS's EC2 endpoint of `region`, unless
   * `endpoint` points CloudTrail elsewhere; then the Regions enabled by default are offered.
   */
  @property({ attribute: 'ec2-endpoint' }) ec2Endpoint?: string;

  /** Cognito identity pool id, such as `us-east-1:0000…`. */
  @property({ attribute: 'identity-pool-id' }) identityPoolId?: string;

  /** Sign-in tokens for the identity pool, by provider name, or a function returning fresh ones. Property only. */
  @property({ attribute: false, hasChanged: signInChanged }) logins?: Logins | (() => Promise<Logins>);

  /** Any AWS credentials or credential provider; takes precedence over the identity pool. Property only. */
  @property({ attribute: false, hasChanged: signInChanged }) credentials?: AwsCredentials | AwsCredentialsProvider;

  /** Use the identity pool's guest (unauthenticated) identity when no `logins` are set. Off by default. */
  @property({ type: Boolean, attribute: 'allow-guest' }) allowGuest = false;

  /**
   * Events one lookup or "Scan further" may scan when the browser filters what the API returns
   * (Read-only beside another attribute), before it stops and asks; default 2,000.
   */
  @property({ type: Number, attribute: 'scan-limit' }) scanLimit = 2000;

  /** Where events come from: `event-history` (LookupEvents, 90 days) or `athena` (the trail's S3 logs through Athena). */
  @property() source: 'event-history' | 'athena' = 'event-history';

  /** Athena endpoint URL (the emulator, a proxy); unset means AWS's Athena endpoint of `region`. */
  @property({ attribute: 'athena-endpoint' }) athenaEndpoint?: string;

  /** Glue database of the CloudTrail table, for `source="athena"`. */
  @property({ attribute: 'athena-database' }) athenaDatabase?: string;

  /** Glue table holding the trail's logs (AWS's CloudTrail table), for `source="athena"`. */
  @property({ attribute: 'athena-table' }) athenaTable?: string;

  /** Data catalog holding the table; `AwsDataCatalog` when unset. */
  @property({ attribute: 'athena-catalog' }) athenaCatalog?: string;

  /**
   * The table's partition keys, when the role cannot read its metadata (GetTableMetadata) or to
   * override it: `timestamp`, `region,year,month,day`, `account,region,year,month,day` or `none`.
   */
  @property({ attribute: 'athena-partitions' }) athenaPartitions?: string;

  /** Athena workgroup the queries run in (its scan cap applies); Athena's `primary` when unset. */
  @property({ attribute: 'athena-workgroup' }) athenaWorkgroup?: string;

  /** S3 location for query results (`s3://bucket/prefix/`) when the workgroup sets none. */
  @property({ attribute: 'athena-output-location' }) athenaOutputLocation?: string;

  /**
   * Most data one Athena query may read, set by the page: bytes, or a number with KB, MB, GB or TB
   * (powers of 1,000; KiB to TiB for 1,024), such as `10 GB`. A query that passes it is stopped
   * (StopQueryExecution) and the lookup says why; rows already loaded stay. Unset: 10 GB.
   */
  @property({ attribute: 'athena-scan-limit' }) athenaScanLimit?: string;

  // Several accounts (see accounts-config.ts).

  /**
   * Several accounts, each read through a role of its own: a list of `{ accountId, roleArn, label }`
   * (attribute: the list as JSON). Credentials for each come from the signed-in identity: an identity
   * pool's basic flow (GetOpenIdToken, then STS AssumeRoleWithWebIdentity into the role) or STS
   * AssumeRole with `credentials`. Every Region searched is looked up in every account, merged
   * newest first. Unset: the one account the credentials belong to.
   */
  @property({ converter: accountsConverter, hasChanged: accountsChanged }) accounts?: readonly AccountConfig[];

  /**
   * The accounts searched now, among `accounts`, by account id (the filter's account chooser sets
   * it; attribute: ids separated by commas). Unset: every account of `accounts`.
   */
  @property({ attribute: 'search-accounts', converter: regionsConverter, hasChanged: listChanged }) searchAccounts?: readonly string[];

  /** STS endpoint URL for the accounts' roles (the emulator, a proxy); unset means AWS's, in `region`. */
  @property({ attribute: 'sts-endpoint' }) stsEndpoint?: string;

  /**
   * With an identity pool, how each account's role is reached: `web-identity` (default), the pool's
   * basic flow (every signed-in identity of the pool may assume a role that trusts the pool), or
   * `assume-role`, the pool's own role (enhanced flow, so its role mapping by group applies) then
   * STS AssumeRole. With `credentials`, AssumeRole always.
   */
  @property({ attribute: 'accounts-via' }) accountsVia?: 'web-identity' | 'assume-role';

  /** Milliseconds the investigation is kept after the element leaves the page (a move re-attaches it); default 5,000. */
  @property({ type: Number, attribute: 'dispose-delay' }) disposeDelay = 5000;

  /**
   * Sigma rules for CloudTrail (YAML text or parsed objects) to flag events with, beside the
   * built-in pack; they apply to every history on the page. Rules this library cannot read are
   * refused, each named with what it uses, in a notice. Property only.
   */
  @property({ attribute: false }) sigmaRules?: SigmaInput | readonly SigmaInput[];
}

/** Every configuration property, in the order they are declared. */
export const CONFIG_KEYS = [
  'region', 'regions', 'searchRegions', 'endpoint', 'cognitoEndpoint', 'ec2Endpoint', 'identityPoolId', 'logins', 'credentials', 'allowGuest',
  'scanLimit', 'source', 'athenaEndpoint', 'athenaDatabase', 'athenaTable', 'athenaCatalog', 'athenaPartitions',
  'athenaWorkgroup', 'athenaOutputLocation', 'athenaScanLimit', 'accounts', 'searchAccounts', 'stsEndpoint', 'accountsVia', 'disposeDelay', 'sigmaRules',
] as const satisfies readonly (keyof LookupConfigElement)[];

type ConfigKey = (typeof CONFIG_KEYS)[number];
/** An investigation's configuration as one object. */
export type LookupConfig = Pick<LookupConfigElement, ConfigKey>;

/** The configuration keys among `changed` (all of them when `all`), with `from`'s values: what to hand a provider. */
export function configOf(from: LookupConfig, changed?: ReadonlyMap<PropertyKey, unknown>): Partial<LookupConfig> {
  const out: Partial<Record<ConfigKey, unknown>> = {};
  for (const key of CONFIG_KEYS) if (!changed || changed.has(key)) out[key] = from[key];
  return out as Partial<LookupConfig>;
}
