/**
 * `noise-suppression`'s code, loaded by `<twilio-phone>` only when the attribute is on (a lazy
 * chunk): the SDK audio processor and the WASM's loader. The worklet and the WASM are files beside it.
 */
export { compileRnnoise, RnnoiseProcessor } from '../../noise/rnnoise-processor.js';
