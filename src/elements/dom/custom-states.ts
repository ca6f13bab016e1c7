/**
 * CSS custom states (`:state(name)`) of an element, through its ElementInternals
 * (`internalsOf`). Browsers without `CustomStateSet` get nothing (styling falls
 * back to the reflected attributes); Chromium before 125 only took the dashed
 * form, so `--name` (matched by the legacy `:--name` selector) is used there.
 * State names with dashes (`bad-credentials`) are plain CSS identifiers and
 * work in `:state()` in every engine that has it.
 */
import { internalsOf } from './internals.js';

/** Which form this browser takes, once known (a state change is on a hot path: one per badge). */
let form: 'plain' | 'dashed' | 'none' | undefined;

/** Turns `:state(name)` of `host` on or off. */
export function setCustomState(host: HTMLElement, name: string, on: boolean): void {
  const states = internalsOf(host)?.states;
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

/** One of a set of states at a time: `from` off, `to` on (either may be null). */
export function swapCustomState(host: HTMLElement, from: string | null, to: string | null): void {
  if (from === to) return;
  if (from) setCustomState(host, from, false);
  if (to) setCustomState(host, to, true);
}

/**
 * `swapCustomState` with the host's `CustomStateSet` looked up by the caller, once: for a change
 * made on many elements at once (every `<device-status>` following one phone), where the lookup
 * (a WeakMap and the `states` getter, twice) costs as much as the change.
 */
export function swapCustomStateIn(host: HTMLElement, states: CustomStateSet, from: string | null, to: string | null): void {
  if (form !== 'plain' || from === to) return swapCustomState(host, from, to);
  if (from) states.delete(from);
  if (to) states.add(to);
}
