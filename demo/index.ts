import '../src/define/all.js';
import { applyConfig, demoConfig, describeConfig } from './config.js';

const history = document.querySelector('ct-event-history')!;
const where = document.getElementById('where')!;
const config = demoConfig();
applyConfig(history, config);
where.textContent = describeConfig(config);

document.getElementById('connect')!.addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target as HTMLFormElement);
  const text = (name: string) => String(form.get(name) ?? '').trim();
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
});
