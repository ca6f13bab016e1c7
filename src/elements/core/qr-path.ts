/**
 * A QR matrix (rows of booleans, `true` = dark module) as one SVG path, each
 * horizontal run of dark modules one rectangle. Drawn through an attribute, so
 * no markup string is ever parsed (strict CSP, Trusted Types). DOM-free.
 */
export function qrPath(matrix: readonly (readonly boolean[])[], quiet = 0): string {
  let d = '';
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      d += `M${start + quiet} ${y + quiet}h${x - start}v1h-${x - start}z`;
    }
  });
  return d;
}
