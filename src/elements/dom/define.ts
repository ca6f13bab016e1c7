/**
 * Registration of the elements, in the global registry or a scoped one
 * (`new CustomElementRegistry()`, Chrome/Edge 146+, Safari 26+), and what an
 * element that renders other custom elements needs to work in a scoped one.
 */
import type { RenderOptions } from 'lit';

/** The Scoped Custom Element Registries additions this file uses (not in TypeScript's DOM types yet). */
interface ScopedElement extends Element {
  readonly customElementRegistry?: CustomElementRegistry | null;
}

/**
 * Registers `ctor` as `tag` in `registry` (default: the global `customElements`) unless the
 * name is taken there, so loading the bundle twice, or beside another copy, is silent.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor, registry: CustomElementRegistry = customElements): void {
  if (!registry.get(tag)) registry.define(tag, ctor);
}

/** The scoped registry `el` was created from; null for the global registry, and where the browser has no scoped registries. */
export function scopedRegistryOf(el: Element): CustomElementRegistry | null {
  const registry = (el as ScopedElement).customElementRegistry;
  return registry && registry !== globalThis.customElements ? registry : null;
}

/**
 * For an element whose shadow root renders other custom elements (`<totp-enroll>` renders a
 * `<totp-verify>`): when the element itself came from a scoped registry, its shadow root gets
 * that registry, and every node Lit clones into it is created in it, so the inner elements
 * upgrade from the same registry. Call from `createRenderRoot()` before `super.createRenderRoot()`,
 * which then takes the shadow root attached here. Without a scoped registry it does nothing.
 */
export function useHostRegistry(host: HTMLElement & { renderOptions: RenderOptions }, shadowRootOptions: ShadowRootInit): void {
  const registry = scopedRegistryOf(host);
  if (!registry || host.shadowRoot) return;
  host.attachShadow({ ...shadowRootOptions, customElementRegistry: registry });
  // Lit clones its templates with `document.importNode(content, true)`, which creates the
  // elements in the document's (global) registry; the scoped form names the registry.
  host.renderOptions.creationScope = {
    importNode: (node: Node) => document.importNode(node, { customElementRegistry: registry }),
  };
}
