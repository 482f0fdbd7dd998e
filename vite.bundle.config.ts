/**
 * The one-file bundle for static pages: `dist/cloudtrail-elements.bundle.js`, one ES module with
 * lit, the AWS SDK and the Cognito provider inside, registering every tag. Parts the first rows do
 * not need load later from `dist/bundle-chunks/`.
 * Kept apart from vite.config.ts (the demo) so neither build disturbs the other.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const VERSION_ONLY = '\0sdk-package-version:';

/**
 * The SDK's clients import their whole package.json (scripts, exports map, dependencies) only to
 * read `version` for the user agent. Hand them a module with just that: about 3 KB gzipped less.
 */
function sdkVersionOnly(): Plugin {
  return {
    name: 'sdk-package-version-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('/package.json') || !/node_modules[\\/]@(aws-sdk|smithy)[\\/]/.test(importer)) return null;
      // A `.js` ending keeps vite's JSON plugin off this virtual module.
      return `${VERSION_ONLY}${resolve(dirname(importer), source)}.js`;
    },
    load(id) {
      if (!id.startsWith(VERSION_ONLY)) return null;
      const { version } = JSON.parse(readFileSync(id.slice(VERSION_ONLY.length, -'.js'.length), 'utf8')) as { version: string };
      return `export default { version: ${JSON.stringify(version)} };`;
    },
  };
}

/**
 * Stands in for a module the one-file bundle leaves out (`matches` picks the imports): each of
 * `exports` is exported with the code that fails in its place, saying so if it is ever used.
 */
function leaveOut(name: string, matches: (source: string, importer?: string) => boolean, exports: Record<string, string>): Plugin {
  const virtual = `\0${name}.js`;
  return {
    name,
    enforce: 'pre',
    resolveId: (source, importer) => (matches(source, importer) ? virtual : null),
    load: (id) => (id === virtual ? Object.entries(exports).map(([k, code]) => `export const ${k} = ${code};`).join('\n') : null),
  };
}

/**
 * The SDK's HTTP protocol loads its event-stream codec (about 4 KB gzipped) with a dynamic import,
 * only for operations that stream events. LookupEvents and the two Cognito calls never do, and in
 * a one-file bundle that import would be inlined; leave the codec out and say so if it is asked for.
 */
function noEventStreams(): Plugin {
  const fail = `() => { throw new Error('cloudtrail-elements: event streams are not part of the one-file bundle'); }`;
  return leaveOut('no-event-streams', (source) => source === '@smithy/core/event-streams', { EventStreamSerde: fail, eventStreamSerdeProvider: fail });
}

/**
 * The errors LookupEvents is modelled to return, plus the common ones every AWS JSON service sends.
 * Every other modelled CloudTrail error (trails, Lake, channels, dashboards: about 80 classes and
 * schemas, some 10 KB gzipped) is left unregistered in the bundle. The SDK still reports such an
 * error under its own name, as a CloudTrailServiceException with the service's message, which is
 * all the library reads (`name`, `message`, `$metadata`).
 */
export const LOOKUP_EVENTS_ERRORS = [
  'InvalidLookupAttributesException', 'InvalidTimeRangeException', 'InvalidMaxResultsException', 'InvalidNextTokenException',
  'InvalidEventCategoryException', 'UnsupportedOperationException', 'OperationNotPermittedException',
  'AccessDeniedException', 'ThrottlingException', 'ResourceNotFoundException', 'InvalidParameterException',
];

function onlyLookupEventsErrors(): Plugin {
  const registration = /\bn0_registry\.registerError\((\w+)\$, \1\);\n?/g;
  return {
    name: 'only-lookup-events-errors',
    transform(code, id) {
      if (!/[\\/]@aws-sdk[\\/]client-cloudtrail[\\/]dist-es[\\/]schemas[\\/]schemas_0\.js$/.test(id)) return null;
      const registered = [...code.matchAll(registration)].map((m) => m[1]!);
      const missing = LOOKUP_EVENTS_ERRORS.filter((name) => !registered.includes(name));
      if (registered.length < 20 || missing.length) {
        this.error(`@aws-sdk/client-cloudtrail no longer registers its errors as onlyLookupEventsErrors expects (not found: ${missing.join(', ') || 'the registrations'}): update the pattern`);
      }
      return { code: code.replace(registration, (line, name: string) => (LOOKUP_EVENTS_ERRORS.includes(name) ? line : '')), map: null };
    },
  };
}

