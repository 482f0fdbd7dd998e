/**
 * The provider's Athena configuration: checked, then turned into a page-source factory. The real
 * Athena source (and its client) loads only when the first query runs.
 */
import type { RefreshableCredentials } from '../../lookup/credentials.js';
import { LazyAthenaSource } from '../../lookup/athena/lazy.js';
import type { PageSource } from '../../lookup/page-source.js';
import { warnInvalid } from '../shared/ct-element.js';

/** Glue names as Athena takes them unquoted: lower-case letters, digits and underscores. */
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;

export interface AthenaConfig {
  source?: string;
  region: string;
  athenaEndpoint?: string;
  athenaDatabase?: string;
  athenaTable?: string;
  athenaCatalog?: string;
  athenaPartitions?: string;
  athenaWorkgroup?: string;
  athenaOutputLocation?: string;
  athenaScanLimit?: string;
}

/** Properties whose change makes a new investigation. */
export const ATHENA_KEYS = ['source', 'athenaEndpoint', 'athenaDatabase', 'athenaTable', 'athenaCatalog', 'athenaPartitions', 'athenaWorkgroup', 'athenaOutputLocation', 'athenaScanLimit'] as const;

/**
 * A factory for the Athena source when `source="athena"`, else undefined (Event history). `accounts`:
 * the ids of the accounts searched, when the host configured several (an organization trail's table is read for them only).
 */
export function athenaSourceFactory(host: HTMLElement, c: AthenaConfig, accounts?: readonly string[]): ((credentials: RefreshableCredentials) => PageSource) | undefined {
  if (c.source !== 'athena') {
    if (c.source !== undefined && c.source !== 'event-history') warnInvalid(host, 'source', c.source, 'event-history', '"event-history" or "athena"');
    return undefined;
  }
  let database = c.athenaDatabase ?? 'default';
  let table = c.athenaTable ?? 'cloudtrail_logs';
  if (!GLUE_NAME.test(database)) {
    warnInvalid(host, 'athena-database', database, 'default', 'a Glue database name (lower-case letters, digits and _)');
    database = 'default';
  }
  if (!GLUE_NAME.test(table)) {
    warnInvalid(host, 'athena-table', table, 'cloudtrail_logs', 'a Glue table name (lower-case letters, digits and _)');
    table = 'cloudtrail_logs';
  }
  let output = c.athenaOutputLocation || undefined;
  if (output && !/^s3:\/\/[^/]+/.test(output)) {
    warnInvalid(host, 'athena-output-location', output, undefined, 'an S3 location such as "s3://bucket/prefix/"');
    output = undefined;
  }
  const options = {
    region: c.region, endpoint: c.athenaEndpoint || undefined, database, table, catalog: c.athenaCatalog || undefined, partitions: c.athenaPartitions || undefined,
    workgroup: c.athenaWorkgroup || undefined, outputLocation: output, scanLimit: c.athenaScanLimit, ...(accounts?.length ? { accounts } : {}),
  };
  return (credentials) => new LazyAthenaSource(options, credentials);
}

/** The source read and the ones offered: both when Athena is configured at all (Event history needs nothing more). */
export function sourcesOf(c: AthenaConfig): { current: 'event-history' | 'athena'; available: ('event-history' | 'athena')[] } {
  const athena = c.source === 'athena' || Boolean(c.athenaTable || c.athenaDatabase);
  return { current: c.source === 'athena' ? 'athena' : 'event-history', available: athena ? ['event-history', 'athena'] : ['event-history'] };
}
