/**
 * The store's findings tracker: it loads the engine once the first rows are in, evaluates the
 * loaded events in slices when the (injected) scheduler runs them, counts per rule for the facet,
 * counts again when a burst found late flags earlier events (re-reading only the events within its
 * window), goes on from where it stood when a page is appended, and starts over for a new list.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventFromRecord } from '../../src/lookup/from-record.js';
import { fieldValues } from '../../src/lookup/conditions.js';
import { FindingsTracker } from '../../src/state/findings.js';
import { SLICE } from '../../src/lookup/findings/counter.js';

const at = (i: number, fields: Record<string, unknown> = {}) => eventFromRecord({
  eventVersion: '1.09', eventID: `33333333-0000-4000-8000-${String(i).padStart(12, '0')}`, eventTime: new Date(Date.UTC(2026, 10, 20, 12) - i * 1000).toISOString(),
  eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', awsRegion: 'us-east-1',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', accessKeyId: 'AKIAALICE00000000001' }, ...fields,
});

/** A scheduler the test runs by hand: how many slices are waiting, and run them all. */
function manual() {
  const queue: (() => void)[] = [];
  return { schedule: (work: () => void) => queue.push(work), pending: () => queue.length, runAll: () => { for (let i = 0; queue.length && i < 1000; i++) queue.shift()!(); } };
}

const counts = (t: FindingsTracker) => t.counts().map((c) => `${c.rule.id} ${c.count}`);

describe('findings: the store\'s tracker', () => {
  test('evaluates the loaded events in slices, counting per rule, most severe first', async () => {
    const s = manual();
    const tracker = new FindingsTracker(s.schedule);
    const events = Array.from({ length: SLICE + 500 }, (_, i) => at(i + 10));
    events.push(at(1, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }));
    events.push(at(2, { eventSource: 'ec2.amazonaws.com', eventName: 'GetPasswordData' }));
    tracker.sync(events);
    await tracker.ensure();
    assert.equal(tracker.state.status, 'ready', 'the engine is in');
    assert.equal(s.pending(), 1, 'one slice waits for idle time');
    s.schedule(() => {});
    s.runAll();
    assert.equal(tracker.state.evaluated, events.length, 'every event evaluated');
    assert.deepEqual(counts(tracker), ['cloudtrail-logging-stopped 1', 'ec2-password-data-read 1'], 'critical before medium');
    assert.deepEqual(tracker.flaggedEvents().map((e) => e.EventName), ['StopLogging', 'GetPasswordData'], 'the flagged events, for the timeline');
    assert.deepEqual(fieldValues(events.at(-2)!, 'Finding'), ['cloudtrail-logging-stopped'], 'a Finding condition reads the same rules');
    tracker.dispose();
  });

  test('in the browser\'s idle time, evaluates for as long as the page stays idle, in short steps, and only a short step when the wait timed out', async () => {
    const queue: ((idle?: { timeRemaining(): number; didTimeout: boolean }) => void)[] = [];
    const tracker = new FindingsTracker((work) => queue.push(work));
    const events = Array.from({ length: 3 * SLICE }, (_, i) => at(i + 10));
    tracker.sync(events);
    await tracker.ensure();
    let looks = 0;
    // An idle period with time for three looks at the clock (requestIdleCallback's deadline).
    queue.shift()!({ timeRemaining: () => (++looks <= 3 ? 20 : 1), didTimeout: false });
    assert.equal(tracker.state.evaluated, 400, 'a hundred events, then three more hundreds while the page stayed idle; then it stops');
    assert.equal(queue.length, 1, 'the rest waits for the next idle period');
    queue.shift()!({ timeRemaining: () => 0, didTimeout: true });
    assert.equal(tracker.state.evaluated, 500, 'a wait that timed out (the page is busy) gets one step of a hundred, not a slice of a thousand');
    queue.shift()!();
    assert.equal(tracker.state.evaluated, 500 + SLICE, 'without word of idle time, one slice');
    tracker.dispose();
  });

  test('a burst found on a later page flags earlier events, and the counts follow', async () => {
    const s = manual();
    const tracker = new FindingsTracker(s.schedule);
    await tracker.ensure();
    const denied = (i: number) => at(i, { errorCode: 'AccessDenied', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/mallory' } });
    const list = Array.from({ length: 12 }, (_, i) => denied(i));
    tracker.sync(list);
    s.runAll();
    assert.deepEqual(counts(tracker), [], 'twelve denials are not yet a burst of twenty');
    // The controller's list grows in place as the next page arrives.
    list.push(...Array.from({ length: 10 }, (_, i) => denied(100 + i)));
    tracker.sync(list);
    s.runAll();
    assert.deepEqual(counts(tracker), ['access-denied-burst 22'], 'all 22 denials within ten minutes, those of the first page too');
    tracker.dispose();
  });

  test('a burst on a new page is counted over the events within its window only, not the whole list again', async () => {
    const s = manual();
    let slices = 0;
    const tracker = new FindingsTracker((work) => { slices++; s.schedule(work); });
    await tracker.ensure();
    const denied = (i: number) => at(i, { errorCode: 'AccessDenied', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/mallory' } });
    const list = Array.from({ length: 3 * SLICE }, (_, i) => at(i + 10));
    tracker.sync(list);
    s.runAll();
    // The next page (older, as LookupEvents pages go) holds twenty denials within a minute: a burst.
    const paged = [...list, ...Array.from({ length: 20 }, (_, i) => denied(3 * SLICE + 100 + i))];
    slices = 0;
    tracker.sync(paged);
    s.runAll();
    assert.deepEqual(counts(tracker), ['access-denied-burst 20'], 'the burst counted');
    assert.equal(tracker.flaggedEvents().length, 20, 'its twenty events flagged, for the timeline');
    assert.equal(slices, 2, 'one slice for the page, one for the events within the window: the 3,000 before are not counted again');
    tracker.dispose();
  });

  test('a page appended to a new copy of the list is evaluated alone: counting goes on from where it stood', async () => {
    const queue: (() => void)[] = [];
    const tracker = new FindingsTracker((work) => queue.push(work));
    await tracker.ensure();
    const list = Array.from({ length: 2 * SLICE + 500 }, (_, i) => at(i + 10));
    tracker.sync(list);
    for (let i = 0; queue.length && i < 100; i++) queue.shift()!();
    const appended = [...list, at(5000, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' })];
    tracker.sync(appended);
    queue.shift()!();
    assert.equal(tracker.state.evaluated, appended.length, 'one slice evaluates the appended event: the list before it is not evaluated again');
    for (let i = 0; queue.length && i < 100; i++) queue.shift()!();
    assert.deepEqual(counts(tracker), ['cloudtrail-logging-stopped 1'], 'the appended event counted');
    tracker.dispose();
  });

  test('a new list (a new query) is counted afresh', async () => {
    const s = manual();
    const tracker = new FindingsTracker(s.schedule);
    await tracker.ensure();
    tracker.sync([at(1, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'DeleteTrail' })]);
    s.runAll();
    assert.deepEqual(counts(tracker), ['cloudtrail-trail-deleted 1'], 'the first query');
    tracker.sync([at(3)]);
    s.runAll();
    assert.deepEqual(counts(tracker), [], 'the second query has no finding');
    assert.equal(tracker.flaggedEvents().length, 0, 'and nothing flagged');
    tracker.dispose();
  });
});
