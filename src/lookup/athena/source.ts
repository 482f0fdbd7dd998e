/**
 * Pages from a trail's S3 logs through Amazon Athena, behind the same seam as LookupEvents
 * ({@link PageSource}). The table's layout is read once (GetTableMetadata) and each query of the
 * model becomes SQL for it, with every value in ExecutionParameters; long ranges run as time windows
 * newest first (a day, a week, a month, then 90 days at a time) so first rows come fast, each window
 * read by keyset pages of at most 1,000 rows; the facets and the timeline come from one counting
 * query per lookup. The Athena client is imported only when this source sends its first query.
 */
import type { BucketCount, FindingCounts, LookupLikeInput, Page, PageRequest, PageSource, ServiceCounter } from '../page-source.js';
import type { RefreshableCredentials } from '../credentials.js';
import { LookupError } from '../errors.js';
import type { CtEvent } from '../events.js';
import { validateQuery, type LookupPlan } from '../query.js';
import type { LookupQuery } from '../types.js';
import { athenaError, queryFailed } from './errors.js';
import { DEFAULT_LAYOUT, layoutFromMetadata, parsePartitions, wholeTableNotice, type Partitions, type TableLayout } from './layout.js';
import { rowToEvent } from './rows.js';
import { DEFAULT_SCAN_LIMIT, parseScanLimit, scanCapReached } from './scan-limit.js';
import { AthenaCounts } from './counts.js';
import { eventSql, lookbackWindows, pageSql, windows, type AthenaSql, type AthenaTable, type Keyset } from './sql.js';
import type { ConditionField } from '../conditions.js';

/** Athena's published price per TB scanned (US Regions), for the status line. */
const ATHENA_USD_PER_TB = 5;
/** Rows in the first GetQueryResults call of a lookup. */
const FIRST_ROWS = 100;
/** Rows one page query returns at most (its LIMIT); the next page of the window starts after the last. */
const PAGE_ROWS = 1000;
/** Athena bills at least 10 MB per query. */
const MIN_BILLED_BYTES = 10 * 1024 * 1024;

export interface AthenaSourceOptions {
  region: string;
  /** Athena endpoint (emulator, proxy); AWS's for the Region by default. */
  endpoint?: string;
  credentials: RefreshableCredentials;
  /** Glue database and table of the CloudTrail table; default `default`.`cloudtrail_logs`. */
  database?: string;
  table?: string;
  /** The data catalog holding the table; default `AwsDataCatalog`. */
  catalog?: string;
  /**
   * The table's partition keys, for a table whose metadata the role cannot read (or to override what
   * it says): `timestamp`, `region,year,month,day`, `account,region,year,month,day` or `none`.
   */
  partitions?: string;
  /**
   * The accounts searched, by id: an organization trail's table (partitioned by account) is read for
   * them only, and any other table filtered on its account column. Unset: every account the table holds.
   */
  accounts?: readonly string[];
  /** The clock a link to one event looks back from (epoch ms); Date.now by default. */
  now?: () => number;
  workgroup?: string;
  /** s3:// location for results, when the workgroup sets none. */
  outputLocation?: string;
  /** Rows per GetQueryResults call, 1..1000; default 1000 (the service's maximum). */
  rowsPerPage?: number;
  /**
   * Most bytes one query may read (the page's cap; Athena's own is the workgroup's): bytes, or text
   * such as `10 GB`; 10 GB when unset. A running query that passes it is stopped, and the lookup
   * fails in words.
   */
  scanLimit?: number | string;
  /** Polling delays while a query runs (ms): see {@link nextPoll}; default first 50, max 1000. */
  pollMs?: { first?: number; max?: number };
}

/**
 * Where paging is: window `w`; the query `q` being read (`t` its NextToken, `r` the rows read from
 * it); `k` the keyset the next query of the window starts after; `n` a nonce.
 */
interface Cursor { w: number; q?: string; t?: string; r?: number; k?: Keyset; n?: number }


/** A running query is polled at most this often (ms) in its first {@link EARLY_MS}. */
const EARLY_POLL_MS = 250;
const EARLY_MS = 5000;