/**
 * Minifies the CSS inside our `css\`...\`` templates (comments, indentation, spaces around
 * punctuation); the JS minifier leaves template text alone. Interpolations (`${...}`) are kept.
 */
function minifyCssTemplates(): Plugin {
  const squeeze = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};:,>])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/]elements[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
      const out = code.replace(/\bcss`([^`]*)`/g, (_, body: string) =>
        `css\`${body.split(/(\$\{[^}]*\})/).map((part, i) => (i % 2 ? part : squeeze(part))).join(' ')}\``,
      );
      return { code: out, map: null };
    },
  };
}

/**
 * Lit creates its Trusted Types policy, `lit-html`, as it loads. On a page whose CSP allows no
 * policy of that name (`trusted-types 'none'`, or a list without it) createPolicy throws, so the
 * bundle would fail to load and define no tag. In this bundle's copy of Lit a refused policy is
 * caught instead: the tags are defined and Lit writes its own template strings as they are, which
 * such a page accepts unless it also requires Trusted Types, and the console names the directive.
 */
function litPolicyMayBeRefused(): Plugin {
  const created = /(\w+)\?\1\.createPolicy\("lit-html",\{createHTML:(\w+)=>\2\}\):void 0/;
  const warning = JSON.stringify("cloudtrail-elements: the page's CSP refuses Lit's policy; to require Trusted Types, add: trusted-types lit-html");
  return {
    name: 'lit-policy-may-be-refused',
    transform(code, id) {
      if (!/[\\/]lit-html[\\/]lit-html\.js$/.test(id)) return null;
      if (!created.test(code)) this.error('lit-html no longer creates its Trusted Types policy as litPolicyMayBeRefused expects: update the pattern');
      const out = code.replace(created, (_, tt: string) =>
        `${tt}?(()=>{try{return ${tt}.createPolicy("lit-html",{createHTML:s=>s})}catch{console.warn(${warning})}})():void 0`);
      return { code: out, map: null };
    },
  };
}

/**
 * The SDK's clients here run with `maxAttempts: 1` in the standard retry mode (the controller
 * retries, inside the shared rate budget), so the adaptive mode's strategy and its client-side rate
 * limiter (about 1.5 KB gzipped) are never made: leave them out, and say so if one is asked for.
 */
function noAdaptiveRetry(): Plugin {
  const fail = `class { constructor() { throw new Error('cloudtrail-elements: the adaptive retry mode is not part of the one-file bundle (the library retries itself)'); } }`;
  const retryModule = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]retry[\\/]/;
  return leaveOut('no-adaptive-retry', (source, importer) => Boolean(importer && retryModule.test(importer)) && /(^|\/)(AdaptiveRetryStrategy|DefaultRateLimiter)(\.js)?$/.test(source),
    { AdaptiveRetryStrategy: fail, DefaultRateLimiter: fail });
}

const LAZY_SHA256_JS = '\0lazy-sha256-js.js';

/**
 * The SDK hashes with WebCrypto and keeps a SHA-256 in JavaScript (about 2 KB gzipped) for pages
 * without it (plain http on another host than localhost) and for bodies over 8 MB. Its digest is
 * async anyway, so in the bundle that fallback gathers what it is given and loads the real one,
 * from a chunk, only when it must digest.
 */
function lazySha256Js(): Plugin {
  let real = '';
  return {
    name: 'lazy-sha256-js',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !/[\\/]checksum[\\/]sha256[\\/]Sha256WebCrypto\.js$/.test(importer) || !/(^|\/)Sha256Js(\.js)?$/.test(source)) return null;
      real = (await this.resolve(source, importer, { skipSelf: true }))?.id ?? '';
      if (!real) this.error('Sha256Js could not be resolved for lazySha256Js');
      return LAZY_SHA256_JS;
    },
    load(id) {
      if (id !== LAZY_SHA256_JS) return null;
      return `let real;
export class Sha256Js {
  constructor(secret) { this.secret = secret; this.parts = []; }
  update(data) { this.parts.push(data.slice()); }
  reset() { this.parts = []; }
  async digest() {
    real ??= import(${JSON.stringify(real)}).then((m) => m.Sha256Js);
    const hash = new (await real)(this.secret);
    for (const part of this.parts) hash.update(part);
    return hash.digest();
  }
}`;
    },
  };
}

