/**
 * "Download all matching": every event of a query written to a sink as it arrives, so memory holds
 * one page, not the result. The rows already held go first, then the rest of the query page by page
 * through the rate limiter. The sink (a file the user picked, chunks of a Blob) is injected: no DOM
 * here. Loaded on demand by LookupController.exportAll.
 */
import type { ControllerInside } from './lookup-session.js';
import { csvField, type ExportColumn } from './export.js';
import type { CtEvent } from './events.js';
import { laneName, onlyStalled, regionLacking, type Page } from './page-source.js';
import type { LookupPlan } from './query.js';
import type { LimiterClock } from './rate-limiter.js';
import type { RegionStatus } from './region-merge.js';

/**
 * Pages in a row that bring nothing while only Regions set aside (failing again and again) are left:
 * after these the export ends and says what it could not read, instead of waiting forever.
 */
const STUCK_PAGES = 3;

/** What a lookup could not read, in words, from how its Regions stand; undefined when nothing is missing. */
function missingText(regions: readonly RegionStatus[] | undefined): string | undefined {
  const missing = (regions ?? []).filter(regionLacking);
  if (!missing.length) return undefined;
  return missing.map((r) => {
    const before = r.reached !== null ? `events before ${new Date(r.reached).toISOString()}` : 'all its events';
    return r.error ? `${laneName(r)}: not searched (${r.error.message})` : `${laneName(r)}: ${before} not read (${r.trouble?.message ?? 'it kept failing'})`;
  }).join('; ');
}

/** Where the file goes, chunk by chunk. */
export interface ExportSink {
  write(chunk: string): Promise<void>;
  /** The file is complete. */
  close(): Promise<void>;
  /** The export ended early (cancelled or failed): drop what was written. */
  abort(reason?: unknown): Promise<void>;
}

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  sink: ExportSink;
  format: ExportFormat;
  /** CSV columns, in order (ignored for JSON). */
  columns?: readonly ExportColumn<CtEvent>[];
  /** Aborting stops requests at once and aborts the sink. */
  signal?: AbortSignal;
  /** Called after every chunk written. */
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportProgress {
  /**
   * `incomplete`: the file was saved, but the lookup could not be read to its end (a Region refused,
   * or kept failing); the file's last line (CSV) or its `Incomplete` member (JSON) says what is missing.
   */
  status: 'running' | 'done' | 'incomplete' | 'cancelled' | 'error';
  /** Events written. */
  events: number;
  /** Pages received by this export (the rows held before it count as none). */
  pages: number;
  /** Events written per second since the export started (0 at first). */
  eventsPerSecond: number;
  /** Seconds left, estimated from how much of the time range is written; null while unknown. */
  secondsLeft: number | null;
  /** Why the export stopped, for `error`; what the file lacks, for `incomplete`. */
  message?: string;
}

export interface ExportRun extends ExportOptions {
  /** The query's plan; undefined when no lookup ran (the export fails with a message). */
  plan: LookupPlan | undefined;
  /** The events already held, newest first. */
  held: readonly CtEvent[];
  /** Whether the query has pages after `held`. */
  more: boolean;
  /** How the lookup's Regions stood when the held rows were loaded (several Regions). */
  regions?: readonly RegionStatus[];
  /** The next page of the query (the caller keeps the NextToken). */
  fetch: () => Promise<Page>;
  clock: LimiterClock;
}

/** One record of the S3 log-file shape: the raw CloudTrailEvent text as received, never re-serialized. */
export function recordJson(raw: string | undefined): string {
  if (raw === undefined) return 'null';
  try {
    JSON.parse(raw);
    return raw;
  } catch {
    return JSON.stringify(raw);
  }
}

