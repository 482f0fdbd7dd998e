/**
 * Generated data follows the emulator clock's hour and weekday, so every instance the tests
 * generate fixes its clock (`generate.at`, through the helpers of generated-clock.ts): these checks
 * make the same instances with the emulator's clock at each hour of a week and find the same
 * events, and find no test that generates without a fixed time outside those helpers.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { createEmulator, type WireEvent } from 'cloudtrail-elements-emulator';
import { atFixedClock } from '../browser/helpers/generated-clock.js';

const HOUR = 3_600_000;
/** A week of hours, from a Monday 00:10 UTC (minutes off the hour, as a test run would be). */
const WEEK = Array.from({ length: 7 * 24 }, (_, h) => Date.UTC(2027, 0, 4, 0, 10, 7) + h * HOUR);

interface Made {
  regions: string;
  /** Per event: name, user, Region and how long before the instance's now. */
  events: string[];
}

/** An instance made with the emulator's clock at `now`, as the test helpers make it. */
function makeAt(now: number, options: { generate: { count: number; seed: number } }, fixed: boolean, t: { mock: { method(o: object, m: string, f: () => number): unknown; restoreAll(): void } }): Made {
  t.mock.method(Date, 'now', () => now);
  try {
    const emulator = createEmulator();
    const inst = emulator.createInstance(fixed ? atFixedClock(options) : options);
    const all = inst.truth({ regions: '*' }) as WireEvent[];
    const regionOf = (e: WireEvent) => String((JSON.parse(e.CloudTrailEvent) as { awsRegion?: string }).awsRegion);
    emulator.close();
    return {
      regions: inst.store.regionCounts().map((r) => `${r.region} ${r.eventCount}`).join(', '),
      events: all.map((e) => `${e.EventName} ${e.Username} ${regionOf(e)} ${now - e.EventTime * 1000}`),
    };
  } finally {
    t.mock.restoreAll();
  }
}

describe('generated test data is the same at every hour of a week', () => {
  // The instances whose counts failed at some hours (60 events for the strict page's row window,
  // 400 for the per-Region check) and the largest paging one.
  for (const generate of [{ count: 60, seed: 31 }, { count: 400, seed: 17 }, { count: 600, seed: 1 }]) {
    test(`${generate.count} events, seed ${generate.seed}: the same events, Regions and gaps before now at all 168 hours`, (t) => {
      const first = makeAt(WEEK[0]!, { generate }, true, t);
      for (const now of WEEK.slice(1)) {
        const made = makeAt(now, { generate }, true, t);
        assert.equal(made.regions, first.regions, `Regions at ${new Date(now).toISOString()}`);
        assert.deepEqual(made.events, first.events, `events at ${new Date(now).toISOString()}`);
      }
      // Without the fixed time the same options give other data at other hours: what the helpers prevent.
      const unfixed = new Set(WEEK.filter((_, h) => h % 7 === 0).map((now) => makeAt(now, { generate }, false, t).regions));
      assert.ok(unfixed.size > 1, `without generate.at the Region counts follow the hour (${unfixed.size} distinct)`);
    });
  }
});

/** Every .ts file under `dir`, node_modules left out. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name === 'node_modules' || d.name.startsWith('.')) return [];
    const path = join(dir, d.name);
    return d.isDirectory() ? files(path) : /\.ts$/.test(d.name) ? [path] : [];
  });
}

/** Calls that pass their options through atFixedClock (the test helpers). */
const FIXING_CALLS = new Set(['createInstance', 'instance']);

/**
 * The `generate: {...}` options in a test file that name no `at` and do not go through a helper
 * that fixes it: `file:line` for each.
 */
function unfixedGenerates(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node, fixing: boolean): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      // The helpers, not an emulator's own createInstance method.
      if (ts.isIdentifier(callee) && FIXING_CALLS.has(name)) fixing = true;
      // Options compared as data (a parsed command line) make no instance.
      if (name === 'deepEqual') return;
    }
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'generate' && ts.isObjectLiteralExpression(node.initializer) && !fixing) {
      const names = node.initializer.properties.map((p) => p.name?.getText(source));
      if (!names.includes('at')) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
    }
    ts.forEachChild(node, (child) => visit(child, fixing));
  };
  visit(source, false);
  return found;
}

describe('no test generates data at the hour it runs', () => {
  test('every generate option names `at` or goes through createInstance / instance (which fix it)', () => {
    const root = process.cwd();
    // Options the emulator refuses: they make no instance.
    const allowed = new Set(['test/node/emulator-safety.test.ts']);
    const found = files(join(root, 'test'))
      .flatMap((f) => unfixedGenerates(relative(root, f), readFileSync(f, 'utf8')))
      .filter((where) => !allowed.has(where) && !allowed.has(where.split(':')[0]!));
    assert.deepEqual(found, [], `generate without a fixed time (add generate.at: GENERATED_AT, or use the helpers):\n${found.join('\n')}`);
  });
});
