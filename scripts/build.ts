/**
 * `npm run build`: dist/ from scratch: ES modules and .d.ts from `tsc -p tsconfig.build.json`,
 * then the one-file bundle (dist/cloudtrail-elements.bundle.js) with its sizes printed.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
console.log('dist/: ES modules and type declarations (tsc -p tsconfig.build.json)');
await buildBundle();
