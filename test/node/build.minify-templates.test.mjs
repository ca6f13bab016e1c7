// The build step that minifies the CSS and HTML inside the built elements' css`` and html``
// templates (scripts/minify-templates.mjs): its rules as tables, whole modules, and the built
// files themselves (no comment or indentation left in a template of dist/elements).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifyCss, minifyHtml, minifyTemplates } from '../../scripts/minify-templates.mjs';

describe('minifyCss', () => {
  const table = [
    ['comments out', ':host { /* why */ display: block; }', ':host{display:block}'],
    ['whitespace runs and line breaks', '  .a   .b\n  {\n    color:  red;\n  }\n', ' .a .b{color:red}'],
    ['no space around , > { } ;', 'a , b > c { x: 1 ; y: 2 ; }', 'a,b>c{x:1;y:2}'],
    [
      'calc keeps its + and - spaced',
      'x { inline-size: calc(var(--_len, 6) * 1.3em + 1.5em - 2px); }',
      'x{inline-size:calc(var(--_len,6) * 1.3em + 1.5em - 2px)}',
    ],
    ['nth-child keeps its +', '.bars i:nth-child(-n + 1) { a: b; }', '.bars i:nth-child(-n + 1){a:b}'],
    ['a descendant pseudo-class keeps the space before its colon', '.row :focus-visible { a: b; }', '.row :focus-visible{a:b}'],
    ['media queries keep `and (`', '@media screen and (pointer: coarse) { :host { a: b; } }', '@media screen and (pointer:coarse){:host{a:b}}'],
    ['quoted strings as written', `x { content: '  a ,  b ; '; font-family: "My  Font", serif; }`, `x{content:'  a ,  b ; ';font-family:"My  Font",serif}`],
    ['an apostrophe in a comment is no string', "/* the page's own rules win */ a { b: c; }", ' a{b:c}'],
    ['an escaped quote inside a string', `x { content: 'it\\'s  ok'; }`, `x{content:'it\\'s  ok'}`],
    ['a custom property built around an interpolation', ' --_q: var(--', ' --_q:var(--'],
    ['attribute selector values that are identifiers lose their quotes', `[part='base'], [data-x="a-b_c"] { a: b; }`, '[part=base],[data-x=a-b_c]{a:b}'],
    ['part~= and ^= too', `[part~='row'] [href^='x'] { a: b; }`, '[part~=row] [href^=x]{a:b}'],
    ['other attribute values keep them', `[data-a='two words'], [data-b='1x'], [data-c=''] { a: b; }`, `[data-a='two words'],[data-b='1x'],[data-c='']{a:b}`],
    ['a quoted = that is no selector', `x { content: '='; }`, `x{content:'='}`],
    [
      'leading zeros before a decimal point go',
      'x { opacity: 0.6; gap: 0.25rem 0.5rem; margin: calc(1px * 0.5); }',
      'x{opacity:.6;gap:.25rem .5rem;margin:calc(1px * .5)}',
    ],
    ['other numbers stay', 'x { a: 10.5px; b: 1.0em; c: 0; d: 20.05s; }', 'x{a:10.5px;b:1.0em;c:0;d:20.05s}'],
    ['a piece that starts with 0. stays (an interpolation may end in a digit)', '0.5em', '0.5em'],
  ];
  for (const [name, input, expected] of table) test(name, () => assert.equal(minifyCss(input), expected));
});

describe('minifyHtml', () => {
  const table = [
    ['comments out', '<p><!-- why --></p>', '<p></p>'],
    ['a line break and its indentation become one space', '<div>\n      <form\n        part="form" >', '<div> <form part=form >'],
    [
      'plain attribute values lose their quotes',
      '<p part="base" role="status" aria-live="polite" data-n="1.5">',
      '<p part=base role=status aria-live=polite data-n=1.5>',
    ],
    [
      'other values keep them: spaces, an empty value, a slash after, a piece’s end (a binding may follow)',
      '<p class="a b" title="" data-x="y"/><i data-u="https://x"> <b part="c"',
      '<p class="a b" title="" data-x="y"/><i data-u="https://x"> <b part="c"',
    ],
    ['a bound value stays as written', '<p part="x ', '<p part="x '],
    ['spaces on one line stay', '<b>a</b>  <i>b</i>', '<b>a</b>  <i>b</i>'],
    ['a space between inline elements is never removed', '<b>a</b>\n<i>b</i>', '<b>a</b> <i>b</i>'],
  ];
  for (const [name, input, expected] of table) test(name, () => assert.equal(minifyHtml(input), expected));
});

describe('minifyTemplates', () => {
  test('css`` and html`` templates, with and without interpolations; nothing else', () => {
    const source = [
      "import { css, html } from 'lit';",
      'const a = css`\n  :host {\n    display: block; /* x */\n  }\n`;',
      'const b = css`\n  .x {\n    color: ${c};\n  }\n  .y { --${p}-z: 1; }\n`;',
      'const d = html`\n  <p class="m">\n    ${t}\n  </p>\n`;',
      'const e = `\n  keep   this  `;',
      'const f = other`\n  and   this\n`;',
    ].join('\n');
    const expected = [
      "import { css, html } from 'lit';",
      'const a = css`:host{display:block}`;',
      'const b = css`.x{color:${c}}.y{--${p}-z:1}`;',
      'const d = html` <p class=m> ${t} </p> `;',
      'const e = `\n  keep   this  `;',
      'const f = other`\n  and   this\n`;',
    ].join('\n');
    assert.equal(minifyTemplates(source), expected);
  });

  test('the built elements carry no template comments or indentation', () => {
    const files = [];
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js')) files.push(path);
      }
    };
    walk(new URL('../../dist/elements', import.meta.url).pathname);
    const styles = files.filter((f) => f.endsWith('totp-verify.styles.js'));
    assert.equal(styles.length, 1);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      assert.equal(minifyTemplates(source, file), source, `${file} is not minified (npm run build)`);
    }
    const css = readFileSync(styles[0], 'utf8');
    assert.match(css, /:host\{display:block;color-scheme:light dark;/);
    assert.doesNotMatch(css, /\/\*/);
  });
});
