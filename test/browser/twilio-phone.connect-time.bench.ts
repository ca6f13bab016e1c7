// Not part of the suite (the default glob is *.test.ts). Measures Call click →
// `connected` against `echo` on loopback, 20 times, and prints the median:
//   TEST_FILES=test/browser/twilio-phone.connect-time.bench.ts npx wtr
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { sleep, testEnv, tokenUrl, untilState } from './helpers.js';

const RUNS = 20;

describe('Call click → connected against echo (loopback)', function () {
  this.timeout(120000);
  it(`median of ${RUNS}`, async () => {
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(html`<twilio-phone
      token-url=${tokenUrl({ variant: 'good', identity: `bench-${Date.now()}` })}
      signaling-host=${signalingHost}
    ></twilio-phone>`);
    await el.start();
    await untilState(el, 'ready');
    const times: number[] = [];
    const iceTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part="dial-input"]')!;
      input.value = 'echo';
      const connected = new Promise<number>((resolve) => {
        const on = (e: Event) => {
          if ((e as CustomEvent).detail.callState !== 'connected') return;
          el.removeEventListener('twilio-phone-call-state-change', on);
          resolve(performance.now());
        };
        el.addEventListener('twilio-phone-call-state-change', on);
      });
      const t0 = performance.now();
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="call-button"]')!.click();
      times.push((await connected) - t0);
      // For context: `connected` is the SDK's `accept` (answer applied), which does not wait for ICE.
      const pc = (el.activeCall as unknown as { _mediaHandler: { version: { pc: RTCPeerConnection } } })._mediaHandler.version.pc;
      while (pc.iceConnectionState !== 'connected' && pc.iceConnectionState !== 'completed') await new Promise((r) => setTimeout(r, 1));
      iceTimes.push(performance.now() - t0);
      el.hangup();
      await untilState(el, 'ready', 5000);
      await sleep(200);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = (sorted[RUNS / 2 - 1]! + sorted[RUNS / 2]!) / 2;
    const iceSorted = [...iceTimes].sort((a, b) => a - b);
    console.log(`call click → ICE connected: median ${((iceSorted[RUNS / 2 - 1]! + iceSorted[RUNS / 2]!) / 2).toFixed(1)} ms`);
    console.log(
      `call click → connected (echo, loopback), ${RUNS} runs: median ${median.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}; all: ${times.map((t) => t.toFixed(0)).join(' ')}`,
    );
    expect(times).to.have.length(RUNS);
  });
});
