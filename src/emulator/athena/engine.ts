/**
 * The SQL engine behind the emulated Athena: DuckDB, embedded, over the instance's records in a table
 * shaped like AWS's CloudTrail table. DuckDB is an optional dependency: it is imported on the first
 * Athena query, and an emulator without it answers Athena calls with an error that says what to
 * install. The Trino functions the library generates that DuckDB lacks (or names differently) are
 * created as macros, so the same SQL text runs on both engines with the same meaning.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { COLUMNS, createTableSql, duckType, partitionOf, rowOf } from './table.js';

type Rec = Record<string, unknown>;

/** The catalog Athena's Glue tables live in, and the emulator's defaults. */
export const CATALOG = 'awsdatacatalog';
export const DEFAULT_DATABASE = 'default';
export const DEFAULT_TABLE = 'cloudtrail_logs';

/** Trino functions the generated SQL uses, as DuckDB macros with Trino's meaning. */
const TRINO_MACROS = [
  // Trino's json_format(json) is the JSON text; DuckDB's JSON type already is text.
  'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
  // Trino's cardinality(array); DuckDB's applies to maps only.
  'CREATE MACRO cardinality(l) AS len(l)',
  // Trino's from_iso8601_timestamp and to_unixtime (seconds since the epoch, as a double); CloudTrail's
  // times end in Z, which DuckDB's cast reads as UTC whatever the session's time zone.
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMP)',
  'CREATE MACRO to_unixtime(t) AS epoch(t)',
  // Findings compiled to SQL (src/lookup/findings/sql.ts): Trino's json_extract_scalar is NULL for an
  // object or array, and regexp_like finds the pattern anywhere in the text.
  "CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
];

/** A query's outcome: a result set, or Athena's failure text (StateChangeReason). */
export type EngineResult =
  | { ok: true; columns: { name: string; type: string }[]; rows: (string | null)[][]; scannedBytes: number }
  | { ok: false; reason: string; errorType?: number };

/** A table error: Athena's wording for a query on a table that does not exist. */
export class QueryFailure extends Error {}

/** Parses one ExecutionParameters entry: a SQL literal, as Athena reads it. */
export function parseParameter(p: string): string | number | boolean | null {
  const t = p.trim();
  const str = /^'((?:[^']|'')*)'$/s.exec(t);
  if (str) return str[1]!.replace(/''/g, "'");
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  if (/^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  if (/^null$/i.test(t)) return null;
  throw new QueryFailure(`INVALID_PARAMETER_USAGE: Execution parameter ${JSON.stringify(p.slice(0, 80))} is not a literal: quote strings ('text', with '' for a quote)`);
}

/** Positions of `?` placeholders outside string literals, quoted identifiers and comments. */
export function placeholders(sql: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      i = close < 0 ? sql.length : close;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
    } else if (c === '?') at.push(i);
  }
  return at;
}

/** Trino's text for a value Athena returns as VarCharValue (rows as {k=v}, arrays as [a, b]). */
function render(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return `[${v.map((x) => render(x) ?? 'null').join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Rec).map(([k, x]) => `${k}=${render(x) ?? 'null'}`).join(', ')}}`;
  return String(v);
}

/** Athena's (Trino's) type name for a DuckDB type. */
function athenaType(duck: string): string {
  const t = duck.toLowerCase();
  if (t.startsWith('struct')) return 'row';
  if (t.endsWith('[]')) return 'array';
  const names: Record<string, string> = { varchar: 'varchar', bigint: 'bigint', integer: 'integer', boolean: 'boolean', double: 'double', float: 'real', date: 'date', hugeint: 'decimal', smallint: 'smallint', tinyint: 'tinyint' };
  return names[t] ?? (t.startsWith('timestamp') ? 'timestamp' : t.startsWith('decimal') ? 'decimal' : 'varchar');
}

export interface EngineOptions {
  /** Glue databases and their tables; each table holds every record. Default `{ default: ['cloudtrail_logs'] }`. */
  tables?: Record<string, string[]>;
}

/** One DuckDB database for one emulator instance, loaded with its records on first use. */
export class AthenaEngine {
  #ready: Promise<DuckDBInstance> | undefined;
  readonly #bytesPerDay = new Map<string, number>();
  readonly #tables: Record<string, string[]>;

