/**
 * The English words for a microphone failure (pure): the phone's default `strings` and the call
 * errors' decision (call-errors.ts) share them. Apart, so the strings do not pull the decision's
 * code into the eager bundle (it comes with the call view's chunk).
 */
export const MICROPHONE_DENIED_MESSAGE = 'Microphone access was denied. Allow the microphone for this site in the browser, then press Try again.';
export const MICROPHONE_UNAVAILABLE_MESSAGE = 'No microphone could be opened. Connect a microphone (or close the app using it), then press Try again.';
