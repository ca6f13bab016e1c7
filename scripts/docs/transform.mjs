// Turns an Eleventy page's HTML into the site's page: the generated parts put in place of
// their markers, links between Markdown files made links between pages, and the title taken
// from the page's first heading.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiTables, escapeHtml } from './api-tables.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs');

/** Reads custom-elements.json anew for each page, so `npm run docs` follows the manifest as it changes. */
const manifest = () => JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));

export function docsTransform(html, { inputPath, markdown }) {
  const source = join(ROOT, inputPath);
  let out = html
    .replace(/<!-- api ([a-z-]+) -->/g, (_, tag) => apiTables(manifest(), tag))
    .replace(/<!-- example ([\w/-]+) -->/g, (_, name) => exampleBlock(name))
    .replace(/<!-- bench-results -->/g, () => benchResults(markdown));
  out = rewriteLinks(out, source);
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(out);
  const title = h1 ? h1[1].replace(/<[^>]+>/g, '').trim() : 'twilio-widgets';
  return out.replace('<title></title>', `<title>${title} · twilio-widgets</title>`);
}

/**
 * Relative links: `x.md` and `x.md#anchor` inside docs/ become `x.html`; a link to a file of the
 * repository outside docs/ (an example, a test) is kept as text, since the site does not serve it.
 */
export function rewriteLinks(html, sourceFile) {
  return html.replace(/<a href="([^"]*)"([^>]*)>([\s\S]*?)<\/a>/g, (whole, href, rest, inner) => {
    if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href) || href === '') return whole;
    const [path, hash = ''] = href.split('#');
    const target = join(dirname(sourceFile), decodeURI(path));
    const inDocs = !relative(DOCS, target).startsWith('..');
    if (!inDocs) return inner;
    if (!path.endsWith('.md')) return whole;
    return `<a href="${path.replace(/\.md$/, '.html')}${hash ? `#${hash}` : ''}"${rest}>${inner}</a>`;
  });
}

/**
 * A live example: docs/examples/NAME.html (markup, no script) and NAME.js (optional, a module
 * run after the markup is in the page). The markup waits in a <template> until
 * docs/assets/live.js has found the docs server (`npm run docs`); on a static host the example
 * says what it needs, and its code is shown either way.
 */
export function exampleBlock(name) {
  const htmlFile = join(DOCS, 'examples', `${name}.html`);
  const jsFile = join(DOCS, 'examples', `${name}.js`);
  const markup = readFileSync(htmlFile, 'utf8').trimEnd();
  const script = existsSync(jsFile) ? readFileSync(jsFile, 'utf8').trimEnd() : null;
  const needsServer = /\b(token-url|verify-url)=/.test(markup);
  const id = `example-${name.replace(/\W+/g, '-')}`;
  return [
    `<figure class="example" id="${id}" data-example="${posix.join('examples', `${name}.js`)}"${script ? ' data-script' : ''}${needsServer ? ' data-needs-server' : ''}>`,
    `<figcaption>Live example</figcaption>`,
    `<div class="example-live" data-pagefind-ignore><p class="example-note">Loading the example…</p></div>`,
    `<template>${markup}</template>`,
    `<pre class="example-code" data-lang="html"><code>${escapeHtml(markup)}</code></pre>`,
    script ? `<pre class="example-code" data-lang="js"><code>${escapeHtml(script)}</code></pre>` : '',
    `</figure>`,
  ].join('\n');
}

/** bench/results.md (written by `npm run bench`) as HTML, its own heading left out. */
function benchResults(markdown) {
  const text = readFileSync(join(ROOT, 'bench', 'results.md'), 'utf8').replace(/^# .*\n/, '');
  return `<div class="bench-results">${markdown.render(text)}</div>`;
}
