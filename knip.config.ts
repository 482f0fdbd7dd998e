/**
 * The dead-export check (`npm run check:exports`, part of `npm test`): every export of src/ and of
 * the emulator is imported somewhere (the package's entry points, the tests, the scripts, the bench
 * or the demo), every import is a listed dependency and every dependency is used. What knip cannot
 * see is listed below, each with why.
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  workspaces: {
    '.': {
      entry: [
        // What the package ships (package.json `exports`).
        'src/index.ts', 'src/bundle.ts', 'src/define/*.ts', 'src/react/index.ts',
        'test/**/*.test.ts', 'test/browser/pages/**/*.{ts,js,html}', 'test/browser/frameworks/**/*.{ts,tsx}',
        'scripts/*.ts', 'bench/*.ts', 'bench/pages/**/*.{ts,html}', 'demo/*.{ts,html}',
        'web-test-runner.config.ts', 'vite*.config.ts', 'custom-elements-manifest.config.mjs',
      ],
      project: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'demo/**/*.ts'],
      // Generated declarations (npm run analyze); dist/ is git-ignored, so knip leaves it alone.
      ignore: ['types/**'],
      ignoreDependencies: [
        // Run as the `cem` command by scripts/manifest.ts (a child process knip does not follow).
        '@custom-elements-manifest/analyzer',
        // Imported by the client bundle that test/node/ssr.test.ts builds from a string.
        '@lit-labs/ssr-client',
        // Read as a file (axe.min.js) and injected into pages by test/node/demo.test.ts.
        'axe-core',
        // React 18 for the React 18 host app (test/frameworks/react18-env), aliased there.
        'react18-env',
        // test/node/csp.test.ts checks the endpoint the SDK's own Cognito client signs for.
        '@aws-sdk/nested-clients',
        // Run on the packed tarballs by test/node/tarball.test.ts (node_modules/.bin, a child process knip does not follow).
        'publint', '@arethetypeswrong/cli',
      ],
      // Optional: test/node/iam-policies.test.ts runs cfn-lint when the machine has it, and says so when not.
      ignoreBinaries: ['cfn-lint'],
      // No .vue file lives in the repository (test/node/hosts-frameworks.test.ts writes its Vue app in a temporary folder).
      vue: false,
    },
    'packages/emulator': {
      entry: ['src/index.ts', 'src/bin.ts', 'src/vite.ts'],
      project: ['src/**/*.ts'],
    },
  },
};

export default config;
