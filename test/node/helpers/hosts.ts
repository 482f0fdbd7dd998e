/**
 * One install of the packed tarball, outside the repository, for the host-app tests
 * (test/node/hosts-*.test.ts and the vite app of package.test.ts): TypeScript, React 19, Vue 3 with
 * vue-tsc, Svelte 5 with svelte-check, vite and Node's types beside it, in a folder of the system's temp dir named after the hash of the tarball and those packages. The
 * files share it, so the install happens once per build of the package, and each file stays well
 * within the runner's time limit on a busy machine.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../../../scripts/manifest.js';

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

/**
 * The folder with the tarball and the hosts' packages installed (its node_modules serves every
 * project created under it). Builds dist/ first when it is missing.
 */
export async function hostsDir(): Promise<string> {
  if (!existsSync(join(ROOT, 'dist', 'emulator', 'bin.js')) || !existsSync(join(ROOT, 'dist', 'cloudtrail-elements.bundle.js'))) {
    execFileSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  const packDir = mkdtempSync(join(tmpdir(), 'ct-hosts-pack-'));
  try {
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' })) as { filename: string }[];
    const tarball = join(packDir, packed[0]!.filename);
    const packages = [`typescript@${version('typescript')}`, 'react@^19', 'react-dom@^19', '@types/react@^19', '@types/react-dom@^19',
      `vue@${version('vue')}`, 'vue-tsc@^3', 'svelte@^5', 'svelte-check@^4', `vite@${version('vite')}`, '@types/node@^20'];
    const hash = createHash('sha256').update(readFileSync(tarball)).update(packages.join(' ')).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), `ct-hosts-${hash}`);
    if (existsSync(join(dir, 'installed'))) return dir;
    // Install beside, then move into place: a run cut short never leaves a half-installed folder behind.
    const staging = mkdtempSync(join(tmpdir(), 'ct-hosts-staging-'));
    write(staging, { 'package.json': JSON.stringify({ name: 'ct-hosts', private: true, version: '0.0.0', type: 'module' }) });
    const install = await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...packages], staging, 600_000);
    assert.equal(install.code, 0, `npm install in ${staging}:\n${install.out}`);
    writeFileSync(join(staging, 'installed'), `${hash}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    return dir;
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

export const tscOf = (dir: string) => join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
