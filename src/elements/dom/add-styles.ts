/**
 * Styles a lazy chunk brings for what only it renders: added to one element's shadow root beside
 * the class's own (Lit's `adoptStyles` replaces the adopted sheets; this appends). Constructable
 * sheets, so a strict CSP (no 'unsafe-inline' styles) allows them as it allows the static ones.
 */
import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult } from 'lit';

const added = new WeakMap<ShadowRoot, Set<CSSResult>>();

/** Adds `styles` to `root` once (later calls with the same styles do nothing). */
export function addStyles(root: ShadowRoot, styles: readonly CSSResult[]): void {
  let done = added.get(root);
  if (!done) added.set(root, (done = new Set()));
  const fresh = styles.filter((s) => !done.has(s));
  if (!fresh.length) return;
  for (const s of fresh) done.add(s);
  if (supportsAdoptingStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...fresh.map((s) => s.styleSheet!)];
  // Without constructable sheets Lit appends <style> elements: these come after the class's own.
  else adoptStyles(root, fresh);
}
