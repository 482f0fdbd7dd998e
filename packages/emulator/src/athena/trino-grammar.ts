/**
 * dt-sql-parser's Trino grammar alone: its package's root loads every dialect's parser, 0.7 s more
 * when the emulator starts. Its modules import one another without file extensions, which Node's
 * ES module loader refuses, so the package's build bundles this module with them
 * (dist/athena/trino-grammar.js, by scripts/build.ts); in the repository tsx resolves them as they are.
 */
export { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';
