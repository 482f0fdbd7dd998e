/**
 * <ct-event-history source="athena"> in Chromium against the emulator's Athena: the lookup's one
 * counting query (the facets' top values, the timeline's buckets and the rules' findings over the
 * whole range) is sent with the lookup, beside its first page query, rather than after the first
 * rows; the rules' chunk loads with the lookup so the query carries them. A fresh page: nothing
 * has loaded the rules before.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtEventHistory } from '../../src/index.js';
import { createInstance, getLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

const DAY = 86_400_000;

describe('Athena: the counting query', () => {
  it("(facets, timeline and the rules' findings) starts beside the first page query, not after its rows", async function () {
    // The first test loads the Athena client unbundled and the emulator's SQL engine: slow on 2 cores.
    this.timeout(120_000);
    // Every query stays running: no row arrives.
    const inst = await createInstance({ generate: { count: 500, seed: 7, days: 30 }, retentionDays: 3650, throttle: false, athena: { runningMs: 3_600_000 } });
    const history = await fixture<CtEventHistory>(html`<ct-event-history no-auto-run source="athena" athena-table="cloudtrail_logs"
      .region=${inst.region} .endpoint=${inst.url} .athenaEndpoint=${inst.url} .credentials=${{ ...inst.staticCredentials }}></ct-event-history>`);
    await until(() => Boolean(history.shadowRoot?.querySelector('ct-lookup-provider')?.session), 60_000);
    const session = history.shadowRoot!.querySelector('ct-lookup-provider')!.session!;
    const now = Date.parse(inst.now);
    void session.run({ timeRange: { kind: 'absolute', start: new Date(now - 20 * DAY), end: new Date(now) }, readOnly: 'all', category: 'management', pageSize: 50 });
    const started = async () => (await getLog(inst.id)).filter((e) => e.operation === 'StartQueryExecution').map((e) => String((e.params as { QueryString?: string }).QueryString));
    await until(async () => (await started()).some((sql) => sql.includes('GROUPING SETS')), 60_000);
    const sql = (await started()).find((s) => s.includes('GROUPING SETS'))!;
    expect(sql, 'the timeline').to.include('to_unixtime');
    expect(sql.match(/ AS f\d+/g)?.length, 'the seven single-valued facet fields').to.equal(7);
    expect(sql, "the rules' findings, loaded with the lookup").to.include(' AS g0');
    expect(session.lookup.state.events.length, 'no row yet').to.equal(0);
    expect((await started()).filter((s) => s.includes('ORDER BY eventtime DESC')).length, 'the first page query, still running').to.equal(1);
    session.dispose();
  });
});
