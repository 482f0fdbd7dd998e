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
import { FILED, LAYOUTS, LAYOUT_TABLES, STORED_COLUMNS, createStoreSql, createViewSql, rowOf, type TableLayout } from './table.js';
import { partitionBytesSql } from './pruning.js';
import { typeErrors, type Node as TypeNode } from './types.js';

type Rec = Record<string, unknown>;

/** The catalog Athena's Glue tables live in, and the emulator's defaults. */
export const CATALOG = 'awsdatacatalog';
export const DEFAULT_DATABASE = 'default';
const DEFAULT_TABLE = 'cloudtrail_logs';

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
  // Functions analysts use on CloudTrail tables (https://trino.io/docs/current/functions.html), with
  // Trino's meaning. regexp_like: the pattern found anywhere in the string.
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  // json_extract_scalar: a scalar's text; NULL for an object or an array (DuckDB would give its JSON).
  "CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
  // date_format and date_parse take MySQL's specifiers (%i minutes, %s seconds, %M the month's name, %T
  // the time, %h 12-hour): rewritten to strftime's before formatting.
  "CREATE MACRO trino_datetime_format(f) AS replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(f, '%M', '%B'), '%i', '%M'), '%s', '%S'), '%T', '%H:%M:%S'), '%h', '%I'), '%W', '%A'), '%e', '%-d'), '%c', '%-m'), '%k', '%-H'), '%r', '%I:%M:%S %p')",
  'CREATE MACRO date_format(t, f) AS strftime(t, trino_datetime_format(f))',
];

type TrinoParser = { validate(sql: string): { startLine: number; startColumn: number; endColumn: number; message: string }[]; _parseTree?: TypeNode };
let trinoParser: Promise<TrinoParser | undefined> | undefined;
const grammar = () => (trinoParser ??= import('./trino-grammar.js').then((m) => new m.TrinoSQL() as unknown as TrinoParser, () => undefined));
type Parsed = { syntax?: string; tree?: TypeNode };

/**
 * Statements parsed lately, by their text: a client sends the same text again and again with other
 * ExecutionParameters (each lookup's page and counting queries, a link's lookups), and a parse of
 * the same text gives the same tree.
 */
const parsed = new Map<string, Parsed>();
const PARSED_KEPT = 32;

/**
 * Statements of the shapes CloudTrail analyses send (a page of events, counts by GROUPING SETS with
 * CASE flags, the functions analysts use), parsed when the emulator starts. The grammar (ANTLR)
 * builds its prediction tables on the first statements of each shape, which takes 0.5 to 3 s for a
 * lookup's counting query; Trino's coordinator, long running, parses with warm tables, so the
 * emulator warms its own before the first query rather than make it pay what Athena does not.
 */
