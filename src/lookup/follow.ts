/**
 * Following a lookup (a live tail). CloudTrail delivers events to Event history minutes late and
 * not in order, so each poll looks again at an overlapping window (from the newest event held
 * minus `overlapMs` to now) and the controller drops the EventIds it already holds. Polls go
 * through the same rate limiter as paging, one at a time, and wait while a page loads (the
 * controller's `target()` is null then). Loaded on demand: the first rows do not need it.
 *
 * Nothing is missed: a poll reads its whole window, however many pages a burst fills. The window's
 * start only moves on after a poll that read to its end; a poll that fails (or a Region that stays
 * behind) leaves it where it was, so the next poll reads the same span again and fills the gap, and
 * the state names the span not read yet ({@link FollowGap}) until then.
 */
import type { LookupEventsInput as LookupEventsCommandInput } from './wire.js';
import type { ControllerInside } from './lookup-session.js';
import { insertByTime, type CtEvent } from './events.js';
import { onlyStalled, type Page } from './page-source.js';
import type { LookupPlan } from './query.js';
import type { LimiterClock } from './rate-limiter.js';

/** What a poll is for: the query shown (by its generation `id`) and the newest event held. */
export interface FollowTarget {
  id: number;
  plan: LookupPlan;
  /** Epoch ms of the newest event held; undefined when none is. */
  newest: number | undefined;
  signal: AbortSignal;
}

interface FollowPort {
  clock: LimiterClock;
  /** Epoch ms, for the window's end. */
  now: () => number;
  /** Ms from the end of one poll to the start of the next; default 5,000. */
  intervalMs?: number;
  /** How far before the newest event held each poll looks again; default 10 minutes. */
  overlapMs?: number;
  /** Pages one poll may read at most (a bound against a service that pages forever); default 10,000. */
  maxPagesPerPoll?: number;
  /** The query to poll for now, or null to skip this poll (a page is loading, paused, failed). */
  target(): FollowTarget | null;
  /** One page, through the rate limiter, with retries. */
  fetch(input: LookupEventsCommandInput, signal: AbortSignal): Promise<Page>;
  /** Lets `merge` change the events held for query `id` (if it is still shown); `merge` returns how many it added. */
  hold(id: number, merge: (held: HeldEvents) => number): void;
  /** The span of query `id` not read yet after a failed poll (null once a poll read it). */
  gap?(id: number, gap: FollowGap | null): void;
}

/** A span (epoch ms) a failed poll left unread; the next poll that succeeds reads it. */
export interface FollowGap {
  from: number;
  to: number;
  /** Why the last poll did not read it. */
  reason: string;
}

/** The controller's events of one query, as a poll's merge sees them. */
export interface HeldEvents {
  /** Newest first; replaced (not changed in place) when events are added. */
  events: CtEvent[];
  readonly seen: Set<string>;
  readonly plan: LookupPlan;
  readonly counts: { loaded: number };
  /** Value columns beside `events`; dropped when events are inserted (they rebuild on demand). */
  columns?: unknown;
}

/**
 * Adds the events of `found` not held yet (by EventId) that pass the query's browser-side filters,
 * each at its place by time: a late event may be older than the top rows, and the list stays
 * newest first. Returns how many were added.
 */
export function mergeNewer(held: HeldEvents, found: readonly CtEvent[]): number {
  const fresh: CtEvent[] = [];
  for (const event of found) {
    const id = event.EventId;
    if (id === undefined || held.seen.has(id)) continue;
    held.seen.add(id);
    if (held.plan.filters.every((f) => f.test(event))) fresh.push(event);
  }
  if (!fresh.length) return 0;
  held.events = insertByTime(held.events, fresh);
  held.columns = undefined;
  held.counts.loaded = held.events.length;
  return fresh.length;
}

interface FollowHandle {
  /** Stops polling; a request in flight is aborted. */
  stop(): void;
}

const FOLLOW_INTERVAL_MS = 5_000;
const FOLLOW_OVERLAP_MS = 10 * 60_000;

/**
 * The LookupEvents input of one poll: the query's own, over [newest - overlap, now]. A range the
 * user fixed keeps its end: following it catches the events delivered late into it.
 */
export function pollInput(target: FollowTarget, now: number, overlapMs: number, since?: number): LookupEventsCommandInput {
  const { plan } = target;
  const end = plan.query.timeRange.kind === 'absolute' ? Math.min(plan.end.getTime(), now) : now;
  const from = Math.max(plan.start.getTime(), since ?? (target.newest ?? plan.start.getTime()) - overlapMs);
  const { NextToken: _unused, ...input } = plan.input;
  return { ...input, StartTime: new Date(Math.min(from, end)), EndTime: new Date(end) };
}

