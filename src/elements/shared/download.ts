/** Saves text as a file through a temporary object URL (no server round trip, nothing stored). */
function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves a Blob as a file through a temporary object URL. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `cloudtrail-events-2026-11-24T15-04-05Z` */
export function exportName(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

/**
 * Makes the text and saves it; on failure returns what went wrong, in words, for the element to
 * show (a download that fails must say so, not throw into the console).
 */
export function saveText(what: string, filename: string, make: () => string, type: string): string | undefined {
  try {
    downloadText(filename, make(), type);
    return undefined;
  } catch (err) {
    return `The ${what} could not be saved: ${err instanceof Error ? err.message : String(err)}.`;
  }
}
