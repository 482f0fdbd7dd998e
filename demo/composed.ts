import '../src/define/all.js';
import { defaultQuery } from '../src/lookup/query.js';
import { applyConfig, demoConfig, describeConfig } from './config.js';

const config = demoConfig();
const provider = document.querySelector('ct-lookup-provider')!;
provider.addEventListener('ct-session-change', (e) => e.session?.run(defaultQuery()).catch(() => {}), { once: true });
applyConfig(provider, config);
document.getElementById('where')!.textContent = describeConfig(config);
