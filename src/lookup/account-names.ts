/**
 * Accounts as the host gives them (checked by {@link readAccounts}) and as the view names them:
 * "Prod (111122223333)". Labels are the host's configuration
 * (the provider's `accounts`); the Account column and facet read them here by account id, so an
 * event names its account the same way wherever it shows.
 */

/** An account of a lookup: its id and the label the host gave it. */
export interface AccountRef {
  readonly accountId: string;
  readonly label?: string;
}

/** The accounts one investigation searches among those the host configured. */
export interface AccountChoice {
  readonly searched: readonly AccountRef[];
  readonly allowed: readonly AccountRef[];
}

/** One account of a lookup: its id, the role to read it through, and the label the view shows. */
export interface AccountConfig extends AccountRef {
  /** `arn:aws:iam::<accountId>:role/<name>`: the role the signed-in identity assumes in the account. */
  readonly roleArn: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/**
 * `value` (a list, or its JSON text) as accounts. Each entry that cannot be used is left out and
 * named in `problems`, with what it needs.
 */
export function readAccounts(value: unknown): { accounts: AccountConfig[]; problems: string[] } {
  const problems: string[] = [];
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return { accounts: [], problems: ['accounts is not JSON: give a list such as [{"accountId": "111122223333", "roleArn": "arn:aws:iam::111122223333:role/CloudTrailReader", "label": "Prod"}]'] };
    }
  }
  if (list === undefined || list === null) return { accounts: [], problems };
  if (!Array.isArray(list)) return { accounts: [], problems: ['accounts must be a list of {accountId, roleArn, label}'] };
  const accounts: AccountConfig[] = [];
  list.forEach((entry: unknown, i) => {
    const a = (entry ?? {}) as Record<string, unknown>;
    const at = `accounts[${i}]`;
    const { accountId, roleArn, label } = a;
    if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) return problems.push(`${at}: accountId must be 12 digits, as a string such as "111122223333"; it is left out`);
    const arn = typeof roleArn === 'string' ? ROLE_ARN.exec(roleArn) : null;
    if (!arn) return problems.push(`${at} (${accountId}): roleArn must be a role's ARN such as "arn:aws:iam::${accountId}:role/CloudTrailReader"; it is left out`);
    if (arn[1] !== accountId) return problems.push(`${at} (${accountId}): roleArn names a role of account ${arn[1]}, not of ${accountId}; it is left out`);
    if (label !== undefined && (typeof label !== 'string' || label.length > 64)) return problems.push(`${at} (${accountId}): label must be text of at most 64 characters; it is left out`);
    if (accounts.some((b) => b.accountId === accountId)) return problems.push(`${at}: account ${accountId} is named twice; the second is left out`);
    accounts.push({ accountId, roleArn: roleArn as string, ...(label ? { label: label.trim() } : {}) });
    return undefined;
  });
  return { accounts, problems };
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
