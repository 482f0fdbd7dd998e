/**
 * Pages from a trail's S3 logs through Amazon Athena, behind the same seam as LookupEvents
 * ({@link PageSource}). Each query of the model becomes SQL over the CloudTrail table with every
 * value in ExecutionParameters; long ranges run as time windows newest first (a day, a week, a
 * month, then 90 days at a time) so first rows come fast; rows arrive through GetQueryResults as the
 * user asks for more. The Athena client is imported only when this source sends its first query.
 */
import type { BucketCount, LookupLikeInput, Page, PageRequest, PageSource, ServiceCounter } from '../page-source.js';
import type { RefreshableCredentials } from '../credentials.js';
import { LookupError } from '../errors.js';
import type { CtEvent } from '../events.js';
import { validateQuery, type LookupPlan } from '../query.js';
import type { LookupQuery } from '../types.js';
import { athenaError, queryFailed } from './errors.js';
import { rowToEvent } from './rows.js';
import { parseScanLimit, scanCapReached } from './scan-limit.js';
import { eventSql, facetSql, pageSql, timelineSql, windows, type AthenaSql, type AthenaTable } from './sql.js';
import type { ConditionField } from '../conditions.js';

/** Athena's published price per TB scanned (US Regions), for the status line. */
export const ATHENA_USD_PER_TB = 5;
/** Rows in the first GetQueryResults call of a lookup. */
const FIRST_ROWS = 100;
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
  workgroup?: string;
  /** s3:// location for results, when the workgroup sets none. */
  outputLocation?: string;
  /** Rows per GetQueryResults call, 1..1000; default 1000 (the service's maximum). */
  rowsPerPage?: number;
  /**
   * Most bytes one query may read (the page's cap; Athena's own is the workgroup's): bytes, or text
   * such as `10 GB`. A running query that passes it is stopped, and the lookup fails in words.
   */
  scanLimit?: number | string;
  /** Polling delays while a query runs: first, then growing by half up to max (ms). */
  pollMs?: { first?: number; max?: number };
}

/** Where paging is: a window to start, or a query to read on from. */
interface Cursor { w: number; q?: string; t?: string; n?: number }

/** What a query scanned, as the status shows it. */
export interface ScanStatistics {
  bytes: number;
  /** At the published price, with Athena's 10 MB minimum per query. */
  usd: number;
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
  #client: Promise<{ client: Client; sdk: Sdk }> | undefined;
  #disposed = false;
  #nonce = 0;
  /** Aborts the query being waited for (Cancel), without aborting the lookup. */
  #cancel: AbortController | undefined;
  /** Counts per query, cached: the same facet (or timeline) of the same query is asked once. */
  readonly #counts = new Map<string, Promise<unknown[]>>();

  /** The page's cap in bytes, or (when what the host wrote is no size) the error each query fails with. */
  readonly #cap: number | undefined;
  readonly #badCap: LookupError | undefined;

