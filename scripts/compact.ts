/**
 * The shipped ES modules, compacted in place with esbuild (already a dev dependency, and vite's own
 * minifier): whitespace and syntax only, so every name (exports, classes, functions, locals) stays
 * as written and a stack trace from a host's page still names our functions.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

/** Compacts each `.js` file under `dir` (the one-file bundle's folder excepted: vite minifies it). */
export async function compactModules(dir: string): Promise<number> {
  let files = 0;
  const walk = async (d: string): Promise<void> => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'bundle-chunks') await walk(path);
      } else if (entry.name.endsWith('.js')) {
        const { code } = await transform(readFileSync(path, 'utf8'), { format: 'esm', target: 'es2022', minifyWhitespace: true, minifySyntax: true, legalComments: 'none' });
        writeFileSync(path, code);
        files++;
      }
    }
  };
  await walk(dir);
  return files;
}
