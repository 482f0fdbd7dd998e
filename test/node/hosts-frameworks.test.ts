/**
 * The tags in Vue 3 templates (vue-tsc, strictTemplates) and Svelte 5 markup (svelte-check) with the
 * generated types (types/vue.d.ts, types/svelte.d.ts), from the packed tarball installed outside the
 * repository (helpers/hosts.ts). Correct use must pass; each mistake must fail.
 */
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { expectVerdicts, hostsDir, run, strictOptions, write } from './helpers/hosts.js';

let work: string;
before(async () => {
  work = await hostsDir();
});

describe('Vue 3: GlobalComponents (cloudtrail-elements/types/vue), vue-tsc with strictTemplates', () => {
  test('typed props and events pass; mistakes fail', { timeout: 180_000 }, async () => {
    const dir = join(work, 'vue');
    const script = `<script setup lang="ts">\nimport 'cloudtrail-elements/define';\nimport type { CtEventSelectEvent } from 'cloudtrail-elements';\nconst onSelect = (e: CtEventSelectEvent) => console.log(e.event.EventName);\n</script>\n`;
    write(dir, {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { ...strictOptions, skipLibCheck: true, jsx: 'preserve' },
        include: ['*.ts', '*.vue'],
        vueCompilerOptions: { strictTemplates: true },
      }),
      'env.d.ts': `import type {} from 'cloudtrail-elements/types/vue';\n`,
      'Good.vue': `${script}
<template>
  <ct-event-history
    region="us-east-1"
    identity-pool-id="us-east-1:00000000-0000-0000-0000-000000000000"
    :logins="{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf': 'token' }"
    :columns="['time', 'eventName']"
    :scan-limit="500"
    time-zone="local"
    @ct-event-select="onSelect"
    @ct-query-submit="(e) => console.log(e.query.timeRange)"
  />
  <ct-event-table :columns="['time']" @ct-columns-change="(e) => console.log(e.columns)" />
  <ct-event-facets :limit="5" />
</template>
`,
      'BadRegion.vue': `${script}<template><ct-event-history :region="5" @ct-event-select="onSelect" /></template>\n`,
      'BadColumn.vue': `${script}<template><ct-event-table :columns="['evntName']" @ct-event-select="onSelect" /></template>\n`,
      'BadEvent.vue': `${script}<template><ct-event-history @ct-event-selcet="onSelect" /></template>\n`,
      'BadTag.vue': `${script}<template><ct-event-tabel @ct-event-select="onSelect" /></template>\n`,
      'BadProp.vue': `${script}<template><ct-event-history :scanLimt="500" @ct-event-select="onSelect" /></template>\n`,
      'BadDashedProp.vue': `${script}<template><ct-event-history :scan-limt="500" @ct-event-select="onSelect" /></template>\n`,
      'BadEventProperty.vue': `${script}<template><ct-event-table @ct-event-select="(e) => console.log(e.query)" /></template>\n`,
    });
    const { out } = await run(process.execPath, [join(work, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js'), '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], dir);
    expectVerdicts(out, ['Good.vue'], ['BadRegion.vue', 'BadColumn.vue', 'BadEvent.vue', 'BadTag.vue', 'BadProp.vue', 'BadDashedProp.vue', 'BadEventProperty.vue']);
  });
});

describe('Svelte 5: SvelteHTMLElements (cloudtrail-elements/types/svelte), svelte-check', () => {
  test('typed properties and onct- handlers pass; mistakes fail', { timeout: 180_000 }, async () => {
    const dir = join(work, 'svelte');
    const script = `<script lang="ts">\n  import 'cloudtrail-elements/define';\n  import type { CtEventSelectEvent } from 'cloudtrail-elements';\n  const onSelect = (e: CtEventSelectEvent) => console.log(e.event.EventName);\n</script>\n`;
    write(dir, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...strictOptions, skipLibCheck: true, verbatimModuleSyntax: true }, include: ['*.ts', '*.svelte'] }),
      'app.d.ts': `import type {} from 'cloudtrail-elements/types/svelte';\n`,
      'Good.svelte': `${script}
<ct-event-history
  region="us-east-1"
  identityPoolId="us-east-1:00000000-0000-0000-0000-000000000000"
  logins={{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf': 'token' }}
  columns={['time', 'eventName']}
  timeZone="local"
  onct-event-select={onSelect}
  onct-query-submit={(e) => console.log(e.query.timeRange)}
></ct-event-history>
<ct-event-table columns={['time']} onct-columns-change={(e) => console.log(e.columns)}></ct-event-table>
`,
      'BadRegion.svelte': `${script}<ct-event-history region={5} onct-event-select={onSelect}></ct-event-history>\n`,
      'BadColumn.svelte': `${script}<ct-event-table columns={['evntName']} onct-event-select={onSelect}></ct-event-table>\n`,
      'BadEvent.svelte': `${script}<ct-event-history onct-event-selcet={(e) => console.log(e.event)}></ct-event-history>\n`,
      'BadHandler.svelte': `${script}<ct-event-history onct-query-submit={onSelect}></ct-event-history>\n`,
      'BadProp.svelte': `${script}<ct-event-history scanLimt={500} onct-event-select={onSelect}></ct-event-history>\n`,
      'BadEventProperty.svelte': `${script}<ct-event-table onct-event-select={(e) => console.log(e.query)}></ct-event-table>\n`,
    });
    const { out } = await run(process.execPath, [join(work, 'node_modules', 'svelte-check', 'bin', 'svelte-check'), '--workspace', dir, '--tsconfig', join(dir, 'tsconfig.json'), '--output', 'machine', '--threshold', 'error'], dir);
    expectVerdicts(out, ['Good.svelte'], ['BadRegion.svelte', 'BadColumn.svelte', 'BadEvent.svelte', 'BadHandler.svelte', 'BadProp.svelte', 'BadEventProperty.svelte']);
  });
});

