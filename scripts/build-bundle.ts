/**
 * `npm run build:bundle`: builds dist/cloudtrail-elements.bundle.js with vite.bundle.config.ts and
 * prints its minified, gzipped and brotli sizes.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'dist', 'cloudtrail-elements.bundle.js');

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/**
 * The files the first rows load: the bundle and the chunks it imports statically (shared code the
 * build split out), transitively. The lazy chunks (import()) are not among them.
 */
export function firstRowsFiles(): string[] {
  const files: string[] = [];
  const visit = (path: string) => {
    if (files.includes(path)) return;
    files.push(path);
    const code = readFileSync(path, 'utf8');
    // Static imports only: `import{…}from"./x.js"` or `import"./x.js"` (minified), never `import("./x.js")`.
    for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w*{][^"'`()]*?from\s*)?["'`]([^"'`]+)["'`]/g)) visit(resolve(dirname(path), m[1]!));
  };
  visit(BUNDLE);
  return files;
}

/** Minified, gzip and brotli bytes of the first rows (each file compressed on its own, as each is fetched). */
export async function buildBundle(quiet = false): Promise<{ min: number; gzip: number; brotli: number; files: string[] }> {
  // Chunk names carry a hash: drop the last build's so they do not pile up.
  rmSync(join(ROOT, 'dist', 'bundle-chunks'), { recursive: true, force: true });
  await build({ configFile: join(ROOT, 'vite.bundle.config.ts'), root: ROOT, logLevel: quiet ? 'silent' : 'warn' });
  const chunks = readdirSync(join(ROOT, 'dist')).filter((f) => f.startsWith('cloudtrail-elements.bundle') && f.endsWith('.js'));
  if (chunks.length !== 1) throw new Error(`expected one bundle file, found ${chunks.join(', ')}`);
  const files = firstRowsFiles();
  const sizes = { min: 0, gzip: 0, brotli: 0, files: files.map((f) => relative(ROOT, f)) };
  for (const file of files) {
    const code = readFileSync(file);
    sizes.min += code.length;
    sizes.gzip += gzipSync(code, { level: 9 }).length;
    sizes.brotli += brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  if (!quiet) {
    console.log(`first rows (${sizes.files.join(', ')})  minified ${kB(sizes.min)}  gzip ${kB(sizes.gzip)}  brotli ${kB(sizes.brotli)}`);
    for (const chunk of lazyChunks()) {
      const bytes = readFileSync(join(ROOT, 'dist', 'bundle-chunks', chunk));
      console.log(`  lazy: dist/bundle-chunks/${chunk}  minified ${kB(bytes.length)}  gzip ${kB(gzipSync(bytes, { level: 9 }).length)}`);
    }
  }
  return sizes;
}

/** The chunks loaded after the bundle (facets, timeline). */
export function lazyChunks(): string[] {
  const dir = join(ROOT, 'dist', 'bundle-chunks');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).sort() : [];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildBundle();
}
