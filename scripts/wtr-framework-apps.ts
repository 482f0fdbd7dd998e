/**
 * A @web/test-runner plugin that serves the framework test apps of test/browser/frameworks/ as
 * one esbuild bundle each, at `/__apps/<name>.js` (test/browser/frameworks/<name>.ts).
 *
 * React ships CommonJS only and Vue's browser build needs its compile-time flags, so neither loads
 * unbundled in the test runner; bundling each app with its framework (and our sources) is what
 * their users' own bundlers do. `react18-app` gets React 18 from the linked package
 * test/frameworks/react18-env, every other app the project's React 19.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = join(ROOT, 'test', 'browser', 'frameworks');
const REACT18 = join(ROOT, 'test', 'frameworks', 'react18-env');

/** Resolves react, react-dom and their subpaths from the React 18 package. */
const react18: EsbuildPlugin = {
  name: 'react18',
  setup(b) {
    b.onResolve({ filter: /^(react|react-dom|scheduler)(\/.*)?$/ }, (args) => {
      if (args.resolveDir.startsWith(REACT18)) return undefined;
      return b.resolve(args.path, { kind: args.kind, resolveDir: REACT18 });
    });
  },
};

async function bundle(name: string): Promise<string> {
  const entry = join(APPS, `${name}.ts`);
  if (!existsSync(entry)) throw new Error(`no test app ${entry}`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    tsconfig: join(ROOT, 'tsconfig.json'),
    // Vue's full build (with the template compiler), as `isCustomElement` needs for templates.
    alias: { vue: 'vue/dist/vue.esm-bundler.js' },
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    plugins: name.startsWith('react18') ? [react18] : [],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export function frameworkAppsPlugin() {
  const built = new Map<string, Promise<string>>();
  return {
    name: 'framework-apps',
    async serve(context: { path: string }) {
      const match = /^\/__apps\/([\w-]+)\.js$/.exec(context.path);
      if (!match) return undefined;
      const name = match[1]!;
      if (!built.has(name)) built.set(name, bundle(name));
      return { body: await built.get(name)!, type: 'js' };
    },
  };
}
