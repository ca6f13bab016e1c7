/**
 * English defaults of every visible string of the call quality indicator and
 * the pre-call test. The elements merge these into their own `strings`
 * (`TWILIO_PHONE_STRINGS` holds them all; `<twilio-phone>` loads each part with the code that
 * shows it, twilio-phone-extras.strings.ts); which
 * string each level, warning, verdict and failure uses is core/quality-labels.ts's.
 */
import { PREFLIGHT_BUTTON_STRINGS } from './preflight-button-strings.js';

export { PREFLIGHT_BUTTON_STRINGS };

/** The indicator: shown by `<twilio-phone>` and `<device-status>` during a call. */
export const QUALITY_LEVEL_STRINGS = {
  /** `{level}` is replaced by the level's word below */
  callQuality: 'Call quality: {level}',
  qualityMeasuring: 'measuring…',
  qualityExcellent: 'excellent',
  qualityGreat: 'great',
  qualityGood: 'good',
  qualityFair: 'fair',
  qualityDegraded: 'poor',
};
export type QualityLevelStrings = typeof QUALITY_LEVEL_STRINGS;

/** The hint for the SDK's quality warnings (`<twilio-phone>`). */
export const QUALITY_WARNING_STRINGS = {
  warningConnectivity: 'The connection was interrupted',
  warningNoAudioReceived: 'No audio is arriving',
  warningNoAudioSent: 'No audio is being sent',
  warningPacketLoss: 'Audio is being lost on the network',
  warningLowMos: 'The line sounds poor',
  warningHighJitter: 'The connection is unsteady',
  warningHighRtt: 'There is a long delay on the line',
  warningNoInput: 'Your microphone sends no sound: is it muted?',
  warningNoOutput: 'No sound is coming from the other side',
  warningOther: 'Network trouble',
};

/** What the pre-call test says while and after it runs (`<twilio-phone>`): its chunk's words. */
export const PREFLIGHT_RESULT_STRINGS = {
  preflightConnecting: 'Testing the connection: calling the test line…',
  preflightMeasuring: 'Testing the connection: measuring call quality…',
  verdictExcellent: 'Excellent: calls will sound clear',
  verdictGreat: 'Great: calls will sound clear',
  verdictGood: 'Good: calls will sound fine',
  verdictFair: 'Fair: calls may break up at times',
  verdictDegraded: 'Poor: calls will be hard to understand',
  /** `{mos}`, `{rtt}`, `{jitter}`, `{loss}` are replaced by the measured numbers */
  preflightFigures: 'MOS {mos} · round trip {rtt} ms · jitter {jitter} ms · loss {loss} %',
  preflightBusy: 'Finish the call before testing the connection.',
  preflightBadCredentials: 'The test could not sign in: the Twilio credentials were refused.',
  preflightTokenFailed: 'The test could not get an access token.',
  preflightMicrophoneDenied: 'The test needs the microphone: allow it for this site, then test again.',
  preflightNoMicrophone: 'No microphone could be opened: connect one (or close the app using it), then test again.',
  preflightUnreachable: 'Twilio could not be reached: check the network or firewall, then test again.',
  preflightUnsupported: 'This browser cannot make calls (WebRTC is missing).',
  preflightSdkFailed: 'The Twilio Voice SDK could not be loaded.',
  preflightNoMedia: 'The test call ended before any audio was measured.',
  preflightTimeout: 'The test did not finish in time.',
  preflightFailed: 'The connection test failed.',
};

/** The pre-call test (`<twilio-phone>`): the button and the results. */
export const PREFLIGHT_STRINGS = /* @__PURE__ */ Object.assign({}, PREFLIGHT_BUTTON_STRINGS, PREFLIGHT_RESULT_STRINGS);
