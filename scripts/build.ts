/**
 * `npm run build`: both packages' dist/ from scratch. The elements: ES modules and .d.ts from
 * `tsc -p tsconfig.build.json`, then the one-file bundle (dist/cloudtrail-elements.bundle.js) with
 * its sizes printed. The emulator (packages/emulator): its own `tsc -p tsconfig.build.json`.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
console.log('dist/: ES modules and type declarations (tsc -p tsconfig.build.json)');
const EMULATOR = join(ROOT, 'packages', 'emulator');
rmSync(join(EMULATOR, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: EMULATOR, stdio: 'inherit' });
console.log('packages/emulator/dist/: the emulator package (its own tsc -p tsconfig.build.json)');
await buildBundle();
