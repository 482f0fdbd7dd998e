/**
 * Binds an element to a slice of the investigation store. The store comes from the first of: one
 * set by hand (`session` property), the provider named by id (`provider` attribute, for elements
 * placed anywhere on a portal page), or the nearest `<ct-lookup-provider>` ancestor (through
 * @lit/context). Without one the element keeps a store of its own (the same store type, looking
 * nothing up: {@link InvestigationStore.alone}), filled from what its host set on it, so it also
 * works alone and renders from a store either way.
 *
 * The host re-renders only when its slice changes (compared entry by entry), as with Redux's
 * `useSelector`: a page arriving re-renders the table, not the filter or an unchanged detail.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { InvestigationStore } from '../../state/store.js';
import type { Selector } from '../../state/view-store.js';
import { sessionContext } from './context.js';

export interface StoreHost extends ReactiveControllerHost, HTMLElement {
  session?: InvestigationStore;
  provider?: string;
}

/** Fired on `document` by a provider when it connects, so elements that name it can find it. */
export const PROVIDER_CONNECTED = 'ct-provider-connected';

export class StoreConsumer implements ReactiveController {
  private fromContext?: InvestigationStore;
  private bound?: InvestigationStore;
  /** The element's own store while no shared one is bound. */
  private own?: InvestigationStore;
  private unsubscribe?: () => void;
  private readonly onProviderConnected = () => this.rebind();
  /**
   * The element was rendered on the server (its declarative shadow root was there before it
   * upgraded): its first render must be the server's, which had no shared store, or Lit's hydration
   * fails. A store set up before then (sign-in set before or as the tags upgrade) binds once it has.
   */
  private hydrating: boolean;

  constructor(
    private readonly host: StoreHost,
    private readonly selector: Selector<unknown>,
    private readonly onBind?: (store: InvestigationStore) => void,
    /** Puts what the host set on the element (events to show) into its own store. */
    private readonly fillOwn?: (own: InvestigationStore) => void,
  ) {
    // LitElement attaches its own shadow root only when it connects: one there now came from the server's HTML.
    this.hydrating = host.shadowRoot !== null;
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (store) => {
        this.fromContext = store;
        this.rebind();
      },
    });
  }

  /** Whether the shared store came from a provider (which announces its changes) rather than by hand. */
  get fromProvider(): boolean {
    return this.bound !== undefined && this.bound !== this.host.session;
  }

  /** The store the element renders from: the shared one, or its own. */
  get store(): InvestigationStore {
    if (this.bound) return this.bound;
    if (!this.own) {
      this.own = InvestigationStore.alone();
      this.fillOwn?.(this.own);
      this.subscribe(this.own);
    }
    return this.own;
  }

  /** What the host set for the element's own store changed: it takes it (a shared store is left alone). */
  refillOwn(): void {
    if (this.own) this.fillOwn?.(this.own);
  }

  hostConnected(): void {
    document.addEventListener(PROVIDER_CONNECTED, this.onProviderConnected);
    this.rebind();
  }

  hostDisconnected(): void {
    document.removeEventListener(PROVIDER_CONNECTED, this.onProviderConnected);
    // The store outlives the connection (its owner decides when it ends); only listening stops.
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  hostUpdate(): void {
    // `session` or `provider` may have been set since the last render.
    this.rebind();
  }

  hostUpdated(): void {
    if (!this.hydrating) return;
    this.hydrating = false;
    this.rebind();
  }

  private resolve(): InvestigationStore | undefined {
    if (this.host.session) return this.host.session;
    if (this.host.provider) {
      const root = this.host.getRootNode() as Document | ShadowRoot;
      const el = (root.getElementById?.(this.host.provider) ?? document.getElementById(this.host.provider)) as
        | (HTMLElement & { session?: InvestigationStore })
        | null;
      return el?.session;
    }
    return this.fromContext;
  }

  private rebind(): void {
    if (!this.host.isConnected || this.hydrating) return;
    const next = this.resolve();
    if (next !== this.bound || !this.unsubscribe) this.bind(next);
  }

  private bind(store: InvestigationStore | undefined): void {
    const changed = store !== this.bound;
    this.bound = store;
    this.subscribe(this.store);
    if (changed) {
      this.onBind?.(this.store);
      this.host.requestUpdate();
    }
  }

  private subscribe(store: InvestigationStore): void {
    this.unsubscribe?.();
    this.unsubscribe = store.watch(this.selector, () => this.host.requestUpdate());
  }
}
