import { css } from 'lit';
import { controls, tokens } from '../shared/tokens.styles.js';

export const facetStyles = [
  tokens,
  controls,
  css`
    :host {
      display: block;
    }
    .frame {
      display: grid;
      gap: var(--ct-space-s);
      padding: var(--ct-space-m);
      background: var(--ct-surface);
      border: 1px solid var(--ct-border);
      border-radius: var(--ct-radius);
    }
    .hint {
      margin: 0;
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .facet {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--ct-space-xs) var(--ct-space-s);
      margin: 0;
    }
    .label {
      flex: 0 0 9rem;
      margin: 0;
      font-size: var(--ct-font-size-s);
      font-weight: 600;
      color: var(--ct-text-muted);
    }
    ul {
      display: contents;
      list-style: none;
    }
    li {
      display: inline-flex;
      max-width: 100%;
    }
    button.value {
      display: inline-flex;
      gap: var(--ct-space-xs);
      align-items: baseline;
      max-width: 22rem;
      min-height: 1.75rem;
      border-radius: var(--ct-radius) 0 0 var(--ct-radius);
      font-size: var(--ct-font-size-s);
    }
    .text {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-family: var(--ct-mono);
    }
    .count {
      color: var(--ct-text-muted);
      font-variant-numeric: tabular-nums;
    }
    button.exclude {
      min-height: 1.75rem;
      padding-inline: var(--ct-space-s);
      border-left: 0;
      border-radius: 0 var(--ct-radius) var(--ct-radius) 0;
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .none,
    .scope-line,
    .scope,
    .note {
      font-size: var(--ct-font-size-s);
      color: var(--ct-text-muted);
    }
    .note {
      flex: 1 0 100%;
      box-sizing: border-box;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .note ul {
      display: block;
      margin: var(--ct-space-xs) 0 0;
      padding-inline-start: 1.25rem;
      list-style: disc;
    }
    .note li {
      display: list-item;
    }
    @media (min-width: 40rem) {
      .note {
        padding-inline-start: calc(9rem + var(--ct-space-s));
      }
    }
  `,
];
