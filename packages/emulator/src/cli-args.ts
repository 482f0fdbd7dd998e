/**
 * Command-line options shared by `npm run emulator` and `npm start` (which passes the data options
 * after `--` into createEmulator), parsed with node:util `parseArgs`. Kept free of side effects so
 * both can import it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { normalizeOrigins } from './origins.js';
import type { EmulatorOptions } from './types.js';

export const DATA_HELP = `Data options:
  --events <path>...       CloudTrail files or folders (.json, .json.gz, .jsonl, .jsonl.gz); repeatable
  --rebase                 shift every timestamp of the loaded events so the newest is just before now
                           (keeps order and gaps)
  --data-dir <path>        the one folder the control API may load events from (by name, inside it)
  --full-pages             always fill pages to MaxResults (by default some come back short or empty,
                           with a NextToken, as the service's do)
  --count <n>              generated events when no --events are given (default 50000)
  --seed <n>               generator seed (default 42)
  --accounts <ids>         more accounts, 12-digit ids separated by commas, each with generated events
                           and a role CloudTrailElementsReader that trusts the identity pool and the
                           home account (STS AssumeRole, AssumeRoleWithWebIdentity)
  --live                   data that keeps arriving: a new event every 5 seconds of the emulator's
                           clock (so Follow shows new rows)
  --allow-origin <origin>  a browser origin to answer besides pages on this machine (localhost,
                           127.0.0.1, [::1]), such as https://portal.example:8443; repeatable.
                           Pages on other origins get 403 and no CORS headers`;

type Options = NonNullable<ParseArgsConfig['options']>;

/** The data options, as `parseArgs` declares them. */
export const DATA_OPTIONS = {
  events: { type: 'string', multiple: true },
  rebase: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'full-pages': { type: 'boolean' },
  count: { type: 'string' },
  seed: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  accounts: { type: 'string' },
  live: { type: 'boolean' },
} as const satisfies Options;

/** A number given on the command line: finite and within [min, max] (and whole when `integer`). */
export function cliNumber(flag: string, v: string | undefined, { min = -Infinity, max = Infinity, integer = false } = {}): number {
  const n = v === undefined || v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = `${integer ? 'a whole number' : 'a number'}${min > -Infinity ? ` from ${min}` : ''}${max < Infinity ? ` to ${max}` : ''}`;
    throw new Error(`--${flag} needs ${range}; got ${v ?? 'nothing'}`);
  }
  return n;
}

type Parsed = ReturnType<typeof parseArgs<{ options: typeof DATA_OPTIONS; allowPositionals: true; tokens: true; strict: true }>>;

/**
 * Parse `args` against `options` (which include the data options). `--events a b c` takes every
 * following argument up to the next option as a path, as it always has; any other bare argument
 * is refused, and so is an unknown option.
 */
export function parseCommandLine<O extends Options>(args: string[], options: O): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; events: string[] } {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, tokens: true, strict: true }) as unknown as Parsed;
  } catch (e) {
    // parseArgs' advice on positionals that start with '-' fits no option here: name the option alone.
    const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec((e as Error).message)?.[1] : undefined;
    throw unknown ? new Error(`unknown option "${unknown}"`) : e;
  }
  const { values, tokens } = parsed;
  const events: string[] = [];
  let afterEvents = false;
  for (const t of tokens) {
    if (t.kind === 'option') {
      afterEvents = t.name === 'events' && !t.inlineValue;
      if (t.name === 'events') events.push(t.value!);
    } else if (t.kind === 'positional' && afterEvents) {
      events.push(t.value);
    } else if (t.kind === 'positional') {
      throw new Error(`unexpected argument "${t.value}"`);
    } else afterEvents = false;
  }
  return { values: values as Record<string, string | boolean | (string | boolean)[] | undefined>, events };
}

/** EmulatorOptions (JSON-serializable) from parsed data options. */
export function dataOptions(values: Record<string, unknown>, events: string[]): EmulatorOptions {
  const out: EmulatorOptions = {};
  if (events.length) out.events = events;
  if (values.rebase) out.rebase = true;
  if (values['full-pages']) out.fullPages = true;
  if (values['data-dir'] !== undefined) out.dataDir = values['data-dir'] as string;
  if (values.count !== undefined) out.generate = { ...out.generate, count: cliNumber('count', values.count as string, { min: 0, integer: true }) };
  if (values.seed !== undefined) out.generate = { ...out.generate, seed: cliNumber('seed', values.seed as string, { integer: true }) };
  if (values.accounts !== undefined) {
    const ids = String(values.accounts).split(',').map((a) => a.trim()).filter(Boolean);
    const bad = ids.find((a) => !/^\d{12}$/.test(a));
    if (bad !== undefined || ids.length === 0) throw new Error(`--accounts needs 12-digit account ids separated by commas; got ${bad ?? 'nothing'}`);
    out.accounts = ids.map((accountId) => ({ accountId }));
  }
  if (values.live) out.live = { everySeconds: 5 };
  if (values['allow-origin'] !== undefined) out.allowOrigins = normalizeOrigins(values['allow-origin'] as string[]);
  return out;
}

/**
 * Parse the data options (`--events/--rebase/--data-dir/--full-pages/--count/--seed/--live/--allow-origin`)
 * into EmulatorOptions. Throws (with a message for the user) on unknown arguments and malformed values.
 */
export function parseDataArgs(argv: string[]): EmulatorOptions {
  let parsed;
  try {
    parsed = parseCommandLine(argv, DATA_OPTIONS);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${DATA_HELP}`);
  }
  return dataOptions(parsed.values, parsed.events);
}
