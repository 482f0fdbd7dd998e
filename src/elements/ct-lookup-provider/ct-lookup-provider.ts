import { addSigmaRules } from '../../state/findings.js';
import type { SigmaInput } from '../../lookup/findings/sigma.js';
import { css, html, isServer, type PropertyValues, type TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import { LookupController } from '../../lookup/controller.js';
import { awsEndpoint, poolRegion } from '../../lookup/endpoints.js';
import { sessionContext } from '../shared/context.js';
import { InvestigationStore } from '../../state/store.js';
import { DEFAULT_COLUMNS } from '../../state/columns.js';
import { PROVIDER_CONNECTED } from '../shared/store-consumer.js';
import { CtSessionChangeEvent, CtTimeZoneChangeEvent } from '../events.js';
import { warnInvalid } from '../shared/ct-element.js';
import { LookupConfigElement } from '../shared/lookup-config.js';
import { watchPolicyRefusals } from '../shared/policy-refusals.js';
import { ATHENA_KEYS, athenaSourceFactory, sourcesOf } from './athena-config.js';
import { DEFAULT_ENABLED_REGIONS, REGION_NAME, type RegionChoice } from '../../lookup/aws-regions.js';
import { checkedAccounts, ACCOUNT_KEYS } from '../shared/accounts-config.js';

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

/** The names of `wanted` that `allowed` holds, in its order; the others are warned about (as `attribute`). */
function chosenOf(host: HTMLElement, attribute: string, wanted: readonly string[], allowed: readonly string[]): string[] {
  const refused = wanted.filter((r) => !allowed.includes(r));
  if (refused.length) console.warn(`<${host.localName}>: ${attribute} names ${refused.join(', ')}, which this view does not offer; left out.`);
  return allowed.filter((r) => wanted.includes(r));
}

/**
 * @summary Hosts one investigation (the lookup controller and the store of its view state) and
 * hands it to the filter, table and detail inside it, or to those elsewhere on the page that name
 * this element's id in their `provider` attribute.
 *
 * Credentials come from a Cognito identity pool (`identity-pool-id`, with `logins` set as a
 * property) or from `credentials`, any AWS credential provider the host page passes. Secrets are
 * never read from or written to attributes. Without `logins`, the pool's guest identities are used
 * only with `allow-guest`.
 *
 * The investigation outlives moves in the DOM: it is disposed on `signOut()`, when the Region,
 * endpoints or credentials change, or once the provider has stayed disconnected for
 * `dispose-delay` milliseconds.
 *
 * @slot - The elements that share this provider's investigation.
 * @fires ct-session-change - The provider made a new investigation (its configuration changed) or dropped it.
 * @fires ct-time-zone-change - The investigation's time zone changed (the user, or a `time-zone` attribute, chose another).
 */
export class CtLookupProvider extends LookupConfigElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  // The account's Regions: listed with EC2's DescribeRegions when the host names none (ec2-regions.ts, loaded then).

  /** The Regions EC2 listed for this configuration, or why the default list stands in. */
  private listed?: { regions?: readonly string[]; note?: string };
  private listing?: AbortController;

  private readonly context = new ContextProvider(this, { context: sessionContext });
  private current?: InvestigationStore;
  private built = false;
  private disposeTimer?: ReturnType<typeof setTimeout>;
  /** signOut() was called: no guest identity until new logins or credentials arrive. */
  private signedOut = false;
  private offTimeZone?: () => void;

  /** The investigation shared by this provider's elements; created from the configuration on first use. */
  get session(): InvestigationStore | undefined {
    return this.current;
  }

  /**
   * Why there is no investigation, when the configuration has nothing to sign in with:
   * `'signed-out'` after signOut(), `'no-logins'` for an identity pool without logins (and guest
   * access off), `'no-sign-in'` for neither a pool nor credentials. Undefined otherwise.
   */
  get signInNeeded(): 'signed-out' | 'no-logins' | 'no-sign-in' | undefined {
    if (this.current || this.canSignIn()) return undefined;
    return this.signedOut ? 'signed-out' : this.identityPoolId ? 'no-logins' : 'no-sign-in';
  }

  /** Credentials, or an identity pool with logins (or guest access, unless signed out). */
  private canSignIn(): boolean {
    return Boolean(this.credentials || (this.identityPoolId && (this.logins || (this.allowGuest && !this.signedOut))));
  }

  constructor() {
    super();
    // The filter's source switch: a new investigation on the chosen source.
    this.addEventListener('ct-source-change', (e) => {
      if (!e.defaultPrevented && (e.source === 'athena' || e.source === 'event-history')) this.source = e.source;
    });
    // The filter's Region chooser, or "Search all": a new investigation over the Regions chosen.
    this.addEventListener('ct-regions-change', (e) => {
      if (!e.defaultPrevented && Array.isArray(e.regions) && e.regions.length) this.searchRegions = [...e.regions];
    });
    // The filter's account chooser: a new investigation over the accounts chosen.
    this.addEventListener('ct-accounts-change', (e) => {
      if (!e.defaultPrevented && e.accounts.length) this.searchAccounts = [...e.accounts];
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchPolicyRefusals(this.ownerDocument);
    // A move in the DOM re-attaches the same investigation: same rows, same selection, no request.
    clearTimeout(this.disposeTimer);
    this.disposeTimer = undefined;
    if (!this.built) this.requestUpdate();
    else document.dispatchEvent(new Event(PROVIDER_CONNECTED));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const delay = Number.isFinite(this.disposeDelay) && this.disposeDelay >= 0 ? this.disposeDelay : 5000;
    this.disposeTimer = setTimeout(() => {
      this.disposeTimer = undefined;
      // Gone for good: drop the controller and with it every credential it held.
      this.drop();
      this.built = false;
    }, delay);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A server render (@lit-labs/ssr) draws the shell only: the investigation starts in the browser.
    if (isServer) return;
    if (changed.has('logins') && this.logins || changed.has('credentials') && this.credentials) this.signedOut = false;
    if (changed.has('sigmaRules') && this.sigmaRules) this.readSigma(this.sigmaRules);
    const identity = ['region', 'regions', 'endpoint', 'ec2Endpoint', 'cognitoEndpoint', 'identityPoolId', 'logins', 'credentials', 'allowGuest'] as const;
    if (identity.some((k) => changed.has(k))) this.listed = undefined;
    const keys = [...identity, 'searchRegions', ...ATHENA_KEYS, ...ACCOUNT_KEYS];
    if (!this.built || keys.some((k) => changed.has(k as keyof CtLookupProvider))) {
      this.built = true;
      this.rebuild();
    } else if (changed.has('scanLimit') && this.current) {
      // A new limit applies from the next load; the investigation stays.
      this.current.lookup.scanLimit = this.scanLimit;
    }
  }

  private readSigma(rules: SigmaInput | readonly SigmaInput[]): void {
    addSigmaRules(rules).then((refused) => {
      if (refused.length && this.sigmaRules === rules) this.current?.showNotice(`Some Sigma rules were not used. ${refused.join(' ')}`);
    }, (err: Error) => this.current?.showNotice(`The Sigma rules could not be read: ${err.message}`));
  }

  /**
   * Signs out: forgets logins and credentials, disposes the investigation (its controller, held
   * credentials and the signer's cached keys). Nothing is sent until new logins or credentials are set.
   */
  signOut(): void {
    this.signedOut = true;
    this.built = false;
    this.requestUpdate();
    this.logins = undefined;
    this.credentials = undefined;
  }

  private drop(): void {
    this.listing?.abort();
    this.listing = undefined;
    this.offTimeZone?.();
    this.offTimeZone = undefined;
    this.current?.dispose();
    this.current = undefined;
    this.context.setValue(undefined);
  }

  private rebuild(): void {
    const previous = this.current?.state;
    this.drop();
    if (!REGION_NAME.test(this.region)) {
      console.warn(`<ct-lookup-provider>: region ${JSON.stringify(this.region)} is not an AWS Region name; using "us-east-1".`);
      this.region = 'us-east-1';
    }
    for (const [prop, name] of [['endpoint', 'endpoint'], ['cognitoEndpoint', 'cognito-endpoint'], ['athenaEndpoint', 'athena-endpoint'], ['stsEndpoint', 'sts-endpoint']] as const) {
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
      ?? (this.identityPoolId && this.canSignIn()
        ? { region: poolRegion(this.identityPoolId) ?? this.region, identityPoolId: this.identityPoolId, endpoint: this.cognitoEndpoint || undefined, logins: this.logins }
        : undefined);
    const scanLimit = Number.isFinite(this.scanLimit) && this.scanLimit > 0 ? this.scanLimit : undefined;
    const { searched: regions, allowed } = this.regionChoice();
    // Several Regions: say which one each row comes from, unless the reader chose columns already.
    const byDefault = (c?: readonly string[]) => !c || [[], ['region'], ['account'], ['account', 'region']].some((extra) => c.join() === [...DEFAULT_COLUMNS, ...extra].join());
    // Several accounts (shared/accounts-config.ts): an Account column beside the Region column.
    const configured = checkedAccounts(this, this.accounts);
    const ids = chosenOf(this, 'search-accounts', Array.isArray(this.searchAccounts) ? this.searchAccounts : [], configured.map((a) => a.accountId));
    const accounts = ids.length ? configured.filter((a) => ids.includes(a.accountId)) : configured;
    if (this.accountsVia !== undefined && this.accountsVia !== 'web-identity' && this.accountsVia !== 'assume-role') {
      warnInvalid(this, 'accounts-via', this.accountsVia, 'web-identity', '"web-identity" or "assume-role"');
    }
    const columns = !byDefault(previous?.columns) ? previous!.columns
      : regions.length > 1 || accounts.length > 1 ? [...DEFAULT_COLUMNS, ...(accounts.length > 1 ? ['account' as const] : []), ...(regions.length > 1 ? ['region' as const] : [])] : previous?.columns;
    const makeSource = athenaSourceFactory(this, this, configured.length ? accounts.map((a) => a.accountId) : undefined);
    // A new configuration is a new investigation, but the reader's choices of view carry over.
    this.current = credentials
      ? new InvestigationStore(new LookupController({
        region: regions[0], regions, endpoint: this.endpoint, credentials, scanLimit, makeSource,
        accounts, stsEndpoint: this.stsEndpoint, stsRegion: this.region, accountsVia: this.accountsVia === 'assume-role' ? 'assume-role' : undefined,
      }), {
        initial: { timeZone: previous?.timeZone, columns },
        sources: sourcesOf(this),
        regions: { searched: regions, allowed },
        accounts: { searched: accounts, allowed: configured },
      })
      : undefined;
    const store = this.current;
    this.offTimeZone = store?.onViewChange((changed, view) => {
      if (changed.has('timeZone')) this.dispatchEvent(new CtTimeZoneChangeEvent(view.timeZone));
    });
    if (store) this.listRegions(store);
    this.context.setValue(this.current, true);
    document.dispatchEvent(new Event(PROVIDER_CONNECTED));
    this.dispatchEvent(new CtSessionChangeEvent(this.current));
  }

  /** `list` without names that are not AWS Region names (each warned about, as `attribute`), without repeats. */
  private checkedRegions(list: unknown, attribute: string): string[] {
    const given = Array.isArray(list) ? list : list === undefined || list === null ? [] : [list];
    const valid = given.filter((r): r is string => {
      if (typeof r === 'string' && REGION_NAME.test(r)) return true;
      warnInvalid(this, attribute, r, undefined, 'AWS Region names such as "eu-west-1", separated by commas; it is left out');
      return false;
    });
    return [...new Set(valid)];
  }

  /**
   * The Regions offered (`regions`, else the Regions enabled by default plus `region`) and those
   * searched (`search-regions` among the offered, else every one of `regions`, else `region`).
   */
  private regionChoice(): RegionChoice {
    const given = this.checkedRegions(this.regions, 'regions');
    const offered = this.listed?.regions ?? DEFAULT_ENABLED_REGIONS;
    const allowed = given.length ? given : offered.includes(this.region) ? [...offered] : [this.region, ...offered];
    const chosen = chosenOf(this, 'search-regions', this.checkedRegions(this.searchRegions, 'search-regions'), allowed);
    const note = given.length ? undefined : this.listed?.note;
    return { allowed, searched: chosen.length ? chosen : given.length ? given : [this.region], ...(note ? { note } : {}) };
  }

  /**
   * Lists the Regions enabled for the account (EC2's DescribeRegions, with the investigation's
   * credentials) when the host names none, once per configuration; the chooser then offers them.
   * A refusal or a network failure leaves the default list, and the chooser says why.
   */
  private listRegions(store: InvestigationStore): void {
    const credentials = store.lookup.credentials;
    // A CloudTrail endpoint of the host's own (an emulator, a proxy) says nothing of where EC2 is: ask only where told.
    const endpoint = this.ec2Endpoint || (this.endpoint ? undefined : awsEndpoint('ec2', this.region));
    if (this.listed || !credentials || !endpoint || this.checkedRegions(this.regions, 'regions').length) return;
    if (this.ec2Endpoint && !isHttpUrl(this.ec2Endpoint)) {
      warnInvalid(this, 'ec2-endpoint', this.ec2Endpoint, undefined, "an absolute http(s) URL; unset uses AWS's own endpoint");
      return;
    }
    const abort = (this.listing = new AbortController());
    import('../../lookup/ec2-regions.js')
      .then((m) => m.listEnabledRegions({ region: this.region, endpoint, credentials: () => credentials(), signal: abort.signal }),
        (err: Error) => ({ note: `The Regions enabled for this account could not be listed (${err.message}); the Regions every account has are offered.` }))
      .then((listed) => {
        if (abort.signal.aborted) return;
        this.listing = undefined;
        this.listed = listed;
        if (this.current === store) store.offerRegions(this.regionChoice());
      });
  }

  override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
