/**
 * Bench page: the drop-in <ct-event-history> against the emulator (mounted by the bench server at
 * /aws, no added latency), and a long lookup through the data layer at the API's ceiling.
 */
import '../../src/define/ct-event-history.js';
import type { CtEventHistory } from '../../src/elements/ct-event-history/ct-event-history.js';
import type { CtEventTable } from '../../src/elements/ct-event-table/ct-event-table.js';
import type { CtLookupProvider } from '../../src/elements/ct-lookup-provider/ct-lookup-provider.js';
import { LookupController } from '../../src/lookup/controller.js';
import { defaultQuery } from '../../src/lookup/query.js';
import { nextPaint, sleep } from './timing.js';

interface Creds { accessKeyId: string; secretAccessKey: string }

let history: CtEventHistory | undefined;

async function mount(endpoint: string, credentials: Creds): Promise<void> {
  history = document.createElement('ct-event-history');
  history.setAttribute('no-auto-run', '');
  history.region = 'us-east-1';
  history.endpoint = endpoint;
  history.credentials = { ...credentials };
  document.body.append(history);
  while (!provider()?.session) await sleep(10);
  await nextPaint();
}

const provider = () => history?.shadowRoot?.querySelector<CtLookupProvider>('ct-lookup-provider');
const table = () => history!.shadowRoot!.querySelector<CtEventTable>('ct-event-table')!;

/**
 * Focuses the filter's lookup attribute, where Enter runs the lookup (the filter's first control may
 * sit in a closed chooser, where focus does not land: the bench then waited for an Enter that never ran).
 */
function focusFilter(): void {
  const root = history!.shadowRoot!.querySelector('ct-lookup-filter')!.shadowRoot!;
  const field = root.querySelector<HTMLElement>('select[id$="category"]');
  field?.focus();
  if (!field || root.activeElement !== field) throw new Error('the filter\'s lookup attribute could not be focused');
}

let pending: Promise<{ ms: number; rows: number }> | undefined;

/** Arms the timer: from the next Enter keydown to the frame after the first row of the new lookup is drawn. */
function armEnter(): void {
  const session = provider()!.session!;
  const before = session.lookup.state.queryId;
  pending = new Promise((resolve, reject) => {
    window.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const t0 = performance.now();
      const check = () => {
        if (performance.now() - t0 > 60_000) return reject(new Error('no row of the new lookup within 60 s of Enter'));
        const state = session.lookup.state;
        const row = table().shadowRoot!.querySelector('.body [role="row"][data-index="0"]');
        if (state.queryId > before && state.events.length > 0 && row) {
          requestAnimationFrame(() => resolve({ ms: performance.now() - t0, rows: state.events.length }));
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }, { capture: true, once: true });
  });
}

function enterResult(): Promise<{ ms: number; rows: number }> {
  return pending!;
}

/** Pages through one lookup at the API's ceiling for `seconds`: requests, events and throttles. */
async function longLookup(endpoint: string, credentials: Creds, seconds: number) {
  const controller = new LookupController({ region: 'us-east-1', endpoint, credentials: { ...credentials } });
  const t0 = performance.now();
  await controller.run(defaultQuery());
  while (controller.state.hasMore && controller.state.status !== 'error' && performance.now() - t0 < seconds * 1000) {
    await controller.loadMore();
  }
  const elapsed = (performance.now() - t0) / 1000;
  const { counts, status, error } = controller.state;
  controller.dispose();
  return { elapsedS: elapsed, requests: counts.requests, events: counts.loaded, throttled: counts.throttled, status, error: error?.message ?? null };
}

export const api = { mount, focusFilter, armEnter, enterResult, longLookup };
(window as unknown as { bench: typeof api }).bench = api;
document.title = 'ready';
