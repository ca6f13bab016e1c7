// The docs site (docs/ → build/docs/), built by Eleventy: `npm run docs:build` (scripts/docs/build.mjs).
// Pages are plain Markdown that reads well on GitHub too: links between pages are relative `.md`
// links, and the generated parts are HTML comments (`<!-- api twilio-phone -->`,
// `<!-- example twilio-phone/basic -->`, `<!-- bench-results -->`) that the transform in
// scripts/docs/transform.mjs replaces. Every page is written as `<path>.html` and every link is
// relative, so the site works from any folder of any static host.
import { IdAttributePlugin } from '@11ty/eleventy';
import { docsTransform } from './scripts/docs/transform.mjs';

export default function (eleventyConfig) {
  let markdown;
  eleventyConfig.amendLibrary('md', (md) => {
    markdown = md;
  });
  eleventyConfig.addPlugin(IdAttributePlugin);
  // A small site builds in well under a second, of which the HTML transforms are half: Eleventy
  // would warn about that share on every build. 0 turns its slow-step warnings off.
  eleventyConfig.benchmarkManager.get('Configuration').setMinimumThresholdMs(0);
  eleventyConfig.addPassthroughCopy({
    'docs/assets': 'assets',
    'docs/demo.png': 'demo.png',
    'docs/gallery': 'gallery',
    'dist/cdn': 'cdn',
    'bench/waterfall.svg': 'guides/waterfall.svg',
  });
  // Only the examples' scripts: their markup is inlined into the pages.
  eleventyConfig.addPassthroughCopy({ 'docs/examples': 'examples' }, { filter: ['**/*.js'] });
  eleventyConfig.ignores.add('docs/examples/**');
  eleventyConfig.ignores.add('docs/screenshots/**');
  eleventyConfig.addGlobalData('layout', 'layout.njk');
  eleventyConfig.addGlobalData('permalink', () => (data) => `${data.page.filePathStem}.html`);
  eleventyConfig.addFilter('rel', (target, from) => relativeUrl(from, target));
  eleventyConfig.addTransform('docs', function (content) {
    if (!this.page.outputPath?.endsWith('.html')) return content;
    return docsTransform(content, { inputPath: this.page.inputPath, url: this.page.url, markdown });
  });
  return {
    dir: { input: 'docs', output: 'build/docs', includes: '_includes', data: '_data' },
    markdownTemplateEngine: false,
    htmlTemplateEngine: 'njk',
  };
}

/** `target` (a site path such as `/assets/docs.css`) relative to the page at `from` (its URL). */
export function relativeUrl(from, target) {
  const depth = from.split('/').length - 2;
  return (depth > 0 ? '../'.repeat(depth) : './') + target.replace(/^\//, '');
}
