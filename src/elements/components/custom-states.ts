/**
 * Turns a CSS custom state (`:state(name)`) of an element on or off through its
 * ElementInternals. Browsers without `CustomStateSet` get nothing (styling falls
 * back to the reflected attributes); Chromium before 125 only took the dashed
 * form, so `--name` (matched by the legacy `:--name` selector) is used there.
 */
export function setCustomState(internals: ElementInternals | null | undefined, name: string, on: boolean): void {
  const states = internals?.states as (Set<string> & { add(v: string): unknown }) | undefined;
  if (!states) return;
  if (!on) {
    states.delete(name);
    states.delete(`--${name}`);
    return;
  }
  try {
    states.add(name);
  } catch {
    try {
      states.add(`--${name}`);
    } catch {
      // not supported in any form: nothing to do
    }
  }
}