const WARM_UP = [
  "SELECT eventid, eventtime, CASE useridentity.type WHEN 'Root' THEN 'root' WHEN 'IAMUser' THEN coalesce(useridentity.username, regexp_extract(useridentity.arn, '[^/]+$')) ELSE coalesce(useridentity.username, useridentity.invokedby) END AS derived, json_format(CAST(useridentity AS JSON)) AS useridentity_json, CAST(NULL AS VARCHAR) AS addendum_json FROM \"default\".\"cloudtrail_logs\" WHERE \"timestamp\" BETWEEN ? AND ? AND concat(year, '/', month, '/', day) BETWEEN ? AND ? AND region = ? AND eventtime >= ? AND eventtime <= ? AND eventname = ? AND (errorcode IS NULL OR errorcode <> ?) AND errorcode IS NOT NULL AND (eventtime < ? OR (eventtime = ? AND eventid < ?)) ORDER BY eventtime DESC, eventid DESC LIMIT 1000",
  "WITH e AS (SELECT eventname AS f0, CASE WHEN errorcode IS NULL THEN 'false' ELSE 'true' END AS f1, CAST(floor(to_unixtime(from_iso8601_timestamp(eventtime)) / 60) AS BIGINT) AS bucket, errorcode, "
    + "CASE WHEN eventname IN (?, ?, ?) THEN CASE WHEN eventname = ? AND errorcode IS NULL THEN 1 ELSE 0 END + CASE WHEN eventname IN (?, ?) AND eventsource = ? OR eventname = ? AND json_extract_scalar(requestparameters, ?) = ? THEN 2 ELSE 0 END "
    + "+ CASE WHEN eventname = ? AND json_format(json_extract(requestparameters, ?)) NOT IN ('[]', 'null') AND errorcode IS NULL AND NOT coalesce(useridentity.type = ?, false) THEN 4 ELSE 0 END "
    + "+ CASE WHEN strpos(lower(useragent), ?) > 0 OR starts_with(sourceipaddress, ?) OR regexp_like(useragent, ?) THEN 8 ELSE 0 END ELSE 0 END "
    + "+ CASE WHEN coalesce(contains(CASE eventsource WHEN 's3.amazonaws.com' THEN ARRAY[json_extract_scalar(requestparameters, '$.bucketName')] END, ?), false) OR coalesce(cardinality(filter(resources, r -> r.arn = ?)) > 0, false) "
    + "OR cardinality(transform(try_cast(json_extract(requestparameters, ?) AS ARRAY(JSON)), x -> json_extract_scalar(x, ?))) > 0 THEN 16 ELSE 0 END AS g0 "
    + "FROM \"default\".\"cloudtrail_logs\" WHERE \"timestamp\" BETWEEN ? AND ? AND eventtime >= ? AND eventtime <= ?), "
    + "c AS (SELECT f0, f1, bucket, g0, count(*) AS n, count(errorcode) AS errors FROM e GROUP BY GROUPING SETS ((f0), (f1), (bucket), (g0))) "
    + "SELECT f0, f1, bucket, n, errors, g0 FROM (SELECT f0, f1, bucket, n, errors, g0, row_number() OVER (PARTITION BY CASE WHEN f0 IS NOT NULL THEN 0 WHEN f1 IS NOT NULL THEN 1 ELSE 2 END ORDER BY n DESC, coalesce(f0, f1)) AS rk "
    + "FROM c WHERE f0 IS NOT NULL OR f1 IS NOT NULL OR bucket IS NOT NULL OR g0 IS NOT NULL) AS r WHERE bucket IS NOT NULL OR g0 IS NOT NULL OR rk <= 10",
  "SELECT date_format(date_parse(substr(eventtime, 1, 10), '%Y-%m-%d'), '%Y-%m') AS month, eventsource, count(*) AS n FROM cloudtrail_logs WHERE regexp_like(eventname, '^(Delete|Put)') AND json_extract_scalar(requestparameters, '$.bucketName') LIKE 'prod-%' AND strpos(useragent, 'aws-cli') > 0 GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY n DESC LIMIT 50",
];

/**
 * The statement's Trino parse tree (for the type rules, types.ts), or the syntax error Trino's
 * grammar finds, as Athena words it (`SYNTAX_ERROR: line 1:23: mismatched input 'x'. Expecting: ...`).
 * The grammar is dt-sql-parser's Trino parser (trino-grammar.ts, bundled into the package's dist):
 * where it cannot load, statements go to DuckDB's parser alone.
 */
async function trinoParse(sql: string): Promise<Parsed> {
  const parser = await grammar();
  const seen = parsed.get(sql);
  if (seen) {
    // Most recently used last: the oldest goes first.
    parsed.delete(sql);
    parsed.set(sql, seen);
    return seen;
  }
  const out = parseNow(parser, sql);
  if (parser) {
    parsed.set(sql, out);
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  }
  return out;
}

function parseNow(parser: TrinoParser | undefined, sql: string): Parsed {
  const error = parser?.validate(sql)[0];
  // validate() keeps the tree it parsed: no second parse.
  if (!error) return { tree: parser?._parseTree };
  const line = sql.split('\n')[error.startLine - 1] ?? '';
  const token = /incomplete/i.test(error.message) ? '<EOF>' : line.slice(error.startColumn - 1, error.endColumn) || '<EOF>';
  const expecting = /expecting (.+)$/i.exec(error.message)?.[1];
  return { syntax: `SYNTAX_ERROR: line ${error.startLine}:${error.startColumn}: mismatched input '${token}'${expecting ? `. Expecting: ${expecting}` : ''}` };
}

let warming: Promise<void> | undefined;

/**
 * Parses the warm-up statements once a process (the grammar's tables are shared by every instance),
 * one a task, so requests arriving meanwhile are answered between them.
 */
