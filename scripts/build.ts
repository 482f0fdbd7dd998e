/**
 * `npm run build`: both packages' dist/ from scratch. The elements: ES modules and .d.ts from
 * `tsc -p tsconfig.build.json`, then the one-file bundle (dist/cloudtrail-elements.bundle.js, its
 * types in dist/cloudtrail-elements.bundle.d.ts) with its sizes printed. The emulator
 * (packages/emulator): its own `tsc -p tsconfig.build.json`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundle.js';
import { pruneDeclarations, stripInternalDocs } from './declarations.js';
import { compactModules } from './compact.js';
import { build as esbuild } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// The declarations keep the JSDoc (editors show it); the modules drop every comment, a third of the packed size.
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--declaration', 'false', '--removeComments'], { cwd: ROOT, stdio: 'inherit' });
// The bundle's entry: its types go beside the bundle vite writes; tsc's module of it is not shipped.
// Without its imports of the AWS SDK modules (which the bundle carries inside): they add no type of
// the bundle's, and the SDK's own declarations need Node's types, which a page's project lacks.
const bundleTypes = readFileSync(join(ROOT, 'dist', 'bundle.d.ts'), 'utf8').replace(/^import '\.\/lookup\/[\w/-]+\.js';\n/gm, '');
writeFileSync(join(ROOT, 'dist', 'cloudtrail-elements.bundle.d.ts'), bundleTypes);
rmSync(join(ROOT, 'dist', 'bundle.d.ts'));
rmSync(join(ROOT, 'dist', 'bundle.js'));
const internal = pruneDeclarations(ROOT, join(ROOT, 'dist'));
// The modules without the blank space and the longhand a reader of the source needs (names kept:
// a host's stack traces still read): about 15 kB of the packed size. The bundle is minified whole below.
await compactModules(join(ROOT, 'dist'));
console.log(`dist/: left out ${internal.length} declarations of internal modules no export reaches`);
// Internal modules' declarations keep their types and drop their JSDoc (no editor shows it to a user).
console.log(`dist/: ${stripInternalDocs(ROOT, join(ROOT, 'dist'))} declarations of internal modules without their JSDoc`);
console.log('dist/: ES modules and type declarations (tsc -p tsconfig.build.json)');
const EMULATOR = join(ROOT, 'packages', 'emulator');
rmSync(join(EMULATOR, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: EMULATOR, stdio: 'inherit' });
await bundleTrinoGrammar();
console.log('packages/emulator/dist/: the emulator package (its own tsc -p tsconfig.build.json; the Trino grammar bundled)');
await buildBundle();

/**
 * dt-sql-parser's modules import one another without file extensions (they are written for
 * bundlers), which Node's ES module loader refuses: installed, the emulator would check no
 * statement against Trino's grammar. Its Trino grammar ships bundled, with the licences of the
 * packages it holds beside it.
 */
async function bundleTrinoGrammar(): Promise<void> {
  const out = join(EMULATOR, 'dist', 'athena', 'trino-grammar.js');
  const held = [['dt-sql-parser', 'LICENSE'], ['antlr4ng', 'LICENSE.txt'], ['antlr4-c3', 'License.txt']] as const;
  await esbuild({
    entryPoints: [join(EMULATOR, 'src', 'athena', 'trino-grammar.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    // Names kept: the type rules (types.ts) read the parse tree's context classes by name.
    minifyWhitespace: true, minifySyntax: true, keepNames: true, legalComments: 'none', logLevel: 'error',
    banner: { js: `// Bundled from ${held.map(([name]) => name).join(', ')}: their licences are in trino-grammar.LICENSES.txt.` },
  });
  writeFileSync(join(dirname(out), 'trino-grammar.LICENSES.txt'), held.map(([name, file]) => `${name}\n\n${readFileSync(join(ROOT, 'node_modules', name, file), 'utf8').trim()}\n`).join('\n\n'));
}
