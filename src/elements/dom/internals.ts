/**
 * The one way to an element's ElementInternals. An element may call
 * `attachInternals()` only once, and its form code, its custom states and its
 * controllers all need them: whoever asks first attaches them, everyone after
 * gets the same object.
 */
const attached = new WeakMap<HTMLElement, ElementInternals | null>();

/** The element's ElementInternals, attached on first use; null where the browser has none (or they were attached elsewhere). */
export function internalsOf(host: HTMLElement): ElementInternals | null {
  let internals = attached.get(host);
  if (internals === undefined) {
    internals = null;
    try {
      internals = typeof host.attachInternals === 'function' ? host.attachInternals() : null;
    } catch {
      // attached by someone else already (a page's subclass), or not a custom element
    }
    attached.set(host, internals);
  }
  return internals;
}
