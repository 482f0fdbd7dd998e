/**
 * The LookupEvents rate limiter on a fake clock: exact grant times, never the wall clock (a test
 * that does not flake: the browser version asserted `elapsed >= 104` and failed at 101.5 on a
 * busy machine).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimiter, abortReason, rateLimitKey, sharedRateLimiter, spacingMs, systemClock, type LimiterClock } from '../../src/lookup/rate-limiter.js';
import { FakeClock, settle } from './helpers/fake-clock.js';

/** Starts `n` acquires for `key` now and records, per waiter, the clock time it was granted. */
function acquireAll(limiter: RateLimiter, clock: FakeClock, key: string, n: number): { granted: (number | undefined)[]; order: number[]; done: Promise<unknown> } {
  const granted: (number | undefined)[] = Array.from({ length: n }, () => undefined);
  const order: number[] = [];
  const done = Promise.all(
    granted.map((_, i) =>
      limiter.acquire(key).then(() => {
        granted[i] = clock.now();
        order.push(i);
      }),
    ),
  );
  return { granted, order, done };
}

describe('RateLimiter on a fake clock', () => {
  test('spaces grants exactly 1000/rate + margin apart, first come first served', async () => {
    const clock = new FakeClock(1_000);
    const limiter = new RateLimiter({ requestsPerSecond: 10, marginMs: 5, clock });
    const { granted, order, done } = acquireAll(limiter, clock, 'k', 4);
    await clock.advance(0);
    assert.deepEqual(granted, [1_000, undefined, undefined, undefined], 'the first grant is immediate, the rest wait');
    await clock.advance(104);
    assert.deepEqual(granted, [1_000, undefined, undefined, undefined], 'nothing is granted 1 ms early');
    await clock.advance(1);
    assert.deepEqual(granted, [1_000, 1_105, undefined, undefined], 'the second grant comes at exactly 105 ms');
    await clock.runAll();
    await done;
    assert.deepEqual(granted, [1_000, 1_105, 1_210, 1_315], 'grants every 105 ms');
    assert.deepEqual(order, [0, 1, 2, 3], 'first come, first served');
    assert.equal(clock.pending, 0, 'no timer is left behind');
  });

  test('the default spacing (2/s + 25 ms) leaves at most 2 grants in any 1000 ms window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ clock });
    assert.equal(spacingMs(), 525, 'default spacing');
    const { granted, done } = acquireAll(limiter, clock, 'k', 10);
    await clock.runAll();
    await done;
    assert.deepEqual(granted, [0, 525, 1050, 1575, 2100, 2625, 3150, 3675, 4200, 4725], 'one grant per 525 ms');
    const times = granted as number[];
    for (let i = 2; i < times.length; i++) assert.ok(times[i]! - times[i - 2]! >= 1000, `grants ${i - 2}..${i} span ${times[i]! - times[i - 2]!} ms`);
  });

  test('a fractional spacing is granted at the next whole millisecond, never before', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 3, marginMs: 0, clock });
    const { granted, done } = acquireAll(limiter, clock, 'k', 3);
    await clock.runAll();
    await done;
    assert.deepEqual(granted, [0, 334, 668], '1000/3 ms apart, rounded up by the timer');
  });

  test('keys are independent', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 1, clock });
    await limiter.acquire('a');
    await limiter.acquire('b');
    assert.equal(clock.now(), 0, 'b was granted without waiting for a');
    assert.equal(limiter.nextSlotIn('a'), 1025, 'a waits its full spacing');
    assert.equal(limiter.nextSlotIn('c'), 0, 'an unused key has no wait');
    await clock.advance(1000);
    assert.equal(limiter.nextSlotIn('a'), 25, 'the wait shrinks with time');
    await clock.advance(25);
    assert.equal(limiter.nextSlotIn('a'), 0, 'and ends at the spacing');
  });

  test('nextSlotIn counts the requests already queued', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 2, marginMs: 0, clock });
    const { done } = acquireAll(limiter, clock, 'k', 3);
    await clock.advance(0);
    assert.equal(limiter.queued('k'), 2, 'two wait behind the first');
    assert.equal(limiter.nextSlotIn('k'), 1500, 'a fourth request goes out after the two queued ones');
    assert.equal(limiter.nextSlotIn('k', 100), 300, 'with a smaller spacing per request');
    await clock.runAll();
    await done;
  });

  test('an aborted waiter leaves the queue and does not use a slot', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 5, marginMs: 0, clock });
    await limiter.acquire('k');
    const abort = new AbortController();
    const aborted = limiter.acquire('k', abort.signal);
    let nextAt: number | undefined;
    const next = limiter.acquire('k').then(() => (nextAt = clock.now()));
    assert.equal(limiter.queued('k'), 2, 'both wait');
    await clock.advance(50);
    abort.abort();
    await assert.rejects(aborted, (e: Error) => e.name === 'AbortError', 'the aborted waiter rejects with AbortError');
    assert.equal(limiter.queued('k'), 1, 'and leaves the queue');
    await clock.runAll();
    await next;
    assert.equal(nextAt, 200, 'the next waiter takes the freed slot, one spacing after the first grant');
    assert.equal(limiter.queued('k'), 0, 'queue empty');
  });

  test('an already aborted signal rejects at once with its reason', async () => {
    const limiter = new RateLimiter({ clock: new FakeClock() });
    const reason = new Error('gone');
    await assert.rejects(limiter.acquire('k', AbortSignal.abort(reason)), (e) => e === reason, 'the signal\'s own Error');
    assert.equal(limiter.queued('k'), 0, 'nothing was queued');
    const plain = abortReason(AbortSignal.abort('not an error')) as Error;
    assert.equal(plain.name, 'AbortError', 'a non-Error reason becomes an AbortError');
  });

  test('pause() holds every request for the key, then spacing resumes', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 100, clock });
    limiter.pause('k', 200);
    assert.equal(limiter.nextSlotIn('k'), 200, 'the pause is the wait');
    const { granted, done } = acquireAll(limiter, clock, 'k', 2);
    await clock.advance(199);
    assert.deepEqual(granted, [undefined, undefined], 'nothing before the pause ends');
    await clock.runAll();
    await done;
    assert.deepEqual(granted, [200, 235], 'the first at the end of the pause, the next one spacing (35 ms) later');
  });

  test('a pause while requests wait pushes them back', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 2, marginMs: 0, clock });
    const { granted, done } = acquireAll(limiter, clock, 'k', 2);
    await clock.advance(100);
    limiter.pause('k', 1000);
    await clock.runAll();
    await done;
    assert.deepEqual(granted, [0, 1100], 'held until 100 + 1000 ms');
  });

  test('a timer that fires early is re-armed; the grant still waits for its time', async () => {
    const clock = new FakeClock();
    // Timers on a loaded machine may fire early or late; the first one here fires 10 ms early.
    let armed = 0;
    const early: LimiterClock = { now: clock.now, setTimeout: (cb, ms) => clock.setTimeout(cb, armed++ === 0 ? ms - 10 : ms), clearTimeout: clock.clearTimeout };
    const limiter = new RateLimiter({ requestsPerSecond: 2, marginMs: 0, clock: early });
    const { granted, done } = acquireAll(limiter, clock, 'k', 2);
    await clock.runAll();
    await done;
    assert.deepEqual(granted, [0, 500], 'granted at 500 ms, not at 490');
    assert.equal(armed, 2, 'the pump re-armed a timer for the remaining 10 ms');
  });

  test('the default clock is the monotonic one and the global timers', async () => {
    const limiter = new RateLimiter();
    // A 1 ms spacing keeps this quick; it only shows the default clock's timers fire.
    await limiter.acquire('k', undefined, 1);
    await limiter.acquire('k', undefined, 1);
    assert.equal(limiter.queued('k'), 0, 'both granted');
    assert.equal(typeof systemClock.now(), 'number', 'systemClock.now() is a number');
    assert.ok(sharedRateLimiter instanceof RateLimiter, 'the shared limiter is a RateLimiter');
    await settle();
  });

  test('options are validated and keys name the endpoint and Region', () => {
    assert.throws(() => new RateLimiter({ requestsPerSecond: 0 }), RangeError);
    assert.throws(() => spacingMs({ marginMs: -1 }), RangeError);
    assert.equal(rateLimitKey('eu-west-1'), 'https://cloudtrail.eu-west-1.amazonaws.com|eu-west-1');
    assert.equal(rateLimitKey('us-east-1', 'http://127.0.0.1:8080/i/x'), 'http://127.0.0.1:8080/i/x|us-east-1');
  });
});
