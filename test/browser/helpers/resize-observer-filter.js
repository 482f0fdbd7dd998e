// Loaded by the test runner page before the test framework (web-test-runner.config.ts), as a file
// rather than an inline script so no page of the suite needs 'unsafe-inline'.
// The table's ResizeObserver (its row window) can report a harmless "loop completed with undelivered
// notifications" error; mocha would count it as a failure, so it is dropped before mocha sees it.
window.addEventListener('error', (e) => {
  if (String(e.message).includes('ResizeObserver loop')) { e.stopImmediatePropagation(); e.preventDefault(); }
});