/**
 * The wait before the next GetQueryExecution of a query polled `waited` ms so far, the last wait
 * having been `delay`: from `first` (50 ms), growing by half, at most 250 ms in the query's first
 * 5 s (most lookups' queries end then, and one that ends is seen within 250 ms), then growing by
 * half up to `max` (1 s). Athena allows an account 100 GetQueryExecution and GetQueryResults calls
 * a second together, in bursts of up to 200 ("Per account API call quotas",
 * https://docs.aws.amazon.com/athena/latest/ug/service-limits.html): a query polls about 7 times in
 * its first second, 4 a second until 5 s, then once a second; a lookup polls at most two queries at
 * once (a page and the counting query), so a dozen lookups started in the same second in one
 * account stay under the quota, and every later second costs each query one call.
 */
export function nextPoll(delay: number | undefined, waited: number, pollMs: { first?: number; max?: number } = {}): number {
  const max = pollMs.max ?? 1000;
  if (delay === undefined) return Math.min(max, pollMs.first ?? 50);
  const cap = waited < EARLY_MS ? Math.min(max, EARLY_POLL_MS) : max;
  return Math.min(cap, Math.max(delay, Math.ceil(delay * 1.5)));
}

export const costOf = (bytes: number, queries = 1): number => (Math.max(bytes, MIN_BILLED_BYTES * queries) / 1e12) * ATHENA_USD_PER_TB;

type Sdk = typeof import('./sdk.js');
type Client = InstanceType<Sdk['AthenaClient']>;

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal.aborted) return reject(signal.reason);
  const done = () => { clearTimeout(timer); reject(signal.reason); };
  const timer = setTimeout(() => { signal.removeEventListener('abort', done); resolve(); }, ms);
  signal.addEventListener('abort', done, { once: true });
});

export class AthenaPageSource implements PageSource, ServiceCounter {
  readonly endpoint: string;
  /** Trail logs reach back as far as the bucket keeps them. */
  readonly retentionMs = Number.POSITIVE_INFINITY;
  readonly billsScans = true;
  readonly target: AthenaTable;
  readonly #options: AthenaSourceOptions;
  /** The table with its layout, read once. */
  #table: Promise<AthenaTable> | undefined;
  readonly #partitions: Partitions | undefined;
  readonly #badPartitions: LookupError | undefined;
  #client: Promise<{ client: Client; sdk: Sdk }> | undefined;
  #disposed = false;
  #nonce = 0;
  /** Aborts the query being waited for (Cancel), without aborting the lookup. */
  #cancel: AbortController | undefined;
  /** The facets', the timeline's and the findings' counts over whole ranges. */
  readonly #counting = new AthenaCounts({ layout: (signal) => this.#layout(signal), run: (q, signal) => this.#run(q, signal), rows: (id, token, max, signal) => this.#rows(id, token, max, signal) });

  /** The page's cap in bytes, or (when what the host wrote is no size) the error each query fails with. */
  readonly #cap: number = DEFAULT_SCAN_LIMIT;
  readonly #capByDefault: boolean = true;
  readonly #badCap: LookupError | undefined;

  constructor(options: AthenaSourceOptions) {
    this.#options = options;
    try {
      const cap = parseScanLimit(options.scanLimit);
      if (cap !== undefined) {
        this.#cap = cap;
        this.#capByDefault = false;
      }
    } catch (e) {
      this.#badCap = e as LookupError;
    }
    try {
      this.#partitions = parsePartitions(options.partitions);
    } catch (e) {
      this.#badPartitions = e as LookupError;
    }
    this.endpoint = options.endpoint ?? `https://athena.${options.region}.amazonaws.com`;
    this.target = { database: options.database ?? 'default', table: options.table ?? 'cloudtrail_logs', ...(options.accounts?.length ? { accounts: [...options.accounts] } : {}) };
  }

  #sdk() {
    this.#client ??= import('./sdk.js').then((sdk) => {
      const endpoint = this.#options.endpoint;
      const client = new sdk.AthenaClient({ region: this.#options.region, credentials: this.#options.credentials, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
      if (this.#disposed) client.destroy();
      return { client, sdk };
    }, (err: unknown) => {
      this.#client = undefined;
      throw err;
    });
    return this.#client;
  }

