/** Registers a tag once: a portal may load the library twice, and a second define would throw. */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (customElements.get(tag)) return;
  warnIfNotHydrating(tag, ctor);
  customElements.define(tag, ctor);
}

let warned = false;

/**
 * A tag the server rendered (a declarative shadow root is on the page) whose class Lit's hydration
 * support did not patch (it adds `defer-hydration` to the observed attributes) would throw the
 * server's shadow DOM away and render it again: say so, with the fix. It happens when the support
 * module runs after lit's, as in a bundle split into chunks where lit's chunk runs before the body
 * of the module that imports both.
 */
function warnIfNotHydrating(tag: string, ctor: CustomElementConstructor): void {
  const served = [...(globalThis.document?.querySelectorAll(tag) ?? [])].some((el) => el.shadowRoot);
  if (warned || !served || (ctor as { observedAttributes?: string[] }).observedAttributes?.includes('defer-hydration')) return;
  warned = true;
  console.warn(`cloudtrail-elements: <${tag}> was rendered on the server, but Lit's hydration support loaded after lit, so it renders again over the server's DOM. Import '@lit-labs/ssr-client/lit-element-hydrate-support.js' in a module of its own, loaded before the one that imports cloudtrail-elements.`);
}
