/**
 * Pages from a trail's S3 logs through Amazon Athena, behind the same seam as LookupEvents
 * ({@link PageSource}). The table's layout is read once (GetTableMetadata) and each query of the
 * model becomes SQL for it, with every value in ExecutionParameters; long ranges run as time windows
 * newest first (a day, a week, a month, then 90 days at a time) so first rows come fast, each window
 * read by keyset pages of at most 1,000 rows; the facets and the timeline come from one counting
 * query per lookup. The Athena client is imported only when this source sends its first query.
 */
import type { BucketCount, FindingCounts, LookupLikeInput, Page, PageRequest, PageSource, ServiceCounter } from '../page-source.js';
import { loadedFindingRules } from '../findings/registry.js';
import type { RefreshableCredentials } from '../credentials.js';
import { LookupError } from '../errors.js';
import type { CtEvent } from '../events.js';
import type { Rule } from '../findings/types.js';
import { validateQuery, type LookupPlan } from '../query.js';
import type { LookupQuery } from '../types.js';
import { athenaError, queryFailed } from './errors.js';
import { DEFAULT_LAYOUT, layoutFromMetadata, parsePartitions, wholeTableNotice, type Partitions, type TableLayout } from './layout.js';
import { rowToEvent } from './rows.js';
import { DEFAULT_SCAN_LIMIT, parseScanLimit, scanCapReached } from './scan-limit.js';
import { countsSql, eventSql, FLAG_BITS, lookbackWindows, pageSql, windows, type AthenaSql, type AthenaTable, type Keyset } from './sql.js';
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
  /** Polling delays while a query runs: first, then growing by half up to max (ms). */
  pollMs?: { first?: number; max?: number };
}

/**
 * Where paging is: window `w`; the query `q` being read (`t` its NextToken, `r` the rows read from
 * it); `k` the keyset the next query of the window starts after; `n` a nonce.
 */
interface Cursor { w: number; q?: string; t?: string; r?: number; k?: Keyset; n?: number }

/** Counting asked for one plan within one task, answered by one query. */
interface CountBatch {
  plan: LookupPlan;
  fields: Set<ConditionField>;
  limit: number;
  widthMs?: number;
  /** The loaded rules' findings are counted too. */
  findings?: boolean;
  signal?: AbortSignal;
  done: Promise<Map<string, unknown>>;
}

const MINUTE = 60_000;
/**
 * The bucket width the counting query uses: the largest of 1 minute, 5, 15 minutes, 1 hour, 6 hours
 * and 1 day that divides every width the timeline may draw for the plan's range (it draws at most
 * 96 buckets of a round width: 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, whole days), so
 * its buckets add up to the timeline's whatever the chart's size, in a few hundred rows.
 */
function baseWidth(plan: LookupPlan): number {
  const least = (plan.end.getTime() - plan.start.getTime()) / 96;
  return [1440 * MINUTE, 360 * MINUTE, 60 * MINUTE, 15 * MINUTE, 5 * MINUTE].find((w) => least >= w) ?? MINUTE;
}

/** Buckets of a width that divides `widthMs`, added up into buckets of `widthMs` (both start at multiples of their width). */
function regroup(buckets: readonly BucketCount[], widthMs: number): BucketCount[] {
  const out = new Map<number, BucketCount>();
  for (const b of buckets) {
    const start = Math.floor(b.start / widthMs) * widthMs;
    const sum = out.get(start) ?? { start, count: 0, errors: 0 };
    sum.count += b.count;
    sum.errors += b.errors;
    out.set(start, sum);
  }
  return [...out.values()].sort((a, b) => a.start - b.start);
}

