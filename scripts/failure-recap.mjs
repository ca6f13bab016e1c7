// The failures of a test run, gathered from its output so they can be printed again at the end:
// CI shows the tail of a long log, and a failure's reason printed mid-run would be out of sight.
import { stripAnsi } from './strip-ansi.mjs';

const MAX_LINES_PER_FAILURE = 24;
// Runner frames say nothing about the test: node:test's own and Node's internals.
const RUNNER_FRAME = /^\s+at (?:.*\(node:|node:)/;

/**
 * The failure blocks of one runner's output: node:test's "✖ failing tests:" section, one block a
 * test, and web-test-runner's "❌" entries with the file they belong to. Runner frames are left out.
 * @param {string} output
 * @returns {string[]}
 */
export function failureBlocks(output) {
  // Runs side by side print their lines behind a "[name] " prefix, interleaved: one stream each.
  const streams = new Map();
  for (const line of stripAnsi(output).split('\n')) {
    const prefix = /^\[[^\]\n]{1,40}\] /.exec(line)?.[0] ?? '';
    if (!streams.has(prefix)) streams.set(prefix, []);
    streams.get(prefix).push(line.slice(prefix.length));
  }
  return [...streams].flatMap(([prefix, lines]) => streamFailures(lines).map((b) => (prefix ? `${prefix.trim()}\n${b}` : b)));
}

/** @param {string[]} lines */
function streamFailures(lines) {
  const blocks = [];
  let current = null;
  let inNodeSection = false;
  let wtrFile = '';
  const close = () => {
    if (current) blocks.push(current.slice(0, MAX_LINES_PER_FAILURE).join('\n').trimEnd());
    current = null;
  };
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (/^✖ failing tests:/.test(line)) {
      close();
      inNodeSection = true;
      continue;
    }
    if (inNodeSection && /^test at /.test(line)) {
      close();
      current = [line];
      continue;
    }
    if (inNodeSection && /^(ℹ |=== |▶ )/.test(line)) {
      close();
      inNodeSection = false;
      continue;
    }
    if (/\.test\.[cm]?[jt]s:$/.test(line.trim())) wtrFile = line.trim();
    if (/^\s*❌ /.test(line)) {
      close();
      current = wtrFile ? [wtrFile, line] : [line];
      continue;
    }
    if (!current) continue;
    // A web-test-runner entry ends at the next unindented line (its progress bar, the next file).
    if (!inNodeSection && line.trim() && !/^\s/.test(line)) {
      close();
      continue;
    }
    if (RUNNER_FRAME.test(line)) continue;
    current.push(line);
  }
  close();
  return blocks;
}

/** The recap to print: a heading and each block, or '' when nothing failed. */
export function failureRecap(outputs) {
  const blocks = outputs.flatMap((o) => failureBlocks(o));
  if (!blocks.length) return '';
  return `\n=== ${blocks.length} failing test${blocks.length === 1 ? '' : 's'}, again ===\n\n${blocks.join('\n\n')}\n`;
}
