/** The reach controls themselves, loaded on demand by reach.ts, with their styles. */
import { css, html, type ReactiveControllerHost } from 'lit';
import { BudgetMeter } from './budget-meter.js';
import { ExportLauncher } from './export-launcher.js';
import { FollowView, type FollowParts } from './follow.js';

const styles = css`
  .budget,
  .follow,
  .export fieldset,
  .export-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ct-space-xs);
    font-size: var(--ct-font-size-s);
  }
  .budget meter {
    width: 3rem;
  }
  .wait,
  .throttles {
    color: var(--ct-color-danger, #b42318);
  }
  .export {
    display: grid;
    gap: var(--ct-space-s);
    border: 1px solid var(--ct-border);
    border-radius: var(--ct-radius);
    padding: var(--ct-space-s);
  }
`;

export function createReach(host: ReactiveControllerHost & HTMLElement, parts: FollowParts) {
  const root = host.shadowRoot;
  if (root && styles.styleSheet && !root.adoptedStyleSheets.includes(styles.styleSheet)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
  }
  const meter = new BudgetMeter(host, parts.session);
  const follow = new FollowView(host, parts);
  const exporter = new ExportLauncher(host);
  const context = () => {
    const session = parts.session();
    return session && { session, columns: session.state.columns, zone: session.state.timeZone };
  };
  return {
    status: () => html`${meter.render()}${follow.render()}`,
    button: () => exporter.button(context()),
    panel: () => exporter.panel(context()),
  };
}
