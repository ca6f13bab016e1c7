/**
 * Styles a lazy chunk brings for what only it renders (call control's section, the quality view):
 * added to one element's shadow root beside the class's own (Lit's `adoptStyles` replaces the
 * adopted sheets; this appends). Constructable sheets where the browser has them (Chromium,
 * Firefox, WebKit), so a strict CSP (no 'unsafe-inline' styles) allows them as it allows the
 * static ones; else `<style>` elements after the class's own, as Lit itself falls back to (with
 * its `litNonce`).
 */
import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult } from 'lit';

const added = new WeakMap<ShadowRoot, Set<CSSResult>>();

/** Adds `styles` to `root` once (later calls with the same styles do nothing). */
export function addStyles(root: Node, styles: CSSResult | readonly CSSResult[]): void {
  // A light-DOM render root (createRenderRoot overridden) has no styles of its own to add to.
  if (!(root instanceof ShadowRoot)) return;
  let done = added.get(root);
  if (!done) added.set(root, (done = new Set()));
  const fresh = (Array.isArray(styles) ? styles : [styles as CSSResult]).filter((s) => !done.has(s));
  if (!fresh.length) return;
  for (const s of fresh) done.add(s);
  if (supportsAdoptingStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...fresh.map((s) => s.styleSheet!)];
  else adoptStyles(root, fresh);
}