function warmGrammar(): Promise<void> {
  warming ??= (async () => {
    for (const sql of ['SELECT 1', ...WARM_UP]) {
      await new Promise((resolve) => setImmediate(resolve));
      (await grammar())?.validate(sql);
    }
  })();
  return warming;
}

/** MySQL's date specifiers (Trino's date_format and date_parse) as strftime's. */
const MYSQL_TO_STRFTIME: [string, string][] = [['%M', '%B'], ['%i', '%M'], ['%s', '%S'], ['%T', '%H:%M:%S'], ['%h', '%I'], ['%W', '%A'], ['%e', '%-d'], ['%c', '%-m'], ['%k', '%-H'], ['%r', '%I:%M:%S %p']];

/**
 * Trino's date_parse(text, 'format') as DuckDB's strptime, whose format must be a constant: the
 * literal format is rewritten in the statement's text before it runs.
 */
function rewriteDateParse(sql: string): string {
  return sql.replace(/\bdate_parse(\s*\(\s*(?:'(?:[^']|'')*'|[^,()']|\([^()]*\))+,\s*)'((?:[^']|'')*)'(\s*\))/gi, (_, head: string, format: string, tail: string) =>
    `strptime${head}'${MYSQL_TO_STRFTIME.reduce((f, [from, to]) => f.split(from).join(to), format)}'${tail}`);
}

/**
 * Trino's array types (`CAST(x AS ARRAY(JSON))`) in DuckDB's spelling (`JSON[]`), and Trino's `transform`, in the
 * statement's text before it runs; Trino's grammar has already accepted the statement.
 */
