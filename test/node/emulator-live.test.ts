/**
 * The emulator's live data (`live`, `npm start -- --live`): a new event every few seconds of the
 * instance's clock, delivered when the instance is next read, so moving the clock delivers at
 * once, each event stamped at its own moment and served by LookupEvents like any other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GENERATED_AT } from '../browser/helpers/generated-clock.js';
import { parseDataArgs, startEmulatorServer, type EmulatorServer, type WireEvent } from 'cloudtrail-elements-emulator';
import { controlApi } from './helpers/real-clients.js';

let server: EmulatorServer;
const control = controlApi(() => server.url);

before(async () => {
  server = await startEmulatorServer({ port: 0, host: '127.0.0.1', generate: { count: 0, at: GENERATED_AT } });
});
after(() => server.close());

describe('live data', () => {
  test('moving the clock 30 seconds delivers six events, one every five seconds, newest first in the truth', async () => {
    const inst = await control<{ id: string; eventCount: number; now: string }>('instances', { records: [], live: { everySeconds: 5 } });
    assert.equal(inst.eventCount, 0, 'an empty account at first');
    const moved = await control<{ nowEpochSeconds: number }>(`instances/${inst.id}/clock`, { advanceSeconds: 30 });
    const { Events } = await control<{ Events: WireEvent[] }>(`instances/${inst.id}/truth`, { regions: '*' });
    assert.equal(Events.length, 6, 'six moments of five seconds');
    const times = Events.map((e) => e.EventTime);
    assert.deepEqual(times.map((t, i) => (i ? times[i - 1] - t : 5)), [5, 5, 5, 5, 5, 5], 'five seconds apart');
    assert.ok(moved.nowEpochSeconds - times[0] < 5, `the newest is within five seconds of the clock (${moved.nowEpochSeconds - times[0]})`);
    assert.equal(new Set(Events.map((e) => e.EventId)).size, 6, 'each its own event id');
    const info = await control<{ eventCount: number }>(`instances/${inst.id}/info`);
    assert.equal(info.eventCount, 6, 'read again, nothing more is due');
  });

  test('--live asks for it from the command line; a live option of the wrong shape is refused with its name', async () => {
    assert.deepEqual(parseDataArgs(['--live']).live, { everySeconds: 5 });
    assert.equal(parseDataArgs([]).live, undefined, 'not live unless asked');
    const res = await fetch(`${server.url}/__control/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ live: { everySeconds: 0 } }) });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /^live must be an object such as \{"everySeconds": 5\}/);
  });
});
