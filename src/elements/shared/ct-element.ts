import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { CtSession } from './session.js';
import { SessionConsumer } from './session-consumer.js';

/**
 * Base of the elements that work with a shared session: from a `<ct-lookup-provider>` ancestor,
 * from the provider named by `provider`, or from `session` set by hand.
 */
export abstract class CtSessionElement extends LitElement {
  /** The session to use, set by hand; takes precedence over `provider` and an ancestor provider. */
  @property({ attribute: false }) session?: CtSession;

  /** The id of a `<ct-lookup-provider>` elsewhere on the page whose session this element shares. */
  @property({ reflect: true }) provider?: string;

  protected readonly consumer = new SessionConsumer(this, (session) => this.sessionChanged(session));

  /** The session in use, if any. */
  protected get activeSession(): CtSession | undefined {
    return this.consumer.session;
  }

  /** Called when the element connects to a different session (or loses it). */
  protected sessionChanged(_session: CtSession | undefined): void {}
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
export const TIME_ZONES: readonly unknown[] = ['utc', 'local'];
