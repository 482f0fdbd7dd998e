/**
 * The type declarations a user can reach: those of the package's `exports` (their `types`), and
 * every declaration file they import, however deep. The others describe internal modules that
 * `exports` lets no one import; tsc writes them anyway, and they were a twentieth of the tarball.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** `import ... from './x.js'`, `export ... from './x.js'`, `import('./x.js')`, `import './x.js'`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every `types` file named in a package.json `exports` map. */
export function exportedTypes(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.values(pkg.exports).flatMap((target) => {
    const types = typeof target === 'object' && target ? (target as { types?: string }).types : undefined;
    return types ? [resolve(root, types)] : [];
  });
}

/** The declaration files reachable from `entries` through relative imports. */
export function reachableDeclarations(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      stack.push(resolve(dirname(file), m[1]!).replace(/\.js$/, '.d.ts'));
    }
  }
  return seen;
}

/** Deletes the `.d.ts` files under `dir` that no exported entry reaches; returns their paths. */
export function pruneDeclarations(root: string, dir: string): string[] {
  const keep = reachableDeclarations(exportedTypes(root));
  const removed: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.d.ts') && !keep.has(path)) {
        rmSync(path);
        removed.push(relative(root, path));
      }
    }
  };
  walk(dir);
  return removed;
}