/** A plan's identity for the counts cache: its range and everything it matches. */
const planKey = (plan: LookupPlan): string => JSON.stringify([plan.start.getTime(), plan.end.getTime(), plan.query.conditions ?? [], plan.query.attribute ?? null, plan.query.readOnly]);

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
  #batch: CountBatch | undefined;
  #client: Promise<{ client: Client; sdk: Sdk }> | undefined;
  #disposed = false;
  #nonce = 0;
  /** Aborts the query being waited for (Cancel), without aborting the lookup. */
  #cancel: AbortController | undefined;
  /** Counts per plan, cached: the same facet (or timeline) of the same plan is asked once. */
  readonly #counts = new Map<string, Promise<unknown>>();

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
      let delay = o.pollMs?.first ?? 50;
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
    const counted = this.#count(plan, `f:${field}`, `:${limit}`, signal, (b) => { b.fields.add(field); b.limit = Math.max(b.limit, limit); }, (b) => b.limit >= limit || b.fields.size === 0) as Promise<{ value: string; count: number }[]>;
    return counted.then((values) => values.slice(0, limit));
  }

  /**
   * Events of the plan's whole range per bucket of `widthMs`: from the lookup's one counting query,
   * which counts fine buckets (see {@link baseWidth}) that add up to any width the timeline draws;
   * a width they do not divide gets its own query. Cached per plan and width.
   */
  timeline(plan: LookupPlan, widthMs: number, signal?: AbortSignal): Promise<BucketCount[]> {
    const base = baseWidth(plan);
    if (widthMs % base === 0) {
      const fine = this.#count(plan, `t:${base}`, '', signal, () => {}, (b) => b.widthMs === base) as Promise<BucketCount[]>;
      return fine.then((buckets) => regroup(buckets, widthMs));
    }
    return this.#count(plan, `t:${widthMs}`, '', signal, (b) => { b.widthMs = widthMs; }, (b) => b.widthMs === widthMs && b.fields.size === 0) as Promise<BucketCount[]>;
  }

  /**
   * How many events of the plan's whole range each loaded rule flags: counted per timeline bucket
   * in the lookup's one counting query (each rule compiled to SQL), with the rules that cannot be
   * written in SQL and why. Cached per plan.
   */
  findings(plan: LookupPlan, signal?: AbortSignal): Promise<FindingCounts> {
    return this.#count(plan, 'g', '', signal, (b) => { b.findings = true; }) as Promise<FindingCounts>;
  }

  /**
   * One count, cached by plan and `part`. Counts asked within one task for the same plan join one
   * batch, sent as one query when the task ends: the facets and the timeline ask as they render
   * the lookup's first rows, so a lookup scans its range once for all of them.
   */
  #count(plan: LookupPlan, part: string, tag: string, signal: AbortSignal | undefined, join: (b: CountBatch) => void, fits: (b: CountBatch) => boolean = () => true): Promise<unknown> {
    const key = `${planKey(plan)}|${part}${tag}`;
    const hit = this.#counts.get(key);
    if (hit) return hit;
    let batch = this.#batch;
    if (!batch || batch.plan !== plan || !fits(batch)) {
      const b: CountBatch = { plan, fields: new Set(), limit: 1, widthMs: baseWidth(plan), signal, done: undefined as unknown as Promise<Map<string, unknown>> };
      b.done = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
        if (this.#batch === b) this.#batch = undefined;
        return this.#countNow(b);
      });
      this.#batch = batch = b;
    }
    join(batch);
    const done = batch.done.then((parts) => {
      const value = parts.get(part);
      if (value instanceof Error) throw value;
      return value ?? [];
    });
    done.catch(() => this.#counts.delete(key));
    this.#counts.set(key, done);
    return done;
  }

  /** Runs one batch's counting query and splits its rows per facet field and for the timeline. */
  async #countNow(b: CountBatch): Promise<Map<string, unknown>> {
    const signal = b.signal ?? new AbortController().signal;
    const fields = [...b.fields];
    const target = await this.#layout(signal);
    // The rules load after the first rows, as the counts are asked: the query waits for them.
    let rules: readonly Rule[] | undefined;
    let unruled: Error | undefined;
    if (b.findings) {
      rules = await loadedFindingRules().catch((err: unknown) => { unruled = err as Error; return undefined; });
      if (!rules && !unruled) unruled = new LookupError('The findings rules have not loaded, so Athena cannot count findings.', { code: 'FindingsNotLoaded' });
    }
    const q = countsSql(b.plan, target, { fields, limit: b.limit, widthMs: b.widthMs, ...(rules ? { findings: rules } : {}) });
    const ran = await this.#run(q, signal);
    if (ran.cancelled) throw new LookupError('The counting query was cancelled.', { code: 'AthenaQueryCancelled' });
    const values = fields.map(() => [] as { value: string; count: number }[]);
    const buckets: BucketCount[] = [];
    const flagged = q.compiled.map(() => 0);
    let token: string | undefined;
    do {
      const page = await this.#rows(ran.id, token, 1000, signal);
      for (const r of page.rows) {
        const i = fields.findIndex((_, k) => r[`f${k}`] !== null && r[`f${k}`] !== undefined);
        const g = Array.from({ length: Math.ceil(q.compiled.length / FLAG_BITS) }, (_, j) => r[`g${j}`]).findIndex((v) => v !== null && v !== undefined);
        if (i >= 0) values[i]!.push({ value: r[`f${i}`]!, count: Number(r.n) });
        else if (g >= 0) {
          // A combination of flags and how many events have it: each set bit's rule flags those events.
          const mask = Number(r[`g${g}`]);
          for (let bit = 0; bit < FLAG_BITS; bit++) if (mask & (2 ** bit)) flagged[g * FLAG_BITS + bit]! += Number(r.n);
        } else if (r.bucket !== null && r.bucket !== undefined && b.widthMs) buckets.push({ start: Number(r.bucket) * b.widthMs, count: Number(r.n), errors: Number(r.errors) });
      }
      token = page.next;
    } while (token);
    const out = new Map<string, unknown>();
    fields.forEach((field, i) => {
      out.set(`f:${field}`, values[i]!.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1)));
    });
    if (b.widthMs) out.set(`t:${b.widthMs}`, buckets.sort((x, y) => x.start - y.start));
    if (b.findings) {
      out.set('g', unruled ?? {
        counts: q.compiled.map((rule, k) => ({ id: rule.id, count: flagged[k]! })).filter((c) => c.count > 0),
        refused: q.refused.map((e) => ({ id: e.ruleId, reason: e.message })),
      } satisfies FindingCounts);
    }
    return out;
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
