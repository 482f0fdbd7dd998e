/**
 * The package.json a tarball holds: npm's `prepack` runs `publish-manifest.ts prepack`, which keeps
 * the repository's package.json aside and writes the one users get, without what only this
 * repository uses (scripts, devDependencies, workspaces, overrides) and with `sideEffects` naming
 * only the files that ship (the repository's also names src/ files, which the bundle's build reads);
 * `postpack` (`publish-manifest.ts postpack`) puts the repository's back, byte for byte. A pack that
 * died between the two leaves the kept copy, which the next `prepack` restores first.
 *
 * The editor and tool data (custom-elements.json, web-types.json, the VS Code data) ship without
 * their indentation, which only a reader of the repository needs: about 8 kB of the packed size.
 *
 * Run in the package's folder (npm does so): the elements at the root, the emulator in packages/emulator.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the repository's copy of a file waits during a pack (outside `files`: it never ships). */
const kept = (name: string) => `.${name}.repository`;

/** The data files a tarball holds without indentation, when the package has them. */
export const COMPACT_JSON = ['custom-elements.json', 'web-types.json', 'vscode.html-custom-data.json', 'vscode.css-custom-data.json'] as const;

/** What only the repository uses: fields dropped from the published package.json. */
export const REPOSITORY_ONLY = ['scripts', 'devDependencies', 'workspaces', 'overrides'] as const;

/** The published form of a package.json object. */
export function publishedManifest(pkg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pkg };
  for (const field of REPOSITORY_ONLY) delete out[field];
  if (Array.isArray(out.sideEffects)) out.sideEffects = out.sideEffects.filter((p: string) => !p.startsWith('./src/'));
  return out;
}

/** Keeps the repository's `name` aside and writes the published form `publish` makes of its text. */
function swap(dir: string, name: string, publish: (text: string) => string): void {
  const file = join(dir, name);
  const aside = join(dir, kept(name));
  if (existsSync(aside)) renameSync(aside, file);
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  writeFileSync(aside, text);
  writeFileSync(file, publish(text));
}

function prepack(dir: string): void {
  swap(dir, 'package.json', (text) => `${JSON.stringify(publishedManifest(JSON.parse(text)), null, 2)}\n`);
  for (const name of COMPACT_JSON) swap(dir, name, (text) => JSON.stringify(JSON.parse(text)));
}

function postpack(dir: string): void {
  for (const name of ['package.json', ...COMPACT_JSON]) {
    const aside = join(dir, kept(name));
    if (existsSync(aside)) renameSync(aside, join(dir, name));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const step = process.argv[2];
  if (step === 'prepack') prepack(process.cwd());
  else if (step === 'postpack') postpack(process.cwd());
  else throw new Error(`publish-manifest.ts: unknown step ${step}; use prepack or postpack`);
}