  constructor(options: AthenaSourceOptions) {
    this.#options = options;
    try {
      this.#cap = parseScanLimit(options.scanLimit);
    } catch (e) {
      this.#badCap = e as LookupError;
    }
    this.endpoint = options.endpoint ?? `https://athena.${options.region}.amazonaws.com`;
    this.target = { database: options.database ?? 'default', table: options.table ?? 'cloudtrail_logs' };
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
    const { client, sdk } = await this.#sdk();
    const o = this.#options;
    let id: string | undefined;
    try {
      const started = await client.send(new sdk.StartQueryExecutionCommand({
        QueryString: q.sql,
        ...(q.parameters.length ? { ExecutionParameters: q.parameters } : {}),
        QueryExecutionContext: { Database: this.target.database },
        ...(o.workgroup ? { WorkGroup: o.workgroup } : {}),
        ...(o.outputLocation ? { ResultConfiguration: { OutputLocation: o.outputLocation } } : {}),
      }), { abortSignal: signal });
      id = started.QueryExecutionId!;
      onStarted?.();
      // Cancel (Stop) ends the page query; counting queries end with their lookup.
      const cancel = new AbortController();
      if (page) this.#cancel = cancel;
      let delay = o.pollMs?.first ?? 50;
      for (;;) {
        const out = await client.send(new sdk.GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal });
        const status = out.QueryExecution?.Status;
        const bytes = out.QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
        if (status?.State === 'SUCCEEDED') return { id, bytes, cancelled: false };
        if (status?.State === 'FAILED') throw queryFailed(status.StateChangeReason ?? 'no reason given', `${this.target.database}.${this.target.table}`);
        if (status?.State === 'CANCELLED') return { id, bytes, cancelled: true };
        // The page's cap: Athena reports what a running query has read so far; past the cap it stops.
        if (this.#cap !== undefined && bytes > this.#cap) {
          await this.#stop(id);
          throw scanCapReached(bytes, this.#cap);
        }
        try {
          await sleep(delay, AbortSignal.any([signal, cancel.signal]));
        } catch (e) {
          if (!cancel.signal.aborted || signal.aborted) throw e;
          await this.#stop(id);
          return { id, bytes, cancelled: true };
        }
        // Gently: most queries finish within a second or two, and each poll costs a round trip.
        delay = Math.min(o.pollMs?.max ?? 1000, Math.ceil(delay * 1.5));
      }
    } catch (err) {
      // A lookup replaced or disposed while its query runs: the query stops too (it costs money).
      if (signal.aborted && id) void this.#stop(id);
      throw athenaError(err, this.endpoint);
    } finally {
      if (page) this.#cancel = undefined;
    }
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
    let bytes = 0;
    let sent = false;
    const onSent = () => { if (!sent) { sent = true; request.onSent?.(); } };
    for (;;) {
      if (!cursor.q) {
        const span = spans[cursor.w];
        if (!span) return { events: [], scannedBytes: bytes };
        const ran = await this.#run(pageSql(plan, this.target, span[0], span[1]), signal, onSent, true);
        bytes += ran.bytes;
        // Cancelled: what was loaded stays; loading more starts this window again.
        if (ran.cancelled) return { events: [], nextToken: JSON.stringify({ w: cursor.w, n: ++this.#nonce }), scannedBytes: bytes, cancelled: true };
        cursor = { w: cursor.w, q: ran.id };
      }
      onSent();
      // The lookup's very first call asks for a screenful, so the first rows paint before a thousand arrive.
      const first = !token && cursor.w === 0 && !cursor.t;
      const { rows, next } = await this.#rows(cursor.q!, cursor.t, first ? Math.min(max, FIRST_ROWS) : max, signal);
      const events: CtEvent[] = rows.map(rowToEvent);
      const more: Cursor | undefined = next ? { w: cursor.w, q: cursor.q, t: next } : cursor.w + 1 < spans.length ? { w: cursor.w + 1 } : undefined;
      // An empty window moves straight on to the next (older) one.
      if (events.length === 0 && more && !more.q) { cursor = more; continue; }
      return { events, nextToken: more && JSON.stringify(more), scannedBytes: bytes };
    }
  }

  /**
   * A lookup by event id with no query (a link to one event): one query for that id over every day
   * the table holds, since the id carries no time and the event may be years old.
   */
  async #event(eventId: string, signal: AbortSignal): Promise<Page> {
    const ran = await this.#run(eventSql(this.target, eventId), signal);
    if (ran.cancelled) return { events: [], scannedBytes: ran.bytes, cancelled: true };
    const { rows } = await this.#rows(ran.id, undefined, 1, signal);
    return { events: rows.map(rowToEvent), scannedBytes: ran.bytes };
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
   * How many events of the plan's whole range have each value of `field`: one GROUP BY query,
   * cached per query and field.
   */
  facet(plan: LookupPlan, field: ConditionField, limit = 10, signal?: AbortSignal): Promise<{ value: string; count: number }[]> {
    return this.#count(facetSql(plan, this.target, field, limit), signal, (r) => (r.value === null ? undefined : { value: r.value!, count: Number(r.n) }));
  }

  /** Events of the plan's whole range per bucket of `widthMs`: one GROUP BY query, cached per query and width. */
  timeline(plan: LookupPlan, widthMs: number, signal?: AbortSignal): Promise<BucketCount[]> {
    return this.#count(timelineSql(plan, this.target, widthMs), signal, (r) => ({ start: Number(r.bucket) * widthMs, count: Number(r.n), errors: Number(r.errors) }));
  }

  /** Runs a counting query once per SQL and parameters, reading every result row. */
  #count<T>(q: AthenaSql, signal: AbortSignal = new AbortController().signal, read: (row: Record<string, string | null>) => T | undefined): Promise<T[]> {
    const key = JSON.stringify([q.sql, q.parameters]);
    let hit = this.#counts.get(key) as Promise<T[]> | undefined;
    if (!hit) {
      hit = (async () => {
        const ran = await this.#run(q, signal);
        if (ran.cancelled) throw new LookupError('The counting query was cancelled.', { code: 'AthenaQueryCancelled' });
        const out: T[] = [];
        let token: string | undefined;
        do {
          const page = await this.#rows(ran.id, token, 1000, signal);
          for (const r of page.rows) {
            const v = read(r);
            if (v !== undefined) out.push(v);
          }
          token = page.next;
        } while (token);
        return out;
      })();
      hit.catch(() => this.#counts.delete(key));
      this.#counts.set(key, hit);
    }
    return hit;
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
