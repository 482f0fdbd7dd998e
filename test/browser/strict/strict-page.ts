/**
 * The page behind reliability-csp.test.ts: served with the strict CSP header (no inline script, no
 * eval, Trusted Types required), it records every violation from its first line, then registers
 * the elements. The test drives the elements in this page through the iframe.
 */
interface CspReport { directive: string; blocked: string; sample: string; source: 'event' | 'observer' }

const reports: CspReport[] = [];
document.addEventListener('securitypolicyviolation', (e) => {
  reports.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: 'event' });
});
if ('ReportingObserver' in window) {
  new ReportingObserver((list) => {
    for (const r of list) {
      const body = r.body as { effectiveDirective?: string; blockedURL?: string; sample?: string } | null;
      reports.push({ directive: body?.effectiveDirective ?? r.type, blocked: body?.blockedURL ?? '', sample: body?.sample ?? '', source: 'observer' });
    }
  }, { types: ['csp-violation'], buffered: true }).observe();
}
(window as unknown as { cspReports: CspReport[] }).cspReports = reports;

await import('../../../src/define/all.js');
(window as unknown as { strictReady: boolean }).strictReady = true;
export {};

/** Breaks the policy on purpose, from this page's own code, so the test sees that it is enforced and reported. */
(window as unknown as { probe(): { evalRefused: boolean; htmlRefused: boolean } }).probe = () => {
  let evalRefused = false;
  let htmlRefused = false;
  try { (0, eval)('1 + 1'); } catch { evalRefused = true; }
  try { document.createElement('div').innerHTML = '<b>x</b>'; } catch { htmlRefused = true; }
  return { evalRefused, htmlRefused };
};
