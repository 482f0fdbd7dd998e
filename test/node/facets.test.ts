/** Facet counts, kept page by page and when a condition narrows the rows, always equal a fresh count. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateRecords } from 'cloudtrail-elements-emulator';
import { meets } from '../../src/lookup/conditions.js';
import { CtEvent } from '../../src/lookup/events.js';
import { FacetCounter } from '../../src/state/facets.js';
import { eventFromRecord } from '../../src/lookup/from-record.js';

const events = generateRecords({ count: 2000, seed: 11, nowMs: Date.UTC(2026, 10, 24) }).map((r) => eventFromRecord(r));

const fresh = (list: readonly CtEvent[]) => {
  const c = new FacetCounter();
  c.sync(list);
  return c.facets(50);
};

test('counts grown page by page equal a fresh count', () => {
  const counter = new FacetCounter();
  const grown: CtEvent[] = [];
  for (let i = 0; i < events.length; i += 50) {
    grown.push(...events.slice(i, i + 50));
    counter.sync(grown);
  }
  assert.deepEqual(counter.facets(50), fresh(events), 'the same top values and counts');
});

test('narrowing by "is" and by "is not" updates the counts to those of the rows left', () => {
  const top = fresh(events)[0].top;
  for (const condition of [{ field: 'EventName' as const, value: top[0].value }, { field: 'EventName' as const, value: top[0].value, exclude: true }]) {
    const counter = new FacetCounter();
    counter.sync(events);
    const left = events.filter((e) => meets(e, condition));
    counter.sync(left);
    assert.deepEqual(counter.facets(50), fresh(left), `after ${condition.exclude ? 'is not' : 'is'} ${condition.value}`);
    const more = [...left];
    counter.sync(more);
    more.push(...events.slice(0, 10).filter((e) => meets(e, condition)));
    counter.sync(more);
    assert.deepEqual(counter.facets(50), fresh(more), 'and pages appended after it are counted on top');
  }
});
