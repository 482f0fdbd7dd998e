import { expect } from '@open-wc/testing';
import { RateLimiter } from '../../src/lookup/index.js';
import { describe, it } from './helpers/mocha.js';

describe('RateLimiter', () => {
  it('spaces grants at least 1000/rate + margin apart, first come first served', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, marginMs: 5 });
    const t0 = performance.now();
    const times: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => limiter.acquire('k').then(() => times.push(performance.now() - t0))));
    expect(times).to.have.length(4);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).to.be.at.least(104);
  });

  it('keys are independent', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 1 });
    await limiter.acquire('a');
    const t0 = performance.now();
    await limiter.acquire('b');
    expect(performance.now() - t0).to.be.below(50);
    expect(limiter.nextSlotIn('a')).to.be.above(900);
    expect(limiter.nextSlotIn('c')).to.equal(0);
  });

  it('an aborted waiter leaves the queue and does not use a slot', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 5, marginMs: 0 });
    await limiter.acquire('k');
    const abort = new AbortController();
    const aborted = limiter.acquire('k', abort.signal);
    const t0 = performance.now();
    const next = limiter.acquire('k');
    expect(limiter.queued('k')).to.equal(2);
    abort.abort();
    let reason: unknown;
    await aborted.catch((e) => { reason = e; });
    expect((reason as Error).name).to.equal('AbortError');
    await next;
    expect(performance.now() - t0).to.be.below(300);
    expect(limiter.queued('k')).to.equal(0);
  });

  it('pause() holds every request for the key', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 100 });
    limiter.pause('k', 200);
    expect(limiter.nextSlotIn('k')).to.be.at.least(150);
    const t0 = performance.now();
    await limiter.acquire('k');
    expect(performance.now() - t0).to.be.at.least(190);
  });
});