function startFollowing(port: FollowPort): FollowHandle {
  const interval = port.intervalMs ?? FOLLOW_INTERVAL_MS;
  const overlap = port.overlapMs ?? FOLLOW_OVERLAP_MS;
  const maxPages = port.maxPagesPerPoll ?? 10_000;
  const stopped = new AbortController();
  let timer: unknown;
  /** Where the next poll of query `id` starts: moved on only by a poll that read its whole window. */
  let watermark: { id: number; since: number } | undefined;

  const schedule = (ms: number) => {
    if (!stopped.signal.aborted) timer = port.clock.setTimeout(poll, ms);
  };

  async function poll(): Promise<void> {
    timer = undefined;
    const target = port.target();
    if (target && !target.signal.aborted) {
      const signal = AbortSignal.any([stopped.signal, target.signal]);
      if (watermark?.id !== target.id) watermark = undefined;
      const input = pollInput(target, port.now(), overlap, watermark?.since);
      const found: CtEvent[] = [];
      let failure: string | undefined;
      try {
        failure = await readWindow(input, signal, found);
      } catch (err) {
        // A failed poll (after its retries) is tried again at the next interval from the same
        // start; the events found before the failure still count.
        failure = err instanceof Error ? err.message : String(err);
      }
      if (!signal.aborted) {
        port.hold(target.id, (held) => mergeNewer(held, found));
        const from = (input.StartTime as Date).getTime();
        const to = (input.EndTime as Date).getTime();
        if (failure === undefined) {
          let newest = target.newest ?? -Infinity;
          for (const e of found) newest = Math.max(newest, e.EventTime?.getTime() ?? -Infinity);
          // The next window starts `overlap` before the newest event seen (late deliveries), never
          // before this one's start, and never after this one's end.
          const since = Number.isFinite(newest) ? Math.min(to, Math.max(from, newest - overlap)) : from;
          watermark = { id: target.id, since };
          port.gap?.(target.id, null);
        } else {
          watermark = { id: target.id, since: from };
          port.gap?.(target.id, { from, to, reason: failure });
        }
      }
    }
    schedule(interval);
  }

  /** Reads every page of one poll's window into `found`; returns why it could not finish, if it could not. */
  async function readWindow(input: LookupEventsCommandInput, signal: AbortSignal, found: CtEvent[]): Promise<string | undefined> {
    let token: string | undefined;
    const sent = new Set<string>();
    for (let pages = 0; pages < maxPages; pages++) {
      const page = await port.fetch(token ? { ...input, NextToken: token } : input, signal);
      found.push(...page.events, ...(page.late ?? []));
      if (!page.nextToken || sent.has(page.nextToken)) return undefined;
      const stuck = page.regions?.filter((r) => r.behind && !r.done && !r.error);
      if (stuck?.length && !page.events.length && !page.late?.length && onlyStalled(page.regions)) {
        return `${stuck.map((r) => r.region).join(', ')} did not answer (${stuck[0].trouble?.message ?? 'retrying'})`;
      }
      if (token) sent.add(token);
      token = page.nextToken;
    }
    return `the window needs more than ${maxPages} pages`;
  }

  schedule(0);
  return {
    stop() {
      stopped.abort();
      if (timer !== undefined) port.clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}

const following = new WeakMap<ControllerInside, FollowHandle>();

/** Switches following on or off for a controller (LookupController.follow loads this module to call it). */
export function follow(inside: ControllerInside, on: boolean): void {
  following.get(inside)?.stop();
  following.delete(inside);
  if (on) {
    following.set(inside, startFollowing({
      ...inside.follow, clock: inside.clock, now: inside.now, fetch: inside.fetch,
      target: () => {
        const s = inside.session();
        // Polls wait while a page loads (the user pages back), while paused and after an error.
        return !s || s.error || s.inflight || inside.paused() ? null : { plan: s.plan, newest: s.events[0]?.EventTime?.getTime(), signal: s.abort.signal, id: s.id };
      },
      hold: (id, merge) => {
        const s = inside.session();
        const added = s?.id === id ? merge(s) : 0;
        const state = inside.state();
        if (added) inside.set({ events: s!.events, eventsVersion: state.eventsVersion + 1, followed: state.followed + added, counts: { ...s!.counts } });
      },
      gap: (id, gap) => {
        const s = inside.session();
        if (s?.id === id && JSON.stringify(inside.state().followGap) !== JSON.stringify(gap)) inside.set({ followGap: gap });
      },
    }));
  }
  if (inside.state().following !== on) inside.set({ following: on });
}
