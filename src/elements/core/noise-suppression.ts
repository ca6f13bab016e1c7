/**
 * `noise-suppression` as a pure reducer: the attribute, the Device coming and going, and the
 * outcomes of loading RNNoise and adding/removing the SDK's audio processor in; the next
 * snapshot and the effects to run out (controllers/noise-suppression.ts runs them).
 * The processor belongs to one Device: a new Device gets it added again.
 */

/** `off`; `loading` (the chunk and WASM, or waiting for a Device); `on` (the processor is on the Device's microphone); `unsupported` (no AudioWorklet or WebAssembly: the microphone is left as it is); `failed`. */
export type NoiseSuppressionState = 'off' | 'loading' | 'on' | 'unsupported' | 'failed';

/** Where the processor is on the current Device. */
export type ProcessorPhase = 'none' | 'adding' | 'added' | 'removing';

export interface NoiseSuppressionSnapshot {
  state: NoiseSuppressionState;
  /** the attribute is set */
  wanted: boolean;
  /** RNNoise is compiled and its processor exists */
  ready: boolean;
  /** a Device exists */
  device: boolean;
  processor: ProcessorPhase;
  /** the browser lacks AudioWorklet or WebAssembly */
  unsupported: boolean;
  /** why `failed` */
  error: string | null;
}

export type NoiseSuppressionInput =
  | { type: 'set'; on: boolean }
  | { type: 'device'; present: boolean }
  | { type: 'unsupported' }
  | { type: 'loaded' }
  | { type: 'added' }
  | { type: 'removed' }
  | { type: 'failed'; message: string };

export const NOISE_SUPPRESSION_EFFECTS = ['load', 'add', 'remove'] as const;
export type NoiseSuppressionEffect = (typeof NOISE_SUPPRESSION_EFFECTS)[number];

export interface NoiseSuppressionTransition {
  snapshot: NoiseSuppressionSnapshot;
  effects: NoiseSuppressionEffect[];
}

export const INITIAL_NOISE_SUPPRESSION: NoiseSuppressionSnapshot = {
  state: 'off',
  wanted: false,
  ready: false,
  device: false,
  processor: 'none',
  unsupported: false,
  error: null,
};

function stateOf(s: Omit<NoiseSuppressionSnapshot, 'state'>): NoiseSuppressionState {
  if (s.unsupported) return 'unsupported';
  if (s.error !== null) return 'failed';
  if (!s.wanted) return 'off';
  return s.processor === 'added' ? 'on' : 'loading';
}

/** What to do next from a settled snapshot: load, add or remove the processor, or nothing. */
function step(s: NoiseSuppressionSnapshot, effects: NoiseSuppressionEffect[]): NoiseSuppressionSnapshot {
  if (s.unsupported || s.error !== null) return s;
  if (s.wanted && !s.ready) effects.push('load');
  else if (s.wanted && s.ready && s.device && s.processor === 'none') {
    effects.push('add');
    return { ...s, processor: 'adding' };
  } else if (!s.wanted && s.device && s.processor === 'added') {
    effects.push('remove');
    return { ...s, processor: 'removing' };
  }
  return s;
}

export function reduceNoiseSuppression(s: NoiseSuppressionSnapshot, input: NoiseSuppressionInput): NoiseSuppressionTransition {
  const effects: NoiseSuppressionEffect[] = [];
  let next: NoiseSuppressionSnapshot;
  switch (input.type) {
    case 'set':
      // Setting it again after a failure is the way to retry.
      if (input.on === s.wanted && s.error === null) return { snapshot: s, effects };
      next = { ...s, wanted: input.on, error: null };
      break;
    case 'device':
      // The processor lives and dies with its Device.
      next = { ...s, device: input.present, processor: 'none' };
      break;
    case 'unsupported':
      next = { ...s, unsupported: true };
      break;
    case 'loaded':
      next = { ...s, ready: true };
      break;
    case 'added':
      // An answer for a Device that has gone since changes nothing.
      if (s.processor !== 'adding') return { snapshot: s, effects };
      next = { ...s, processor: 'added' };
      break;
    case 'removed':
      if (s.processor !== 'removing') return { snapshot: s, effects };
      next = { ...s, processor: 'none' };
      break;
    case 'failed':
      next = { ...s, error: input.message, processor: s.processor === 'adding' ? 'none' : s.processor };
      break;
  }
  next = step(next, effects);
  return { snapshot: { ...next, state: stateOf(next) }, effects };
}
