/** What the elements save as files, read back in a test; and a button found by its words. */
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
