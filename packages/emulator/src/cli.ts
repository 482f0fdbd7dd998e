/**
 * `cloudtrail-elements-emulator --port 4566 [...]` (the package's bin, bin.ts; `npm run emulator --`
 * in this repository): run the emulator standalone and print how to point the aws cli, boto3 or the
 * SDK at it. Also exports parseDataArgs for `npm start`.
 */
import { pathToFileURL } from 'node:url';
import { cliNumber, DATA_HELP, DATA_OPTIONS, dataOptions, parseCommandLine } from './cli-args.js';
import { startEmulatorServer } from './server.js';
import { STATIC_CREDENTIALS } from './instance.js';
import type { EmulatorOptions } from './types.js';

export { parseDataArgs } from './cli-args.js';

const HELP = `Usage: cloudtrail-elements-emulator [options]

Runs a CloudTrail LookupEvents + Cognito Identity emulator on real HTTP (AWS JSON 1.1, SigV4).

Server options:
  --port <n>               port (default 4566; 0 picks a free one)
  --host <h>               interface (default 127.0.0.1)
  --allowed-host <name>    a host name to answer besides IP addresses and localhost (repeatable;
                           any other Host header is refused: DNS rebinding)
  --base-path <p>          mount point (default /)
  --throttle-rate <r>      LookupEvents requests per second per account and Region (default 2)
  --throttle-burst <b>     bucket size (default 2)
  --no-throttle            disable throttling
  --credential-ttl <s>     lifetime of Cognito credentials in seconds (default 3600)
  --allow-guest-lookup     let guest (unauthenticated) Cognito credentials call LookupEvents
  --retention-days <n>     days of history LookupEvents sees (default 90)
  --help                   this text

${DATA_HELP}
`;

const SERVER_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'base-path': { type: 'string' },
  'throttle-rate': { type: 'string' },
  'throttle-burst': { type: 'string' },
  'no-throttle': { type: 'boolean' },
  'credential-ttl': { type: 'string' },
  'allow-guest-lookup': { type: 'boolean' },
  'retention-days': { type: 'string' },
  ...DATA_OPTIONS,
} as const;

export function parseCliArgs(argv: string[]): { port: number; host: string; allowedHosts: string[]; options: EmulatorOptions } | 'help' {
  const { values, events } = parseCommandLine(argv, SERVER_OPTIONS);
  if (values.help) return 'help';
  const str = (name: string) => values[name] as string | undefined;
  const options: EmulatorOptions = {};
  if (str('base-path') !== undefined) options.basePath = str('base-path');
  if (str('credential-ttl') !== undefined) options.credentialTtlSeconds = cliNumber('credential-ttl', str('credential-ttl'), { min: 1 });
  if (values['allow-guest-lookup']) options.allowGuestLookup = true;
  if (str('retention-days') !== undefined) options.retentionDays = cliNumber('retention-days', str('retention-days'), { min: 1 });
  const rate = str('throttle-rate') === undefined ? undefined : cliNumber('throttle-rate', str('throttle-rate'), { min: Number.MIN_VALUE });
  const burst = str('throttle-burst') === undefined ? undefined : cliNumber('throttle-burst', str('throttle-burst'), { min: 1 });
  if (values['no-throttle']) options.throttle = false;
  else if (rate !== undefined || burst !== undefined) options.throttle = { rate: rate ?? 2, burst: burst ?? 2 };
  return {
    port: str('port') === undefined ? 4566 : cliNumber('port', str('port'), { min: 0, max: 65535, integer: true }),
    host: str('host') ?? '127.0.0.1',
    allowedHosts: (values['allowed-host'] as string[] | undefined) ?? [],
    options: { ...options, ...dataOptions(values, events) },
  };
}

export async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    console.log(HELP);
    return;
  }
  const started = Date.now();
  const server = await startEmulatorServer({ port: parsed.port, host: parsed.host, allowedHosts: parsed.allowedHosts, ...parsed.options });
  const d = server.emulator.defaultInstance().describe();
  const info = server.emulator.defaultInstance().loaded;
  console.log(`CloudTrail emulator listening on ${server.url}  (loaded in ${Date.now() - started} ms)`);
  console.log(`  events: ${d.eventCount} management + ${d.insightCount} Insights, ${d.oldest} .. ${d.newest}${info.generated ? ' (generated)' : ` from ${info.files.length} file(s)`}`);
  if (!info.generated) {
    console.log(`  dropped: ${info.dataEvents} data event(s), ${info.skipped} record(s) without a usable eventTime; ${info.mappedAccounts} record(s) of other accounts served as ${d.accountId}`);
  }
  console.log(`  region ${d.region}, account ${d.accountId}`);
  const regions = server.emulator.defaultInstance().store.regionCounts();
  console.log(`  event history per Region (each record's awsRegion): ${regions.map((r) => `${r.region} ${r.eventCount}`).join(', ') || 'none'}`);
  console.log(`  identity pool: ${d.identityPoolId}  (login provider ${d.loginProvider}, tokens "emulator-<anything>")`);
  console.log(`  control API:   ${server.url}/__control/instances/default/info  (pages on this machine${parsed.options.allowOrigins?.length ? ` and ${parsed.options.allowOrigins.join(', ')}` : ''} only)`);
  console.log(`  pages:         ${parsed.options.fullPages ? 'always full' : 'some short or empty with a NextToken, as the service (--full-pages turns that off)'}\n`);
  console.log('Try:');
  console.log(
    `  AWS_ACCESS_KEY_ID=${STATIC_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${STATIC_CREDENTIALS.secretAccessKey} AWS_EC2_METADATA_DISABLED=true aws cloudtrail lookup-events --endpoint-url ${server.url} --region ${d.region} --max-items 5`,
  );
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run only as the entry point: scripts/start.ts imports parseDataArgs from here.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
