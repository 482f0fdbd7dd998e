import { LitElement, css, html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { defaultQuery } from '../../lookup/query.js';
import type { AwsCredentials, AwsCredentialsProvider, Logins } from '../../lookup/credentials.js';
import type { LookupQuery } from '../../lookup/types.js';
import type { CtQuerySubmitEvent, CtSessionChangeEvent } from '../events.js';
import type { CtLookupProvider } from '../ct-lookup-provider/ct-lookup-provider.js';
import { DEFAULT_COLUMNS, type ColumnId } from '../ct-event-table/columns.js';
import type { TimeZoneMode } from '../shared/format.js';
import { tokens } from '../shared/tokens.styles.js';
import { THEMES, TIME_ZONES, keepChoice } from '../shared/ct-element.js';
import { readQuery, writeQuery } from './url-state.js';

/**
 * @summary The drop-in Event history: filter, table and detail around one controller, in a
 * responsive layout (detail beside the table on wide screens, below it on narrow ones).
 *
 * The inner elements' events bubble out of it (they are composed); cancel one to keep the shared
 * controller from acting on it.
 *
 * @fires ct-query-submit - The user ran a valid query from the filter.
 * @fires ct-query-reset - The user restored the filter's defaults.
 * @fires ct-event-select - The user opened an event in the table.
 * @fires ct-load-more - The table needs the next page.
 * @fires ct-retry - The user asked to retry after an error.
 * @fires ct-compare-change - The user changed the events picked for comparison.
 * @fires ct-columns-change - The user changed the visible columns.
 * @fires ct-session-change - The inner provider made a new session (the configuration changed) or dropped it.
 *
 * @csspart filter - The `<ct-lookup-filter>`.
 * @csspart table - The `<ct-event-table>`.
 * @csspart detail - The `<ct-event-detail>`.
 *
 * @cssprop --ct-table-height - Height of the table's scrolling grid.
 */
export class CtEventHistory extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .layout {
        display: grid;
        gap: var(--ct-space-m);
        container-type: inline-size;
      }
      .main {
        display: grid;
        gap: var(--ct-space-m);
        grid-template-columns: minmax(0, 1fr);
        align-items: start;
      }
      @container (min-width: 70rem) {
        .main {
          grid-template-columns: minmax(0, 3fr) minmax(22rem, 2fr);
        }
        ct-event-detail {
          position: sticky;
          top: 0;
        }
      }
    `,
  ];

  /** AWS Region whose event history is looked up. */
  @property() region = 'us-east-1';
  /** CloudTrail endpoint URL (the emulator, or a proxy); unset means AWS's own. */
  @property() endpoint?: string;
  /** Cognito Identity endpoint URL; defaults to `endpoint`. */
  @property({ attribute: 'cognito-endpoint' }) cognitoEndpoint?: string;
  /** Cognito identity pool id. */
  @property({ attribute: 'identity-pool-id' }) identityPoolId?: string;
  /** Sign-in tokens for the identity pool, by provider name, or a function returning fresh ones. Property only. */
  @property({ attribute: false }) logins?: Logins | (() => Promise<Logins>);
  /** Any AWS credentials or credential provider; takes precedence over the identity pool. Property only. */
  @property({ attribute: false }) credentials?: AwsCredentials | AwsCredentialsProvider;
  /** Visible table columns (comma-separated column ids). */
  @property({ attribute: false }) columns?: readonly ColumnId[];
  /** Times in UTC ("utc") or local time ("local"). */
  @property({ attribute: 'time-zone' }) timeZone: TimeZoneMode = 'utc';
  /** Keep the query in the page URL so a link reopens the same view. */
  @property({ type: Boolean, attribute: 'url-state' }) urlState = false;
  /** Do not run the default lookup when the element appears. */
  @property({ type: Boolean, attribute: 'no-auto-run' }) noAutoRun = false;
  /** Light or dark; unset follows the system. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @state() private initialQuery: LookupQuery = defaultQuery();
  @query('ct-lookup-provider') private provider?: CtLookupProvider;
  private started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.urlState) this.initialQuery = readQuery(new URLSearchParams(location.search)) ?? this.initialQuery;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('timeZone')) keepChoice(this, 'timeZone', 'time-zone', TIME_ZONES, 'utc');
    if (changed.has('theme')) keepChoice(this, 'theme', 'theme', THEMES, undefined);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('timeZone')) this.provider?.session?.setTimeZone(this.timeZone);
  }

  /** Runs the first lookup as soon as there is a session, as the console does on opening. */
  private onSessionChange = (e: CtSessionChangeEvent) => {
    const session = e.session;
    if (!session) return;
    session.setTimeZone(this.timeZone);
    if (this.started || this.noAutoRun) return;
    this.started = true;
    session.lookup.run(this.initialQuery).catch(() => {
      // The controller publishes the error; the table shows it.
    });
  };

  override render() {
    return html`<ct-lookup-provider .region=${this.region} .endpoint=${this.endpoint} .cognitoEndpoint=${this.cognitoEndpoint}
      .identityPoolId=${this.identityPoolId} .logins=${this.logins} .credentials=${this.credentials} @ct-session-change=${this.onSessionChange}>
      <div class="layout" @ct-query-submit=${this.onSubmit}>
        <ct-lookup-filter part="filter" exportparts="base: filter-base" .query=${this.initialQuery} .timeZone=${this.timeZone} theme=${this.theme ?? ''}></ct-lookup-filter>
        <div class="main">
          <ct-event-table part="table" .columns=${this.columns ?? DEFAULT_COLUMNS} theme=${this.theme ?? ''}></ct-event-table>
          <ct-event-detail part="detail" theme=${this.theme ?? ''}></ct-event-detail>
        </div>
      </div>
    </ct-lookup-provider>`;
  }

  /** Signs out: forgets `logins` and `credentials`; the controller, its credentials and the loaded events are dropped. */
  signOut(): void {
    this.logins = undefined;
    this.credentials = undefined;
    this.provider?.signOut();
  }

  private onSubmit = (e: CtQuerySubmitEvent) => {
    if (this.urlState) {
      const params = writeQuery(new URLSearchParams(location.search), e.query);
      history.replaceState(history.state, '', `${location.pathname}?${params}${location.hash}`);
    }
  };
}
