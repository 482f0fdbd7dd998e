/**
 * Amazon Athena's query API as the emulator speaks it (AWS JSON 1.1, target prefix AmazonAthena):
 * StartQueryExecution, GetQueryExecution, GetQueryResults and StopQueryExecution. A query moves
 * QUEUED -> RUNNING -> SUCCEEDED or FAILED over the instance's clock (how long each state lasts is an
 * option, so tests can hold a query running and move the clock on); results page at most 1,000 rows
 * a call with the column names as the first row of the first page, as Athena returns them.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, badRequest } from '../errors.js';
import { AthenaEngine, CATALOG, DEFAULT_DATABASE, type EngineResult } from './engine.js';

type Rec = Record<string, unknown>;

export interface AthenaWorkgroup {
  /** Where results go unless a query names its own (s3://...). */
  outputLocation?: string;
  /** The workgroup's per-query data usage control: a query reading more bytes fails. */
  bytesScannedCutoffPerQuery?: number;
}

export interface AthenaOptions {
  /** Emulator ms a query stays QUEUED. Default 50. */
  queuedMs?: number;
  /** Emulator ms a query stays RUNNING at least (longer if the engine takes longer). Default 100. */
  runningMs?: number;
  /** Workgroups; `primary` always exists (with an output location in the account's default bucket). */
  workgroups?: Record<string, AthenaWorkgroup>;
  /** Glue databases and their tables, each over every record. Default `{ default: ['cloudtrail_logs'] }`. */
  tables?: Record<string, string[]>;
  /** A permission the caller lacks: Athena's own, Glue's (queries fail) or S3's on the logs (queries fail). */
  deny?: 'athena' | 'glue' | 's3';
  /** The first this-many StartQueryExecution calls are throttled (TooManyRequestsException). */
  throttleStarts?: number;
  /** For scale tests: each record is in the table this many times (see the engine's `copies`). */
  copies?: number;
}

/** Athena's published price: $5 per TB scanned, at least 10 MB per query. */
export const PRICE_PER_TB_USD = 5;

interface Execution {
  id: string;
  query: string;
  parameters: string[];
  database: string;
  workgroup: string;
  outputLocation: string;
  submittedMs: number;
  cancelledMs?: number;
  result?: EngineResult;
  engineMs?: number;
  abort: AbortController;
}

const MAX_EXECUTIONS = 500;
const MAX_RESULTS = 1000;

const invalid = (message: string, code?: string): ApiError => {
  const e = badRequest('InvalidRequestException', message);
  if (code) (e as ApiError & { athenaErrorCode?: string }).athenaErrorCode = code;
  return e;
};

