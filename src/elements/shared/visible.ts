/**
 * Renders CloudTrail text so that what the reader sees is what it says: each invisible or
 * bidirectional character (see lookup/invisible.ts) becomes a marked `⟨U+202E⟩` token. Attributes
 * (tooltips, labels) take `revealInvisible` from the data layer instead: plain text, same tokens.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { hasInvisible, invisibleToken, splitInvisible } from '../../lookup/invisible.js';

export { revealInvisible } from '../../lookup/invisible.js';

/** `text` as is when it holds nothing hidden (the common case costs one test), else with marked tokens. */
export function visible(text: string | undefined): string | TemplateResult | typeof nothing {
  if (text === undefined) return nothing;
  if (!hasInvisible(text)) return text;
  return html`${splitInvisible(text).map((p, i) => (i % 2 ? html`<mark class="invisible">${invisibleToken(p)}</mark>` : p))}`;
}

const HIDDEN = 'Has hidden characters, shown as ⟨U+…⟩';

/** The mark beside a row or a heading whose text holds such characters. */
export function invisibleWarning(on: boolean): TemplateResult | typeof nothing {
  return on ? html`<span class="invisible-warning" role="img" aria-label=${HIDDEN} title=${HIDDEN}>⚠</span>` : nothing;
}

/** Styles for the tokens and the mark; each element that renders CloudTrail text includes them. */
export const visibleStyles = css`
  mark.invisible {
    background: var(--ct-warning-bg);
    color: inherit;
    font: 0.85em var(--ct-mono);
  }
  .invisible-warning {
    cursor: help;
  }
`;
