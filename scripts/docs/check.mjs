#!/usr/bin/env node
// Checks the built docs site (build/docs/, `npm run docs:build`) and the comments that cite it:
//   - every relative link and image of every page resolves to a file, and every #anchor to an id;
//   - each element's API tables list exactly what custom-elements.json lists;
//   - every source file that cites a doc (`docs/x.md`, `docs/x.md#section`, `README's "Section"`)
//     cites one that exists, and none cites DESIGN.md (now docs/contract.md).
// Each check returns a list of problems (empty when all is well), so tests can feed it bad input.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { apiOf, elementsOf } from './api-tables.mjs';
import { ROOT } from './transform.mjs';

export const SITE = join(ROOT, 'build', 'docs');
const GENERATED = new Set(['pagefind', 'cdn', 'examples']);

/** Every page of the site (relative paths), the generated folders left out. */
export function sitePages(site = SITE) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (dir !== site || !GENERATED.has(name)) walk(full);
      } else if (name.endsWith('.html')) out.push(relative(site, full).split(sep).join('/'));
    }
  };
  walk(site);
  return out.sort();
}

/** The ids of an HTML document, those inside <template> (examples not yet live) included. */
export const idsOf = (html) => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));

/** Relative `href`/`src` of a page outside code samples: [{attr, url}]. */
export function linksOf(html) {
  const body = html.replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<template>[\s\S]*?<\/template>/g, '');
  return [...body.matchAll(/\s(href|src)="([^"]*)"/g)]
    .map((m) => ({ attr: m[1], url: m[2].replace(/&amp;/g, '&') }))
    .filter(({ url }) => !/^[a-z][a-z0-9+.-]*:/i.test(url));
}

/** Links and anchors of every page: each must reach a file of the site, and an id in it. */
export function checkLinks(site = SITE) {
  const problems = [];
  const cache = new Map();
  const read = (file) => {
    if (!cache.has(file)) cache.set(file, existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : null);
    return cache.get(file);
  };
  for (const page of sitePages(site)) {
    const file = join(site, page);
    const html = read(file);
    for (const { url } of linksOf(html)) {
      const [path, hash] = url.split('#');
      const target = path ? join(url.startsWith('/') ? site : dirname(file), decodeURI(path)) : file;
      const text = read(target);
      if (text === null) {
        problems.push(`${page}: link to ${url}: no such file in the site`);
        continue;
      }
      if (hash && target.endsWith('.html') && !idsOf(text).has(decodeURIComponent(hash))) problems.push(`${page}: link to ${url}: no id "${hash}" there`);
    }
  }
  return problems;
}

/** The names in the API tables of an element page's HTML: {tag, tables: {kind: [names]}}. */
export function apiInHtml(html) {
  const section = /<section class="api" data-api-tag="([^"]+)"[^>]*>([\s\S]*?)<\/section>/.exec(html);
  if (!section) return null;
  const tables = {};
  for (const t of section[2].matchAll(/<table data-api="(\w+)">([\s\S]*?)<\/table>/g)) {
    tables[t[1]] = [...t[2].matchAll(/<tr data-name="([^"]*)">/g)].map((m) =>
      m[1]
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
  }
  return { tag: section[1], tables };
}

/** Each element of the manifest has a page whose API tables list exactly its API. */
export function checkApiTables(manifest, pageHtml) {
  const problems = [];
  for (const [tag, decl] of elementsOf(manifest)) {
    const html = pageHtml(tag);
    const found = html && apiInHtml(html);
    if (!found) {
      problems.push(`<${tag}>: no API tables (elements/${tag}.html with <!-- api ${tag} -->)`);
      continue;
    }
    for (const [kind, rows] of Object.entries(apiOf(decl))) {
      const want = rows.map((r) => r.name);
      const have = found.tables[kind] ?? [];
      for (const name of want) if (!have.includes(name)) problems.push(`<${tag}> ${kind}: ${name} is in custom-elements.json but not in the docs`);
      for (const name of have) if (!want.includes(name)) problems.push(`<${tag}> ${kind}: ${name} is in the docs but not in custom-elements.json`);
    }
  }
  return problems;
}

const SOURCE_DIRS = ['src', 'test', 'scripts', 'demo', 'bench', 'examples'];
const SOURCE_EXT = /\.(ts|tsx|mjs|cjs|js|jsx)$/;

/** Source files that may cite docs (build output and dependencies left out). */
export function sourceFiles(root = ROOT) {
  const out = [];
  // The checker and its test spell out citation patterns as patterns, not as citations.
  const own = new Set([join(root, 'scripts', 'docs', 'check.mjs'), join(root, 'test', 'node', 'docs.check.test.mjs')]);
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE_EXT.test(name) && !name.endsWith('.d.ts') && !own.has(full)) out.push(full);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(root, d))) walk(join(root, d));
  return out;
}

const slugOf = (heading) => heading.replace(/`/g, '').trim().toLowerCase();

/**
 * The citations of one file's text that do not resolve. `docExists(path)` and `anchorExists(path,
 * anchor)` answer for docs/ files; `readmeHeadings` are README.md's headings.
 */
export function checkCitations(text, { docExists, anchorExists, readmeHeadings }) {
  const problems = [];
  for (const m of text.matchAll(/\bDESIGN\.md\b/g))
    problems.push(`cites DESIGN.md (line ${lineOf(text, m.index)}), which is not in the repository: cite docs/contract.md#<section>`);
  for (const m of text.matchAll(/(?<![\w/.-])(docs\/[\w./-]+\.md)(?:#([\w-]+))?/g)) {
    const [, path, anchor] = m;
    if (!docExists(path)) problems.push(`cites ${path} (line ${lineOf(text, m.index)}), which does not exist`);
    else if (anchor && !anchorExists(path, anchor)) problems.push(`cites ${path}#${anchor} (line ${lineOf(text, m.index)}): no such section`);
  }
  for (const m of text.matchAll(/\bREADME(?:'s|,)? "([^"]+)"/g)) {
    if (!readmeHeadings.some((h) => slugOf(h) === slugOf(m[1])))
      problems.push(`cites README "${m[1]}" (line ${lineOf(text, m.index)}): README has no such heading`);
  }
  return problems;
}

const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/** Citations in every source file, against docs/ and the built pages' ids. */
export function checkAllCitations(root = ROOT, site = SITE) {
  const readmeHeadings = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => m[1]);
  const ctx = {
    readmeHeadings,
    docExists: (path) => existsSync(join(root, path)),
    anchorExists: (path, anchor) => {
      const page = join(site, path.replace(/^docs\//, '').replace(/\.md$/, '.html'));
      return existsSync(page) && idsOf(readFileSync(page, 'utf8')).has(anchor);
    },
  };
  return sourceFiles(root).flatMap((file) => checkCitations(readFileSync(file, 'utf8'), ctx).map((p) => `${relative(root, file)}: ${p}`));
}

/** All three checks on the built site; [] when the docs hold together. */
export function checkDocs(root = ROOT, site = SITE) {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const pageHtml = (tag) => {
    const file = join(site, 'elements', `${tag}.html`);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  };
  return [...checkLinks(site), ...checkApiTables(manifest, pageHtml), ...checkAllCitations(root, site)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(SITE)) {
    console.error('build/docs/ is missing: run `npm run docs:build` first');
    process.exit(1);
  }
  const problems = checkDocs();
  for (const p of problems) console.error(p);
  console.log(problems.length ? `docs: ${problems.length} problems` : 'docs: links, anchors, API tables and citations all resolve');
  process.exit(problems.length ? 1 : 0);
}
