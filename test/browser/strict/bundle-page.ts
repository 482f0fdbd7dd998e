/**
 * The page behind strict-bundle.test.ts: records every violation, sets the host page's settings on
 * <ct-event-history> (the emulator instance from ?instance=), then loads the one-file bundle and
 * nothing else of the library. The outcome is left on `window` for the test: `bundleLoaded`, or
 * `bundleError` with what the import threw; `consoleWarnings` holds what the page warned.
 */
import { recordViolations } from './reports.js';

recordViolations();
const w = window as unknown as { bundleLoaded?: boolean; bundleError?: string; consoleWarnings: string[] };
w.consoleWarnings = [];
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  w.consoleWarnings.push(args.map(String).join(' '));
  warn.apply(console, args);
};

// ?webcrypto=none: a page without WebCrypto (plain http on a host other than localhost), so the
// SDK signs with its SHA-256 in JavaScript, which the bundle loads from a chunk when first needed.
if (new URLSearchParams(location.search).get('webcrypto') === 'none') {
  Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
}

const history = document.querySelector('ct-event-history')!;
history.endpoint = history.cognitoEndpoint = `${location.origin}/aws/i/${new URLSearchParams(location.search).get('instance')}`;
history.identityPoolId = 'us-east-1:00000000-0000-0000-0000-000000000000';
history.logins = { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Emulator': 'emulator-strict-bundle' };

// A path the test server serves as is (no transform): the file a host page would copy.
const bundle = '/dist/cloudtrail-elements.bundle.js';
import(/* @vite-ignore */ bundle).then(
  () => { w.bundleLoaded = true; },
  (err: unknown) => { w.bundleError = String(err); },
);
