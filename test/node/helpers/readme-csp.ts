/** What the README's Content-Security-Policy section tells a reader, read from the README itself. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CspConnectOptions } from '../../../src/lookup/csp.js';
import { ROOT } from '../../../scripts/manifest.js';

export interface ReadmeCspExample { options: CspConnectOptions; hosts: string[]; line: number; title: string }

const readme = () => readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's `cspConnectSources({...});` calls, each with the comment above it and the `// → hosts` line under it. */
export function readmeCspExamples(): ReadmeCspExample[] {
  const lines = readme().split('\n');
  const examples: ReadmeCspExample[] = [];
  lines.forEach((text, i) => {
    const call = /^cspConnectSources\((\{.*\})\);$/.exec(text);
    if (!call) return;
    const answer = /^\/\/ → (.+)$/.exec(lines[i + 1] ?? '');
    assert.ok(answer, `README line ${i + 2}: the hosts follow the call as "// → …"`);
    // The README's own object literal, read as JavaScript.
    const options = new Function(`return (${call[1]});`)() as CspConnectOptions;
    examples.push({ options, hosts: answer[1].split(' '), line: i + 1, title: (lines[i - 1] ?? '').replace(/^\/\/ /, '') });
  });
  return examples;
}

/** The policy the README recommends, one line, with `connect-src` holding `hosts`. */
export function readmePolicy(hosts: readonly string[]): string {
  const section = readme().split('### The Content-Security-Policy a host page needs')[1] ?? '';
  const block = /```text\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README shows the policy in a text block');
  assert.match(block[1], /connect-src <[^>]+>;/, 'the policy\'s connect-src names the helper');
  return block[1].replace(/connect-src <[^>]+>;/, `connect-src ${hosts.join(' ')};`).split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}
