/**
 * `npm pack` of the repository's two packages at once: the elements (the root, cloudtrail-elements)
 * and the emulator (packages/emulator, cloudtrail-elements-emulator). Used by scripts/check-pack.ts
 * and the host-app tests (test/node/helpers/hosts.ts), which install them as a user would.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** One packed package: the tarball's path and the files it holds (paths inside the package). */
export interface Packed {
  tarball: string;
  files: string[];
}

/** Packs both packages into `dest` (dist/ must be built: `npm run build`). */
export function packBoth(dest: string): { elements: Packed; emulator: Packed } {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dest, '--workspaces', '--include-workspace-root'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const packed = JSON.parse(out) as { name: string; filename: string; files: { path: string }[] }[];
  const of = (name: string): Packed => {
    const p = packed.find((x) => x.name === name);
    if (!p) throw new Error(`npm pack made no ${name} tarball:\n${out}`);
    return { tarball: join(dest, p.filename), files: p.files.map((f) => f.path) };
  };
  return { elements: of('cloudtrail-elements'), emulator: of('cloudtrail-elements-emulator') };
}
