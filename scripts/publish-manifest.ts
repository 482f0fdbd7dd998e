/**
 * The package.json a tarball holds: npm's `prepack` runs `publish-manifest.ts prepack`, which keeps
 * the repository's package.json aside and writes the one users get, without what only this
 * repository uses (scripts, devDependencies, workspaces, overrides) and with `sideEffects` naming
 * only the files that ship (the repository's also names src/ files, which the bundle's build reads);
 * `postpack` (`publish-manifest.ts postpack`) puts the repository's back, byte for byte. A pack that
 * died between the two leaves the kept copy, which the next `prepack` restores first.
 *
 * Run in the package's folder (npm does so): the elements at the root, the emulator in packages/emulator.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the repository's package.json waits during a pack (outside `files`: it never ships). */
const KEPT = '.package.json.repository';

/** What only the repository uses: fields dropped from the published package.json. */
export const REPOSITORY_ONLY = ['scripts', 'devDependencies', 'workspaces', 'overrides'] as const;

/** The published form of a package.json object. */
export function publishedManifest(pkg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pkg };
  for (const field of REPOSITORY_ONLY) delete out[field];
  if (Array.isArray(out.sideEffects)) out.sideEffects = out.sideEffects.filter((p: string) => !p.startsWith('./src/'));
  return out;
}

function prepack(dir: string): void {
  const file = join(dir, 'package.json');
  const kept = join(dir, KEPT);
  if (existsSync(kept)) renameSync(kept, file);
  const text = readFileSync(file, 'utf8');
  writeFileSync(kept, text);
  writeFileSync(file, `${JSON.stringify(publishedManifest(JSON.parse(text)), null, 2)}\n`);
}

function postpack(dir: string): void {
  const kept = join(dir, KEPT);
  if (existsSync(kept)) renameSync(kept, join(dir, 'package.json'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const step = process.argv[2];
  if (step === 'prepack') prepack(process.cwd());
  else if (step === 'postpack') postpack(process.cwd());
  else throw new Error(`publish-manifest.ts: unknown step ${step}; use prepack or postpack`);
}
