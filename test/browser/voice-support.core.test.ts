// Table tests of the pure Voice capability check (`checkVoiceSupport`) and its
// message: the globals a browser offers in, what is missing out.
import { expect } from '@open-wc/testing';
import { checkVoiceSupport, describeMissingCapabilities, VOICE_SUPPORT_STRINGS, type VoiceGlobals } from '../../src/elements/core/voice-support.js';

const fn = () => undefined;
const gum = { getUserMedia: fn };

describe('checkVoiceSupport', () => {
  const rows: Array<[string, VoiceGlobals, string[], boolean]> = [
    ['Chromium, Firefox, Safari', { RTCPeerConnection: fn, mediaDevices: gum, isSecureContext: true }, [], false],
    ['only the prefixed webkitRTCPeerConnection', { webkitRTCPeerConnection: fn, mediaDevices: gum }, [], false],
    ['only a legacy navigator.getUserMedia', { RTCPeerConnection: fn, legacyGetUserMedia: fn }, [], false],
    ['WebKitGTK without WebRTC', { mediaDevices: gum, isSecureContext: true }, ['webrtc'], false],
    ['RTCPeerConnection present but not a function', { RTCPeerConnection: {}, mediaDevices: gum }, ['webrtc'], false],
    ['mediaDevices without getUserMedia', { RTCPeerConnection: fn, mediaDevices: {}, isSecureContext: true }, ['microphone'], false],
    ['mediaDevices null', { RTCPeerConnection: fn, mediaDevices: null }, ['microphone'], false],
    ['a plain-http page (no mediaDevices, not secure)', { RTCPeerConnection: fn, isSecureContext: false }, ['microphone'], true],
    ['nothing at all, secure', { isSecureContext: true }, ['webrtc', 'microphone'], false],
    ['nothing at all, not secure', { isSecureContext: false }, ['webrtc', 'microphone'], true],
    ['not secure but getUserMedia there (nothing missing)', { RTCPeerConnection: fn, mediaDevices: gum, isSecureContext: false }, [], false],
    ['WebRTC missing on an insecure page: not a microphone problem', { mediaDevices: gum, isSecureContext: false }, ['webrtc'], false],
  ];
  for (const [name, globals, missing, insecure] of rows) {
    it(`${name} → missing [${missing.join(', ')}]${insecure ? ', insecure context' : ''}`, () => {
      expect(checkVoiceSupport(globals)).to.deep.equal({ missing, insecureContext: insecure });
    });
  }
});

describe('describeMissingCapabilities', () => {
  const rows: Array<[string, Parameters<typeof describeMissingCapabilities>[0], string]> = [
    ['WebRTC', { missing: ['webrtc'], insecureContext: false }, 'This browser cannot place calls: WebRTC (RTCPeerConnection) is not available.'],
    [
      'getUserMedia',
      { missing: ['microphone'], insecureContext: false },
      'This browser cannot place calls: microphone access (navigator.mediaDevices.getUserMedia) is not available.',
    ],
    [
      'getUserMedia on an insecure page',
      { missing: ['microphone'], insecureContext: true },
      'This browser cannot place calls: microphone access (navigator.mediaDevices.getUserMedia) needs a secure page (HTTPS).',
    ],
    [
      'both',
      { missing: ['webrtc', 'microphone'], insecureContext: false },
      'This browser cannot place calls: WebRTC (RTCPeerConnection) is not available; microphone access (navigator.mediaDevices.getUserMedia) is not available.',
    ],
  ];
  for (const [name, support, text] of rows) {
    it(name, () => expect(describeMissingCapabilities(support)).to.equal(text));
  }

  it('takes its wording from the strings given', () => {
    const strings = {
      ...VOICE_SUPPORT_STRINGS,
      unsupportedBrowser: 'Pas d’appels : {missing}.',
      missingWebRTC: 'pas de WebRTC',
      missingMicrophone: 'pas de micro',
    };
    expect(describeMissingCapabilities({ missing: ['webrtc', 'microphone'], insecureContext: false }, strings)).to.equal(
      'Pas d’appels : pas de WebRTC; pas de micro.',
    );
  });
});
