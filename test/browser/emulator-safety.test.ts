/**
 * Safety, from a real browser: a page on another origin (a sandboxed frame, whose origin
 * is opaque and whose requests say `Origin: null`) tries to drive the emulator's control API the way
 * a hostile site would: a simple text/plain POST (no preflight), a JSON POST (preflighted), and a
 * read of the request log; then its AWS routes: a Cognito sign-in with any `emulator-*` token, which
 * would hand the page credentials and then the logs. Nothing may be created, read or crash.
 */
import { expect } from '@open-wc/testing';
import { CONTROL, LOGIN_PROVIDER, until } from './helpers/emulator.js';
import { describe, it } from './helpers/mocha.js';

interface Attempt {
  name: string;
  result: string;
}

/** Runs the attacker's script in a sandboxed frame and collects what it could see. */
async function fromOtherOrigin(marker: string): Promise<Attempt[]> {
  const control = new URL(CONTROL, location.origin).href;
  const script = `
    const control = ${JSON.stringify(control)};
    const aws = ${JSON.stringify(new URL('/aws/', location.origin).href)};
    const attempt = async (name, run) => {
      try { parent.postMessage({ marker: ${JSON.stringify(marker)}, name, result: await run() }, '*'); }
      catch (e) { parent.postMessage({ marker: ${JSON.stringify(marker)}, name, result: 'blocked: ' + e.name }, '*'); }
    };
    const body = JSON.stringify({ id: ${JSON.stringify(marker)}, events: ['/etc/passwd'] });
    (async () => {
      await attempt('simple POST', async () => { const r = await fetch(control + '/instances', { method: 'POST', headers: { 'content-type': 'text/plain' }, body }); return 'read ' + r.status + ' ' + await r.text(); });
      await attempt('no-cors POST', async () => { const r = await fetch(control + '/instances', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ id: ${JSON.stringify(`${marker}-b`)} }) }); return 'sent (opaque: ' + r.type + ')'; });
      await attempt('JSON POST', async () => { const r = await fetch(control + '/instances', { method: 'POST', headers: { 'content-type': 'application/json' }, body }); return 'read ' + r.status + ' ' + await r.text(); });
      await attempt('read log', async () => { const r = await fetch(control + '/instances/default/log'); return 'read ' + r.status + ' ' + (await r.text()).slice(0, 80); });
      await attempt('delete', async () => { const r = await fetch(control + '/instances/default', { method: 'DELETE' }); return 'read ' + r.status; });
      await attempt('Cognito sign-in', async () => { const r = await fetch(aws, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.GetId' }, body: JSON.stringify({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000', Logins: { ${JSON.stringify(LOGIN_PROVIDER)}: 'emulator-attacker' } }) }); return 'read ' + r.status + ' ' + await r.text(); });
      await attempt('LookupEvents', async () => { const r = await fetch(aws, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CloudTrail_20131101.LookupEvents' }, body: '{}' }); return 'read ' + r.status + ' ' + (await r.text()).slice(0, 80); });
    })();`;
  const got: Attempt[] = [];
  const onMessage = (e: MessageEvent) => {
    const d = e.data as { marker?: string; name: string; result: string };
    if (d?.marker === marker) got.push({ name: d.name, result: d.result });
  };
  window.addEventListener('message', onMessage);
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.srcdoc = `<!doctype html><script>${script}</script>`;
  document.body.append(frame);
  try {
    await until(() => got.length === 7, 20_000);
  } finally {
    window.removeEventListener('message', onMessage);
    frame.remove();
  }
  return got;
}

async function instanceIds(): Promise<string[]> {
  const res = await fetch(`${CONTROL}/instances`);
  return ((await res.json()) as { instances: { id: string }[] }).instances.map((i) => i.id);
}

describe('the emulator from a page on another origin', () => {
  it('creates nothing, reads nothing, deletes nothing, signs nobody in', async function () {
    this.timeout(30_000);
    // Make sure the default instance exists, so a delete that got through would show.
    await fetch(`${CONTROL}/instances/default/info`);
    const before = await instanceIds();
    const marker = `attack${Date.now()}`;
    const attempts = await fromOtherOrigin(marker);
    for (const a of attempts) {
      expect(a.result, `${a.name}: nothing readable`).to.not.match(/^read /);
      expect(a.result, `${a.name}: no file content`).to.not.include('root:');
    }
    const after = await instanceIds();
    expect(after.filter((id) => id.startsWith(marker)), 'no instance created').to.deep.equal([]);
    expect(after, 'nothing deleted').to.include.members(before);
    // The emulator still answers its own page.
    const own = await fetch(`${CONTROL}/instances/default/info`);
    expect(own.status).to.equal(200);
  });
});
