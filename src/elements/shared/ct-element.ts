import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { InvestigationStore } from '../../state/store.js';
import type { StoreSnapshot } from '../../state/view-store.js';
import type { TimeZoneMode } from '../../state/time.js';
import { COLUMNS, DEFAULT_COLUMNS, isColumnId, type ColumnId } from '../../state/columns.js';
import { StoreConsumer } from './store-consumer.js';

/**
 * Base of the elements that share an investigation store: from a `<ct-lookup-provider>` ancestor,
 * from the provider named by `provider`, or from `session` set by hand. Each subclass names the
 * slice of the store it renders ({@link CtSessionElement.slice}); it re-renders only when that
 * slice changes. Attributes that are view state (`time-zone`, `columns`) write into the store.
 */
export abstract class CtSessionElement extends LitElement {
  /** The investigation store to use, set by hand; takes precedence over `provider` and an ancestor provider. */
  @property({ attribute: false }) session?: InvestigationStore;

  /** The id of a `<ct-lookup-provider>` elsewhere on the page whose investigation this element shares. */
  @property({ reflect: true }) provider?: string;

  /** Show times in UTC ("utc") or the browser's time zone ("local"). Writes into the shared store; unset leaves the store's choice. */
  @property({ attribute: 'time-zone' }) timeZone?: TimeZoneMode;

  protected readonly consumer = new StoreConsumer(this, (s) => this.slice(s), (store) => this.storeBound(store), (own) => this.fillOwn(own));

  /** The store this element renders from: the shared one, or its own when it stands alone. */
  protected get store(): InvestigationStore {
    return this.consumer.store;
  }

  /** Standing alone: put what the host set on the element (events to show) into its own store. */
  protected fillOwn(_own: InvestigationStore): void {}

  /** What this element renders from the store; it re-renders when any entry changes. */
  protected abstract slice(state: StoreSnapshot): readonly unknown[];

  /** A (new) store is bound: hand it what the host page set on this element. */
  protected storeBound(store: InvestigationStore): void {
    if (this.timeZone === 'utc' || this.timeZone === 'local') store.setTimeZone(this.timeZone);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('timeZone') && this.timeZone !== undefined) {
      keepChoice(this, 'timeZone', 'time-zone', TIME_ZONES, 'utc');
      if (this.timeZone) this.store.setTimeZone(this.timeZone);
    }
  }
}

/** Warns once per element and name that a host page set an attribute or property to nonsense. */
export function warnInvalid(element: HTMLElement, name: string, value: unknown, fallback: unknown, allowed: string): void {
  console.warn(
    `<${element.localName}>: ${name} ${JSON.stringify(value)} is not valid (${allowed}); using ${JSON.stringify(fallback)}.`,
  );
}

/**
 * Puts `prop` back to `fallback`, with a {@link warnInvalid} warning, when a host page set it to a
 * value outside `allowed` (`fallback` itself is always accepted).
 */
export function keepChoice<T extends HTMLElement>(element: T, prop: keyof T & string, name: string, allowed: readonly unknown[], fallback: unknown): void {
  const value = element[prop];
  if (value === fallback || allowed.includes(value)) return;
  warnInvalid(element, name, value, fallback, `use ${allowed.filter((a) => typeof a === 'string' && a).map((a) => JSON.stringify(a)).join(' or ')}`);
  (element as unknown as Record<string, unknown>)[prop] = fallback;
}

/** The values `theme` accepts; empty or missing follows the system. */
export const THEMES: readonly unknown[] = ['light', 'dark', '', null, undefined];
/** The values `time-zone` accepts. */
export const TIME_ZONES: readonly unknown[] = ['utc', 'local', null, undefined];

/**
 * A host-set column list, checked: unknown ids are dropped with a warning naming the element, and
 * an empty or non-array value falls back to the default columns.
 */
export function checkColumns(element: HTMLElement, columns: unknown): readonly ColumnId[] {
  if (!Array.isArray(columns)) {
    warnInvalid(element, 'columns', columns, DEFAULT_COLUMNS, 'an array of column ids');
    return DEFAULT_COLUMNS;
  }
  const good = columns.filter((c): c is ColumnId => typeof c === 'string' && isColumnId(c));
  if (good.length === columns.length && good.length > 0) return columns as readonly ColumnId[];
  warnInvalid(element, 'columns', columns, DEFAULT_COLUMNS, `known columns: ${COLUMNS.map((c) => c.id).join(', ')}`);
  return good.length ? good : DEFAULT_COLUMNS;
}
