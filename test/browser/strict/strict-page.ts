/**
 * The page behind reliability-csp.test.ts: served with the strict CSP header (no inline script, no
 * eval, Trusted Types required), it records every violation from its first line, then registers
 * the elements. The test drives the elements in this page through the iframe.
 */
import { recordViolations } from './reports.js';

recordViolations();
await import('../../../src/define/all.js');
(window as unknown as { strictReady: boolean }).strictReady = true;

/** Breaks the policy on purpose, from this page's own code, so the test sees that it is enforced and reported. */
(window as unknown as { probe(): { evalRefused: boolean; htmlRefused: boolean } }).probe = () => {
  let evalRefused = false;
  let htmlRefused = false;
  try { (0, eval)('1 + 1'); } catch { evalRefused = true; }
  try { document.createElement('div').innerHTML = '<b>x</b>'; } catch { htmlRefused = true; }
  return { evalRefused, htmlRefused };
};
