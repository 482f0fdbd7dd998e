import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { LookupController } from '../../lookup/controller.js';
import type { AwsCredentials, AwsCredentialsProvider, Logins } from '../../lookup/credentials.js';
import { sessionContext } from '../shared/context.js';
import { CtSession } from '../shared/session.js';
import { PROVIDER_CONNECTED } from '../shared/session-consumer.js';
import { CtSessionChangeEvent } from '../events.js';
import { warnInvalid } from '../shared/ct-element.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const POOL_ID = /^[a-z]{2}(-[a-z]+)+-\d+:[0-9a-f-]{36}$/;

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * @summary Hosts the shared lookup controller and hands it to the filter, table and detail inside
 * it, or to those elsewhere on the page that name this element's id in their `provider` attribute.
 *
 * Credentials come from a Cognito identity pool (`identity-pool-id`, with `logins` set as a
 * property) or from `credentials`, any AWS credential provider the host page passes. Secrets are
 * never read from or written to attributes.
 *
 * @slot - The elements that share this provider's controller.
 * @fires ct-session-change - The provider made a new session (its configuration changed) or dropped it.
 */
export class CtLookupProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** AWS Region whose event history is looked up. */
  @property() region = 'us-east-1';

  /** CloudTrail (and Cognito) endpoint URL, for the emulator or a proxy; unset means AWS's own. */
  @property() endpoint?: string;

  /** Cognito Identity endpoint URL; defaults to `endpoint` (the emulator serves both), unset means AWS's own. */
  @property({ attribute: 'cognito-endpoint' }) cognitoEndpoint?: string;

  /** Cognito identity pool id, such as `us-east-1:0000…`. */
  @property({ attribute: 'identity-pool-id' }) identityPoolId?: string;

  /** Sign-in tokens for the identity pool, by provider name, or a function returning fresh ones. Property only. */
  @property({ attribute: false }) logins?: Logins | (() => Promise<Logins>);

  /** Any AWS credentials or credential provider; takes precedence over the identity pool. Property only. */
  @property({ attribute: false }) credentials?: AwsCredentials | AwsCredentialsProvider;

  private readonly context = new ContextProvider(this, { context: sessionContext });
  private current?: CtSession;

  /** The session shared by this provider's elements; created from the configuration on first use. */
  get session(): CtSession | undefined {
    return this.current;
  }

  private stale = true;

  override connectedCallback(): void {
    super.connectedCallback();
    // Built in the next update, once every property the host page sets up front is in.
    this.stale = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Drop the controller and with it every credential it held.
    this.current?.lookup.dispose();
    this.current = undefined;
    this.context.setValue(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.stale || ['region', 'endpoint', 'cognitoEndpoint', 'identityPoolId', 'logins', 'credentials'].some((k) => changed.has(k as keyof CtLookupProvider))) {
      this.stale = false;
      this.rebuild();
    }
  }

  /** Signs out: forgets credentials and loaded events. Elements show the empty, no-lookup state. */
  signOut(): void {
    this.logins = undefined;
    this.credentials = undefined;
  }

  private rebuild(): void {
    this.current?.lookup.dispose();
    if (!REGION.test(this.region)) {
      console.warn(`<ct-lookup-provider>: region ${JSON.stringify(this.region)} is not an AWS Region name; using "us-east-1".`);
      this.region = 'us-east-1';
    }
    for (const [prop, name] of [['endpoint', 'endpoint'], ['cognitoEndpoint', 'cognito-endpoint']] as const) {
      const value = this[prop];
      if (value !== undefined && value !== null && value !== '' && !isHttpUrl(value)) {
        warnInvalid(this, name, value, undefined, "an absolute http(s) URL; unset uses AWS's own endpoint");
        this[prop] = undefined;
      }
    }
    if (this.identityPoolId && !POOL_ID.test(this.identityPoolId)) {
      warnInvalid(this, 'identity-pool-id', this.identityPoolId, undefined, 'an identity pool id such as "us-east-1:00000000-0000-0000-0000-000000000000"');
      this.identityPoolId = undefined;
    }
    const credentials = this.credentials
      ?? (this.identityPoolId
        ? { region: this.identityPoolId.split(':')[0] || this.region, identityPoolId: this.identityPoolId, endpoint: this.cognitoEndpoint ?? this.endpoint, logins: this.logins }
        : undefined);
    this.current = credentials
      ? new CtSession(new LookupController({ region: this.region, endpoint: this.endpoint, credentials }))
      : undefined;
    this.context.setValue(this.current, true);
    document.dispatchEvent(new Event(PROVIDER_CONNECTED));
    this.dispatchEvent(new CtSessionChangeEvent(this.current));
  }

  override render() {
    return html`<slot></slot>`;
  }
}
