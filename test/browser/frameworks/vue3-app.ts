/**
 * A Vue 3 app (full build, with the runtime template compiler; served bundled at
 * /__apps/vue3-app.js) that uses the tags in a template: `isCustomElement` tells Vue the `ct-`
 * tags are not Vue components, `.prop` binds arrays and objects as properties, and `@ct-...`
 * listens to the elements' events.
 */
import { createApp, nextTick, reactive } from 'vue';
import '../../../src/define/all.js';
import type { ColumnId, CtEvent, CtEventSelectEvent, CtQuerySubmitEvent, LookupQuery } from '../../../src/index.js';

export { version as vueVersion } from 'vue';

export interface AppConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  columns: ColumnId[];
}

export interface AppHandle {
  selected: CtEvent[];
  submitted: LookupQuery[];
  setColumns(columns: ColumnId[]): Promise<void>;
  unmount(): void;
}

export function mount(container: HTMLElement, config: AppConfig): AppHandle {
  const state = reactive({ columns: config.columns, selectedName: '' });
  const handle: AppHandle = {
    selected: [],
    submitted: [],
    setColumns: async (c) => {
      state.columns = c;
      await nextTick();
    },
    unmount: () => app.unmount(),
  };
  const app = createApp({
    template: `
      <p id="selected">{{ state.selectedName ? 'Selected: ' + state.selectedName : 'Nothing selected' }}</p>
      <ct-event-history
        :region="config.region"
        :endpoint="config.endpoint"
        :credentials.prop="config.credentials"
        :columns.prop="state.columns"
        time-zone="utc"
        @ct-event-select="onSelect"
        @ct-query-submit="onSubmit"
      ></ct-event-history>`,
    setup() {
      return {
        config,
        state,
        onSelect(e: CtEventSelectEvent) {
          handle.selected.push(e.event);
          state.selectedName = e.event.EventName ?? '';
        },
        onSubmit(e: CtQuerySubmitEvent) {
          handle.submitted.push(e.query);
        },
      };
    },
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('ct-');
  app.mount(container);
  return handle;
}
