// scripts/docs/check.mjs, the check behind the docs (run on the real site by
// test/e2e/docs.e2e.test.mjs): fed small made-up sites, manifests and source texts, it must
// find each kind of problem it is for, and nothing in what is sound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiTables } from '../../scripts/docs/api-tables.mjs';
import { apiInHtml, checkApiTables, checkCitations, checkLinks } from '../../scripts/docs/check.mjs';

const manifest = {
  modules: [
    {
      path: 'src/x-thing.ts',
      declarations: [
        {
          kind: 'class',
          name: 'XThing',
          tagName: 'x-thing',
          customElement: true,
          attributes: [
            { name: 'size', fieldName: 'size', type: { text: 'number' }, default: '3', description: 'How big, `px`.' },
            { name: 'label', fieldName: 'label', type: { text: 'string' } },
          ],
          members: [
            { kind: 'field', name: 'size', attribute: 'size', type: { text: 'number' } },
            { kind: 'field', name: 'secret', privacy: 'private' },
            { kind: 'method', name: 'start', return: { type: { text: 'Promise<void>' } } },
          ],
          events: [{ name: 'x-thing-change', description: '`{size}` <b>after</b> a change' }],
          cssParts: [{ name: 'base' }],
          cssStates: [{ name: 'busy' }],
        },
      ],
    },
  ],
};

test('API tables rendered from the manifest read back as exactly the manifest', () => {
  const html = apiTables(manifest, 'x-thing');
  assert.deepEqual(
    checkApiTables(manifest, () => html),
    [],
  );
  assert.deepEqual(apiInHtml(html).tables, {
    attributes: ['size', 'label'],
    properties: ['size'],
    methods: ['start'],
    events: ['x-thing-change'],
    parts: ['base'],
    states: ['busy'],
  });
  assert.match(html, /&lt;b&gt;after&lt;\/b&gt;/, 'descriptions are text, never markup');
});

test('API tables that disagree with the manifest are each reported', () => {
  const html = apiTables(manifest, 'x-thing');
  const rows = [
    [
      'a row missing',
      html.replace('<tr data-name="label">', '<tr data-name="lable">'),
      [
        '<x-thing> attributes: label is in custom-elements.json but not in the docs',
        '<x-thing> attributes: lable is in the docs but not in custom-elements.json',
      ],
    ],
    [
      'a table missing',
      html.replace(/<table data-api="states">[\s\S]*?<\/table>/, ''),
      ['<x-thing> states: busy is in custom-elements.json but not in the docs'],
    ],
    ['no page', null, ['<x-thing>: no API tables (elements/x-thing.html with <!-- api x-thing -->)']],
    ['a page without tables', '<h1>x-thing</h1>', ['<x-thing>: no API tables (elements/x-thing.html with <!-- api x-thing -->)']],
  ];
  for (const [name, page, problems] of rows)
    assert.deepEqual(
      checkApiTables(manifest, () => page),
      problems,
      name,
    );
});

test('citations in source text: missing files, missing sections, DESIGN.md and README headings', () => {
  const ctx = {
    docExists: (p) => ['docs/contract.md', 'docs/guides/csp.md'].includes(p),
    anchorExists: (p, a) => p === 'docs/contract.md' && a === '3-twilio-phone',
    readmeHeadings: ['Quick start', '`<twilio-phone>`'],
  };
  const design = ['DESIGN', 'md'].join('.');
  const rows = [
    ['sound citations', `// see docs/contract.md#3-twilio-phone and docs/guides/csp.md\n// README's "Quick start", README, "<twilio-phone>"`, []],
    ['Twilio error pages are not citations', `const more = 'https://www.twilio.com/docs/errors/20003'; // also twilio.com/docs/api.md`, []],
    ['a missing file', `/** (docs/guides/nothing.md) */`, ['cites docs/guides/nothing.md (line 1), which does not exist']],
    ['a missing section', `\n * docs/contract.md#9-nothing`, ['cites docs/contract.md#9-nothing (line 2): no such section']],
    ['the old design file', `// (${design} section 3)`, [`cites ${design} (line 1), which is not in the repository: cite docs/contract.md#<section>`]],
    ['a README section that went', `// the README's "Background tabs"`, ['cites README "Background tabs" (line 1): README has no such heading']],
  ];
  for (const [name, text, problems] of rows) assert.deepEqual(checkCitations(text, ctx), problems, name);
});

test('links: a missing page and a missing anchor are reported; sound links, code samples and examples are not', () => {
  const site = mkdtempSync(join(tmpdir(), 'docs-site-'));
  try {
    mkdirSync(join(site, 'guides'));
    writeFileSync(join(site, 'index.html'), '<h1 id="top">Home</h1><a href="guides/a.html#part">a</a><a href="https://example.com/x">out</a>');
    writeFileSync(
      join(site, 'guides', 'a.html'),
      [
        '<h2 id="part">Part</h2>',
        '<a href="../index.html#top">home</a><a href="#part">here</a>',
        '<a href="b.html">gone</a><a href="../index.html#nowhere">no anchor</a>',
        '<pre><code>&lt;a href="x.html"&gt;</code></pre><pre><a href="in-code.html">x</a></pre>',
        '<template><a href="in-example.html">x</a></template>',
      ].join('\n'),
    );
    assert.deepEqual(checkLinks(site), [
      'guides/a.html: link to b.html: no such file in the site',
      'guides/a.html: link to ../index.html#nowhere: no id "nowhere" there',
    ]);
  } finally {
    rmSync(site, { recursive: true });
  }
});
