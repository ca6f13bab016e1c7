// Table tests of the pure `noise-suppression` reducer: a sequence of inputs in, the state and
// effects of each step out. The controller only runs the effects; every decision is here.
import { expect } from '@open-wc/testing';
import {
  INITIAL_NOISE_SUPPRESSION,
  reduceNoiseSuppression,
  type NoiseSuppressionInput,
  type NoiseSuppressionSnapshot,
} from '../../src/elements/core/noise-suppression.js';

const set = (on: boolean): NoiseSuppressionInput => ({ type: 'set', on });
const device = (present: boolean): NoiseSuppressionInput => ({ type: 'device', present });
const loaded: NoiseSuppressionInput = { type: 'loaded' };
const added: NoiseSuppressionInput = { type: 'added' };
const removed: NoiseSuppressionInput = { type: 'removed' };
const unsupported: NoiseSuppressionInput = { type: 'unsupported' };
const failed: NoiseSuppressionInput = { type: 'failed', message: 'AudioWorklet failed' };

/** Each row: a name and steps of [input, state after, effects]. */
const rows: Array<[string, Array<[NoiseSuppressionInput, string, string[]]>]> = [
  [
    'attribute first, then the Device: load, wait, add, on',
    [
      [set(true), 'loading', ['load']],
      [loaded, 'loading', []],
      [device(true), 'loading', ['add']],
      [added, 'on', []],
    ],
  ],
  [
    'Device first, then the attribute',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [loaded, 'loading', ['add']],
      [added, 'on', []],
    ],
  ],
  [
    'off during a call: remove, off at once',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [loaded, 'loading', ['add']],
      [added, 'on', []],
      [set(false), 'off', ['remove']],
      [removed, 'off', []],
    ],
  ],
  [
    'on again while the removal runs: added again once it is done',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [loaded, 'loading', ['add']],
      [added, 'on', []],
      [set(false), 'off', ['remove']],
      [set(true), 'loading', []],
      [removed, 'loading', ['add']],
      [added, 'on', []],
    ],
  ],
  [
    'off while the SDK adds it: removed when the add is done',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [loaded, 'loading', ['add']],
      [set(false), 'off', []],
      [added, 'off', ['remove']],
      [removed, 'off', []],
    ],
  ],
  [
    'a new Device gets the processor again; a late answer for the old one changes nothing',
    [
      [set(true), 'loading', ['load']],
      [loaded, 'loading', []],
      [device(true), 'loading', ['add']],
      [device(false), 'loading', []],
      [added, 'loading', []],
      [device(true), 'loading', ['add']],
      [added, 'on', []],
    ],
  ],
  [
    'no AudioWorklet: unsupported, nothing added, and it stays so',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [unsupported, 'unsupported', []],
      [set(false), 'unsupported', []],
      [set(true), 'unsupported', []],
    ],
  ],
  [
    'a failure, then setting it again retries',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [failed, 'failed', []],
      [device(true), 'failed', []],
      [set(true), 'loading', ['load']],
      [loaded, 'loading', ['add']],
      [added, 'on', []],
    ],
  ],
  [
    'the attribute off before anything loaded: loaded later adds nothing',
    [
      [device(true), 'off', []],
      [set(true), 'loading', ['load']],
      [set(false), 'off', []],
      [loaded, 'off', []],
    ],
  ],
];

describe('reduceNoiseSuppression', () => {
  for (const [name, steps] of rows) {
    it(name, () => {
      let s: NoiseSuppressionSnapshot = INITIAL_NOISE_SUPPRESSION;
      steps.forEach(([input, state, effects], i) => {
        const t = reduceNoiseSuppression(s, input);
        expect([t.snapshot.state, t.effects], `step ${i + 1} (${input.type})`).to.deep.equal([state, effects]);
        s = t.snapshot;
      });
    });
  }
});
