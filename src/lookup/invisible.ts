/**
 * Characters that change what a reader sees without being seen: bidirectional controls (an
 * override shows `Delete\u202EtekcuB\u202C` as "DeleteBucket"), zero-width characters (`ad\u200Bmin`
 * shows as "admin"), other format and control characters, blank fillers, variation selectors
 * (U+FE00-FE0F, U+E0100-E01EF: `Del\uFE0Fete` shows as "Delete") and tag characters
 * (U+E0000-E007F, assigned or not: they can carry hidden text). The elements show
 * each as a visible token such as `⟨U+202E⟩`, as code review tools do, and the search reads the
 * same text. Tab, line feed and carriage return are plain white space and stay as they are.
 */

import type { CtEvent } from './events.js';

const SET = '\\p{Cf}\\0-\\b\\v\\f\\x0E-\\x1F\\x7F-\\x9F\\u2028\\u2029\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u3164\\uFFA0\\uFE00-\\uFE0F\\u{E0000}-\\u{E007F}\\u{E0100}-\\u{E01EF}';
const ONE = new RegExp(`[${SET}]`, 'u');
const ALL = new RegExp(`[${SET}]`, 'gu');
const SPLIT = new RegExp(`([${SET}])`, 'u');
/**
 * The same characters written as JSON escapes inside a raw record (`\\u202e`); control characters are
 * escaped so. Tag characters and the selector supplement are escaped as surrogate pairs (U+DB40 then
 * U+DC00-DC7F or U+DD00-DDEF).
 */
const ESCAPED = /\\u(?:00[01][0-9a-f]|007f|00[89][0-9a-f]|00ad|061c|180e|200[b-f]|202[a-e]|206[0-9a-f]|fe0[0-9a-f]|feff|db40\\u(?:dc[0-7][0-9a-f]|dd[0-9a-e][0-9a-f]))/i;

/** Whether `text` holds any character that is invisible or reorders the text around it. */
export function hasInvisible(text: string | undefined): boolean {
  return text !== undefined && ONE.test(text);
}

/** `⟨U+202E⟩` for one such character. */
export function invisibleToken(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The text with each invisible or bidirectional character replaced by its visible token. */
export function revealInvisible(text: string): string {
  return ONE.test(text) ? text.replace(ALL, invisibleToken) : text;
}

/** The text without those characters (what a reader of the spoofed text believes it says). */
export function stripInvisible(text: string): string {
  return ONE.test(text) ? text.replace(ALL, '') : text;
}

/** The text cut at each invisible character: plain runs at even indexes, one such character at each odd one. */
export function splitInvisible(text: string): string[] {
  return text.split(SPLIT);
}

/** Whether a raw record holds such a character, literally or as a JSON escape. */
function recordHasInvisible(raw: string | undefined): boolean {
  return raw !== undefined && (ONE.test(raw) || ESCAPED.test(raw));
}

const checked = new WeakMap<CtEvent, boolean>();

/** Whether any text of the event (its lookup fields, or anywhere in its record) holds such a character. Cached per event. */
export function eventHasInvisible(e: CtEvent): boolean {
  let found = checked.get(e);
  if (found === undefined) {
    found = [e.EventName, e.Username, e.EventSource, e.AccessKeyId, e.EventId].some(hasInvisible)
      || e.Resources.some((r) => hasInvisible(r.type) || hasInvisible(r.name))
      || recordHasInvisible(e.CloudTrailEvent);
    checked.set(e, found);
  }
  return found;
}
