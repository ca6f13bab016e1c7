/**
 * The QR code as an `<svg>` built with DOM calls (no markup string, so nothing
 * for a strict CSP or Trusted Types to refuse). Colours come from the
 * element's styles (`.qr-bg`, `.qr-fg`), not from attributes.
 */
import { qrPath } from '../../core/qr-path.js';

const SVG = 'http://www.w3.org/2000/svg';
/** `matrix` includes its quiet zone (light modules around the code). */
export function qrSvg(matrix: boolean[][], label: string): SVGSVGElement {
  const size = matrix.length;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('part', 'qr');
  svg.setAttribute('class', 'qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('class', 'qr-bg');
  bg.setAttribute('width', String(size));
  bg.setAttribute('height', String(size));
  const fg = document.createElementNS(SVG, 'path');
  fg.setAttribute('class', 'qr-fg');
  fg.setAttribute('d', qrPath(matrix));
  svg.append(bg, fg);
  return svg;
}
