/**
 * Loads CloudTrail records from files and folders and turns them into stored, derived events.
 * Accepts `{"Records":[...]}` documents, arrays, and JSON Lines, each optionally gzipped.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { deriveEvent, isInsight } from './derive.js';
import type { WireEvent } from './types.js';

type Rec = Record<string, unknown>;

/** An event held by the store: wire form plus what sorting and filtering need. */
export interface StoredEvent {
  /** Epoch seconds. */
  time: number;
  /** Load order; breaks ties between events of the same second. */
  seq: number;
  insight: boolean;
  event: WireEvent;
}

const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/** Every data file under the given paths (folders recursively, sorted for a stable order). */
export function listDataFiles(paths: string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name), false);
    } else if (explicit || DATA_FILE.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) walk(resolve(cwd, p), true);
  return out;
}

function unpack(value: unknown, out: Rec[]): void {
  if (Array.isArray(value)) {
    for (const v of value) unpack(v, out);
  } else if (value && typeof value === 'object') {
    const rec = value as Rec;
    if (Array.isArray(rec.Records)) unpack(rec.Records, out);
    else out.push(rec);
  }
}

/** Parse one file's bytes: gzip by magic number, then a JSON document or JSON Lines. */
export function parseRecords(bytes: Buffer, name = 'input'): Rec[] {
  const buf = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const out: Rec[] = [];
  try {
    unpack(JSON.parse(text), out);
    return out;
  } catch {
    // Not one JSON document: read it as JSON Lines.
  }
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const t = line.trim();
    if (!t) return;
    try {
      unpack(JSON.parse(t), out);
    } catch (e) {
      throw new Error(`${name}:${i + 1}: not a JSON record (${(e as Error).message})`);
    }
  });
  return out;
}

export function readRecords(paths: string[], cwd = process.cwd()): { records: Rec[]; files: string[] } {
  const files = listDataFiles(paths, cwd);
  const records: Rec[] = [];
  for (const f of files) for (const r of parseRecords(readFileSync(f), f)) records.push(r);
  return { records, files };
}

const parseTime = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v * 1000 : NaN);

/** ISO without milliseconds, as CloudTrail writes eventTime. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface BuildResult {
  events: StoredEvent[];
  /** Records without a usable eventTime (they cannot be placed on the timeline). */
  skipped: number;
  /** Records that got a fresh eventID (missing or duplicate). */
  reassignedIds: number;
}

/**
 * Derive stored events. With `rebase`, every time shifts by the same whole number of seconds so the
 * newest record lands one minute before `nowMs`; order and gaps are kept.
 */
export function buildEvents(records: Rec[], opts: { rebase?: boolean; nowMs: number; firstSeq?: number }): BuildResult {
  const times = records.map((r) => parseTime(r?.eventTime));
  let shiftMs = 0;
  if (opts.rebase) {
    let newest = -Infinity;
    for (const t of times) if (Number.isFinite(t) && t > newest) newest = t;
    if (Number.isFinite(newest)) shiftMs = Math.floor((opts.nowMs - 60_000 - newest) / 1000) * 1000;
  }
  const seen = new Set<string>();
  const events: StoredEvent[] = [];
  let skipped = 0;
  let reassignedIds = 0;
  let seq = opts.firstSeq ?? 0;
  records.forEach((raw, i) => {
    const t = times[i]!;
    if (!raw || typeof raw !== 'object' || !Number.isFinite(t)) {
      skipped++;
      return;
    }
    let record = raw;
    const id = typeof record.eventID === 'string' && record.eventID ? record.eventID : undefined;
    let eventId = id;
    if (!eventId || seen.has(eventId)) {
      eventId = randomUUID();
      reassignedIds++;
      // Spreading keeps the key order; the new id replaces the old one in place.
      record = { ...record, eventID: eventId };
    }
    seen.add(eventId);
    const ms = t + shiftMs;
    if (shiftMs !== 0) record = { ...record, eventTime: isoSeconds(ms) };
    const seconds = Math.floor(ms / 1000);
    events.push({ time: seconds, seq: seq++, insight: isInsight(record), event: deriveEvent(record, eventId, seconds) });
  });
  return { events, skipped, reassignedIds };
}
