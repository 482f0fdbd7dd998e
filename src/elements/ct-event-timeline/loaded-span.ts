/**
 * The span the timeline draws while pages remain: a round span back from the range's end that holds
 * every loaded event, so the bars have room instead of sitting at the right edge of a range that is
 * mostly not loaded yet (the rest is said in words). It widens in steps as pages arrive, so the
 * buckets are counted again only a few times over a whole lookup. Plain TypeScript: no Lit, no DOM.
 */
import type { CtEvent } from '../../lookup/events.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * Round spans, none more than 1.5 times the one before: with the tenth to spare below, the loaded
 * events fill at least three fifths of the chart, and the part not loaded yet is a strip at its left
 * edge (twice the one before left up to two thirds of the chart hatched).
 */
const SPANS = [
  15 * MINUTE, 20 * MINUTE, 30 * MINUTE, 45 * MINUTE, HOUR, 90 * MINUTE, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 9 * HOUR, 12 * HOUR,
  18 * HOUR, DAY, 36 * HOUR, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 7 * DAY, 10 * DAY, 14 * DAY, 21 * DAY, 30 * DAY, 45 * DAY, 60 * DAY,
];
/** Room to spare beyond the oldest loaded event, as a share of the loaded span. */
const SPARE = 1.1;

/** Where the drawn span starts: `start` itself, or the end less the smallest round span holding `oldest` with room to spare. */
export function shownStart(start: number, end: number, oldest: number): number {
  if (!(oldest > start) || !(end > oldest)) return start;
  const need = (end - oldest) * SPARE;
  const span = SPANS.find((s) => s >= need);
  return span === undefined || end - span <= start ? start : end - span;
}

/** "89 days 22 hours", "3 hours 5 minutes", "12 minutes": a duration as a reader says it (two units at most). */
export function durationText(ms: number): string {
  const units: [number, string][] = [[DAY, 'day'], [HOUR, 'hour'], [MINUTE, 'minute']];
  const parts: string[] = [];
  let rest = Math.max(0, ms);
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n && parts.length < 2) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    else if (parts.length) break;
  }
  return parts.join(' ') || 'less than a minute';
}

/** The oldest event time of an append-only events array, read incrementally (a page costs its own length). */
export class OldestLoaded {
  #events: readonly CtEvent[] | null = null;
  #seen = 0;
  #oldest = Number.NaN;

  of(events: readonly CtEvent[]): number {
    if (events !== this.#events || events.length < this.#seen) {
      this.#events = events;
      this.#seen = 0;
      this.#oldest = Number.NaN;
    }
    for (let i = this.#seen; i < events.length; i++) {
      const t = events[i]!.EventTime?.getTime();
      if (t !== undefined && !(t >= this.#oldest)) this.#oldest = t;
    }
    this.#seen = events.length;
    return this.#oldest;
  }
}
