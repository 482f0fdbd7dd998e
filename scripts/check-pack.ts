/**
 * `npm run check:pack`: what a user gets from `npm pack`. Packs both packages (the elements and the
 * emulator), creates a brand-new vite + TypeScript app in a temporary folder outside the repository,
 * installs the two tarballs there (with React 19 and its types), and
 *   1. type-checks with `tsc --noEmit` a .ts and a .tsx file that import the classes and types,
 *      the define modules and the React wrappers with typed event props (`@ts-expect-error` lines
 *      prove the types are not `any`), and a vite.config.ts with the emulator's vite plugin: with the
 *      template's tsconfigs, then once more with every .d.ts checked (ours included);
 *   2. builds the app with vite (loading `cloudtrail-elements-emulator` in Node for the config)
 *      and checks the result registers the tags and holds no Node code.
 * Builds dist/ first unless `--no-build`. Exits non-zero with the tool output on any failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packBoth } from './pack.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'pack-check-app', private: true, version: '0.0.0', type: 'module' }, null, 2),
  // As `npm create vite` (react-ts) writes them: the app, and vite.config.ts under Node types.
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022', useDefineForClassFields: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], module: 'ESNext',
      skipLibCheck: true, moduleResolution: 'bundler', allowImportingTsExtensions: true, isolatedModules: true,
      moduleDetection: 'force', noEmit: true, jsx: 'react-jsx', strict: true, noUnusedLocals: true,
      noUnusedParameters: true, noFallthroughCasesInSwitch: true, types: ['vite/client'],
    },
    include: ['src'],
  }, null, 2),
  'tsconfig.node.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2023', lib: ['ES2023'], module: 'ESNext', skipLibCheck: true, moduleResolution: 'bundler',
      allowImportingTsExtensions: true, isolatedModules: true, moduleDetection: 'force', noEmit: true, strict: true, types: ['node'],
    },
    include: ['vite.config.ts'],
  }, null, 2),
  // Stricter than the template: every .d.ts is checked too, ours included (the AWS SDK's need Node types).
  'tsconfig.lib-check.json': JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { skipLibCheck: false, types: ['vite/client', 'node'] },
    include: ['src', 'vite.config.ts'],
  }, null, 2),
  // The emulator at /aws on the dev server, as the project's own demo does: Node code, in the config.
  'vite.config.ts': `
import { defineConfig } from 'vite';
import { cloudtrailEmulator, type EmulatorOptions } from 'cloudtrail-elements-emulator';

const options: EmulatorOptions = { basePath: '/aws', generate: { count: 100 } };
export default defineConfig({ plugins: [cloudtrailEmulator(options)] });
`,
  'index.html': '<!doctype html><html><body><div id="root"></div><ct-event-history region="us-east-1"></ct-event-history><script type="module" src="/src/main.ts"></script></body></html>',
  'src/main.ts': `
import 'cloudtrail-elements/define';
import 'cloudtrail-elements/define/ct-event-table.js';
import { CtEventHistory, CtEventTable, CtEventSelectEvent, CtEvent, DEFAULT_COLUMNS, type ColumnId, type LookupQuery } from 'cloudtrail-elements';
import manifest from 'cloudtrail-elements/custom-elements.json';
import { mountReactApp } from './app.tsx';
import { Direct } from './react19.tsx';

const history: CtEventHistory = document.querySelector('ct-event-history')!;
history.region = 'eu-west-1';
history.columns = [...DEFAULT_COLUMNS, 'errorCode'];
history.logins = { 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example': 'token' };
// @ts-expect-error columns take column ids
history.columns = ['not-a-column'];

const table = document.createElement('ct-event-table');
const isTable: CtEventTable = table;
table.addEventListener('ct-event-select', (e) => {
  const chosen: CtEvent = e.event;
  const same: CtEventSelectEvent = e;
  console.log(chosen.EventName, same.type, isTable.columns);
});
document.addEventListener('ct-query-submit', (e) => {
  const q: LookupQuery = e.query;
  console.log(q);
});
const cols: readonly ColumnId[] = table.columns ?? DEFAULT_COLUMNS;
console.log(cols, Direct, (manifest as { schemaVersion: string }).schemaVersion);
mountReactApp(document.getElementById('root')!);
`,
  // The README's React 19 section: the tags used directly, typed by the generated JSX types.
  'src/ct-elements.d.ts': `import type {} from 'cloudtrail-elements/types/react';\n`,
  'src/react19.tsx': `
import 'cloudtrail-elements/define';
import type { CtEventSelectEvent } from 'cloudtrail-elements';

export const Direct = ({ idToken }: { idToken: string }) => (
  <ct-event-history
    region="us-east-1"
    identityPoolId="us-east-1:00000000-0000-0000-0000-000000000000"
    logins={{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf': idToken }}
    columns={['time', 'eventName', 'username']}
    onct-event-select={(e) => { const same: CtEventSelectEvent = e; console.log(same.event.EventName); }}
  />
);
// @ts-expect-error columns take column ids
export const Wrong = () => <ct-event-history columns={['nope']} />;
`,
  'src/app.tsx': `
import { createRoot } from 'react-dom/client';
import { useState } from 'react';
import { CtEventHistory, CtEventTable, type CtEventSelectEvent } from 'cloudtrail-elements/react';
import type { ColumnId, CtEvent } from 'cloudtrail-elements';

function App() {
  const [selected, setSelected] = useState<CtEvent>();
  const columns: ColumnId[] = ['time', 'eventName'];
  return (
    <>
      <CtEventHistory
        region="us-east-1"
        identityPoolId="us-east-1:00000000-0000-0000-0000-000000000000"
        logins={{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Example': 'token' }}
        columns={columns}
        onCtEventSelect={(e: CtEventSelectEvent) => setSelected(e.event)}
        onCtQuerySubmit={(e) => console.log(e.query.timeRange)}
        onCtLoadMore={(e) => console.log(e.type)}
      />
      <CtEventTable events={[]} onCtColumnsChange={(e) => console.log(e.columns)} />
      {/* @ts-expect-error the table has no such prop */}
      <CtEventTable notAProp={1} />
      <p>{selected?.EventName}</p>
    </>
  );
}

