import { css } from 'lit';

/**
 * Design tokens. The host page restyles through the public `--ct-color-*`, `--ct-font*`,
 * `--ct-font-size` and `--ct-border-radius` properties; light and dark follow
 * `prefers-color-scheme` unless an element's `theme` attribute ("light" or "dark") chooses one.
 *
 * The public properties, copied into custom-elements.json for every element that uses these tokens:
 * @cssprop --ct-font - Font family of the text.
 * @cssprop --ct-font-mono - Font family of code, ids and the JSON view.
 * @cssprop --ct-font-size - Base font size.
 * @cssprop --ct-border-radius - Corner radius of frames, fields and buttons.
 * @cssprop --ct-color-text - Text colour.
 * @cssprop --ct-color-text-muted - Secondary text, such as hints and the status line.
 * @cssprop --ct-color-surface - Background of the elements.
 * @cssprop --ct-color-surface-alt - Background of headers, toolbars and alternate areas.
 * @cssprop --ct-color-input - Background of text fields and selects.
 * @cssprop --ct-color-border - Borders and dividers.
 * @cssprop --ct-color-border-strong - Borders of fields and buttons.
 * @cssprop --ct-color-accent - Primary buttons and links.
 * @cssprop --ct-color-accent-text - Text on the accent colour.
 * @cssprop --ct-color-selected - Background of the selected row.
 * @cssprop --ct-color-danger - Errors, failed calls and invalid fields.
 * @cssprop --ct-color-danger-bg - Background of error messages.
 * @cssprop --ct-color-warning-bg - Background of notices and warnings.
 * @cssprop --ct-color-focus - The focus ring.
 * @cssprop --ct-color-json-key - Keys in the JSON view.
 * @cssprop --ct-color-json-string - Strings in the JSON view.
 * @cssprop --ct-color-json-number - Numbers in the JSON view.
 * @cssprop --ct-color-json-literal - true, false and null in the JSON view.
 */
const dark = css`
  --ct-text: var(--ct-color-text, #e6e9ee);
  --ct-text-muted: var(--ct-color-text-muted, #aab3bf);
  --ct-surface: var(--ct-color-surface, #161b22);
  --ct-surface-alt: var(--ct-color-surface-alt, #1f2630);
  --ct-input-bg: var(--ct-color-input, #0d1117);
  --ct-border: var(--ct-color-border, #30363d);
  --ct-border-strong: var(--ct-color-border-strong, #7d8590);
  --ct-accent: var(--ct-color-accent, #4c9aff);
  --ct-accent-text: var(--ct-color-accent-text, #0d1117);
  --ct-selected: var(--ct-color-selected, #1d3557);
  --ct-danger: var(--ct-color-danger, #ff8a80);
  --ct-danger-bg: var(--ct-color-danger-bg, #3b1614);
  --ct-warning-bg: var(--ct-color-warning-bg, #3a2f0b);
  --ct-focus: var(--ct-color-focus, #4c9aff);
  --ct-json-key: var(--ct-color-json-key, #d2a8ff);
  --ct-json-string: var(--ct-color-json-string, #7ee787);
  --ct-json-number: var(--ct-color-json-number, #79c0ff);
  --ct-json-literal: var(--ct-color-json-literal, #ffa657);
  color-scheme: dark;
`;

export const tokens = css`
  :host {
    --ct-font-family: var(--ct-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --ct-mono: var(--ct-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    --ct-font-size-s: 0.8125rem;
    --ct-space-xs: 0.25rem;
    --ct-space-s: 0.5rem;
    --ct-space-m: 0.75rem;
    --ct-space-l: 1rem;
    --ct-radius: var(--ct-border-radius, 4px);
    --ct-text: var(--ct-color-text, #16191f);
    --ct-text-muted: var(--ct-color-text-muted, #4b5563);
    --ct-surface: var(--ct-color-surface, #ffffff);
    --ct-surface-alt: var(--ct-color-surface-alt, #f4f6f8);
    --ct-input-bg: var(--ct-color-input, #ffffff);
    --ct-border: var(--ct-color-border, #d5dbdb);
    --ct-border-strong: var(--ct-color-border-strong, #7d8998);
    --ct-accent: var(--ct-color-accent, #0b5fad);
    --ct-accent-text: var(--ct-color-accent-text, #ffffff);
    --ct-selected: var(--ct-color-selected, #dbeafe);
    --ct-danger: var(--ct-color-danger, #b3261e);
    --ct-danger-bg: var(--ct-color-danger-bg, #fdecea);
    --ct-warning-bg: var(--ct-color-warning-bg, #fff4d6);
    --ct-focus: var(--ct-color-focus, #0b5fad);
    --ct-json-key: var(--ct-color-json-key, #7a2e8e);
    --ct-json-string: var(--ct-color-json-string, #0f6b3a);
    --ct-json-number: var(--ct-color-json-number, #0b5fad);
    --ct-json-literal: var(--ct-color-json-literal, #a14a00);
    font-family: var(--ct-font-family);
    font-size: var(--ct-font-size, 0.875rem);
    color: var(--ct-text);
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** Buttons, selects and text inputs look and focus alike in every element. */
export const controls = css`
  button,
  select,
  input:not([type='checkbox']) {
    font: inherit;
    color: var(--ct-text);
    background: var(--ct-input-bg);
    border: 1px solid var(--ct-border-strong);
    border-radius: var(--ct-radius);
    padding: var(--ct-space-xs) var(--ct-space-s);
  }
  button {
    cursor: pointer;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--ct-focus);
    outline-offset: 1px;
  }
`;
