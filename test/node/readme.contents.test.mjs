// The README fits on a screen and does not go stale: at most 250 lines, no dated figure (dates,
// run logs, timings, sizes, test counts: those live in generated pages and CI output), and every
// link into the repository resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** What a figure that goes stale looks like: [name, pattern]. */
export const DATED = [
  ['a date', /\b(19|20)\d\d-\d\d-\d\d\b|\b(January|February|March|April|May|June|July|August|September|October|November|December) (19|20)\d\d\b/],
  ['a run log', /\b(last|latest|previous) (full )?run\b|\bthe run before\b|\bmeasured (on|against|in)\b/i],
  ['a timing', /\b\d[\d,.]*\s?(ms|s|sec|min|minutes|seconds)\b(?! ?[a-z(])/],
  ['a size', /\b\d[\d,.]*\s?(B|KB|kB|KiB|MB|MiB)\b/],
  ['a rate', /\b\d[\d,.]*\s?req\/s\b/],
  ['a test count', /\b\d{2,}[\d,]* (passed|failed|skipped|tests)\b/],
];

/** The dated figures of a text: [{line, what, text}]. */
export function datedFigures(text) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    for (const [what, re] of DATED) if (re.test(line)) found.push({ line: i + 1, what, text: line.trim() });
  });
  return found;
}

test('the README is at most 250 lines', () => {
  const lines = README.split('\n').length - (README.endsWith('\n') ? 1 : 0);
  assert.ok(lines <= 250, `README.md has ${lines} lines`);
});

test('the README has no dated figure', () => {
  assert.deepEqual(datedFigures(README), []);
});

test('the dated-figure check finds each kind it names', () => {
  const samples = {
    'a date': 'Result (2026-11-30, twilio-voice.js 2.18.3)',
    'a run log': 'the other tab is ready (last run: 716 ms)',
    'a timing': 'The whole npm test took 12 min 48 s',
    'a size': 'defines every element with Lit inlined (about 27 KB gzip)',
    'a rate': 'token endpoint 12,828 req/s',
    'a test count': 'all of it: 32 files, 995 passed, 0 skipped',
  };
  for (const [what, line] of Object.entries(samples)) {
    assert.ok(
      datedFigures(line).some((f) => f.what === what),
      `${what}: ${line}`,
    );
  }
  assert.deepEqual(datedFigures('npm test ends with "tests: N passed, 0 failed"; Node 22 or 24; Lit 3; React 19'), []);
});

test('every relative link of the README reaches a file, and each #anchor a heading there', () => {
  const slug = (h) =>
    h
      .toLowerCase()
      .replace(/[`'’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const links = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((u) => !/^[a-z]+:/i.test(u));
  assert.ok(links.length >= 10, 'the README links into the docs');
  for (const link of links) {
    const [path, anchor] = link.split('#');
    const file = join(ROOT, path);
    assert.ok(existsSync(file), `${link}: no such file`);
    if (anchor) {
      const headings = [...readFileSync(file, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]));
      assert.ok(headings.includes(anchor), `${link}: no heading "${anchor}" in ${path}`);
    }
  }
});