export function mountReactApp(el: HTMLElement): void {
  createRoot(el).render(<App />);
}
`,
};

/**
 * `installed`: a folder whose node_modules already holds this build's two tarballs and the app's packages
 * (test/node/helpers/hosts.ts makes one, shared by the host-app tests): the app is made inside it
 * and nothing is installed.
 */
export function checkPack(options: { build?: boolean; keep?: boolean; installed?: string } = {}): { app: string; seconds: number } {
  const started = Date.now();
  if (options.build !== false) run(npm, ['run', 'build'], ROOT);
  const work = mkdtempSync(join(tmpdir(), 'ct-pack-check-'));
  const app = options.installed ? mkdtempSync(join(options.installed, 'pack-check-app-')) : join(work, 'app');
  const modules = options.installed ?? app;
  try {
    const { elements, emulator } = packBoth(work);
    const unwanted = [
      ...elements.files.filter((p) => /^(test|demo|bench|scripts|src|packages)\/|^dist\/emulator\//.test(p)),
      ...emulator.files.filter((p) => /^(test|src)\//.test(p)),
    ];
    if (unwanted.length) throw new Error(`the tarballs hold files a user does not need: ${unwanted.join(', ')}`);
    for (const need of ['dist/index.js', 'dist/index.d.ts', 'dist/define/all.js', 'dist/react/index.js', 'dist/cloudtrail-elements.bundle.js', 'types/react.d.ts', 'types/vue.d.ts', 'types/svelte.d.ts', 'vscode.css-custom-data.json', 'custom-elements.json', 'web-types.json', 'vscode.html-custom-data.json', 'README.md', 'LICENSE']) {
      if (!elements.files.includes(need)) throw new Error(`the elements' tarball lacks ${need}`);
    }
    for (const need of ['dist/index.js', 'dist/index.d.ts', 'dist/bin.js', 'README.md', 'LICENSE']) {
      if (!emulator.files.includes(need)) throw new Error(`the emulator's tarball lacks ${need}`);
    }

    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), text);
    }
    const typescript = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')).version as string;
    const vite = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vite', 'package.json'), 'utf8')).version as string;
    if (!options.installed) {
      run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error',
        elements.tarball, emulator.tarball, 'react@^19', 'react-dom@^19', '@types/react@^19', '@types/react-dom@^19', '@types/node@^20', `typescript@${typescript}`, `vite@${vite}`], app);
    }

    const tsc = join(modules, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const project of ['tsconfig.json', 'tsconfig.node.json', 'tsconfig.lib-check.json']) run(process.execPath, [tsc, '--noEmit', '-p', project], app);

    run(process.execPath, [join(modules, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], app);
    const assets = join(app, 'dist', 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
    if (!js.includes('ct-event-history') || !js.includes('customElements')) throw new Error('the app build does not register the tags');
    if (/from\s*["']node:|require\(["']node:/.test(js)) throw new Error('the app build pulled in Node-only code');
    return { app, seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    if (!options.keep) {
      rmSync(work, { recursive: true, force: true });
      if (options.installed) rmSync(app, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { seconds } = checkPack({ build: !process.argv.includes('--no-build'), keep: process.argv.includes('--keep') });
  console.log(`pack check passed in ${seconds} s: a new vite + TypeScript app installed both tarballs, type-checked (tsc --noEmit) and built.`);
}
