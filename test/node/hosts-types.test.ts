/**
 * The package in TypeScript projects, from the packed tarball installed outside the repository
 * (helpers/hosts.ts): strict TypeScript with every .d.ts checked and no Node types, one define
 * module alone, `moduleResolution: node10`, and React 19's JSX with the generated types
 * (types/react.d.ts). Each project has one file of correct use, which must pass, and one file per
 * mistake a user makes (a misspelt event, tag, property or column, a number for a string, a value
 * of the wrong type in a dashed attribute, a ref of the wrong element, a handler for another event,
 * a property the event does not have), each of which must fail.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { expectVerdicts, hostsDir, run, strictOptions, tscOf, write } from './helpers/hosts.js';

let work: string;
before(async () => {
  work = await hostsDir();
});

describe('strict TypeScript without framework or Node types', () => {
  test('one define module types the ct- listeners; the public types reach no Node type; mistakes fail', { timeout: 120_000 }, async () => {
    const dir = join(work, 'strict');
    write(dir, {
      'tsconfig.json': JSON.stringify({ compilerOptions: strictOptions, include: ['*.ts'] }),
      // Only the table's define module: the event map and the tag's class come with it.
      'tsconfig.one.json': JSON.stringify({ compilerOptions: strictOptions, files: ['one-tag.ts'] }),
      'one-tag.ts': `
import 'cloudtrail-elements/define/ct-event-table.js';
const table = document.createElement('ct-event-table');
table.columns = ['time', 'eventName'];
table.addEventListener('ct-event-select', (e) => console.log(e.event.EventName));
document.addEventListener('ct-query-submit', (e) => console.log(e.query.timeRange));
`,
      'good.ts': `
import 'cloudtrail-elements/define';
import { DEFAULT_COLUMNS, type CtEvent } from 'cloudtrail-elements';
const history = document.querySelector('ct-event-history')!;
history.region = 'eu-west-1';
history.timeZone = 'local';
history.columns = [...DEFAULT_COLUMNS, 'errorCode'];
history.logins = { 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example': 'token' };
history.addEventListener('ct-event-select', (e) => { const picked: CtEvent = e.event; console.log(picked.EventName); });
history.addEventListener('ct-facet-select', (e) => console.log(e.type));
`,
      // The one-file bundle, for a page that loads it by URL and type-checks against the package.
      'bundle.ts': `
import { CtEventTable, DEFAULT_COLUMNS, type CtEventSelectEvent } from 'cloudtrail-elements/cloudtrail-elements.bundle.js';
const table: CtEventTable = document.createElement('ct-event-table');
table.columns = [...DEFAULT_COLUMNS];
table.addEventListener('ct-event-select', (e: CtEventSelectEvent) => console.log(e.event.EventName));
`,
      'bad-bundle-export.ts': `import { CtEventTabel } from 'cloudtrail-elements/cloudtrail-elements.bundle.js';\nconsole.log(CtEventTabel);\n`,
      'bad-event-name.ts': `import 'cloudtrail-elements/define';\ndocument.querySelector('ct-event-history')!.addEventListener('ct-event-selcet', (e) => console.log(e.event));\n`,
      'bad-column.ts': `import 'cloudtrail-elements/define';\ndocument.createElement('ct-event-table').columns = ['time', 'evntName'];\n`,
      'bad-region.ts': `import 'cloudtrail-elements/define';\ndocument.createElement('ct-event-history').region = 5;\n`,
      'bad-time-zone.ts': `import 'cloudtrail-elements/define';\ndocument.createElement('ct-event-table').timeZone = 'UTC';\n`,
      'bad-property.ts': `import 'cloudtrail-elements/define';\ndocument.createElement('ct-event-history').scanLimt = 5;\n`,
      'bad-event-property.ts': `import 'cloudtrail-elements/define';\ndocument.createElement('ct-event-table').addEventListener('ct-event-select', (e) => console.log(e.query));\n`,
    });
    const all = await run(process.execPath, [tscOf(work), '-p', 'tsconfig.json', '--pretty', 'false'], dir);
    expectVerdicts(all.out, ['good.ts', 'one-tag.ts', 'bundle.ts'], ['bad-bundle-export.ts', 'bad-event-name.ts', 'bad-column.ts', 'bad-region.ts', 'bad-time-zone.ts', 'bad-property.ts', 'bad-event-property.ts']);
    assert.doesNotMatch(all.out, /node_modules|Buffer|node:stream/, `the public types must reach no Node type:\n${all.out}`);
    const one = await run(process.execPath, [tscOf(work), '-p', 'tsconfig.one.json', '--pretty', 'false'], dir);
    assert.equal(one.code, 0, `with only define/ct-event-table.js imported:\n${one.out}`);
  });

  test('moduleResolution node10 resolves every subpath (typesVersions)', { timeout: 120_000 }, async () => {
    const dir = join(work, 'node10');
    write(dir, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...strictOptions, moduleResolution: 'node10', module: 'ESNext', jsx: 'react-jsx', types: ['react'], esModuleInterop: true }, include: ['*.ts', '*.tsx'] }),
      'main.tsx': `
import 'cloudtrail-elements/define';
import 'cloudtrail-elements/define/ct-event-detail.js';
import type {} from 'cloudtrail-elements/types/react';
import { CtEventTable } from 'cloudtrail-elements/react';
import type { CtEventHistory } from 'cloudtrail-elements';
import type { CtEventTable as BundledTable } from 'cloudtrail-elements/cloudtrail-elements.bundle.js';
export const bundled: BundledTable | null = document.querySelector('ct-event-table');
export const history: CtEventHistory | null = document.querySelector('ct-event-history');
export const Wrapped = () => <CtEventTable columns={['time']} onCtEventSelect={(e) => console.log(e.event.EventName)} />;
export const Direct = () => <ct-event-detail timeZone="utc" />;
`,
    });
    const { code, out } = await run(process.execPath, [tscOf(work), '-p', 'tsconfig.json', '--pretty', 'false'], dir);
    assert.equal(code, 0, `node10 resolution:\n${out}`);
  });
});

describe('React 19: the tags in JSX (cloudtrail-elements/types/react)', () => {
  test('every tag with typed props, ref and onct- handlers passes; mistakes fail', { timeout: 120_000 }, async () => {
    const dir = join(work, 'react');
    const head = `import 'cloudtrail-elements/define';\nimport type {} from 'cloudtrail-elements/types/react';\n`;
    write(dir, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...strictOptions, jsx: 'react-jsx', types: [] }, include: ['*.tsx'] }),
      'good.tsx': `${head}
import { useRef, useState } from 'react';
import type { CtEvent, CtEventHistory, CtEventTable } from 'cloudtrail-elements';

export function App({ idToken }: { idToken: string }) {
  const [picked, setPicked] = useState<CtEvent>();
  const history = useRef<CtEventHistory>(null);
  const table = useRef<CtEventTable>(null);
  return (
    <>
      <ct-event-history
        ref={history}
        region="us-east-1"
        identityPoolId="us-east-1:00000000-0000-0000-0000-000000000000"
        logins={{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf': idToken }}
        columns={['time', 'eventName', 'username']}
        timeZone="local"
        urlState
        theme="dark"
        className="audit"
        onct-event-select={(e) => setPicked(e.event)}
        onct-query-submit={(e) => console.log(e.query.timeRange)}
        onct-session-change={(e) => console.log(e.type)}
      />
      <ct-lookup-provider id="p" region="eu-west-1" scanLimit={5000}>
        <ct-lookup-filter onct-query-reset={(e) => console.log(e.type)} />
        <ct-event-timeline onct-time-range-select={(e) => console.log(e.start, e.end)} />
        <ct-event-facets limit={5} onct-facet-select={(e) => console.log(e.condition.value)} />
        <ct-event-table ref={table} label="Events" onct-columns-change={(e) => console.log(e.columns)} />
        <ct-event-detail provider="p" onct-pivot={(e) => console.log(e.type)} />
      </ct-lookup-provider>
      <ct-event-history scan-limit={500} dispose-delay="100" allow-guest identity-pool-id="us-east-1:00000000-0000-0000-0000-000000000000"
        search-regions="us-east-1,eu-west-1" time-zone="utc" no-auto-run={false} data-testid="dashed" />
      <p>{picked?.EventName}</p>
    </>
  );
}
`,
      'bad-handler-name.tsx': `${head}export const A = () => <ct-event-history onct-event-selcet={(e) => console.log(e.event)} />;\n`,
      'bad-tag.tsx': `${head}export const A = () => <ct-event-tabel />;\n`,
      'bad-region.tsx': `${head}export const A = () => <ct-event-history region={5} />;\n`,
      'bad-column.tsx': `${head}export const A = () => <ct-event-table columns={['time', 'evntName']} />;\n`,
      'bad-prop.tsx': `${head}export const A = () => <ct-event-table colums={['time']} />;\n`,
      'bad-handler-type.tsx': `${head}export const A = () => <ct-event-table onct-event-select={(e) => console.log(e.query)} />;\n`,
      // Attributes with a dash: their values are typed as the properties they set.
      'bad-dashed-type.tsx': `${head}export const A = () => <ct-event-history scan-limit={{}} />;\n`,
      'bad-dashed-value.tsx': `${head}export const A = () => <ct-event-table time-zone="UTC" />;\n`,
      'bad-ref.tsx': `${head}import { useRef } from 'react';\nexport const A = () => { const r = useRef<HTMLInputElement>(null); return <ct-event-table ref={r} />; };\n`,
    });
    const { out } = await run(process.execPath, [tscOf(work), '-p', 'tsconfig.json', '--pretty', 'false'], dir);
    expectVerdicts(out, ['good.tsx'], ['bad-handler-name.tsx', 'bad-tag.tsx', 'bad-region.tsx', 'bad-column.tsx', 'bad-prop.tsx', 'bad-handler-type.tsx', 'bad-ref.tsx', 'bad-dashed-type.tsx', 'bad-dashed-value.tsx']);
  });
});

