import '../src/define/all.js';
import { applyConfig, demoConfig, describeConfig, emulatorAccounts, emulatorEndpoint, type DemoConfig } from './config.js';

const history = document.querySelector('ct-event-history')!;
const where = document.getElementById('where')!;
const back = document.getElementById('back-to-emulator') as HTMLButtonElement;
const form = document.getElementById('connect') as HTMLFormElement;
const panel = document.getElementById('connect-panel') as HTMLDetailsElement;
const status = document.getElementById('connect-status')!;

/** Points the Event history at `config`; a new configuration makes a new session, which runs the lookup. */
function connect(config: DemoConfig, real: boolean): void {
  history.cognitoEndpoint = undefined;
  applyConfig(history, config);
  where.textContent = describeConfig(config);
  back.hidden = !real;
  history.dataset.connected = '';
}

/** The built-in emulator, with the accounts it serves once listed (once: they do not change while it runs). */
let emulatorConfig: DemoConfig | undefined;
void emulatorAccounts().then((accounts) => {
  const config = demoConfig();
  // Several accounts: Athena reads the organization trail's table, which holds every account's logs (the chooser's accounts only).
  emulatorConfig = accounts ? { ...config, accounts, stsEndpoint: emulatorEndpoint(), athena: { ...config.athena!, table: 'cloudtrail_org' } } : config;
  // Unless the reader connected a real account meanwhile.
  if (back.hidden) connect(emulatorConfig, false);
});

/** The browser's own check of each field, said in words beside it (the form has `novalidate`). */
function checkFields(): boolean {
  let first: HTMLInputElement | undefined;
  for (const input of form.querySelectorAll('input')) {
    const message = document.getElementById(`${input.id}-error`)!;
    const v = input.validity;
    const label = input.labels?.[0]?.firstChild?.textContent?.trim() ?? input.name;
    const text = v.valueMissing ? `Enter the ${label.toLowerCase()}.`
      : v.patternMismatch ? `${label} looks like us-east-1.`
        : v.typeMismatch ? `${label} must be a URL such as ${input.placeholder}.` : '';
    message.textContent = text;
    input.setAttribute('aria-invalid', text ? 'true' : 'false');
    if (text && !first) first = input;
  }
  first?.focus();
  return !first;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!checkFields()) return;
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  connect({
    region: text('region'),
    identityPoolId: text('identityPoolId'),
    loginProvider: text('loginProvider'),
    token: text('token'),
    endpoint: text('endpoint') || undefined,
    cognitoEndpoint: text('cognitoEndpoint') || undefined,
  }, true);
  // The token now lives in the element's memory only; the field does not keep a copy.
  (form.elements.namedItem('token') as HTMLInputElement).value = '';
  status.textContent = 'Connected: looking up events…';
  panel.open = false;
  history.scrollIntoView({ block: 'start' });
});

back.addEventListener('click', () => {
  connect(emulatorConfig ?? demoConfig(), false);
  form.reset();
  status.textContent = '';
  panel.querySelector('summary')!.focus();
});

// Escape closes the connect panel and gives focus back to its summary.
panel.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || !panel.open) return;
  panel.open = false;
  panel.querySelector('summary')!.focus();
});

// Connect works from here on: until now the button was disabled (and the form posts nowhere anyway).
form.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled = false;
