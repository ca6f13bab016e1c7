// The recap CI prints at the end of a run: each failing test's reason, from node:test's and
// web-test-runner's output, also when two runners' lines are interleaved behind prefixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureBlocks, failureRecap } from '../../scripts/failure-recap.mjs';

const NODE_FAIL = [
  '✔ ok one (1.2ms)',
  '✖ bad one (1.3ms)',
  'ℹ tests 2',
  'ℹ fail 1',
  '',
  '✖ failing tests:',
  '',
  'test at a.test.mjs:3:1',
  '✖ bad one (1.3ms)',
  '  AssertionError [ERR_ASSERTION]: one is not two',
  '      at TestContext.<anonymous> (file:///x/a.test.mjs:3:32)',
  '      at Test.runInAsyncScope (node:async_hooks:227:14)',
  '      at async startSubtestAfterBootstrap (node:internal/test_runner/harness:387:3) {',
  "    code: 'ERR_ASSERTION',",
  '  }',
  '',
  'test at b.test.mjs:9:1',
  '✖ second (2ms)',
  '  Error: boom',
].join('\n');

const WTR_FAIL = [
  '\x1b[2K\x1b[1A\x1b[2K\x1b[Gtest/browser/x.test.ts:',
  '',
  ' ❌ tmp > fails on purpose',
  '      AssertionError: expected 1 to equal 2',
  '      at n4.<anonymous> (test/browser/x.test.ts:4:65)',
  '',
  'Chrome: |████| 1/1 test files | 1 passed, 1 failed',
].join('\n');

const cases = [
  { name: 'all passed: nothing', output: '✔ ok (1ms)\nℹ tests 1\nℹ fail 0\n', blocks: [] },
  {
    name: 'node:test: one block a failing test, its own frame kept, the runner frames dropped',
    output: NODE_FAIL,
    blocks: [
      [
        'test at a.test.mjs:3:1',
        '✖ bad one (1.3ms)',
        '  AssertionError [ERR_ASSERTION]: one is not two',
        '      at TestContext.<anonymous> (file:///x/a.test.mjs:3:32)',
        "    code: 'ERR_ASSERTION',",
        '  }',
      ].join('\n'),
      ['test at b.test.mjs:9:1', '✖ second (2ms)', '  Error: boom'].join('\n'),
    ],
  },
  {
    name: 'web-test-runner: the file, the test and its reason; the progress line ends it',
    output: WTR_FAIL,
    blocks: [
      [
        'test/browser/x.test.ts:',
        ' ❌ tmp > fails on purpose',
        '      AssertionError: expected 1 to equal 2',
        '      at n4.<anonymous> (test/browser/x.test.ts:4:65)',
      ].join('\n'),
    ],
  },
  {
    name: 'two runners side by side: each prefixed stream read on its own',
    output: WTR_FAIL.split('\n')
      .filter((l) => l.trim())
      .flatMap((l, i) => [`[test:firefox:ci] ${l}`, `[test:webkit:ci] ${i === 0 ? 'Safari: |█| 0/1 test files | 0 passed, 0 failed' : 'Running tests...'}`])
      .join('\n'),
    blocks: [
      [
        '[test:firefox:ci]',
        'test/browser/x.test.ts:',
        ' ❌ tmp > fails on purpose',
        '      AssertionError: expected 1 to equal 2',
        '      at n4.<anonymous> (test/browser/x.test.ts:4:65)',
      ].join('\n'),
    ],
  },
];

for (const c of cases) {
  test(`failureBlocks: ${c.name}`, () => {
    assert.deepEqual(failureBlocks(c.output), c.blocks);
  });
}

test('failureRecap: a heading with the count, then every block of every output; empty when none failed', () => {
  const recap = failureRecap([NODE_FAIL, WTR_FAIL]);
  assert.match(recap, /=== 3 failing tests, again ===/);
  assert.ok(recap.includes('one is not two') && recap.includes('Error: boom') && recap.includes('❌ tmp > fails on purpose'));
  assert.equal(failureRecap(['✔ fine (1ms)']), '');
});
