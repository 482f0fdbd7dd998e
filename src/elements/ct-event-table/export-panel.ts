/**
 * "Download all matching": the panel (format, CSV columns, progress, Cancel) and the file writers.
 * The CSV columns start as those shown plus what an incident export needs; the last choice a
 * download started with is remembered (localStorage) and offered next time.
 * Loaded on demand by export-launcher.ts. The file is written as pages arrive: straight to a file
 * the user picks where the browser has the File System Access API, else into a Blob assembled from
 * chunks and saved at the end, so the page's memory holds one page of events, not the result.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { CtEvent } from '../../lookup/events.js';
import type { ExportFormat, ExportProgress, ExportSink } from '../../lookup/export-all.js';
import { COLUMNS, isColumnId, type ColumnId } from '../../state/columns.js';
import { downloadBlob, exportName } from '../shared/download.js';
import type { ExportContext } from './export-launcher.js';

interface Picks {
  format: ExportFormat;
  columns: Set<ColumnId>;
}

const picksOf = new WeakMap<object, Picks>();

/** What an incident export needs beside the columns shown: who, from where, with which key, where, whether it failed, and the id. */
const INCIDENT_COLUMNS: readonly ColumnId[] = ['time', 'eventName', 'username', 'errorCode', 'sourceIp', 'accessKeyId', 'region', 'eventId'];
/** The last choice a download started with, per origin. */
export const EXPORT_CHOICE = 'ct-event-table.export-choice';

/** The reader's last choice, else CSV of the columns shown and the incident columns (and the Account, with several accounts). */
function firstPicks(shown: readonly ColumnId[], accounts: boolean): Picks {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(EXPORT_CHOICE) ?? 'null') as { format?: unknown; columns?: unknown } | null;
    const columns = Array.isArray(saved?.columns) ? saved.columns.filter((c): c is ColumnId => typeof c === 'string' && isColumnId(c)) : [];
    if ((saved?.format === 'csv' || saved?.format === 'json') && columns.length) return { format: saved.format, columns: new Set(columns) };
  } catch {
    // Nothing readable kept: the defaults.
  }
  return { format: 'csv', columns: new Set([...shown, ...INCIDENT_COLUMNS, ...(accounts ? ['account' as const] : [])]) };
}

function keepPicks(picks: Picks): void {
  try {
    globalThis.localStorage?.setItem(EXPORT_CHOICE, JSON.stringify({ format: picks.format, columns: [...picks.columns] }));
  } catch {
    // Storage refused: the defaults next time.
  }
}

const TYPES: Record<ExportFormat, { mime: string; description: string }> = {
  csv: { mime: 'text/csv', description: 'CSV' },
  json: { mime: 'application/json', description: 'CloudTrail log file (JSON)' },
};

interface SaveFilePicker {
  (options: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }): Promise<{
    createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void>; abort(reason?: unknown): Promise<void> }>;
  }>;
}

/** A file the user picks, written in place (Chromium's File System Access API). */
async function pickedFileSink(pick: SaveFilePicker, name: string, format: ExportFormat): Promise<ExportSink> {
  const { mime, description } = TYPES[format];
  const handle = await pick({ suggestedName: name, types: [{ description, accept: { [mime]: [`.${format}`] } }] });
  const writable = await handle.createWritable();
  return { write: (chunk) => writable.write(chunk), close: () => writable.close(), abort: (reason) => writable.abort(reason) };
}

/** Chunks kept as Blobs (the browser may hold them outside the JS heap), saved as one file at the end. */
export function blobSink(name: string, format: ExportFormat): ExportSink {
  let parts: Blob[] = [];
  const type = `${TYPES[format].mime};charset=utf-8`;
  return {
    write: async (chunk) => { parts.push(new Blob([chunk], { type })); },
    close: async () => { downloadBlob(name, new Blob(parts, { type })); parts = []; },
    abort: async () => { parts = []; },
  };
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');

function progressText(p: ExportProgress): string {
  const counts = `${num(p.events)} ${p.events === 1 ? 'event' : 'events'}, ${num(p.pages)} ${p.pages === 1 ? 'page' : 'pages'}`;
  switch (p.status) {
    case 'running': {
      const left = p.secondsLeft === null ? 'time left unknown' : `about ${num(Math.ceil(p.secondsLeft))} s left`;
      return `Downloading… ${counts} · ${p.eventsPerSecond.toFixed(1)} events/s · ${left}`;
    }
    case 'done':
      return `Done: ${counts} written.`;
    case 'incomplete':
      return `Saved ${counts}, but the file is not complete (its last line says so): ${p.message ?? ''}`;
    case 'cancelled':
      return `Cancelled after ${counts}; nothing was saved.`;
    default:
      return `The download stopped: ${p.message ?? 'unknown error'}. Nothing was saved.`;
  }
}

export function renderExportPanel(host: ReactiveControllerHost & HTMLElement, context: ExportContext, close: () => void) {
  const { session } = context;
  let picks = picksOf.get(host);
  if (!picks) picksOf.set(host, (picks = firstPicks(context.columns, session.lookup.accounts.length > 1)));
  const state = picks;
  const progress = session.state.exporting;
  const running = progress?.status === 'running';
  const update = () => host.requestUpdate();

  const start = async () => {
    const name = `${exportName('cloudtrail-events')}.${state.format}`;
    const pick = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
    let sink: ExportSink;
    try {
      // Called first in the click: the picker needs the user's gesture.
      sink = pick ? await pickedFileSink(pick, name, state.format) : blobSink(name, state.format);
    } catch {
      return; // The user closed the file picker: nothing to do.
    }
    keepPicks(state);
    const zone = context.zone;
    const columns = COLUMNS.filter((c) => state.columns.has(c.id)).map((c) => ({ label: c.label, value: (e: CtEvent) => c.value(e, zone) }));
    void session.exportAll({ sink, format: state.format, columns });
  };

  return html`<section class="export" part="export" aria-label="Download all matching events">
    <fieldset ?disabled=${running}>
      <legend>Format</legend>
      ${(['csv', 'json'] as const).map((f) => html`<label><input type="radio" name="ct-export-format" .checked=${state.format === f}
        @change=${() => { state.format = f; update(); }} />${f === 'csv' ? 'CSV' : 'JSON (CloudTrail log file: {"Records": [...]})'}</label>`)}
    </fieldset>
    ${state.format === 'csv' ? html`<fieldset ?disabled=${running} class="export-columns">
      <legend>Columns</legend>
      ${COLUMNS.map((c) => html`<label><input type="checkbox" .checked=${state.columns.has(c.id)}
        @change=${(e: Event) => { if ((e.target as HTMLInputElement).checked) state.columns.add(c.id); else state.columns.delete(c.id); update(); }} />${c.label}</label>`)}
    </fieldset>` : nothing}
    <div class="export-actions">
      ${running
        ? html`<button type="button" part="export-cancel" @click=${() => session.cancelExport()}>Cancel</button>`
        : html`<button type="button" part="export-start" @click=${start} ?disabled=${state.format === 'csv' && !state.columns.size}>Start download</button>
          <button type="button" @click=${close}>Close</button>`}
      <span class="export-progress" role="status">${progress ? progressText(progress) : 'Pages through the whole lookup at the rate limit (2 requests per second).'}</span>
    </div>
  </section>`;
}
