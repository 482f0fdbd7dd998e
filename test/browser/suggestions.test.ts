/**
 * The lookup value's suggestions: event names and sources from the catalog before anything is
 * loaded (the most telling first), and what is loaded; choosing one looks it up. Against the
 * emulator's ground truth.
 */
import { expect } from '@open-wc/testing';
import { createInstance, lookupLog, truth, until } from './helpers/emulator.js';
import { choose, control, mountHistory, type, waitForStatus } from './helpers/elements.js';
import { describe, it } from './helpers/mocha.js';
import type { CtLookupFilter } from '../../src/index.js';
import { record } from './helpers/records.js';
import { CATALOG_EVENT_NAMES } from '../../src/lookup/event-catalog.js';

/** The datalist's options for the value field, once they have come. */
async function offered(filter: CtLookupFilter, label: string, includes: string): Promise<string[]> {
  const input = control<HTMLInputElement>(filter, label);
  input.dispatchEvent(new FocusEvent('focus'));
  const list = () => [...filter.shadowRoot!.querySelectorAll<HTMLOptionElement>(`#${input.getAttribute('list')} option`)].map((o) => o.value);
  await until(() => list().includes(includes));
  return list();
}

describe('suggestions', () => {
  it('passes an axe check with the suggestions in', async function () {
    this.timeout(30_000);
    const inst = await createInstance({ generate: { count: 40, seed: 91 }, throttle: false });
    const m = await mountHistory(inst);
    await choose(m.filter, 'Lookup attribute', 'EventName');
    await offered(m.filter, 'Event name', 'StopLogging');
    await expect(m.filter).to.be.accessible();
  });

  it('offers the operations of every AWS service model on a fresh lookup, those a typed word narrows to and the telling verbs first', async function () {
    this.timeout(40_000);
    const inst = await createInstance({ generate: { count: 60, seed: 17 }, throttle: false });
    const m = await mountHistory(inst, { autoRun: true });
    await waitForStatus(m.session, ['done']);
    const loaded = new Set(m.session.lookup.state.events.map((e) => e.EventName));
    await choose(m.filter, 'Lookup attribute', 'EventName');
    // Nothing typed: past the hand-made catalog and the loaded names, the models' turning-off and deleting calls come before any read.
    const names = await offered(m.filter, 'Event name', 'StopLogging');
    const fromModels = names.filter((n) => !CATALOG_EVENT_NAMES.includes(n) && !loaded.has(n));
    expect(fromModels.length, 'names from the service models').to.be.greaterThan(50);
    expect(fromModels.slice(0, 20).every((n) => /^Stop[A-Z]/.test(n)), `turning off first: ${fromModels.slice(0, 20).join()}`).to.equal(true);
    const firstDelete = fromModels.findIndex((n) => /^Delete[A-Z]/.test(n));
    expect(firstDelete, 'deletes offered').to.be.above(0);
    expect(fromModels.slice(0, firstDelete).filter((n) => /^(Get|List|Describe)[A-Z]/.test(n)), 'no read before a delete').to.deep.equal([]);
    // A word typed: an obscure service's operation (AWS IoT Greengrass), in no loaded row and no hand-made list.
    await type(m.filter, 'Event name', 'GroupVersion');
    const narrowed = await offered(m.filter, 'Event name', 'CreateGroupVersion');
    expect(loaded.has('CreateGroupVersion') || CATALOG_EVENT_NAMES.includes('CreateGroupVersion'), 'neither loaded nor hand-made').to.equal(false);
    const narrowedModels = narrowed.filter((n) => !CATALOG_EVENT_NAMES.includes(n) && !loaded.has(n));
    expect(narrowedModels.every((n) => n.toLowerCase().includes('groupversion')), 'the models\' names narrowed to those holding the typed word').to.equal(true);
  });

  it('offers StopLogging and DeleteTrail before any event is loaded; choosing one looks it up', async function () {
    this.timeout(40_000);
    // Ordinary calls, and three StopLogging calls by three users among them.
    const records = Array.from({ length: 120 }, (_, i) => record(i, [7, 40, 90].includes(i)
      ? { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', readOnly: false, requestParameters: { name: 'management-events' } }
      : {}));
    const inst = await createInstance({ records, throttle: false });
    const m = await mountHistory(inst);
    expect(m.session.lookup.state.events.length, 'nothing loaded').to.equal(0);
    await choose(m.filter, 'Lookup attribute', 'EventName');
    const names = await offered(m.filter, 'Event name', 'StopLogging');
    expect(names.slice(0, 2), 'logging turned off first').to.deep.equal(['StopLogging', 'DeleteTrail']);
    expect(names).to.include.members(['CreateAccessKey', 'ConsoleLogin', 'PutBucketPolicy']);
    expect(new Set(names).size, 'each once').to.equal(names.length);

    await type(m.filter, 'Event name', 'StopLogging');
    m.filter.shadowRoot!.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await until(async () => (await lookupLog(inst.id)).some((e) => JSON.stringify((e.params as { LookupAttributes?: unknown }).LookupAttributes) === JSON.stringify([{ AttributeKey: 'EventName', AttributeValue: 'StopLogging' }])));
    await waitForStatus(m.session, ['done']);
    const plan = m.session.lookup.state.plan!;
    const want = await truth(inst.id, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'StopLogging' }], StartTime: plan.start.getTime() / 1000, EndTime: plan.end.getTime() / 1000 });
    expect(want.length, 'the data holds StopLogging calls').to.be.greaterThan(0);
    expect(m.session.lookup.state.events.map((e) => e.EventId)).to.deep.equal(want.slice(0, 50).map((e) => e.EventId));

    // Sources come from the catalog too; user names only from what is loaded.
    await choose(m.filter, 'Lookup attribute', 'EventSource');
    expect((await offered(m.filter, 'Event source', 'cloudtrail.amazonaws.com'))[0]).to.equal('cloudtrail.amazonaws.com');
    await choose(m.filter, 'Lookup attribute', 'Username');
    const users = [...new Set(m.session.lookup.state.events.map((e) => e.Username).filter((u) => u !== undefined))];
    expect(users.length, 'the StopLogging calls\' users').to.equal(3);
    expect(await offered(m.filter, 'User name', users[0])).to.have.members(users);
  });
});
