/**
 * Turns a CSS custom state (`:state(name)`) of an element on or off through its
 * ElementInternals. Browsers without `CustomStateSet` get nothing (styling falls
 * back to the reflected attributes); Chromium before 125 only took the dashed
 * form, so `--name` (matched by the legacy `:--name` selector) is used there.
 */
/** Which form this browser takes, once known (a state change is on a hot path: one per badge). */
let form: 'plain' | 'dashed' | 'none' | undefined;

export function setCustomState(internals: ElementInternals | null | undefined, name: string, on: boolean): void {
  const states = internals?.states as (Set<string> & { add(v: string): unknown }) | undefined;
  if (!states || form === 'none') return;
  if (!on) {
    if (form !== 'dashed') states.delete(name);
    if (form !== 'plain') states.delete(`--${name}`);
    return;
  }
  if (form === 'plain') return void states.add(name);
  if (form === 'dashed') return void states.add(`--${name}`);
  try {
    states.add(name);
    form = 'plain';
  } catch {
    try {
      states.add(`--${name}`);
      form = 'dashed';
    } catch {
      form = 'none'; // not supported in any form: nothing to do
    }
  }
}

const attached = new WeakMap<HTMLElement, ElementInternals | null>();

/**
 * The element's ElementInternals, attached on first use and shared: an element can call
 * attachInternals() only once, so every controller that sets custom states gets them here.
 */
export function hostInternals(host: HTMLElement): ElementInternals | null {
  if (!attached.has(host)) {
    let internals: ElementInternals | null = null;
    try {
      internals = typeof host.attachInternals === 'function' ? host.attachInternals() : null;
    } catch {
      // attached elsewhere already (or not a custom element): no custom states from here
    }
    attached.set(host, internals);
  }
  return attached.get(host) ?? null;
}