/**
 * The SDK's endpoint rules look a Region up in a table of every partition's Regions, each with its
 * description, then fall back to each partition's Region pattern, which gives the same outputs
 * (DNS suffix, FIPS and dual-stack support) for every Region name the elements accept. The bundle
 * keeps the partitions and their patterns, and of the Region lists only the global pseudo-Regions
 * (`aws-global`, which no pattern matches): about 1 KB gzipped less.
 */
function partitionPatternsOnly(): Plugin {
  return {
    name: 'partition-patterns-only',
    async load(id) {
      if (!/[\\/]util-endpoints[\\/]lib[\\/]aws[\\/]partitions\.js$/.test(id)) return null;
      const { partitionsInfo } = (await import(pathToFileURL(id).href)) as { partitionsInfo: { partitions: { regions: Record<string, unknown>; regionRegex: string }[] } };
      if (!partitionsInfo?.partitions?.every((p) => typeof p.regionRegex === 'string' && p.regions)) this.error('partitions.js no longer has the shape partitionPatternsOnly expects: update it');
      for (const p of partitionsInfo.partitions) {
        const names = Object.keys(p.regions);
        // Every Region listed matches its partition's pattern, or is a global pseudo-Region (kept).
        const stray = names.filter((r) => !r.endsWith('-global') && !new RegExp(p.regionRegex).test(r));
        if (stray.length) this.error(`partitionPatternsOnly: ${stray.join(', ')} would lose its partition: update it`);
        p.regions = Object.fromEntries(names.filter((r) => r.endsWith('-global')).map((r) => [r, p.regions[r]]));
      }
      return `export const partitionsInfo = ${JSON.stringify(partitionsInfo)};`;
    },
  };
}

const CATALOG = 'cloudtrail-elements:aws-operations';

/**
 * The catalog of every AWS operation (15,000 names, about 70 kB gzipped) ships once: the
 * suggestions' chunk imports the package's own module of it (`dist/lookup/aws-operations.js`,
 * beside `dist/bundle-chunks/`) instead of a second copy in the chunk. A page that serves the bundle
 * without it still gets suggestions (see suggestions.ts), only not from the catalog.
 */
function sharedCatalog(): Plugin {
  return {
    name: 'shared-aws-operations-catalog',
    enforce: 'pre',
    resolveId(source) {
      return source.endsWith('/lookup/aws-operations.js') ? { id: CATALOG, external: true } : null;
    },
    renderChunk(code, chunk) {
      if (!code.includes(CATALOG)) return null;
      if (!chunk.fileName.startsWith('bundle-chunks/')) this.error(`the catalog is imported from ${chunk.fileName}, not a chunk in bundle-chunks/: its path would be wrong`);
      return { code: code.split(CATALOG).join('../lookup/aws-operations.js'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [sdkVersionOnly(), noEventStreams(), onlyLookupEventsErrors(), minifyCssTemplates(), litPolicyMayBeRefused(), noAdaptiveRetry(), lazySha256Js(), partitionPatternsOnly(), sharedCatalog()],
  // No public dir or index.html: only the library entry.
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    // dist/ also holds the tsc output (`npm run build`); leave it in place.
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: process.env.BUNDLE_SOURCEMAP === "1",
    copyPublicDir: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/bundle.ts',
      formats: ['es'],
      fileName: () => 'cloudtrail-elements.bundle.js',
    },
    rolldownOptions: {
      // Every dependency inside: nothing external (but the catalog, see sharedCatalog).
      external: [],
      // Lib mode keeps whitespace in ES output (for consumers' tree-shaking); this file is final.
      // What the first rows do not need (facets, timeline) is split into chunks beside it, loaded
      // with import() relative to the bundle's own URL; everything else stays in the one file.
      // allow-extension: the lazy chunks import what they share with the bundle (lit, the base
      // element) from the bundle itself, instead of from a common chunk the bundle would need too.
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true, chunkFileNames: 'bundle-chunks/[name]-[hash].js' },
    },
  },
});
