import type { CSSResult, ReactiveElement } from 'lit';

/**
 * Adds a lazily loaded part's styles to an element's shadow root, so they travel in the part's
 * chunk rather than the first-rows bundle. Constructable stylesheets are CSSOM: a strict
 * `style-src 'self'` allows them.
 */
export function adoptStyles(host: ReactiveElement, styles: CSSResult): void {
  const root = host.renderRoot as ShadowRoot;
  const sheet = styles.styleSheet;
  if (sheet && root.adoptedStyleSheets && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
