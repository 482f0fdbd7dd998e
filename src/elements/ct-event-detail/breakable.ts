/**
 * Long values (ARNs, access keys, ids) wrap between their parts, never inside one: a line-break
 * opportunity (`<wbr>`) after each `:`, `/` and `-`. Copying the text copies it unchanged.
 */
import { html, type TemplateResult, nothing } from 'lit';
import { hasInvisible } from '../../lookup/invisible.js';
import { visible } from '../shared/visible.js';

export function breakable(text: string | undefined): string | TemplateResult | typeof nothing {
  // Text with hidden characters is shown with its marked tokens instead (rare, and short).
  if (text === undefined || !/[:/-]/.test(text) || hasInvisible(text)) return visible(text);
  return html`${text.split(/(?<=[:/-])/).map((part, i) => (i ? html`<wbr>${part}` : part))}`;
}
