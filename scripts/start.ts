/**
 * `npm start [-- --events <path>... --rebase --count N --seed N --accounts <ids> --live --port N]`: serves the demo with the
 * emulator on the same server and prints the URL to open.
 */
import { createServer } from 'vite';
import { parseDataArgs } from 'cloudtrail-elements-emulator';
import { DEMO_ACCOUNTS } from './demo-accounts.js';

const argv = process.argv.slice(2);
const portIndex = argv.indexOf('--port');
const port = portIndex >= 0 ? Number(argv.splice(portIndex, 2)[1]) : 5173;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number; got ${argv[portIndex + 1] ?? 'nothing'}`);
  process.exit(2);
}
const options = parseDataArgs(argv);
process.env.CT_EMULATOR_OPTIONS = JSON.stringify(options);

// Loaded by Node itself (tsx is registered), so `cloudtrail-elements-emulator` resolves to the workspace
// package's source through tsconfig.json's paths: vite's own config bundler would look for its dist/.
const server = await createServer({ configFile: 'vite.config.ts', configLoader: 'native', server: { port, strictPort: false } });
await server.listen();
const address = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`\ncloudtrail-elements demo: ${address}demo/`);
console.log(`  emulator endpoint:      ${address}aws  (region us-east-1)`);
console.log(options.events?.length ? `  data: ${options.events.join(', ')}${options.rebase ? ' (rebased)' : ''}` : '  data: generated (deterministic, last 90 days)');
const members = options.accounts?.map((a) => a.accountId) ?? (options.events?.length ? [] : DEMO_ACCOUNTS.map((a) => a.accountId));
if (members.length) console.log(`  accounts: the home account 123456789012 and ${members.join(', ')} (each with the role CloudTrailElementsReader)`);
if (options.live) console.log('  live: a new event every 5 seconds (turn on Follow to see them arrive)');
console.log('Press Ctrl+C to stop.');