function requireString(body: Rec, key: string, max: number): string {
  const v = body[key];
  if (typeof v !== 'string' || v.length === 0) throw invalid(`1 validation error detected: Value at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`);
  if (v.length > max) throw invalid(`1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  return v;
}

export class AthenaService {
  readonly engine: AthenaEngine;
  readonly #executions = new Map<string, Execution>();
  readonly #workgroups: Record<string, AthenaWorkgroup>;
  #throttleLeft: number;

  constructor(
    private readonly options: AthenaOptions,
    records: () => Rec[],
    private readonly now: () => number,
    private readonly account: { accountId: string; region: string },
  ) {
    this.engine = new AthenaEngine(records, { tables: options.tables, copies: options.copies });
    this.#workgroups = { primary: { outputLocation: `s3://aws-athena-query-results-${account.accountId}-${account.region}/` }, ...options.workgroups };
    this.#throttleLeft = options.throttleStarts ?? 0;
  }

  /** One Athena operation; `caller` is the signing identity's ARN, for AccessDenied messages. */
  async call(operation: string, body: Rec, caller: string): Promise<unknown> {
    switch (operation) {
      case 'StartQueryExecution': return this.#start(body, caller);
      case 'GetQueryExecution': return { QueryExecution: this.#describe(this.#get(body)) };
      case 'GetQueryResults': return this.#results(body);
      case 'StopQueryExecution': return this.#stop(body);
      default:
        throw badRequest('UnknownOperationException', `${operation} is not implemented by the emulator (Athena: StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution)`);
    }
  }

  #start(body: Rec, caller: string): Rec {
    const query = requireString(body, 'QueryString', 262_144);
    const workgroup = body.WorkGroup === undefined ? 'primary' : String(body.WorkGroup);
    const wg = this.#workgroups[workgroup];
    if (this.options.deny === 'athena') {
      throw badRequest('AccessDeniedException', `User: ${caller} is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:${this.account.region}:${this.account.accountId}:workgroup/${workgroup} because no identity-based policy allows the athena:StartQueryExecution action`);
    }
    if (!wg) throw invalid(`WorkGroup ${workgroup} is not found.`);
    if (this.#throttleLeft > 0) {
      this.#throttleLeft--;
      const e = badRequest('TooManyRequestsException', 'Rate exceeded');
      (e as ApiError & { reason?: string }).reason = 'CONCURRENT_QUERY_LIMIT_EXCEEDED';
      throw e;
    }
    const context = (body.QueryExecutionContext ?? {}) as Rec;
    const database = typeof context.Database === 'string' && context.Database ? context.Database.toLowerCase() : DEFAULT_DATABASE;
    const params = body.ExecutionParameters;
    if (params !== undefined && (!Array.isArray(params) || params.some((p) => typeof p !== 'string' || p.length === 0 || p.length > 1024))) {
      throw invalid('ExecutionParameters must be a list of 1 to 1024 character strings');
    }
    const output = ((body.ResultConfiguration ?? {}) as Rec).OutputLocation;
    const location = typeof output === 'string' && output ? output : wg.outputLocation;
    if (!location) throw invalid('No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
    if (!/^s3:\/\/[^/]+/.test(location)) throw invalid(`The output location "${location.slice(0, 200)}" is not an S3 path (s3://bucket/prefix/).`);
    const id = randomUUID();
    const exec: Execution = {
      id, query, parameters: (params as string[] | undefined) ?? [], database, workgroup,
      outputLocation: `${location.replace(/\/?$/, '/')}${id}.csv`, submittedMs: this.now(), abort: new AbortController(),
    };
    this.#executions.set(id, exec);
    for (const old of this.#executions.keys()) {
      if (this.#executions.size <= MAX_EXECUTIONS) break;
      this.#executions.delete(old);
    }
    void this.#execute(exec, caller);
    return { QueryExecutionId: id };
  }

  async #execute(exec: Execution, caller: string): Promise<void> {
    const started = performance.now();
    const deny = this.options.deny;
    const { accountId, region } = this.account;
    if (deny === 'glue') {
      exec.result = { ok: false, errorType: 1000, reason: `Insufficient permissions to execute the query. User: ${caller} is not authorized to perform: glue:GetTable on resource: arn:aws:glue:${region}:${accountId}:table/${exec.database}/* because no identity-based policy allows the glue:GetTable action` };
    } else if (deny === 's3') {
      exec.result = { ok: false, errorType: 1000, reason: `Permission denied on S3 path: s3://aws-cloudtrail-logs-${accountId}/AWSLogs/${accountId}/CloudTrail/${region}/. This query ran against the "${exec.database}" database, unless qualified by the query. Please post the error message on our forum or contact customer support with Query Id: ${exec.id}` };
    } else {
      exec.result = await this.engine.run(exec.query, exec.parameters, exec.database, exec.abort.signal);
      const cap = this.#workgroups[exec.workgroup]?.bytesScannedCutoffPerQuery;
      if (exec.result.ok && cap !== undefined && exec.result.scannedBytes > cap) {
        exec.result = { ok: false, errorType: 1003, reason: `Query cancelled! Bytes scanned limit was exceeded: the workgroup "${exec.workgroup}" allows ${cap} bytes per query` };
      }
    }
    exec.engineMs = Math.round(performance.now() - started);
  }

  #get(body: Rec): Execution {
    const id = requireString(body, 'QueryExecutionId', 128);
    const exec = this.#executions.get(id);
    if (!exec) throw invalid(`QueryExecution ${id} was not found`, 'INVALID_INPUT');
    return exec;
  }

  #state(exec: Execution): 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' {
    if (exec.cancelledMs !== undefined) return 'CANCELLED';
    const age = this.now() - exec.submittedMs;
    const queued = this.options.queuedMs ?? 50;
    if (age < queued) return 'QUEUED';
    if (!exec.result || age < queued + (this.options.runningMs ?? 100)) return 'RUNNING';
    return exec.result.ok ? 'SUCCEEDED' : 'FAILED';
  }

  #describe(exec: Execution): Rec {
    const state = this.#state(exec);
    const done = state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED';
    const result = exec.result;
    // A running query reports what it has read so far, as Athena does: here in step with its running time.
    const running = this.options.runningMs ?? 100;
    const ranMs = (exec.cancelledMs ?? this.now()) - exec.submittedMs - (this.options.queuedMs ?? 50);
    const progress = state === 'RUNNING' || state === 'CANCELLED' ? Math.min(1, Math.max(0, ranMs) / Math.max(1, running)) : 0;
    const scanned = result?.ok ? (state === 'SUCCEEDED' ? result.scannedBytes : Math.floor(result.scannedBytes * progress)) : 0;
    const totalMs = (done ? (exec.cancelledMs ?? this.now()) : this.now()) - exec.submittedMs;
    const queuedMs = Math.min(totalMs, this.options.queuedMs ?? 50);
    return {
      QueryExecutionId: exec.id,
      Query: exec.query,
      StatementType: 'DML',
      ResultConfiguration: { OutputLocation: exec.outputLocation },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
      QueryExecutionContext: { Database: exec.database, Catalog: CATALOG },
      Status: {
        State: state,
        SubmissionDateTime: exec.submittedMs / 1000,
        ...(done ? { CompletionDateTime: (exec.cancelledMs ?? this.now()) / 1000 } : {}),
        ...(state === 'FAILED' && result && !result.ok
          ? { StateChangeReason: result.reason, AthenaError: { ErrorCategory: 2, ErrorType: result.errorType ?? 1006, Retryable: false, ErrorMessage: result.reason } }
          : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: Math.max(0, totalMs - queuedMs),
        DataScannedInBytes: scanned,
        TotalExecutionTimeInMillis: totalMs,
        QueryQueueTimeInMillis: queuedMs,
        ServicePreProcessingTimeInMillis: 0,
        QueryPlanningTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      WorkGroup: exec.workgroup,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      ...(exec.parameters.length ? { ExecutionParameters: exec.parameters } : {}),
      SubstatementType: 'SELECT',
    };
  }

  #results(body: Rec): Rec {
    const exec = this.#get(body);
    const state = this.#state(exec);
    if (state !== 'SUCCEEDED' || !exec.result?.ok) {
      if (state === 'FAILED' && exec.result && !exec.result.ok) throw invalid(exec.result.reason);
      throw invalid(`Query has not yet finished. Current state: ${state}`);
    }
    const max = body.MaxResults === undefined ? MAX_RESULTS : body.MaxResults;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
      throw invalid(`1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}`);
    }
    const { columns, rows } = exec.result;
    // Row index into header + data: the header is row 0.
    let offset = 0;
    if (body.NextToken !== undefined) {
      const token = typeof body.NextToken === 'string' ? Buffer.from(body.NextToken, 'base64url').toString('utf8') : '';
      const m = /^(\d+):(.+)$/.exec(token);
      if (!m || m[2] !== exec.id || Number(m[1]) < 1 || Number(m[1]) > rows.length) throw invalid('The NextToken is not valid for this query execution.');
      offset = Number(m[1]);
    }
    const all = rows.length + 1;
    const end = Math.min(all, offset + max);
    const out: Rec[] = [];
    for (let i = offset; i < end; i++) {
      const values = i === 0 ? columns.map((c) => c.name) : rows[i - 1]!;
      out.push({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
    }
    return {
      UpdateCount: 0,
      ResultSet: {
        Rows: out,
        ResultSetMetadata: {
          ColumnInfo: columns.map((c) => ({
            CatalogName: 'hive', SchemaName: '', TableName: '', Name: c.name, Label: c.name, Type: c.type,
            Precision: c.type === 'varchar' ? 2147483647 : c.type === 'bigint' ? 19 : 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: c.type === 'varchar',
          })),
        },
      },
      ...(end < all ? { NextToken: Buffer.from(`${end}:${exec.id}`).toString('base64url') } : {}),
    };
  }

  #stop(body: Rec): Rec {
    const exec = this.#get(body);
    const state = this.#state(exec);
    if (state === 'QUEUED' || state === 'RUNNING') {
      exec.cancelledMs = this.now();
      exec.abort.abort();
    }
    return {};
  }

  /** The state of every query (newest last), for tests: whether a cancel reached the service. */
  states(): { id: string; state: string; query: string; parameters: string[] }[] {
    return [...this.#executions.values()].map((e) => ({ id: e.id, state: this.#state(e), query: e.query, parameters: e.parameters }));
  }
}