function rewriteArrayTypes(sql: string): string {
  return sql.replace(/\bARRAY\s*\(\s*(JSON|VARCHAR|BIGINT|INTEGER|DOUBLE|BOOLEAN)\s*\)/gi, (_, type: string) => `${type}[]`)
    // Trino's transform(array, lambda) is DuckDB's list_transform (a DuckDB macro cannot take a lambda).
    .replace(/(?<![\w."])transform\s*\(/gi, 'list_transform(');
}

/** A query's outcome: a result set, or Athena's failure text (StateChangeReason). */
export type EngineResult =
  | { ok: true; columns: { name: string; type: string }[]; rows: (string | null)[][]; scannedBytes: number; parseMs?: number }
  | { ok: false; reason: string; errorType?: number };

/** A table error: Athena's wording for a query on a table that does not exist. */
class QueryFailure extends Error {}

/** Parses one ExecutionParameters entry: a SQL literal, as Athena reads it. */
function parseParameter(p: string): string | number | boolean | null {
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
function placeholders(sql: string): number[] {
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
  /**
   * Glue databases and their tables; each table holds every record, partitioned by `timestamp` (AWS's
   * partition projection DDL). Default `{ default: ['cloudtrail_logs'] }`. The `default` database also
   * holds one table per layout AWS documents (see LAYOUT_TABLES).
   */
  tables?: Record<string, string[]>;
  /** Seed of each record's delivery delay (the day prefix it is filed under). Default 1. */
  deliverySeed?: number;
  /**
   * The account whose own trail the tables without an account partition read (their LOCATION is
   * `AWSLogs/<account>/CloudTrail/`); an organization trail's table (`AWSLogs/o-…/`) reads every
   * account's. Unset: every table reads every record.
   */
  homeAccount?: string;
}

/** Where the stored rows and their files' sizes live: a schema no Glue database name can reach. */
const STORE = `${CATALOG}."_store"`;

/** One DuckDB database for one emulator instance, loaded with its records on first use. */
export class AthenaEngine {
  #ready: Promise<DuckDBInstance> | undefined;
  #totalBytes = 0;
  readonly #tables: Record<string, Record<string, TableLayout>>;
  readonly #seed: number;
  readonly #home: string | undefined;

  /** `records` may be a generator: the rows stream to the load file, so a million never sit in memory at once. */
  constructor(private readonly records: () => Iterable<Rec>, options: EngineOptions = {}) {
    const configured = options.tables ?? { [DEFAULT_DATABASE]: [DEFAULT_TABLE] };
    this.#tables = {};
    for (const [database, tables] of Object.entries(configured)) this.#tables[database] = Object.fromEntries(tables.map((t) => [t, LAYOUTS.projection]));
    this.#tables[DEFAULT_DATABASE] = { ...LAYOUT_TABLES, ...this.#tables[DEFAULT_DATABASE] };
    this.#seed = options.deliverySeed ?? 1;
    this.#home = options.homeAccount;
  }

  /** The rows (or files) `layout` reads from `store`: the home account's alone unless it is an organization trail's table. */
  #readBy(layout: TableLayout, store: string): string {
    if (!this.#home || layout.partitions.some((p) => p.name === 'account')) return store;
    return `(SELECT * FROM ${store} WHERE ${FILED.account} = '${this.#home.replace(/'/g, "''")}')`;
  }

  /** Bytes every table holds (the size of the records' JSON, as S3 would store them). */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Bytes of the log files delivered on the days from `fromDay` to `toDay` ('yyyy/MM/dd', inclusive), every account and Region. */
  async bytesOfDays(fromDay: string, toDay: string): Promise<number> {
    const db = await this.#open();
    const con = await db.connect();
    try {
      const statement = await con.prepare(`SELECT coalesce(sum(bytes), 0)::BIGINT FROM ${STORE}.files WHERE ${FILED.day} BETWEEN ? AND ?`);
      statement.bindVarchar(1, fromDay);
      statement.bindVarchar(2, toDay);
      return Number((await statement.runAndReadAll()).getRows()[0]![0]);
    } finally {
      con.closeSync();
    }
  }

  /** The layout of a table, or undefined when the database has no such table. */
  layoutOf(database: string, table: string): TableLayout | undefined {
    return Object.hasOwn(this.#tables, database) && Object.hasOwn(this.#tables[database]!, table) ? this.#tables[database]![table] : undefined;
  }

  /** The tables of a database with their layouts (empty for an unknown database). */
  tablesOf(database: string): [string, TableLayout][] {
    return Object.hasOwn(this.#tables, database) ? Object.entries(this.#tables[database]!) : [];
  }

  /** Whether the catalog has the database. */
  hasDatabase(database: string): boolean {
    return Object.hasOwn(this.#tables, database);
  }

  /** Starts loading the engine, the table and the Trino grammar in the background (errors surface on the first query). */
  warm(): void {
    this.#open().catch(() => {});
    void warmGrammar();
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
      // The records are stored once, with where each was filed; every table is a view of them in its layout.
      await con.run(`CREATE SCHEMA ${STORE}`);
      await con.run(createStoreSql(`${STORE}.records`));
      await this.#fill(con, `${STORE}.records`);
      // The log files: bytes per delivery day, account and Region (the S3 prefixes a query may read).
      await con.run(`CREATE TABLE ${STORE}.files AS SELECT ${FILED.day}, ${FILED.account}, ${FILED.region}, sum(${FILED.bytes}) AS bytes FROM ${STORE}.records GROUP BY ALL`);
      const total = await con.runAndReadAll(`SELECT coalesce(sum(bytes), 0)::BIGINT FROM ${STORE}.files`);
      this.#totalBytes = Number(total.getRows()[0]![0]);
      for (const [database, tables] of Object.entries(this.#tables)) {
        await con.run(`CREATE SCHEMA IF NOT EXISTS "${database}"`);
        for (const [table, layout] of Object.entries(tables)) await con.run(createViewSql(database, table, layout, this.#readBy(layout, `${STORE}.records`)));
      }
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
    const columns = `{${STORED_COLUMNS.map(([name, type]) => `'${name}': '${type.replace(/'/g, "''")}'`).join(', ')}}`;
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
        const row = rowOf(record, this.#seed);
        // A record's bytes: its row's JSON, close to the record's size in S3.
        row[FILED.bytes] = JSON.stringify(row).length;
        const line = JSON.stringify(row);
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
    return this.layoutOf(database, table) !== undefined;
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
      return { ok: false, reason: this.#reason((e as Error).message ?? String(e), database, sql) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      con.closeSync();
    }
  }

  async #run(con: DuckDBConnection, sql: string, parameters: string[], database: string): Promise<EngineResult> {
    if (!this.hasDatabase(database)) throw new QueryFailure(`SCHEMA_NOT_FOUND: line 1:1: Schema '${database}' does not exist`);
    // The stored rows behind the tables are the emulator's own, not a Glue database.
    if (/"?_store"?\s*\./i.test(sql)) throw new QueryFailure("SCHEMA_NOT_FOUND: line 1:1: Schema '_store' does not exist");
    await con.run(`SET search_path = '${CATALOG}."${database.replace(/'/g, "''")}",${CATALOG}.main'`);
    // Trino's grammar first: what Athena refuses to parse fails here too, in its words.
    const parsing = performance.now();
    const { syntax, tree } = await trinoParse(sql);
    const parseMs = Math.round(performance.now() - parsing);
    if (syntax) throw new QueryFailure(syntax);
    // Trino's type rules next, stricter than DuckDB's implicit casts (parameters typed as their literals).
    const typed = placeholders(sql).length === parameters.length ? parameters.map(parseParameter) : [];
    const mismatch = tree && typeErrors(tree, sql, typed);
    if (mismatch) throw new QueryFailure(mismatch);
    const extracted = await con.extractStatements(rewriteArrayTypes(rewriteDateParse(sql)));
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
    return { ok: true, columns: names.map((name, i) => ({ name, type: types[i]! })), rows, scannedBytes: await this.#scanned(con, sql, values, database), parseMs };
  }

  /**
   * Bytes a query reads: the files of the partitions its predicates on partition keys admit, as
   * Athena prunes them (https://docs.aws.amazon.com/athena/latest/ug/partitions.html); every file
   * of a table without partitions, or when the query cannot be read for pruning.
   */
  async #scanned(con: DuckDBConnection, sql: string, values: (string | number | boolean | null)[], database: string): Promise<number> {
    const plan = partitionBytesSql(sql, (db, table) => this.layoutOf(db ?? database, table), (layout) => this.#readBy(layout, `${STORE}.files`));
    if (!plan) return this.totalBytes;
    const statement = await con.prepare(plan.sql);
    plan.parameters.forEach((i, at) => {
      const v = values[i];
      if (v === null || v === undefined) statement.bindNull(at + 1);
      else if (typeof v === 'string') statement.bindVarchar(at + 1, v);
      else if (typeof v === 'boolean') statement.bindBoolean(at + 1, v);
      else statement.bindDouble(at + 1, v);
    });
    const out = await statement.runAndReadAll();
    return Number(out.getRows()[0]?.[0] ?? 0);
  }

  /**
   * DuckDB's error text in Athena's (Trino's) words: the error name, then `line L:C:` where the
   * offending word stands in the statement, as Athena writes a query's StateChangeReason.
   */
  #reason(message: string, database: string, sql = ''): string {
    const at = (word: string | undefined) => {
      const i = word ? sql.search(new RegExp(`(?<![A-Za-z0-9_])"?${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(?![A-Za-z0-9_])`, 'i')) : -1;
      if (i < 0) return 'line 1:1';
      const before = sql.slice(0, i).split('\n');
      return `line ${before.length}:${before.at(-1)!.length + 1}`;
    };
    const table = /Table with name "?([^"\s!]+)"? does not exist/i.exec(message);
    if (table) return `TABLE_NOT_FOUND: ${at(table[1])}: Table '${CATALOG}.${database}.${table[1]}' does not exist`;
    const column = /Referenced column "?([^"\s]+)"? not found/i.exec(message);
    if (column) return `COLUMN_NOT_FOUND: ${at(column[1])}: Column '${column[1]}' cannot be resolved or requester is not authorized to access requested resources`;
    const fn = /(?:Scalar|Aggregate|Table)? ?Function with name "?([^"\s!]+)"? does not exist/i.exec(message);
    if (fn) return `FUNCTION_NOT_FOUND: ${at(fn[1])}: Function '${fn[1]}' not registered`;
    const near = /syntax error at or near "([^"]*)"/i.exec(message);
    if (near) return `SYNTAX_ERROR: ${at(near[1])}: mismatched input '${near[1]}'`;
    if (/syntax error at end of input/i.test(message)) {
      const lines = sql.trimEnd().split('\n');
      return `SYNTAX_ERROR: line ${lines.length}:${lines.at(-1)!.length + 1}: mismatched input '<EOF>'`;
    }
    if (/Cannot compare|Cannot mix|No function matches|Could not convert/i.test(message)) return `TYPE_MISMATCH: line 1:1: ${message.split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '')}`;
    if (/interrupt/i.test(message)) return 'Query was cancelled';
    return `SYNTAX_ERROR: line 1:1: ${message.split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '')}`;
  }
}