  /** `records` may be a generator: the rows stream to the load file, so a million never sit in memory at once. */
  constructor(private readonly records: () => Iterable<Rec>, options: EngineOptions = {}) {
    this.#tables = options.tables ?? { [DEFAULT_DATABASE]: [DEFAULT_TABLE] };
  }

  /** Bytes the table holds for every day (the size of the records' JSON, as S3 would store them). */
  get totalBytes(): number {
    let n = 0;
    for (const b of this.#bytesPerDay.values()) n += b;
    return n;
  }

  /** Starts loading the engine and the table in the background (errors surface on the first query). */
  warm(): void {
    this.#open().catch(() => {});
  }

  /** Resolves once the table is loaded (for benches and tools that time queries, not the load). */
  async ready(): Promise<void> {
    await this.#open();
  }

  #open(): Promise<DuckDBInstance> {
    this.#ready ??= this.#load().catch((e: unknown) => {
      this.#ready = undefined;
      throw e;
    });
    return this.#ready;
  }

  async #load(): Promise<DuckDBInstance> {
    let duckdb: typeof import('@duckdb/node-api');
    try {
      duckdb = await import('@duckdb/node-api');
    } catch {
      throw new QueryFailure('The emulator runs Athena queries on DuckDB, which is not installed: npm install @duckdb/node-api (an optional dependency of cloudtrail-elements).');
    }
    const db = await duckdb.DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      await con.run(`ATTACH ':memory:' AS ${CATALOG}`);
      await con.run(`USE ${CATALOG}`);
      for (const m of TRINO_MACROS) await con.run(m.replace('CREATE MACRO ', `CREATE MACRO ${CATALOG}.main.`));
      await con.run(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}.main`);
      // Every database's tables are over the same records: the first is a table, the rest views of it.
      let first: string | undefined;
      const views: string[] = [];
      for (const [database, tables] of Object.entries(this.#tables)) {
        await con.run(`CREATE SCHEMA "${database}"`);
        for (const table of tables) {
          if (first) views.push(`CREATE VIEW "${database}"."${table}" AS SELECT * FROM ${first}`);
          else {
            await con.run(createTableSql(database, table));
            first = `"${database}"."${table}"`;
          }
        }
      }
      if (first) await this.#fill(con, first);
      for (const v of views) await con.run(v);
    } finally {
      con.closeSync();
    }
    return db;
  }

  /**
   * Loads the records into `table` through newline-delimited JSON files of about 64 MB, each bulk-read
   * by DuckDB (row-by-row inserts would take minutes for a million). DuckDB reads one file on its
   * own threads while the next is generated and written, so the two overlap.
   */
  async #fill(con: DuckDBConnection, table: string): Promise<void> {
    const columns = `{${COLUMNS.map(([name, shape]) => `'${name}': '${duckType(shape).replace(/'/g, "''")}'`).join(', ')}}`;
    const dir = mkdtempSync(join(tmpdir(), 'ct-athena-'));
    let inserting: Promise<unknown> = Promise.resolve();
    let part = 0;
    const flush = async (lines: string[]) => {
      const file = join(dir, `rows-${part++}.jsonl`);
      writeFileSync(file, lines.join('\n'));
      await inserting;
      inserting = con.run(`INSERT INTO ${table} SELECT * FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = ${columns})`)
        .then(() => rmSync(file, { force: true }));
    };
    try {
      let lines: string[] = [];
      let size = 0;
      for (const record of this.records()) {
        const row = rowOf(record);
        const line = JSON.stringify(row);
        // A day's bytes: its rows' JSON, close to the records' size in S3.
        if (typeof row.timestamp === 'string') this.#bytesPerDay.set(row.timestamp, (this.#bytesPerDay.get(row.timestamp) ?? 0) + line.length);
        lines.push(line);
        size += line.length;
        if (size > 64_000_000) {
          await flush(lines);
          lines = [];
          size = 0;
        }
      }
      if (lines.length) await flush(lines);
      await inserting;
    } finally {
      await inserting.catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Whether the database holds the table (unqualified names resolve in `database`). */
  hasTable(database: string, table: string): boolean {
    return this.#tables[database]?.includes(table) ?? false;
  }

  /** Runs one SELECT with its parameters; resolves with its rows or with Athena's failure text. */
  async run(sql: string, parameters: string[], database: string, signal: AbortSignal): Promise<EngineResult> {
    let db: DuckDBInstance;
    try {
      db = await this.#open();
    } catch (e) {
      return { ok: false, reason: e instanceof QueryFailure ? e.message : 'The emulator could not start its SQL engine.' };
    }
    const con = await db.connect();
    const onAbort = () => con.interrupt();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.#run(con, sql, parameters, database);
    } catch (e) {
      if (e instanceof QueryFailure) return { ok: false, reason: e.message };
      return { ok: false, reason: this.#reason((e as Error).message ?? String(e), database) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      con.closeSync();
    }
  }

  async #run(con: DuckDBConnection, sql: string, parameters: string[], database: string): Promise<EngineResult> {
    if (!this.#tables[database]) throw new QueryFailure(`SCHEMA_NOT_FOUND: line 1:1: Schema '${database}' does not exist`);
    await con.run(`SET search_path = '${CATALOG}."${database.replace(/'/g, "''")}",${CATALOG}.main'`);
    const extracted = await con.extractStatements(sql);
    if (extracted.count !== 1) throw new QueryFailure(`Only one sql statement is allowed. Got: ${extracted.count}`);
    const statement = await extracted.prepare(0);
    const duckdb = await import('@duckdb/node-api');
    if (statement.statementType !== duckdb.StatementType.SELECT) {
      throw new QueryFailure('NOT_SUPPORTED: the emulator runs SELECT queries only (its table is read-only, as S3 logs are to Athena).');
    }
    const expected = placeholders(sql).length;
    if (expected !== parameters.length) {
      throw new QueryFailure(`INVALID_PARAMETER_USAGE: The query has ${expected} parameter${expected === 1 ? '' : 's'} but ${parameters.length} execution parameter${parameters.length === 1 ? ' was' : 's were'} given`);
    }
    const values = parameters.map(parseParameter);
    values.forEach((v, i) => {
      if (v === null) statement.bindNull(i + 1);
      else if (typeof v === 'string') statement.bindVarchar(i + 1, v);
      else if (typeof v === 'boolean') statement.bindBoolean(i + 1, v);
      else if (Number.isInteger(v)) statement.bindBigInt(i + 1, BigInt(v));
      else statement.bindDouble(i + 1, v);
    });
    const reader = await statement.runAndReadAll();
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => athenaType(t.toString()));
    const rows = reader.getRowsJson().map((row) => row.map(render));
    return { ok: true, columns: names.map((name, i) => ({ name, type: types[i]! })), rows, scannedBytes: this.#scanned(sql, values) };
  }

  /**
   * Bytes a query reads: Athena reads only the projected partitions a query's predicate on
   * `timestamp` admits (the library writes it as `"timestamp" BETWEEN ? AND ?`), every day otherwise.
   */
  #scanned(sql: string, values: unknown[]): number {
    const m = /"timestamp"\s+BETWEEN\s+(\?|'[^']*')\s+AND\s+(\?|'[^']*')/i.exec(sql);
    if (!m) return this.totalBytes;
    const before = placeholders(sql.slice(0, m.index)).length;
    let next = before;
    const value = (token: string) => (token === '?' ? String(values[next++]) : token.slice(1, -1));
    const low = value(m[1]!);
    const high = value(m[2]!);
    let n = 0;
    for (const [day, bytes] of this.#bytesPerDay) if (day >= low && day <= high) n += bytes;
    return n;
  }

  /** DuckDB's error text in Athena's words where the library relies on them. */
  #reason(message: string, database: string): string {
    const table = /Table with name "?([^"\s!]+)"? does not exist/i.exec(message);
    if (table) return `TABLE_NOT_FOUND: line 1:1: Table '${CATALOG}.${database}.${table[1]}' does not exist`;
    const column = /Referenced column "?([^"\s]+)"? not found/i.exec(message);
    if (column) return `COLUMN_NOT_FOUND: line 1:1: Column '${column[1]}' cannot be resolved`;
    if (/interrupt/i.test(message)) return 'Query was cancelled';
    return `SYNTAX_ERROR: ${message.split('\n')[0]}`;
  }
}

export { partitionOf };
