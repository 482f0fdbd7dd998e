import '../src/define/all.js';
import { applyConfig, demoConfig, describeConfig } from './config.js';

const history = document.querySelector('ct-event-history')!;
const where = document.getElementById('where')!;
const config = demoConfig();
applyConfig(history, config);
where.textContent = describeConfig(config);

const form = document.getElementById('connect') as HTMLFormElement;
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const real = {
    region: text('region'),
    identityPoolId: text('identityPoolId'),
    loginProvider: text('loginProvider'),
    token: text('token'),
    endpoint: text('endpoint') || undefined,
  };
  history.cognitoEndpoint = undefined;
  applyConfig(history, real);
  where.textContent = describeConfig(real);
  // The token now lives in the element's memory only; the field does not keep a copy.
  (form.elements.namedItem('token') as HTMLInputElement).value = '';
});
// Connect works from here on: until now the button was disabled (and the form posts nowhere anyway).
form.querySelector('button')!.disabled = false;
