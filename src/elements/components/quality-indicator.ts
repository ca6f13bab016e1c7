/**
 * The call quality indicator both elements show: five bars (decoration,
 * `aria-hidden`) and a text equivalent ("Call quality: good"). `<twilio-phone>`
 * renders it once, without bindings, and writes its few nodes about once a
 * second (`writeQualityIndicator`), so a measurement never re-renders the phone;
 * `<device-status>` binds it like any template.
 */
import { css, html, unsafeCSS, type CSSResult } from 'lit';
import { qualityBars, type QualityLevel } from '../core/call-quality.js';

/** The bars: one `<i>` per bar, lit ones from the host's `data-level` (CSS only). */
export const qualityBarsTemplate = html`<span part="quality-bars" class="bars" aria-hidden="true"><i></i><i></i><i></i><i></i><i></i></span>`;

/** Writes level and text into a rendered indicator (`[part="quality"]`) and its hint, touching only what changed. */
export function writeQualityIndicator(
  indicator: HTMLElement | null,
  level: QualityLevel | null,
  label: string,
  hint: HTMLElement | null,
  hintText: string,
): void {
  if (indicator) {
    const value = level ?? 'measuring';
    if (indicator.dataset.level !== value) indicator.dataset.level = value;
    indicator.dataset.bars = String(qualityBars(level));
    const text = indicator.querySelector<HTMLElement>('[part="quality-label"]');
    if (text && text.textContent !== label) text.textContent = label;
  }
  if (hint && hint.textContent !== hintText) hint.textContent = hintText;
}

/** Styles of the indicator; `prefix` names the element's custom properties (`--<prefix>-quality-good-color`, …). */
export function qualityIndicatorStyles(prefix: string): CSSResult {
  const p = unsafeCSS(prefix);
  return css`
    [part='quality'] {
      display: inline-flex;
      align-items: center;
      gap: 0.4em;
      --_q: var(--${p}-quality-good-color, #15803d);
    }
    [part='quality'][data-level='fair'] {
      --_q: var(--${p}-quality-fair-color, #b45309);
    }
    [part='quality'][data-level='degraded'] {
      --_q: var(--${p}-quality-poor-color, #b91c1c);
    }
    .bars {
      display: inline-flex;
      align-items: flex-end;
      gap: 2px;
      block-size: 1em;
    }
    .bars i {
      inline-size: 4px;
      border-radius: 1px;
      background: currentColor;
      opacity: 0.2;
    }
    .bars i:nth-child(1) { block-size: 20%; }
    .bars i:nth-child(2) { block-size: 40%; }
    .bars i:nth-child(3) { block-size: 60%; }
    .bars i:nth-child(4) { block-size: 80%; }
    .bars i:nth-child(5) { block-size: 100%; }
    [data-bars='1'] .bars i:nth-child(-n + 1),
    [data-bars='2'] .bars i:nth-child(-n + 2),
    [data-bars='3'] .bars i:nth-child(-n + 3),
    [data-bars='4'] .bars i:nth-child(-n + 4),
    [data-bars='5'] .bars i {
      background: var(--_q);
      opacity: 1;
    }
    @media (forced-colors: active) {
      /* the opacity tells lit from unlit bars; the text says the level anyway */
      .bars i {
        forced-color-adjust: none;
      }
    }
  `;
}
