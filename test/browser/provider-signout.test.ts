/**
 * A bare `<ct-lookup-provider>` (no `<ct-event-history>` around it) given `credentials` signs out
 * by itself: after signOut() it holds no investigation, its controller is disposed with the
 * credentials it held, and a Look up in the filter inside it sends nothing.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/all.js';
import type { CtLookupFilter, CtLookupProvider } from '../../src/index.js';
import { createInstance, getLog, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

describe('a bare provider signs out', () => {
  it('after signOut() it has no investigation and a Look up sends nothing, until new credentials arrive', async function () {
    this.timeout(60_000);
    const inst = await createInstance({ generate: { count: 60, seed: 31 } });
    const provider = await fixture<CtLookupProvider>(html`<ct-lookup-provider .region=${inst.region} .endpoint=${inst.url}
      .credentials=${{ ...inst.staticCredentials }}><ct-lookup-filter></ct-lookup-filter><ct-event-table></ct-event-table></ct-lookup-provider>`);
    await until(() => Boolean(provider.session));
    const first = provider.session!;
    await first.run({ timeRange: { kind: 'relative', preset: '90d' }, pageSize: 50, readOnly: 'all', category: 'management' });
    expect(first.lookup.state.events.length).to.be.greaterThan(0);

    provider.signOut();
    await provider.updateComplete;
    expect(provider.session, 'no investigation after signOut()').to.equal(undefined);
    expect(provider.signInNeeded).to.equal('signed-out');
    expect(provider.credentials, 'the credentials are forgotten').to.equal(undefined);
    expect(first.lookup.disposed, 'the controller is disposed').to.equal(true);
    expect(first.lookup.holdsCredentials, 'with the credentials it held').to.equal(false);

    const sent = (await getLog(inst.id)).length;
    const filter = provider.querySelector<CtLookupFilter>('ct-lookup-filter')!;
    await filter.updateComplete;
    filter.submit();
    await provider.updateComplete;
    await filter.updateComplete;
    expect(provider.session, 'still none after Look up').to.equal(undefined);
    expect((await getLog(inst.id)).length, 'nothing sent after signOut()').to.equal(sent);

    // New credentials sign in again.
    provider.credentials = { ...inst.staticCredentials };
    await until(() => Boolean(provider.session));
    expect(provider.signInNeeded).to.equal(undefined);
  });
});
