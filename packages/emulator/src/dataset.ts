/**
 * Loads CloudTrail records from files and folders and turns them into stored, derived events.
 * Accepts `{"Records":[...]}` documents, arrays, and JSON Lines, each optionally gzipped.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
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
  /** The record's `awsRegion`: the one Region whose event history holds it. */
  region?: string;
  event: WireEvent;
}

const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
/** Largest data file read (compressed or not), and largest gunzipped size: memory stays bounded. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;
/** Records nested deeper than this are skipped (nothing downstream has to recurse that far). */
const MAX_RECORD_DEPTH = 1000;

/** A data problem safe to show to whoever asked: it names the file as given, never its content. */
export class DataError extends Error {}

/** A data file found: where it is, and the name messages and summaries give it. */
interface DataFile {
  path: string;
  name: string;
}

/** Whether `real` (a real path) is `root` or inside it. */
function within(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Every data file under the given paths (folders recursively, sorted for a stable order); regular
 * files only; a folder reached twice through links is read once. With `root` (the data folder),
 * paths are names inside it: nothing outside its real path is read (a link that leaves it is
 * skipped inside a folder, refused when named) and files are named relative to it.
 */
function listDataFiles(paths: string[], cwd = process.cwd(), root?: string): DataFile[] {
  const out: DataFile[] = [];
  const seen = new Set<string>();
  let realRoot: string | undefined;
  if (root !== undefined) {
    try {
      realRoot = realpathSync(root);
    } catch {
      throw new DataError('the data folder configured at start does not exist');
    }
  }
  const walk = (p: string, shown: string, explicit: boolean) => {
    let real: string;
    let st;
    try {
      real = realpathSync(p);
      st = statSync(real);
    } catch {
      // A dangling link inside a folder is no data; a name that resolves to nothing is an error.
      if (!explicit) return;
      throw new DataError(`${shown}: no such file or folder${realRoot ? ' in the data folder' : ''}`);
    }
    if (realRoot && !within(realRoot, real)) {
      if (explicit) throw new DataError(`${shown}: leads out of the data folder`);
      return;
    }
    if (st.isDirectory()) {
      if (seen.has(real)) return;
      seen.add(real);
      for (const name of readdirSync(real).sort()) walk(join(p, name), join(shown, name), false);
    } else if (!st.isFile()) {
      // Devices, FIFOs and sockets never end or never answer (/dev/zero): not data.
      if (explicit) throw new DataError(`${shown}: not a regular file`);
    } else if (explicit || DATA_FILE.test(p)) {
      if (st.size > MAX_FILE_BYTES) throw new DataError(`${shown}: larger than ${MAX_FILE_BYTES} bytes`);
      out.push({ path: real, name: realRoot ? shown : p });
    }
  };
  for (const p of paths) walk(resolve(realRoot ?? cwd, p), realRoot ? normalize(p) : p, true);
  return out;
}

/**
 * Resolve data names sent over HTTP against the folder fixed at start. Names are relative paths
 * inside it; absolute paths, `..` and symlinks out of it are refused, and without a folder nothing
 * is read at all (filesystem paths never come from HTTP).
 */
export function resolveDataNames(dataDir: string | undefined, names: unknown): string[] {
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new DataError('events must be a list of data names');
  if (names.length === 0) return [];
  if (!dataDir) throw new DataError('events cannot be loaded over HTTP: this emulator has no data folder (start it with dataDir / --data-dir), send inline records instead');
  let root: string;
  try {
    root = realpathSync(dataDir);
  } catch {
    throw new DataError('the data folder configured at start does not exist');
  }
  for (const name of names as string[]) {
    if (!name || name.includes('\0') || isAbsolute(name) || name.split(/[\\/]/).includes('..')) {
      throw new DataError(`"${name.slice(0, 200)}" is not a data name: use a path relative to the data folder, without ".."`);
    }
  }
  // Read now, so a name that leads nowhere or out of the folder is refused before anything is made.
  listDataFiles(names as string[], root, root);
  return names as string[];
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
  let buf = bytes;
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      buf = gunzipSync(bytes, { maxOutputLength: MAX_UNZIPPED_BYTES });
    } catch {
      throw new DataError(`${name}: not a readable gzip file (or over ${MAX_UNZIPPED_BYTES} bytes unpacked)`);
    }
  }
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
    } catch {
      // The parser's message quotes the line: never echo file content.
      throw new DataError(`${name}:${i + 1}: not a JSON record`);
    }
  });
  return out;
}

/** The records of every data file under `paths`; `root` confines them to the data folder (see listDataFiles). */
export function readRecords(paths: string[], cwd = process.cwd(), root?: string): { records: Rec[]; files: string[] } {
  const files = listDataFiles(paths, cwd, root);
  const records: Rec[] = [];
  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(f.path);
    } catch {
      throw new DataError(`${f.name}: could not be read`);
    }
    for (const r of parseRecords(bytes, f.name)) records.push(r);
  }
  return { records, files: files.map((f) => f.name) };
}

const parseTime = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v * 1000 : NaN);

