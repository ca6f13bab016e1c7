#!/usr/bin/env node
// Builds the docs site into build/docs/ (`npm run docs:build` after `npm run build`): Eleventy
// renders docs/ (eleventy.config.mjs), then Pagefind indexes the pages for the search box.
// Needs dist/cdn/ (the elements the live examples load) and custom-elements.json.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Eleventy from '@11ty/eleventy';
import * as pagefind from 'pagefind';
import { ROOT } from './transform.mjs';

export const SITE = join(ROOT, 'build', 'docs');

export async function buildDocs({ quiet = true } = {}) {
  if (!existsSync(join(ROOT, 'dist', 'cdn', 'twilio-widgets.js'))) throw new Error('dist/cdn/ is missing: run `npm run build` first');
  rmSync(SITE, { recursive: true, force: true });
  const eleventy = new Eleventy(join(ROOT, 'docs'), SITE, { configPath: join(ROOT, 'eleventy.config.mjs'), quietMode: quiet });
  eleventy.setIsVerbose?.(!quiet);
  await eleventy.write();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (errors.length) throw new Error(`pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: SITE });
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: join(SITE, 'pagefind') });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  return { pages: added.page_count, site: SITE };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { pages, site } = await buildDocs();
  console.log(`docs: ${pages} pages in ${site}`);
}
