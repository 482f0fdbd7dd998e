/** What the elements save as files, read back in a test; the export panel's controls; a button found by its words. */
import type { CtEventTable } from '../../../src/index.js';
import { until } from './emulator.js';

const part = <T extends HTMLElement = HTMLElement>(table: CtEventTable, name: string) => table.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
/**
 * Captures what the elements save as files (they go through an object URL and a link click) and
 * keeps the browser from saving them. `files` are read in the order they were made.
 */
export function captureDownloads(): { files: () => Promise<{ name: string; text: string }[]>; stop(): void } {
  const blobs: Blob[] = [];
  const names: string[] = [];
  const original = URL.createObjectURL;
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    if (obj instanceof Blob) blobs.push(obj);
    return original.call(URL, obj);
  };
  const onClick = (e: MouseEvent) => {
    const a = e.composedPath()[0];
    if (a instanceof HTMLAnchorElement && a.download) {
      names.push(a.download);
      e.preventDefault();
    }
  };
  window.addEventListener('click', onClick, true);
  return {
    files: () => Promise.all(blobs.map(async (b, i) => ({ name: names[i] ?? '', text: await b.text() }))),
    stop() {
      URL.createObjectURL = original;
      window.removeEventListener('click', onClick, true);
    },
  };
}

/** The table's downloads of the loaded rows ("CSV of 3 loaded rows"). */
export const LOADED_CSV = /^CSV of [\d,]+ loaded rows?$/;
export const LOADED_JSON = /^JSON of [\d,]+ loaded rows?$/;

export function button(root: ShadowRoot, label: string | RegExp): HTMLButtonElement {
  const text = (b: HTMLButtonElement) => b.textContent?.trim() ?? '';
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => (typeof label === 'string' ? text(b) === label : label.test(text(b))));
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}

/** RFC 4180 fields of a CSV text (quoted fields unquoted). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  return rows;
}

/** Replaces the browser's save-file picker for one test: undefined forces the Blob path. */
export function withPicker(pick: unknown): () => void {
  const had = Object.getOwnPropertyDescriptor(window, 'showSaveFilePicker');
  Object.defineProperty(window, 'showSaveFilePicker', { value: pick, configurable: true, writable: true });
  return () => {
    if (had) Object.defineProperty(window, 'showSaveFilePicker', had);
    else delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  };
}

/** A save-file picker whose file is kept in memory, chunk by chunk. */
export function memoryPicker() {
  const file = { name: '', chunks: [] as string[], closed: false, aborted: false };
  const pick = async (options: { suggestedName: string }) => {
    file.name = options.suggestedName;
    return { createWritable: async () => ({
      write: async (chunk: string) => { file.chunks.push(chunk); },
      close: async () => { file.closed = true; },
      abort: async () => { file.aborted = true; },
    }) };
  };
  return { file, pick };
}

/** The next file saved through an object URL (the Blob path), read back as text. */
export function nextDownload(): Promise<{ name: string; text: string }> {
  return new Promise((resolve, reject) => {
    const onClick = (e: Event) => {
      const a = e.target;
      if (!(a instanceof HTMLAnchorElement) || !a.download) return;
      e.preventDefault();
      document.removeEventListener('click', onClick, true);
      fetch(a.href).then((r) => r.text()).then((text) => resolve({ name: a.download, text }), reject);
    };
    document.addEventListener('click', onClick, true);
  });
}


/** Opens the export panel of the table and returns its controls. */
export async function openExport(table: CtEventTable, { keepChoice = false } = {}) {
  // The panel offers the last choice a download started with (remembered per origin): a test starts from the defaults unless it asks.
  if (!keepChoice) localStorage.removeItem('ct-event-table.export-choice');
  await until(() => Boolean(part(table, 'export-all')));
  // The button toggles the panel: open it only when it is closed.
  if (!part(table, 'export')) part<HTMLButtonElement>(table, 'export-all')!.click();
  await until(() => Boolean(part(table, 'export')));
  const panel = part(table, 'export')!;
  return {
    panel,
    format: (f: 'csv' | 'json') => {
      const radio = [...panel.querySelectorAll<HTMLInputElement>('input[type="radio"]')][f === 'csv' ? 0 : 1]!;
      radio.click();
    },
    start: () => part<HTMLButtonElement>(table, 'export-start')!.click(),
    progress: () => panel.querySelector('.export-progress')?.textContent?.trim() ?? '',
  };
}
