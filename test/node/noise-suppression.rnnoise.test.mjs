// The worklet's RNNoise kernel (src/elements/noise/rnnoise-worklet.js) with the real WASM in
// Node: the WASM's import/export shape the worklet relies on, the ring buffers' timing (no
// underrun, a fixed 480-sample delay), and that it suppresses the fixture's noise but not its
// speech. The browser path (AudioWorklet, the SDK's processor, a call) is measured by
// test/e2e/noise-suppression.e2e.test.mjs; this is the fast, exact check of the kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readWav, upsample, stretches, stretchLevelDb } from '../support/noisy-speech.mjs';

const wasmBytes = readFileSync(new URL('../../src/elements/noise/rnnoise.wasm', import.meta.url));
const module = new WebAssembly.Module(wasmBytes);

// The worklet's globals: a processor base class with a port, and registerProcessor.
let Processor;
globalThis.AudioWorkletProcessor = class {
  port = { onmessage: null };
};
globalThis.registerProcessor = (name, cls) => {
  assert.equal(name, 'twilio-widgets-rnnoise');
  Processor = cls;
};
await import('../../src/elements/noise/rnnoise-worklet.js');

/** Runs samples through a processor in 128-sample quanta, as the audio thread does. */
function run(samples, processor = new Processor({ processorOptions: { module } })) {
  const out = new Float32Array(samples.length);
  for (let i = 0; i + 128 <= samples.length; i += 128) {
    const output = out.subarray(i, i + 128);
    assert.equal(processor.process([[samples.subarray(i, i + 128)]], [[output]]), true);
  }
  return out;
}

test('the shipped WASM is the npm package 0.2.1 file, with the shape the worklet instantiates', () => {
  const npmCopy = readFileSync(new URL('../../node_modules/@jitsi/rnnoise-wasm/dist/rnnoise.wasm', import.meta.url));
  assert.ok(npmCopy.equals(wasmBytes), 'src/elements/noise/rnnoise.wasm differs from @jitsi/rnnoise-wasm: copy it again and re-check the export letters');
  assert.deepEqual(
    WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`),
    ['a.a:function', 'a.b:function'],
  );
  assert.deepEqual(
    WebAssembly.Module.exports(module).map((e) => `${e.name}:${e.kind}`),
    ['c:memory', 'd:function', 'e:function', 'f:function', 'g:function', 'h:function', 'i:function', 'j:function', 'k:table'],
  );
});

test('output is the input 480 samples later, quantum by quantum, with no gap (a tone burst after silence)', () => {
  // RNNoise changes the waveform, so the timing is checked on a frame it passes: silence then a
  // loud 1 kHz burst; the burst's first non-silent output sample comes after 480 + a bit.
  const rate = 48000;
  const input = new Float32Array(rate / 2);
  for (let i = 9600; i < input.length; i++) input[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / rate);
  const out = run(input);
  const first = out.findIndex((v) => Math.abs(v) > 1e-3);
  assert.ok(first >= 9600 + 480 && first < 9600 + 480 + 480, `first output at ${first}`);
});

test('the fixture: noise-only stretches drop by at least 15 dB, speech changes by at most 3 dB', () => {
  const { samples, rate } = readWav();
  const input = upsample(samples, 48000 / rate);
  const output = run(input);
  const duration = samples.length / rate;
  const before = stretches(duration);
  const after = stretches(duration, 480 / 48000);
  const noiseDrop = stretchLevelDb(input, 48000, before.noise) - stretchLevelDb(output, 48000, after.noise);
  const speechChange = stretchLevelDb(output, 48000, after.speech) - stretchLevelDb(input, 48000, before.speech);
  console.log(`# kernel: noise-only ${noiseDrop.toFixed(1)} dB lower, speech ${speechChange.toFixed(1)} dB`);
  assert.ok(noiseDrop >= 15, `noise dropped only ${noiseDrop.toFixed(1)} dB`);
  assert.ok(Math.abs(speechChange) <= 3, `speech changed ${speechChange.toFixed(1)} dB`);
});

test("'stop' frees the denoiser and ends the processor", () => {
  const processor = new Processor({ processorOptions: { module } });
  processor.port.onmessage({ data: 'stop' });
  assert.equal(processor.process([[new Float32Array(128)]], [[new Float32Array(128)]]), false);
});
