// Statistics, formatting and the results table of the bench: shared by
// bench/run.mjs and the modules that add sections to it.

const sorted = (xs) => [...xs].sort((a, b) => a - b);
export const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
export const ms = (v) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
export const fmtMs = (s) => `${ms(s.median)} ms (${ms(s.min)}–${ms(s.max)})`;
export const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
export const fmtSize = (s) => `${kb(s.gzip)} gz · ${kb(s.brotli)} br`;
export const mb = (b) => `${(b / 1048576).toFixed(2)} MB`;
export const mbit = (bytes, msTaken) => (bytes * 8) / 1000 / msTaken; // Mbit/s

/**
 * A results table. A row: {key?, figure, network?, ours, base, ratio, floor?, goal, ok}
 * (ok: true / false / null for information). Rows with the same `key` (default: the
 * figure) are printed together, in the order of `networks`.
 */
export function createTable(networks) {
  const rows = [];
  return {
    rows,
    add(row) {
      rows.push({ key: row.figure, network: '—', floor: '', ...row });
    },
    render({ smoke }) {
      const groups = new Map();
      for (const r of rows) {
        if (!groups.has(r.key)) groups.set(r.key, []);
        groups.get(r.key).push(r);
      }
      const order = (r) => (networks.includes(r.network) ? networks.indexOf(r.network) : networks.length);
      const lines = [
        '| figure | network | ours: median (min–max) | baseline, same run: median (min–max) | ratio | floor · ours ÷ floor | goal | met? |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ];
      for (const group of groups.values()) {
        group.sort((a, b) => order(a) - order(b));
        group.forEach((r, i) => {
          const mark = smoke || r.ok === null || r.ok === undefined ? '–' : r.ok ? '✓' : '✗';
          lines.push(`| ${i ? '' : r.figure} | ${r.network} | ${r.ours} | ${r.base} | ${r.ratio} | ${r.floor || '—'} | ${r.goal} | ${mark} |`);
        });
      }
      return lines.join('\n');
    },
  };
}

/**
 * Resolves once a load page (bench/pages/load-*.html) logs `bench-result`. Not `waitForFunction`:
 * its polling first evaluates Playwright's injected script in the page, on the page's main thread,
 * in the middle of the load being timed (about 0.7 s of it at 4× CPU throttling). Call before `goto`.
 */
export function waitForResult(page, timeout = 30000) {
  return page.waitForEvent('console', { predicate: (m) => m.text() === 'bench-result', timeout });
}
