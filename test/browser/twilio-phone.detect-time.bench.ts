// Not part of `npm test` (outside the *.test.ts pattern): prints the median
// time from start() to the settled state for each credentials case, 20 runs
// each, interleaved, SDK already loaded. Run:
//   TEST_FILES=test/browser/twilio-phone.detect-time.bench.ts npx wtr
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { testEnv, tokenUrl, until } from './helpers.js';

const CASES: Array<[string, Record<string, string>, string]> = [
  ['good credentials → ready', { variant: 'good' }, 'ready'],
  ['wrong API key secret (31202)', { variant: 'wrong-secret' }, 'bad-credentials'],
  ['unknown account (31203)', { variant: 'unknown-account' }, 'bad-credentials'],
  ['unknown API key (31202)', { variant: 'unknown-key' }, 'bad-credentials'],
  ['expired token (31205 → 20104)', { variant: 'expired' }, 'bad-credentials'],
  ['token URL 401', { fault: '401' }, 'bad-credentials'],
];
const RUNS = 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

it('time from start() to the settled state, per credentials case', async function () {
  this.timeout(300000);
  const { signalingHost } = await testEnv();
  const times = CASES.map(() => [] as number[]);
  for (let run = 0; run <= RUNS; run++) {
    for (const [i, [, params, expected]] of CASES.entries()) {
      const el = await fixture<TwilioPhone>(
        html`<twilio-phone token-url=${tokenUrl({ ...params, identity: `t${run}` })} signaling-host=${signalingHost}></twilio-phone>`,
      );
      const t0 = performance.now();
      void el.start();
      await until(() => el.state === expected, expected, 10000);
      const dt = performance.now() - t0;
      if (run > 0) times[i].push(dt); // run 0 warms the SDK import and the TLS session
      el.stop();
      el.remove();
    }
  }
  const lines = CASES.map(
    ([name], i) => `| ${name} | ${median(times[i]).toFixed(1)} ms | ${Math.min(...times[i]).toFixed(1)}–${Math.max(...times[i]).toFixed(1)} ms |`,
  );
  console.log(['| case | median of 20 | min–max |', '| --- | --- | --- |', ...lines].join('\n'));
  expect(times.every((t) => t.length === RUNS)).to.equal(true);
});
