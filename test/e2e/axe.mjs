// axe-core (the engine behind the browser suites' `to.be.accessible()`) injected
// into an e2e page; shadow roots are included by axe itself.
// Injected through the DevTools protocol (page.evaluate of its source), not as a <script>
// tag: the demo pages run under a CSP with Trusted Types, which refuses an added inline
// script (page.addScriptTag) as it would any other.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page (or `selector`); resolves with plain violation summaries, `[]` when clean. */
export async function axeViolations(page, selector = 'html') {
  if (!(await page.evaluate(() => typeof (/** @type {any} */ (window).axe) === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (sel) => {
    const result = await /** @type {any} */ (window).axe.run(sel, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5),
    }));
  }, selector);
}

/** Asserts no axe violation, listing them readably. */
export async function assertAccessible(assert, page, what, selector = 'html') {
  const violations = await axeViolations(page, selector);
  assert.deepEqual(violations, [], `axe violations ${what}:\n${JSON.stringify(violations, null, 2)}`);
}
