/**
 * Command-line options shared by `npm run emulator` and `npm start` (which passes the data options
 * after `--` into createEmulator). Kept free of side effects so both can import it.
 */
import type { EmulatorOptions } from './types.js';

export const DATA_HELP = `Data options:
  --events <path>...       CloudTrail files or folders (.json, .json.gz, .jsonl, .jsonl.gz); repeatable
  --rebase                 shift every timestamp of the loaded events so the newest is just before now
                           (keeps order and gaps)
  --data-dir <path>        the one folder the control API may load events from (by name, inside it)
  --full-pages             always fill pages to MaxResults (by default some come back short or empty,
                           with a NextToken, as the service's do)
  --count <n>              generated events when no --events are given (default 50000)
  --seed <n>               generator seed (default 42)`;

function num(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || v === '' || !Number.isFinite(n)) throw new Error(`${flag} needs a number; got ${v ?? 'nothing'}`);
  return n;
}

/**
 * Parse `--events/--rebase/--data-dir/--full-pages/--count/--seed` out of argv into EmulatorOptions (JSON-serializable).
 * Throws (with a message for the user) on unknown arguments and malformed values.
 */
export function parseDataArgs(argv: string[]): EmulatorOptions {
  const out: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--events': {
        const paths = out.events ?? [];
        if (inline !== undefined) paths.push(inline);
        // Greedy: every following argument up to the next flag is a path.
        while (inline === undefined && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) paths.push(argv[++i]!);
        if (!paths.length) throw new Error('--events needs at least one path');
        out.events = paths;
        break;
      }
      case '--rebase':
        out.rebase = true;
        break;
      case '--full-pages':
        out.fullPages = true;
        break;
      case '--data-dir': {
        const dir = value();
        if (!dir || dir.startsWith('--')) throw new Error('--data-dir needs a folder');
        out.dataDir = dir;
        break;
      }
      case '--count':
        out.generate = { ...out.generate, count: num('--count', value()) };
        break;
      case '--seed':
        out.generate = { ...out.generate, seed: num('--seed', value()) };
        break;
      default:
        throw new Error(`unknown option "${a}"\n${DATA_HELP}`);
    }
  }
  return out;
}
