#!/usr/bin/env node
// Minifies the CSS and HTML inside Lit's css`` and html`` templates of the built elements
// (dist/elements/**/*.js, after tsc): esbuild, terser and every page's bundler leave template text
// as written, so the comments and indentation of the sources would reach every page.
// `node scripts/minify-templates.mjs [dir]` (default dist/elements); run by `npm run build:browser`.
//
// Conservative on purpose: whatever it changes renders the same.
// - CSS: comments out; whitespace runs to one space; no space around `{ } ; , >` or after `:`;
//   no `;` before `}`; no leading 0 before a decimal point; no quotes around an attribute
//   selector's identifier value. Other quoted strings are kept as written; `+`, `-`, `~` keep their
//   spaces (calc()).
// - HTML: comments out; a whitespace run that holds a line break to one space (never removed:
//   between inline elements a space shows); no quotes around a static attribute value of
//   letters, digits, `_`, `.` and `-`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Splits CSS text into comments (dropped), quoted strings (kept as written) and the rest (`fn`). */
function outsideStrings(text, fn) {
  let out = '';
  let rest = '';
  for (let i = 0; i < text.length;) {
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      rest += ' ';
    } else if (text[i] === '"' || text[i] === "'") {
      const quote = text[i];
      let j = i + 1;
      while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
      const inner = text.slice(i + 1, j);
      // An attribute selector's value that is an identifier needs no quotes: [part='base'] → [part=base].
      const bare = /[~|^$*]?=$/.test(rest) && text[j + 1] === ']' && /^[A-Za-z_][\w-]*$/.test(inner);
      out += fn(rest) + (bare ? inner : text.slice(i, j + 1));
      rest = '';
      i = j + 1;
    } else {
      rest += text[i++];
    }
  }
  return out + fn(rest);
}

/** One piece of a css`` template's text (between interpolations). */
export function minifyCss(text) {
  return outsideStrings(text, (s) =>
    s
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,>]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      // 0.25rem → .25rem (never at a piece's start: an interpolation before it may end in a digit)
      .replace(/([:(, ])0\.(\d)/g, '$1.$2'),
  );
}

/** One piece of an html`` template's text (between interpolations). */
export function minifyHtml(text) {
  return (
    text
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/[ \t\r\f]*\n\s*/g, ' ')
      // part="base" → part=base: a plain value needs no quotes (not before `/` or a piece's end: an interpolation may follow)
      .replace(/(\s[\w-]+)="([\w.-]+)"(?=[\s>])/g, '$1=$2')
  );
}

const MINIFIERS = { css: minifyCss, html: minifyHtml };

/** The module `source` with the text of its css`` and html`` templates minified. */
export function minifyTemplates(source, fileName = 'module.js') {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** [start, end, replacement]; the ranges never overlap */
  const edits = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && MINIFIERS[node.tag.text]) {
      const minify = MINIFIERS[node.tag.text];
      const t = node.template;
      // Each piece's raw text: after its opening "`" or "}", before its closing "`" or "${".
      const pieces = ts.isNoSubstitutionTemplateLiteral(t)
        ? [[t, 1, 1]]
        : [[t.head, 1, 2], ...t.templateSpans.map((s, i, all) => [s.literal, 1, i === all.length - 1 ? 1 : 2])];
      pieces.forEach(([lit, open, close], i) => {
        const start = lit.getStart(sf) + open;
        const end = lit.end - close;
        let text = minify(source.slice(start, end));
        // A style sheet's ends are whitespace only; a template's may be a space that shows.
        if (minify === minifyCss && i === 0) text = text.trimStart();
        if (minify === minifyCss && i === pieces.length - 1) text = text.trimEnd();
        edits.push([start, end, text]);
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = source;
  // From the end: a nested template's pieces lie between its outer template's, so visit order is not source order.
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist/elements';
  for (const file of jsFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    if (!/\b(?:css|html)\s*`/.test(source)) continue;
    const out = minifyTemplates(source, file);
    if (out !== source) writeFileSync(file, out);
  }
}
