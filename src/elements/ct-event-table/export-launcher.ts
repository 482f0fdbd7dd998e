/**
 * The table's "Download all matching…" button. The panel behind it (format, columns, progress,
 * Cancel) and the file writers load on first use with import(): the first rows do not need them.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { InvestigationStore } from '../../state/store.js';
import type { ColumnId } from '../../state/columns.js';
import type { TimeZoneMode } from '../../state/time.js';

type Panel = typeof import('./export-panel.js');

export interface ExportContext {
  session: InvestigationStore;
  columns: readonly ColumnId[];
  zone: TimeZoneMode;
}

export class ExportLauncher {
  #panel?: Panel;
  /** The panel is open (local UI, like a popover); its picks live in the panel's own state. */
  open = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  #toggle = async () => {
    this.#panel ??= await import('./export-panel.js');
    this.open = !this.open;
    this.host.requestUpdate();
  };

  /** The button (in the toolbar). */
  button(context: ExportContext | undefined) {
    if (!context) return nothing;
    return html`<button type="button" part="export-all" aria-expanded=${this.open ? 'true' : 'false'} @click=${this.#toggle}
      ?disabled=${!context.session.lookup.state.query}>Download all matching…</button>`;
  }

  /** The panel (below the toolbar), once loaded and open. */
  panel(context: ExportContext | undefined) {
    if (!context || !this.open || !this.#panel) return nothing;
    return this.#panel.renderExportPanel(this.host, context, () => {
      this.open = false;
      context.session.clearExport();
      this.host.requestUpdate();
    });
  }
}
