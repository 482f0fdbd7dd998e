/**
 * What the elements of one Event history share: the lookup controller (data layer) and the view
 * state that is not data: the selected event, the events chosen for comparison, the time zone.
 * A provider element hosts one; filter, table and detail subscribe to it.
 */
import type { LookupController } from '../../lookup/controller.js';
import type { CtEvent } from '../../lookup/events.js';
import type { TimeZoneMode } from './format.js';

export const MAX_COMPARE = 5;

export interface SessionView {
  selected: CtEvent | null;
  compare: readonly CtEvent[];
  timeZone: TimeZoneMode;
}

export class CtSession {
  private view: SessionView = { selected: null, compare: [], timeZone: 'utc' };
  private readonly listeners = new Set<(view: SessionView) => void>();

  constructor(readonly lookup: LookupController) {}

  get state(): SessionView {
    return this.view;
  }

  subscribe(listener: (view: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  select(event: CtEvent | null): void {
    this.update({ selected: event });
  }

  setTimeZone(timeZone: TimeZoneMode): void {
    if (timeZone !== this.view.timeZone) this.update({ timeZone });
  }

  /** Adds or removes an event from the comparison; refuses a sixth and says so by returning false. */
  toggleCompare(event: CtEvent): boolean {
    const has = this.view.compare.some((e) => e.EventId === event.EventId);
    if (!has && this.view.compare.length >= MAX_COMPARE) return false;
    this.update({ compare: has ? this.view.compare.filter((e) => e.EventId !== event.EventId) : [...this.view.compare, event] });
    return true;
  }

  clearCompare(): void {
    this.update({ compare: [] });
  }

  /** A new query starts a new investigation: what was selected belongs to the old result. */
  resetView(): void {
    this.update({ selected: null, compare: [] });
  }

  private update(patch: Partial<SessionView>): void {
    this.view = { ...this.view, ...patch };
    for (const listener of this.listeners) listener(this.view);
  }
}
