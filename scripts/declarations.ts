/**
 * The type declarations a user can reach: those of the package's `exports` (their `types`), and
 * every declaration file they import, however deep. The others describe internal modules that
 * `exports` lets no one import; tsc writes them anyway, and they were a twentieth of the tarball.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/** `export ... from './x.js'` (and `export * from`) of a declaration file: the modules it re-exports. */
const RE_EXPORT = /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The declarations whose JSDoc a user reads in an editor: the package's entries, the modules they
 * re-export from, and every element's (src/elements: the tags, their base classes, their events).
 */
export function documentedDeclarations(root: string, dist: string): Set<string> {
  const entries = exportedTypes(root);
  const out = new Set(entries);
  for (const entry of entries) {
    if (!existsSync(entry)) continue;
    for (const m of readFileSync(entry, 'utf8').matchAll(RE_EXPORT)) out.add(resolve(dirname(entry), m[1]!).replace(/\.js$/, '.d.ts'));
  }
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.d.ts')) out.add(path);
    }
  };
  const elements = join(dist, 'elements');
  if (existsSync(elements)) walk(elements);
  return out;
}

/**
 * Drops the JSDoc of the declarations no editor shows a user (internal modules the public types
 * reach: page sources, the Region merge, the rate limiter's internals); returns how many changed.
 */
export function stripInternalDocs(root: string, dist: string): number {
  const keep = documentedDeclarations(root, dist);
  let changed = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.d.ts') && !keep.has(path)) {
        const text = readFileSync(path, 'utf8');
        const bare = text.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '');
        if (bare !== text) {
          writeFileSync(path, bare);
          changed++;
        }
      }
    }
  };
  walk(dist);
  return changed;
}
