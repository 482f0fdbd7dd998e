import { expect } from '@open-wc/testing';
import { LookupController } from '../../src/lookup/controller.js';
import { LookupValidationError } from '../../src/lookup/errors.js';
import { defaultQuery, describeQuery, validateQuery, valueLength } from '../../src/lookup/query.js';
import type { LookupQuery, QueryField } from '../../src/lookup/types.js';
import { createInstance, lookupLog } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 86_400_000;
const q = (patch: Partial<LookupQuery>): LookupQuery => ({ ...defaultQuery(), ...patch });

function issues(query: LookupQuery): { field: QueryField; message: string }[] {
  const r = validateQuery(query, NOW);
  expect(r.ok, 'expected the query to be invalid').to.equal(false);
  return r.ok ? [] : r.issues;
}
function only(query: LookupQuery, field: QueryField, ...words: string[]): string {
  const list = issues(query);
  expect(list.map((i) => i.field)).to.deep.equal([field]);
  for (const w of words) expect(list[0].message).to.include(w);
  return list[0].message;
}

describe('lookup query: defaults and plans', () => {
  it('defaults to the console view: all 90 days, all events, management, 50 a page', () => {
    expect(defaultQuery()).to.deep.equal({ timeRange: { kind: 'relative', preset: '90d' }, readOnly: 'all', category: 'management', pageSize: 50 });
    const r = validateQuery(defaultQuery(), NOW);
    if (!r.ok) throw new Error(r.issues[0].message);
    expect(r.plan.input).to.deep.equal({ StartTime: new Date(NOW - 90 * DAY), EndTime: new Date(NOW), MaxResults: 50 });
    expect(r.plan.filters).to.have.length(0);
  });

  it('sends the read-only filter as the ReadOnly attribute when no attribute is chosen', () => {
    const r = validateQuery(q({ readOnly: 'write' }), NOW);
    if (!r.ok) throw new Error('invalid');
    expect(r.plan.input.LookupAttributes).to.deep.equal([{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]);
    expect(r.plan.filters).to.have.length(0);
  });

  it('applies the read-only filter in the browser when another attribute is chosen', () => {
    const r = validateQuery(q({ readOnly: 'read', attribute: { key: 'EventSource', value: 'iam.amazonaws.com' } }), NOW);
    if (!r.ok) throw new Error('invalid');
    expect(r.plan.input.LookupAttributes).to.deep.equal([{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }]);
    expect(r.plan.filters.map((f) => f.id)).to.deep.equal(['readOnly']);
  });

  it('asks for insight only for Insights events', () => {
    const r = validateQuery(q({ category: 'insight', attribute: { key: 'EventName', value: 'X' }, timeRange: { kind: 'relative', preset: '7d' } }), NOW);
    if (!r.ok) throw new Error('invalid');
    expect(r.plan.input.EventCategory).to.equal('insight');
    expect(r.plan.input.StartTime).to.deep.equal(new Date(NOW - 7 * DAY));
  });

  it('counts _, space, comma and newline twice', () => {
    expect(valueLength('abc')).to.equal(3);
    expect(valueLength('a_b c,d\ne')).to.equal(13);
  });

  it('describes a query in one line', () => {
    expect(describeQuery(q({ attribute: { key: 'EventName', value: 'ConsoleLogin' }, readOnly: 'write', timeRange: { kind: 'relative', preset: '1d' } })))
      .to.equal('Management events where Event name is "ConsoleLogin" (write events only) in the last day');
    expect(describeQuery(q({ timeRange: { kind: 'absolute', start: new Date(NOW - DAY), end: new Date(NOW) } })))
      .to.equal('Management events from 2026-01-14 12:00:00 UTC to 2026-01-15 12:00:00 UTC');
  });
});

describe('lookup query: every validation rule says what is wrong', () => {
  it('rejects an unknown attribute key, naming the eight', () => {
    only(q({ attribute: { key: 'UserName' as never, value: 'alice' } }), 'attributeKey', '"UserName" is not a lookup attribute', 'EventId', 'AccessKeyId');
  });
  it('allows only EventId, EventName, EventSource for Insights', () => {
    // Messages name fields as the form labels them.
    only(q({ category: 'insight', attribute: { key: 'Username', value: 'alice' } }), 'attributeKey', 'Insights', 'Event ID, Event name or Event source', 'not by User name');
  });
  it('requires a value, and does not trim it silently', () => {
    only(q({ attribute: { key: 'EventName', value: '' } }), 'attributeValue', 'Enter a value for Event name');
    only(q({ attribute: { key: 'EventName', value: '   ' } }), 'attributeValue', 'only blank space', 'exactly');
    const r = validateQuery(q({ attribute: { key: 'Username', value: ' alice ' } }), NOW);
    expect(r.ok && r.plan.input.LookupAttributes?.[0].AttributeValue).to.equal(' alice ');
  });
  it('limits the value to 2000 weighted characters and says the weighted length', () => {
    expect(validateQuery(q({ attribute: { key: 'ResourceName', value: 'a'.repeat(2000) } }), NOW).ok).to.equal(true);
    only(q({ attribute: { key: 'ResourceName', value: '_'.repeat(1001) } }), 'attributeValue', '2,002 characters', 'count twice', 'limit is 2,000');
  });
  it('takes only "true" or "false" for ReadOnly', () => {
    only(q({ attribute: { key: 'ReadOnly', value: 'yes' } }), 'attributeValue', '"true" or "false"', '"yes"');
    only(q({ attribute: { key: 'ReadOnly', value: 'true' }, readOnly: 'write' }), 'readOnly', 'no event can match');
  });
  it('wants the start before the end, and says both times', () => {
    only(q({ timeRange: { kind: 'absolute', start: new Date(NOW - DAY), end: new Date(NOW - 2 * DAY) } }), 'end',
      'From must be before To', '2026-01-14 12:00:00 UTC', '2026-01-13 12:00:00 UTC', 'after the end');
  });
  it('rejects invalid dates', () => {
    const list = issues(q({ timeRange: { kind: 'absolute', start: new Date(Number.NaN), end: new Date('nope') } }));
    expect(list.map((i) => i.field)).to.deep.equal(['start', 'end']);
    // Named as the form labels them (From, To), and as what they are.
    expect(list[0].message).to.include('From (the start time) is not a valid date');
    expect(list[1].message).to.include('To (the end time) is not a valid date');
  });
  it('keeps the start within the last 90 days (the 90d preset is fine)', () => {
    only(q({ timeRange: { kind: 'absolute', start: new Date(NOW - 91 * DAY), end: new Date(NOW) } }), 'start', 'From', '90 days', '2025-10-16 12:00:00 UTC');
    expect(validateQuery(q({ timeRange: { kind: 'absolute', start: new Date(NOW - 90 * DAY - 60_000), end: new Date(NOW) } }), NOW).ok).to.equal(true);
  });
  it('wants a whole page size from 1 to 50', () => {
    for (const pageSize of [0, 51, 2.5, Number.NaN]) only(q({ pageSize }), 'pageSize', 'whole number from 1 to 50', String(pageSize));
  });
  it('knows only management and insight', () => {
    only(q({ category: 'data' as never }), 'category', '"data" is not an event category');
  });
  it('refuses a read-only filter on Insights events', () => {
    only(q({ category: 'insight', readOnly: 'read' }), 'readOnly', 'Insights events are not read or write calls');
  });
  it('reports every problem at once', () => {
    expect(issues(q({ pageSize: 0, attribute: { key: 'EventName', value: '' } })).map((i) => i.field)).to.deep.equal(['attributeValue', 'pageSize']);
  });
});

describe('lookup query: invalid input reaches the controller', () => {
  it('throws LookupValidationError, publishes it, and sends nothing', async () => {
    const inst = await createInstance({ records: [] });
    const c = new LookupController({ region: inst.region, endpoint: inst.url, credentials: inst.staticCredentials });
    const bad = q({ pageSize: 99, attribute: { key: 'Nope' as never, value: 'x' } });
    let caught: unknown;
    try { await c.run(bad); } catch (err) { caught = err; }
    expect(caught).to.be.instanceOf(LookupValidationError);
    const err = caught as LookupValidationError;
    expect(err.code).to.equal('ValidationError');
    expect(err.issues.map((i) => i.field)).to.deep.equal(['attributeKey', 'pageSize']);
    expect(c.state.status).to.equal('error');
    expect(c.state.error).to.equal(err);
    expect(await lookupLog(inst.id)).to.have.length(0);
    c.dispose();
  });
});
