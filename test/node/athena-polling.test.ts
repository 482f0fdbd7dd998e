/**
 * How the Athena source polls a running query (GetQueryExecution): a query that ends in its first
 * seconds is seen soon after, and the calls stay within Athena's per-account quota for
 * GetQueryExecution and GetQueryResults (100 calls a second, bursts of 200:
 * https://docs.aws.amazon.com/athena/latest/ug/service-limits.html) for a dozen lookups at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextPoll } from '../../src/lookup/athena/source.js';

/** When the source polls a query that never ends, over its first `untilMs` (ms after it started). */
function pollTimes(untilMs: number, pollMs?: { first?: number; max?: number }): number[] {
  const at = [0];
  let delay: number | undefined;
  let waited = 0;
  while (waited < untilMs) {
    delay = nextPoll(delay, waited, pollMs);
    waited += delay;
    at.push(waited);
  }
  return at;
}

/** Polls within any window of `windowMs` starting at a poll, most. */
const busiest = (at: number[], from: number, windowMs = 1000) => Math.max(...at.filter((t) => t >= from).map((t) => at.filter((u) => u >= t && u < t + windowMs).length));

test('a query that ends in its first 5 seconds is seen within 250 ms', () => {
  const at = pollTimes(6000);
  for (let end = 1; end <= 5000; end++) {
    const seen = at.find((t) => t >= end)!;
    assert.ok(seen - end <= 250, `a query ending at ${end} ms is seen at ${seen} ms`);
  }
});

test('later, polls back off to one a second', () => {
  const at = pollTimes(60_000);
  const late = at.filter((t) => t > 10_000);
  late.slice(1).forEach((t, i) => assert.equal(t - late[i]!, 1000, `the poll after ${late[i]} ms`));
});

test("a dozen lookups' page and counting queries, started in the same second, stay within the account's quota", () => {
  const at = pollTimes(60_000);
  // Each lookup polls two queries at once; its rows come with GetQueryResults, a few calls a lookup.
  const queries = 12 * 2;
  assert.ok(queries * busiest(at, 0) <= 200, `${queries * busiest(at, 0)} calls in the busiest second: within the burst of 200`);
  assert.ok(queries * busiest(at, 1000) <= 100, `${queries * busiest(at, 1000)} calls a second after the first: within 100`);
});

test("a host's pollMs keeps its bounds", () => {
  const at = pollTimes(3000, { first: 20, max: 100 });
  assert.equal(at[1], 20);
  at.slice(1).forEach((t, i) => assert.ok(t - at[i]! <= 100, `the poll at ${t} ms waited ${t - at[i]!} ms`));
});