/** ISO without milliseconds, as CloudTrail writes eventTime. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface BuildResult {
  events: StoredEvent[];
  /** Records without a usable eventTime (they cannot be placed on the timeline) or nested too deep. */
  skipped: number;
  /** Records that got a fresh eventID (missing or duplicate). */
  reassignedIds: number;
  /** Data events (`managementEvent: false`): event history never holds them, so they are dropped. */
  dataEvents: number;
  /** Records whose recipientAccountId was another account's, mapped to this instance's account. */
  mappedAccounts: number;
}

export interface BuildOptions {
  /** Shift every timestamp of every record so the newest eventTime lands one minute before `nowMs`. */
  rebase?: boolean;
  nowMs: number;
  firstSeq?: number;
  /** The instance's account: records received by another account are mapped to it. */
  accountId?: string;
}

/** Event history holds management and Insights events only. */
function isDataEvent(record: Rec): boolean {
  return record.managementEvent === false || record.eventCategory === 'Data';
}

function depthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (d >= limit) return true;
    for (const child of Object.values(v as object)) if (child && typeof child === 'object') stack.push([child, d + 1]);
  }
  return false;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
/** CloudTrail writes some response dates in Java's format: `Jan 2, 2024, 3:04:05 PM` (UTC). */
const JAVA_DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A timestamp string moved by `shiftMs`, in its own format; other strings unchanged. */
function shiftTimestamp(v: string, shiftMs: number): string {
  const iso = ISO.exec(v);
  if (iso) {
    const t = Date.parse(v);
    if (!Number.isFinite(t)) return v;
    const out = new Date(t + shiftMs).toISOString();
    return iso[2] ? out : out.replace(/\.\d{3}Z$/, 'Z');
  }
  const j = JAVA_DATE.exec(v);
  const month = j ? MONTHS.indexOf(j[1]!) : -1;
  if (!j || month < 0) return v;
  const h12 = Number(j[4]) % 12;
  const t = Date.UTC(Number(j[3]), month, Number(j[2]), h12 + (j[7] === 'PM' ? 12 : 0), Number(j[5]), Number(j[6]));
  const d = new Date(t + shiftMs);
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h >= 12 ? 'PM' : 'AM'}`;
}

/** A copy of `value` with every timestamp string shifted (keys and order kept). */
function shiftAll(value: unknown, shiftMs: number): unknown {
  if (typeof value === 'string') return shiftTimestamp(value, shiftMs);
  if (Array.isArray(value)) return value.map((v) => shiftAll(v, shiftMs));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftAll(v, shiftMs)]));
  return value;
}

/**
 * Derive stored events. Data events are dropped. With `rebase`, every timestamp of every record
 * (eventTime, sessionContext creationDate, dates in requests and responses) shifts by the same whole
 * number of seconds so the newest record lands one minute before `nowMs`; order and gaps are kept.
 */
export function buildEvents(records: Rec[], opts: BuildOptions): BuildResult {
  const times = records.map((r) => parseTime(r?.eventTime));
  let shiftMs = 0;
  if (opts.rebase) {
    let newest = -Infinity;
    records.forEach((r, i) => {
      const t = times[i]!;
      if (Number.isFinite(t) && t > newest && r && typeof r === 'object' && !isDataEvent(r)) newest = t;
    });
    if (Number.isFinite(newest)) shiftMs = Math.floor((opts.nowMs - 60_000 - newest) / 1000) * 1000;
  }
  const seen = new Set<string>();
  const result: BuildResult = { events: [], skipped: 0, reassignedIds: 0, dataEvents: 0, mappedAccounts: 0 };
  let seq = opts.firstSeq ?? 0;
  records.forEach((raw, i) => {
    const t = times[i]!;
    if (!raw || typeof raw !== 'object' || !Number.isFinite(t) || depthOver(raw, MAX_RECORD_DEPTH)) {
      result.skipped++;
      return;
    }
    if (isDataEvent(raw)) {
      result.dataEvents++;
      return;
    }
    let record = raw;
    const id = typeof record.eventID === 'string' && record.eventID ? record.eventID : undefined;
    let eventId = id;
    if (!eventId || seen.has(eventId)) {
      eventId = randomUUID();
      result.reassignedIds++;
      // Spreading keeps the key order; the new id replaces the old one in place.
      record = { ...record, eventID: eventId };
    }
    seen.add(eventId);
    if (opts.accountId && typeof record.recipientAccountId === 'string' && record.recipientAccountId !== opts.accountId) {
      // One instance is one account: what another account received is served as this one's.
      record = { ...record, recipientAccountId: opts.accountId };
      result.mappedAccounts++;
    }
    const ms = t + shiftMs;
    if (shiftMs !== 0) record = { ...(shiftAll(record, shiftMs) as Rec), eventTime: isoSeconds(ms) };
    const seconds = Math.floor(ms / 1000);
    const region = typeof record.awsRegion === 'string' && record.awsRegion ? record.awsRegion : undefined;
    result.events.push({ time: seconds, seq: seq++, insight: isInsight(record), region, event: deriveEvent(record, eventId, seconds) });
  });
  return result;
}
