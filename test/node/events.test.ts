/**
 * The elements' DOM events come from one place: each class names its event once, in its base
 * (`extends ctEvent('ct-…')`), and the global event map is typed from the list of classes. Each
 * bubbles and crosses shadow roots; only the two that report a change already made cannot be
 * cancelled.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as events from '../../src/elements/events.js';

const source = readFileSync(new URL('../../src/elements/events.ts', import.meta.url), 'utf8');
const classes = Object.entries(events).filter(([name, value]) => /^Ct\w+Event$/.test(name) && typeof value === 'function') as unknown as [string, typeof Event & { eventName: string }][];

test('each event name is written once in events.ts: in the base its class extends', () => {
  assert.equal(classes.length, 19, `the event classes (${classes.map(([n]) => n).join(', ')})`);
  const names = [...source.matchAll(/'(ct-[a-z-]+)'/g)].map((m) => m[1]!);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(twice, [], 'no name is repeated (a class and a hand-written map would repeat each)');
  assert.deepEqual(classes.map(([, c]) => c.eventName).sort(), [...names].sort(), 'every class carries one of the names written');
});

test('every event bubbles and is composed; only the time-zone and session changes are not cancelable', () => {
  const notCancelable: string[] = [];
  for (const [name, Cls] of classes) {
    const e = new (Cls as unknown as new (...args: unknown[]) => Event)(undefined, undefined);
    assert.match(e.type, /^ct-[a-z]+(-[a-z]+)*$/, `${name}: a ct- kebab-case name`);
    assert.equal(e.type, Cls.eventName, `${name}: its type is its eventName`);
    assert.ok(e.bubbles && e.composed, `${name} bubbles out of shadow roots`);
    if (!e.cancelable) notCancelable.push(e.type);
  }
  assert.deepEqual(notCancelable.sort(), ['ct-session-change', 'ct-time-zone-change']);
});