  /** Runs one query to its end; resolves with its id and scanned bytes, or throws in words. */
  async #run(q: AthenaSql, signal: AbortSignal, onStarted?: () => void, page = false): Promise<{ id: string; bytes: number; cancelled: boolean }> {
    if (this.#badCap) throw this.#badCap;
    if (this.#badPartitions) throw this.#badPartitions;
    const { client, sdk } = await this.#sdk();
    const o = this.#options;
    let id: string | undefined;
    try {
      const started = await client.send(new sdk.StartQueryExecutionCommand({
        QueryString: q.sql,
        ...(q.parameters.length ? { ExecutionParameters: q.parameters } : {}),
        QueryExecutionContext: { Database: this.target.database, ...(o.catalog ? { Catalog: o.catalog } : {}) },
        ...(o.workgroup ? { WorkGroup: o.workgroup } : {}),
        ...(o.outputLocation ? { ResultConfiguration: { OutputLocation: o.outputLocation } } : {}),
      }), { abortSignal: signal });
      id = started.QueryExecutionId!;
      onStarted?.();
      // Cancel (Stop) ends the page query; counting queries end with their lookup.
      const cancel = new AbortController();
      if (page) this.#cancel = cancel;
      let delay = nextPoll(undefined, 0, o.pollMs);
      let waited = 0;
      for (;;) {
        const out = await client.send(new sdk.GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal });
        const status = out.QueryExecution?.Status;
        const bytes = out.QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
        if (status?.State === 'SUCCEEDED') return { id, bytes, cancelled: false };
        if (status?.State === 'FAILED') throw queryFailed(status.StateChangeReason ?? 'no reason given', `${this.target.database}.${this.target.table}`, out.QueryExecution?.EngineVersion?.EffectiveEngineVersion);
        if (status?.State === 'CANCELLED') return { id, bytes, cancelled: true };
        // The page's cap: Athena reports what a running query has read so far; past the cap it stops.
        if (bytes > this.#cap) {
          await this.#stop(id);
          throw scanCapReached(bytes, this.#cap, this.#capByDefault);
        }
        try {
          await sleep(delay, AbortSignal.any([signal, cancel.signal]));
        } catch (e) {
          if (!cancel.signal.aborted || signal.aborted) throw e;
          await this.#stop(id);
          return { id, bytes, cancelled: true };
        }
        waited += delay;
        delay = nextPoll(delay, waited, o.pollMs);
      }
    } catch (err) {
      // A lookup replaced or disposed while its query runs: the query stops too (it costs money).
      if (signal.aborted && id) void this.#stop(id);
      throw athenaError(err, this.endpoint);
    } finally {
      if (page) this.#cancel = undefined;
    }
  }

  /**
   * The table with its layout: its columns and partition keys from GetTableMetadata, once per table
   * (https://docs.aws.amazon.com/athena/latest/APIReference/API_GetTableMetadata.html). A table the
   * role may not describe is read as AWS's partition-projection table, or with the host's
   * `athena-partitions`; a table that does not exist fails in words.
   */
  #layout(signal: AbortSignal): Promise<AthenaTable> {
    this.#table ??= (async () => {
      if (this.#badPartitions) throw this.#badPartitions;
      const { client, sdk } = await this.#sdk();
      let layout: TableLayout;
      let assumed: string | undefined;
      try {
        const out = await client.send(new sdk.GetTableMetadataCommand({ CatalogName: this.#options.catalog ?? 'AwsDataCatalog', DatabaseName: this.target.database, TableName: this.target.table }), { abortSignal: signal });
        layout = layoutFromMetadata(out.TableMetadata ?? {});
      } catch (err) {
        const e = err as { name?: string; message?: string };
        if (signal.aborted) throw err;
        if (e.name === 'MetadataException' && /not found|does not exist/i.test(e.message ?? '')) throw queryFailed(`TABLE_NOT_FOUND: ${e.message ?? ''}`, `${this.target.database}.${this.target.table}`);
        if (e.name === 'MetadataException' && /glue:/i.test(e.message ?? '') && !this.#partitions) throw queryFailed(e.message ?? '', `${this.target.database}.${this.target.table}`);
        if (e.name !== 'AccessDeniedException' && e.name !== 'MetadataException' && !this.#partitions) throw athenaError(err, this.endpoint);
        layout = DEFAULT_LAYOUT;
        // Read as AWS's projection table without asking: say so, unless the host named the keys.
        if (!this.#partitions) {
          const table = `${this.target.database}.${this.target.table}`;
          assumed = `The table's layout could not be read (${e.name === 'AccessDeniedException' ? 'athena:GetTableMetadata was refused' : 'its metadata was refused'}), so ${table} is read as AWS's partition-projection table (partitioned by timestamp). Grant athena:GetTableMetadata, or set athena-partitions to the table's keys.`;
        }
      }
      return { ...this.target, layout: this.#partitions ? { columns: layout.columns, partitions: this.#partitions } : layout, assumed };
    })();
    this.#table.catch(() => { this.#table = undefined; });
    return this.#table;
  }

  /** The layout read for the table (after the first query), for the status line and tests. */
  async layout(signal: AbortSignal = new AbortController().signal): Promise<TableLayout> {
    return (await this.#layout(signal)).layout!;
  }

  async #stop(id: string): Promise<void> {
    const { client, sdk } = await this.#sdk();
    await client.send(new sdk.StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => {});
  }

  async #rows(id: string, token: string | undefined, max: number, signal: AbortSignal): Promise<{ rows: Record<string, string | null>[]; next?: string }> {
    const { client, sdk } = await this.#sdk();
    try {
      // The first page starts with the header row, which counts against MaxResults.
      const out = await client.send(new sdk.GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: Math.min(1000, token ? max : max + 1) }), { abortSignal: signal });
      const names = (out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      const data = (out.ResultSet?.Rows ?? []).slice(token ? 0 : 1);
      return {
        rows: data.map((r) => Object.fromEntries(names.map((n, i) => [n, r.Data?.[i]?.VarCharValue ?? null]))),
        next: out.NextToken || undefined,
      };
    } catch (err) {
      throw athenaError(err, this.endpoint);
    }
  }

  /** The plan a request carries, or one made from a bare LookupEvents input (a lookup by event id). */
  #planOf(request: PageRequest): LookupPlan {
    if (request.plan) return request.plan;
    const input = request.input as LookupLikeInput;
    const attribute = input.LookupAttributes?.[0];
    const query: LookupQuery = {
      timeRange: { kind: 'absolute', start: input.StartTime as Date, end: input.EndTime as Date },
      readOnly: 'all', category: 'management', pageSize: 50,
      ...(attribute?.AttributeKey ? { attribute: { key: attribute.AttributeKey, value: attribute.AttributeValue ?? '' } } : {}),
    } as LookupQuery;
    const result = validateQuery(query, Date.now(), { retentionMs: this.retentionMs });
    if (!result.ok) throw new LookupError(result.issues.map((i) => i.message).join(' '), { code: 'ValidationError' });
    return result.plan;
  }

  async fetchPage(request: PageRequest): Promise<Page> {
    const { signal } = request;
    const byId = request.plan ? undefined : (request.input as LookupLikeInput).LookupAttributes?.find((a) => a.AttributeKey === 'EventId')?.AttributeValue;
    if (byId) return this.#event(byId, signal);
    const plan = this.#planOf(request);
    if (plan.query.category === 'insight') {
      throw new LookupError('Trail logs in Athena hold management events here; look up Insights events in Event history.', { code: 'ValidationError' });
    }
    const token = request.input.NextToken;
    let cursor: Cursor = token ? JSON.parse(token) as Cursor : { w: 0 };
    const spans = windows(plan.start.getTime(), plan.end.getTime());
    const max = Math.max(1, Math.min(1000, this.#options.rowsPerPage ?? 1000));
    const target = await this.#layout(signal);
    const notice = target.assumed ?? wholeTableNotice(target.layout!, `${target.database}.${target.table}`);
    let bytes = 0;
    let sent = false;
    const onSent = () => { if (!sent) { sent = true; request.onSent?.(); } };
    for (;;) {
      if (!cursor.q) {
        const span = spans[cursor.w];
        if (!span) return { events: [], scannedBytes: bytes, notice };
        const ran = await this.#run(pageSql(plan, target, span[0], span[1], PAGE_ROWS, cursor.k), signal, onSent, true);
        bytes += ran.bytes;
        // Cancelled: what was loaded stays; loading more starts this page of the window again.
        if (ran.cancelled) return { events: [], nextToken: JSON.stringify({ w: cursor.w, k: cursor.k, n: ++this.#nonce }), scannedBytes: bytes, cancelled: true };
        cursor = { w: cursor.w, q: ran.id, r: 0, k: cursor.k };
      }
      onSent();
      // The lookup's very first call asks for a screenful, so the first rows paint before a thousand arrive.
      const first = !token && cursor.w === 0 && !cursor.t && !cursor.k;
      const { rows, next } = await this.#rows(cursor.q!, cursor.t, first ? Math.min(max, FIRST_ROWS) : max, signal);
      const events: CtEvent[] = rows.map(rowToEvent);
      const read = (cursor.r ?? 0) + rows.length;
      const last = rows.at(-1);
      const keyset = last?.eventtime && last.eventid ? { time: last.eventtime, id: last.eventid } : cursor.k;
      // A query that returned its whole LIMIT may have more rows in the window: the next starts after its last.
      const more: Cursor | undefined = next ? { w: cursor.w, q: cursor.q, t: next, r: read, k: keyset }
        : read >= PAGE_ROWS ? { w: cursor.w, k: keyset }
          : cursor.w + 1 < spans.length ? { w: cursor.w + 1 } : undefined;
      // An empty window (or page of candidates) moves straight on.
      if (events.length === 0 && more && (!more.q || rows.length > 0)) { cursor = more; continue; }
      return { events, nextToken: more && JSON.stringify(more), scannedBytes: bytes, notice };
    }
  }

  /**
   * A lookup by event id with no query (a link to one event): the id carries no time, so it looks
   * newest first in growing windows (the last day, the week, 90 days, then every older day) and
   * stops at the first that holds it. Each query stays under the scan limit like any other.
   */
  async #event(eventId: string, signal: AbortSignal): Promise<Page> {
    const target = await this.#layout(signal);
    let bytes = 0;
    for (const [from, to] of lookbackWindows((this.#options.now ?? Date.now)())) {
      const ran = await this.#run(eventSql(target, eventId, from, to), signal);
      bytes += ran.bytes;
      if (ran.cancelled) return { events: [], scannedBytes: bytes, cancelled: true };
      const { rows } = await this.#rows(ran.id, undefined, 1, signal);
      if (rows.length) return { events: rows.map(rowToEvent), scannedBytes: bytes };
    }
    return { events: [], scannedBytes: bytes };
  }

  /** Ends the query being waited for (StopQueryExecution); the page in flight comes back empty. */
  cancel(): void {
    this.#cancel?.abort();
  }

  /** The source counts on the service side itself. */
  counter(): Promise<ServiceCounter> {
    return Promise.resolve(this);
  }

  /**
   * How many events of the plan's whole range have each value of `field` (most first, NULL left
   * out): from the lookup's one counting query, cached per plan and field.
   */
  facet(plan: LookupPlan, field: ConditionField, limit = 10, signal?: AbortSignal): Promise<{ value: string; count: number }[]> {
    return this.#counting.facet(plan, field, limit, signal);
  }

  /** Events of the plan's whole range per bucket of `widthMs`, from the lookup's one counting query. */
  timeline(plan: LookupPlan, widthMs: number, signal?: AbortSignal): Promise<BucketCount[]> {
    return this.#counting.timeline(plan, widthMs, signal);
  }

  /** How many events of the plan's whole range each loaded rule flags, from the lookup's one counting query. */
  findings(plan: LookupPlan, signal?: AbortSignal): Promise<FindingCounts> {
    return this.#counting.findings(plan, signal);
  }

  invalidateCredentials(): void {
    this.#options.credentials.invalidate();
  }

  backOff(): void {
    // Athena's throttling is per account and query concurrency, not a request rate: the controller's retry delay is the pause.
  }

  nextSlotIn(): number {
    return 0;
  }

  dispose(): void {
    this.#disposed = true;
    this.#cancel?.abort();
    void this.#client?.then(({ client }) => client.destroy(), () => {});
  }
}
