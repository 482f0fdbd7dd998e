/**
 * Binds an element to a slice of the investigation store. The store comes from the first of: one
 * set by hand (`session` property), the provider named by id (`provider` attribute, for elements
 * placed anywhere on a portal page), or the nearest `<ct-lookup-provider>` ancestor (through
 * @lit/context). Without one the element keeps a store of its own, so it also works alone.
 *
 * The host re-renders only when its slice changes (compared entry by entry), as with Redux's
 * `useSelector`: a page arriving re-renders the table, not the filter or an unchanged detail.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type InvestigationStore } from '../../state/store.js';
import { ViewStore, type Selector } from '../../state/view-store.js';
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
  private own?: ViewStore;
  private unsubscribe?: () => void;
  private readonly onProviderConnected = () => this.rebind();

  constructor(
    private readonly host: StoreHost,
    private readonly selector: Selector<unknown>,
    private readonly onBind?: (store: ViewStore, shared: InvestigationStore | undefined) => void,
  ) {
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

  /** The shared store in use, if any. */
  get session(): InvestigationStore | undefined {
    return this.bound;
  }

  /** Whether the shared store came from a provider (which announces its changes) rather than by hand. */
  get fromProvider(): boolean {
    return this.bound !== undefined && this.bound !== this.host.session;
  }

  /** The store the element renders from: the shared one, or its own. */
  get store(): ViewStore {
    if (this.bound) return this.bound;
    if (!this.own) {
      this.own = new ViewStore();
      this.subscribe(this.own);
    }
    return this.own;
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
    if (!this.host.isConnected) return;
    const next = this.resolve();
    if (next !== this.bound || !this.unsubscribe) this.bind(next);
  }

  private bind(store: InvestigationStore | undefined): void {
    const changed = store !== this.bound;
    this.bound = store;
    this.subscribe(this.store);
    if (changed) {
      this.onBind?.(this.store, store);
      this.host.requestUpdate();
    }
  }

  private subscribe(store: ViewStore): void {
    this.unsubscribe?.();
    this.unsubscribe = store.watch(this.selector, () => this.host.requestUpdate());
  }
}
