/**
 * The provider's `accounts`: read from its JSON attribute or set as a list, checked (each entry
 * that cannot be used is warned about and left out), and its labels kept for the Account column.
 */
import { readAccounts, type AccountConfig } from '../../lookup/account-names.js';
import { rememberAccountLabels } from '../../lookup/account-names.js';

/** Properties whose change makes a new investigation. */
export const ACCOUNT_KEYS = ['accounts', 'searchAccounts', 'stsEndpoint', 'accountsVia'] as const;

/** The attribute's JSON, parsed; text that is not JSON is kept for the check to name. */
export const accountsConverter = {
  fromAttribute(value: string | null): readonly AccountConfig[] | undefined {
    if (value === null || value.trim() === '') return undefined;
    try {
      return JSON.parse(value) as AccountConfig[];
    } catch {
      return value as unknown as AccountConfig[];
    }
  },
  toAttribute(value: readonly AccountConfig[] | undefined): string | null {
    return value ? JSON.stringify(value) : null;
  },
};

/** A new list with the same accounts is no change (a host that renders sets a fresh array each time). */
export function accountsChanged(value: unknown, old: unknown): boolean {
  return JSON.stringify(value) !== JSON.stringify(old);
}

/** The usable accounts of `value`; each problem is warned about on the console, naming the element. */
export function checkedAccounts(host: HTMLElement, value: unknown): AccountConfig[] {
  const { accounts, problems } = readAccounts(value);
  for (const problem of problems) console.warn(`<${host.localName}>: ${problem}`);
  rememberAccountLabels(accounts);
  return accounts;
}

