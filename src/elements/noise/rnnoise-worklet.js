/* global AudioWorkletProcessor, registerProcessor -- the AudioWorkletGlobalScope's own names */
// The AudioWorklet side of `noise-suppression`: RNNoise (@jitsi/rnnoise-wasm 0.2.1's rnnoise.wasm,
// Apache-2.0, see rnnoise.LICENSE) on the microphone, on the audio thread. Shipped as it is (no
// imports, no bundling): the page loads it with `audioWorklet.addModule()` from beside the module,
// so a strict CSP needs only 'self' (docs/guides/csp.md#noise-suppression).
//
// The main thread compiles the WASM (it can fetch; a worklet cannot) and hands the compiled
// module over in `processorOptions.module`; here it is only instantiated, without Emscripten's
// glue: the build imports just two helpers (heap growth and a big memcpy) and exports, in this
// order, memory (c), ctors (d), rnnoise_init (e), rnnoise_create (f), malloc (g), rnnoise_destroy (h),
// free (i), rnnoise_process_frame (j). test/node/noise-suppression.rnnoise.test.mjs pins that shape.
//
// RNNoise takes 480-sample frames at 48 kHz in 16-bit range; the audio thread gives 128-sample
// quanta in [-1, 1]. Two ring buffers bridge them; the output starts 480 samples late (10 ms),
// which keeps it from ever running dry (before each pop it holds at least 129 samples).

const FRAME = 480;
const SCALE = 32768;
const RING = 4096;

class Ring {
  constructor() {
    this.data = new Float32Array(RING);
    this.read = 0;
    this.size = 0;
  }
  push(samples, count) {
    for (let i = 0; i < count; i++) this.data[(this.read + this.size + i) % RING] = samples[i];
    this.size += count;
  }
  pop(into, count) {
    for (let i = 0; i < count; i++) into[i] = this.data[(this.read + i) % RING];
    this.read = (this.read + count) % RING;
    this.size -= count;
  }
}

/** RNNoise in WebAssembly: one denoiser state and two frame buffers in its heap. */
function createDenoiser(module) {
  let memory;
  const imports = {
    a: {
      // emscripten_resize_heap(requestedSize): grow in 64 KiB pages; false when refused.
      a: (requested) => {
        try {
          memory.grow(Math.ceil((requested - memory.buffer.byteLength) / 65536));
          return 1;
        } catch {
          return 0;
        }
      },
      // emscripten_memcpy_big(dest, src, count)
      b: (dest, src, count) => new Uint8Array(memory.buffer).copyWithin(dest, src, src + count),
    },
  };
  const wasm = new WebAssembly.Instance(module, imports).exports;
  memory = wasm.c;
  wasm.d();
  const state = wasm.f(0);
  const input = wasm.g(FRAME * 4);
  const output = wasm.g(FRAME * 4);
  return {
    /** Denoises one 480-sample frame in place; returns RNNoise's voice probability. */
    process(frame) {
      // A fresh view each time: growing the memory detaches the old buffer.
      const heap = new Float32Array(memory.buffer);
      for (let i = 0; i < FRAME; i++) heap[input / 4 + i] = frame[i] * SCALE;
      const voice = wasm.j(state, output, input);
      const out = new Float32Array(memory.buffer);
      for (let i = 0; i < FRAME; i++) frame[i] = out[output / 4 + i] / SCALE;
      return voice;
    },
    destroy() {
      wasm.h(state);
      wasm.i(input);
      wasm.i(output);
    },
  };
}

class RnnoiseProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.denoiser = createDenoiser(options.processorOptions.module);
    this.pending = new Ring();
    this.ready = new Ring();
    this.ready.push(new Float32Array(FRAME), FRAME);
    this.frame = new Float32Array(FRAME);
    this.silence = new Float32Array(FRAME);
    this.alive = true;
    // 'stop' from the main thread: free the state and let the node be collected.
    this.port.onmessage = (e) => {
      if (e.data === 'stop' && this.alive) {
        this.alive = false;
        this.denoiser.destroy();
      }
    };
  }

  process(inputs, outputs) {
    if (!this.alive) return false;
    const input = inputs[0]?.[0];
    const output = outputs[0]?.[0];
    if (!output) return true;
    const count = output.length;
    // No input connected yet (or the track ended): silence in, so timing stays the same.
    this.pending.push(input ?? this.silence, count);
    while (this.pending.size >= FRAME) {
      this.pending.pop(this.frame, FRAME);
      this.denoiser.process(this.frame);
      this.ready.push(this.frame, FRAME);
    }
    this.ready.pop(output, count);
    return true;
  }
}

registerProcessor('twilio-widgets-rnnoise', RnnoiseProcessor);
