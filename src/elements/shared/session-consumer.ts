/**
 * Connects an element to a session, from the first of: a session set by hand (`session`
 * property), the provider named by id (`provider` attribute, for elements placed anywhere on a
 * portal page), or the nearest `<ct-lookup-provider>` ancestor (through @lit/context). Re-renders
 * the host whenever the lookup or view state changes.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sessionContext } from './context.js';
import type { CtSession } from './session.js';

export interface SessionHost extends ReactiveControllerHost, HTMLElement {
  session?: CtSession;
  provider?: string;
}

/** Fired on `document` by a provider when it connects, so elements that name it can find it. */
export const PROVIDER_CONNECTED = 'ct-provider-connected';

export class SessionConsumer implements ReactiveController {
  private fromContext?: CtSession;
  private bound?: CtSession;
  private unsubscribe: (() => void)[] = [];
  private readonly onProviderConnected = () => this.rebind();

  constructor(private readonly host: SessionHost, private readonly onChange?: (session: CtSession | undefined) => void) {
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => {
        this.fromContext = session;
        this.rebind();
      },
    });
  }

  /** The session in use, if any. */
  get session(): CtSession | undefined {
    return this.bound;
  }

  hostConnected(): void {
    document.addEventListener(PROVIDER_CONNECTED, this.onProviderConnected);
    this.rebind();
  }

  hostDisconnected(): void {
    document.removeEventListener(PROVIDER_CONNECTED, this.onProviderConnected);
    this.bind(undefined);
  }

  hostUpdate(): void {
    // `session` or `provider` may have been set since the last render.
    this.rebind();
  }

  private resolve(): CtSession | undefined {
    if (this.host.session) return this.host.session;
    if (this.host.provider) {
      const root = this.host.getRootNode() as Document | ShadowRoot;
      const el = (root.getElementById?.(this.host.provider) ?? document.getElementById(this.host.provider)) as
        | (HTMLElement & { session?: CtSession })
        | null;
      return el?.session;
    }
    return this.fromContext;
  }

  private rebind(): void {
    if (!this.host.isConnected) return;
    const next = this.resolve();
    if (next !== this.bound) this.bind(next);
  }

  private bind(session: CtSession | undefined): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.bound = session;
    if (session) {
      this.unsubscribe.push(
        session.subscribe(() => this.host.requestUpdate()),
        session.lookup.subscribe(() => this.host.requestUpdate()),
      );
    }
    this.onChange?.(session);
    this.host.requestUpdate();
  }
}
