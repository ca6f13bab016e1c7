/**
 * Adds a stylesheet to a shadow root after Lit has set its static styles up: the styles of a
 * lazy chunk (call control's) arrive with its code. A constructed sheet appended to
 * `adoptedStyleSheets` where the browser has them (Chromium, Firefox, WebKit), else a `<style>`
 * element as Lit itself falls back to (with its `litNonce`).
 */
import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult } from 'lit';

export function addStyles(root: Node, style: CSSResult): void {
  // A light-DOM render root (createRenderRoot overridden) has no styles of its own to add to.
  if (!(root instanceof ShadowRoot)) return;
  const sheet = supportsAdoptingStyleSheets ? style.styleSheet : undefined;
  if (!sheet) return adoptStyles(root, [style]);
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
