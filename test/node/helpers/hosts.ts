/**
 * Installs of the packed tarballs, outside the repository, for the host-app tests
 * (test/node/hosts-*.test.ts and package.test.ts): both packages with TypeScript, React 19, Vue 3
 * with vue-tsc, Svelte 5 with svelte-check, vite and Node's types beside them; and each package
 * alone, as a browser-only host and a user of the emulator's command install them. Each lives in a
 * folder of the system's temp dir named after the hash of the tarballs and packages. The files
 * share them, so an install happens once per build of the packages, and each file stays well
 * within the runner's time limit on a busy machine.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../../../scripts/manifest.js';
import { packBoth } from '../../../scripts/pack.js';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const version = (pkg: string) => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;

/** Runs a tool; resolves with its exit code and output (never throws on a non-zero exit). */
export function run(cmd: string, args: string[], cwd: string, timeout = 180_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}\n${stderr}` });
    });
  });
}

export function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Files with at least one error in a checker's output, by base name (tsc/vue-tsc `--pretty false` and svelte-check `--output machine`). */
function filesWithErrors(out: string): Set<string> {
  const files = new Set<string>();
  for (const m of out.matchAll(/^([^\s(]+)\(\d+,\d+\): error /gm)) files.add(m[1]!.split('/').pop()!);
  for (const m of out.matchAll(/^\d+ ERROR "([^"]+)"/gm)) files.add(m[1]!.split('/').pop()!);
  return files;
}

/** Good files pass, and every bad file fails: the checker's output is shown when not. */
export function expectVerdicts(out: string, good: string[], bad: string[]): void {
  const failing = filesWithErrors(out);
  assert.deepEqual(good.filter((f) => failing.has(f)), [], `correct use must type-check:\n${out}`);
  assert.deepEqual(bad.filter((f) => !failing.has(f)), [], `each mistake must fail the type check:\n${out}`);
}

export const strictOptions = {
  target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true, noEmit: true, skipLibCheck: false, types: [] as string[],
};

let tarballs: ReturnType<typeof packBoth> | undefined;

/** Both packages packed once per test process (dist/ built first when it is missing). */
export function packed(): ReturnType<typeof packBoth> {
  if (tarballs) return tarballs;
  if (!existsSync(join(ROOT, 'packages', 'emulator', 'dist', 'bin.js')) || !existsSync(join(ROOT, 'dist', 'cloudtrail-elements.bundle.js'))) {
    execFileSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  const packDir = mkdtempSync(join(tmpdir(), 'ct-hosts-pack-'));
  process.once('exit', () => rmSync(packDir, { recursive: true, force: true }));
  tarballs = packBoth(packDir);
  return tarballs;
}

/**
 * A folder of the system's temp dir with `installs` (tarballs and package specs) installed, named
 * after their hash: made once per build of the packages, and reused by every file that asks.
 */
async function installedDir(prefix: string, installs: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const item of installs) hash.update(item.endsWith('.tgz') ? readFileSync(item) : item).update('\0');
  const dir = join(tmpdir(), `${prefix}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'installed'))) return dir;
  // Install beside, then move into place: a run cut short never leaves a half-installed folder behind.
  const staging = mkdtempSync(join(tmpdir(), `${prefix}-staging-`));
  write(staging, { 'package.json': JSON.stringify({ name: prefix, private: true, version: '0.0.0', type: 'module' }) });
  const install = await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...installs], staging, 600_000);
  assert.equal(install.code, 0, `npm install in ${staging}:\n${install.out}`);
  writeFileSync(join(staging, 'installed'), 'installed\n');
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

/**
 * The folder with both tarballs and the hosts' packages installed (its node_modules serves every
 * project created under it).
 */
export async function hostsDir(): Promise<string> {
  const { elements, emulator } = packed();
  const packages = [`typescript@${version('typescript')}`, 'react@^19', 'react-dom@^19', '@types/react@^19', '@types/react-dom@^19',
    `vue@${version('vue')}`, 'vue-tsc@^3', 'svelte@^5', 'svelte-check@^4', `vite@${version('vite')}`, '@types/node@^20'];
  return installedDir('ct-hosts', [elements.tarball, emulator.tarball, ...packages]);
}

/** A fresh folder that installs the elements' tarball alone, as a browser-only host does. */
export const elementsOnlyDir = (): Promise<string> => installedDir('ct-elements-only', [packed().elements.tarball]);

/** A fresh folder that installs the emulator's tarball alone (`npx cloudtrail-elements-emulator`). */
export const emulatorOnlyDir = (): Promise<string> => installedDir('ct-emulator-only', [packed().emulator.tarball]);

export const tscOf = (dir: string) => join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