/** Ids of the last pages written: enough to drop the repeats CloudTrail sends across a page boundary. */
class RecentIds {
  #pages: Set<string>[] = [];
  constructor(readonly keep: number) {}
  has(id: string): boolean {
    return this.#pages.some((p) => p.has(id));
  }
  push(ids: Set<string>): void {
    this.#pages.push(ids);
    if (this.#pages.length > this.keep) this.#pages.shift();
  }
}

export async function runExport(run: ExportRun): Promise<ExportProgress> {
  const { sink, format, clock } = run;
  const progress: ExportProgress = { status: 'running', events: 0, pages: 0, eventsPerSecond: 0, secondsLeft: null };
  const plan = run.plan;
  if (!plan) {
    await sink.abort().catch(() => {});
    return { ...progress, status: 'error', secondsLeft: 0, message: 'Run a lookup first: there is nothing to download' };
  }
  const columns = run.columns ?? [];
  const filters = plan.filters;
  const started = clock.now();
  const span = Math.max(1, plan.end.getTime() - plan.start.getTime());
  let oldest = plan.end.getTime();
  let first = true;

  const report = () => {
    const seconds = (clock.now() - started) / 1000;
    progress.eventsPerSecond = seconds > 0 ? progress.events / seconds : 0;
    const done = Math.min(1, Math.max(0, (plan.end.getTime() - oldest) / span));
    progress.secondsLeft = progress.status !== 'running' ? 0 : done > 0 && seconds > 0 ? Math.max(0, (seconds * (1 - done)) / done) : null;
    run.onProgress?.({ ...progress });
  };

  const write = async (events: readonly CtEvent[]) => {
    let text = '';
    for (const e of events) {
      if (format === 'json') text += `${first ? '' : ',\n'}${recordJson(e.CloudTrailEvent)}`;
      else text += `${columns.map((c) => csvField(c.value(e))).join(',')}\r\n`;
      first = false;
      const t = e.EventTime?.getTime();
      if (t !== undefined && t < oldest) oldest = t;
    }
    if (text) await sink.write(text);
    progress.events += events.length;
  };

  try {
    await sink.write(format === 'json' ? '{"Records":[\n' : `${columns.map((c) => csvField(c.label)).join(',')}\r\n`);
    const heldIds = new Set<string>();
    // The held rows, a page's worth at a time, so the sink sees steady chunks.
    for (let i = 0; i < run.held.length; i += 50) {
      const chunk = run.held.slice(i, i + 50);
      for (const e of chunk) if (e.EventId) heldIds.add(e.EventId);
      await write(chunk);
      report();
    }
    const recent = new RecentIds(2);
    let regions = run.regions;
    let stuck = 0;
    let missing: string | undefined;
    for (let more = run.more; more;) {
      if (run.signal?.aborted) throw run.signal.reason;
      let page: Page;
      try {
        page = await run.fetch();
      } catch (err) {
        if (run.signal?.aborted) throw err;
        // Retries are spent: keep what was written and say, in the file, where it stops.
        missing = `events older than ${new Date(oldest).toISOString()} not read (${err instanceof Error ? err.message : String(err)})`;
        break;
      }
      if (run.signal?.aborted) throw run.signal.reason;
      progress.pages++;
      regions = page.regions ?? regions;
      const ids = new Set<string>();
      const keep = [...page.events, ...(page.late ?? [])].filter((e) => {
        const id = e.EventId;
        if (id !== undefined) {
          if (heldIds.has(id) || recent.has(id) || ids.has(id)) return false;
          ids.add(id);
        }
        return filters.every((f) => f.test(e));
      });
      recent.push(ids);
      await write(keep);
      more = page.nextToken !== undefined;
      stuck = more && onlyStalled(page.regions) && !page.events.length && !page.late?.length ? stuck + 1 : 0;
      if (stuck >= STUCK_PAGES) break;
      report();
    }
    missing ??= missingText(regions);
    const marker = missing && `Incomplete: this file lacks what the lookup could not read. ${missing}`;
    if (format === 'json') {
      await sink.write(`${first ? '' : '\n'}]${marker ? `,\n"Incomplete":${JSON.stringify(marker)}` : ''}}\n`);
    } else if (marker) {
      await sink.write(`${csvField(`# ${marker}`)}\r\n`);
    }
    await sink.close();
    progress.status = marker ? 'incomplete' : 'done';
    if (marker) progress.message = marker;
  } catch (err) {
    const cancelled = run.signal?.aborted ?? false;
    progress.status = cancelled ? 'cancelled' : 'error';
    if (!cancelled) progress.message = err instanceof Error ? err.message : String(err);
    await sink.abort(err).catch(() => {});
  }
  report();
  return { ...progress };
}

/** A controller's exportAll (LookupController.exportAll loads this module to call it). */
export function exportAll(inside: ControllerInside, options: ExportOptions): Promise<ExportProgress> {
  const s = inside.session();
  // Not tied to the lookup's own signal: a new query shown meanwhile does not end the download.
  const signal = options.signal ?? new AbortController().signal;
  let token = s?.token;
  return runExport({
    ...options, signal, held: s?.events.slice() ?? [], plan: s?.plan, more: !!s && !s.finished, clock: inside.clock, regions: inside.state().regions,
    fetch: () => inside.fetch({ ...s!.plan.input, NextToken: token }, signal).then((page) => {
      token = page.nextToken;
      return page;
    }),
  });
}
