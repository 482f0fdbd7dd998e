/**
 * The accounts the demo's emulator serves besides its home account (123456789012): `npm start`
 * (vite.config.ts), and the browser tests' emulator, which serves the same demo page. Each has
 * generated events of its own (with its own leaked key in the seeded attacks) and a role
 * CloudTrailElementsReader that trusts the identity pool; the demo lists them from the emulator.
 * `npm start -- --accounts <ids>` names others instead.
 */
export const DEMO_ACCOUNTS: readonly { accountId: string }[] = [{ accountId: '111122223333' }];
