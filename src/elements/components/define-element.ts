/**
 * Registers a custom element unless the name is taken, so loading the bundle
 * twice, or beside another copy, is silent.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
