/**
 * RNNoise as a Voice SDK audio processor (`device.audio.addProcessor`): the microphone's stream
 * through an AudioWorklet running rnnoise-worklet.js, out as a new stream the SDK sends. Part of
 * the noise-suppression chunk, loaded only when a phone has `noise-suppression`.
 *
 * The two files are beside this module, found from its own URL like the sounds: the CDN bundle
 * serves them from dist/cdn/noise/, bundlers emit them (`?no-inline` keeps Vite from inlining
 * the worklet as a data: URL, which a strict CSP blocks). See docs/guides/csp.md#noise-suppression.
 */
import type { AudioProcessor } from '@twilio/voice-sdk';

export const RNNOISE_PROCESSOR_NAME = 'twilio-widgets-rnnoise';

const workletUrl = () => new URL('./rnnoise-worklet.js?no-inline', import.meta.url).href;
const wasmUrl = () => new URL('./rnnoise.wasm?no-inline', import.meta.url).href;

/** Compiles RNNoise once per page (a strict CSP needs 'wasm-unsafe-eval' here). */
let compiled: Promise<WebAssembly.Module> | undefined;
export function compileRnnoise(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const response = await fetch(wasmUrl());
    if (!response.ok) throw new Error(`rnnoise.wasm: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  })();
  // A failure is not kept: setting the attribute again retries.
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

interface Graph {
  context: AudioContext;
  source: MediaStreamAudioSourceNode;
  node: AudioWorkletNode;
}

export class RnnoiseProcessor implements AudioProcessor {
  private readonly graphs = new Map<MediaStream, Graph>();

  constructor(private readonly module: WebAssembly.Module) {}

  async createProcessedStream(stream: MediaStream): Promise<MediaStream> {
    // RNNoise works at 48 kHz; the context resamples a microphone that runs at another rate.
    const context = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
    try {
      await context.audioWorklet.addModule(workletUrl());
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, RNNOISE_PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        channelCount: 1,
        channelCountMode: 'explicit',
        outputChannelCount: [1],
        processorOptions: { module: this.module },
      });
      const destination = context.createMediaStreamDestination();
      destination.channelCount = 1;
      source.connect(node).connect(destination);
      // A context made without a user gesture may start suspended; a call starts from a click
      // (Call, Accept), so resuming here normally succeeds at once. Not awaited: it can wait for a gesture.
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      this.graphs.set(destination.stream, { context, source, node });
      return destination.stream;
    } catch (err) {
      void context.close().catch(() => undefined);
      throw err;
    }
  }

  /** The SDK calls this when it drops the stream: switched off, or its Device destroyed (the phone removed or stopped). */
  async destroyProcessedStream(stream: MediaStream): Promise<void> {
    const graph = this.graphs.get(stream);
    if (!graph) return;
    this.graphs.delete(stream);
    graph.source.disconnect();
    graph.node.port.postMessage('stop');
    graph.node.disconnect();
    await graph.context.close().catch(() => undefined);
  }
}
