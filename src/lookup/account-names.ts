/**
 * Accounts as the view names them: "Prod (111122223333)". Labels are the host's configuration
 * (the provider's `accounts`); the Account column and facet read them here by account id, so an
 * event names its account the same way wherever it shows.
 */

/** An account of a lookup: its id and the label the host gave it. */
export interface AccountRef {
  readonly accountId: string;
  readonly label?: string;
}

/** "Prod (111122223333)", or the id alone without a label. */
export const accountName = (a: AccountRef): string => (a.label ? `${a.label} (${a.accountId})` : a.accountId);

/** Labels by account id, as the hosts on this page configured them (the latest wins). */
const labels = new Map<string, string>();

/** Keeps the labels of `accounts` for {@link accountText}. */
export function rememberAccountLabels(accounts: readonly AccountRef[]): void {
  for (const a of accounts) if (a.label) labels.set(a.accountId, a.label);
}

/** An account id as the view shows it: with its label when a host gave one. */
export function accountText(accountId: string | undefined): string {
  if (!accountId) return '';
  const label = labels.get(accountId);
  return label ? `${label} (${accountId})` : accountId;
}
