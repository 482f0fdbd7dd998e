/**
 * Records every Content-Security-Policy violation of the page it runs in, from its first line, as
 * `window.cspReports` (from the event and from a ReportingObserver). Shared by the strict pages.
 */
export interface CspReport { directive: string; blocked: string; sample: string; source: 'event' | 'observer' }

export function recordViolations(): CspReport[] {
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
  return reports;
}
