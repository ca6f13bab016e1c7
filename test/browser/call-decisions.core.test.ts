// Unit tests of the pure call-side decisions of <twilio-phone>: dial input,
// call error classification, audio device pickers.
import { expect } from '@open-wc/testing';
import { formatDuration, isDtmfKey, parseDialTarget } from '../../src/elements/core/dial-target.js';
import { decideCallError, MICROPHONE_DENIED_MESSAGE, MICROPHONE_UNAVAILABLE_MESSAGE } from '../../src/elements/core/call-errors.js';
import { audioDeviceView, deviceChoices } from '../../src/elements/core/audio-devices.js';

describe('parseDialTarget', () => {
  const ok: Array<[string, string]> = [
    ['+14155550100', '+14155550100'],
    [' +1 (415) 555-0100 ', '+14155550100'],
    ['+44.20.7946.0958', '+442079460958'],
    ['client:alice', 'client:alice'],
    ['client:bob.smith@example', 'client:bob.smith@example'],
    ['echo', 'echo'],
    ['no-answer', 'no-answer'],
  ];
  for (const [raw, to] of ok) it(`accepts ${JSON.stringify(raw)} as ${to}`, () => expect(parseDialTarget(raw)).to.deep.equal({ ok: true, to }));

  const bad: Array<[string, RegExp, string]> = [
    ['', /Enter a number/, 'empty'],
    ['   ', /Enter a number/, 'empty'],
    ['12345', /international format/, 'needs-e164'],
    ['4155550100', /international format/, 'needs-e164'],
    ['+0123456789', /international format/, 'needs-e164'],
    ['+1234567890123456', /international format/, 'needs-e164'],
    ['client:', /E\.164|client:name/, 'invalid'],
    ['client:a b', /E\.164|client:name/, 'invalid'],
    ['call me!', /E\.164|client:name/, 'invalid'],
    ['<script>', /E\.164|client:name/, 'invalid'],
  ];
  for (const [raw, msg, problem] of bad) {
    it(`rejects ${JSON.stringify(raw)} (${problem})`, () => {
      const r = parseDialTarget(raw);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.message).to.match(msg);
        expect(r.problem).to.equal(problem);
      }
    });
  }

  it('formats durations with the digits of the locale (Intl.NumberFormat)', () => {
    expect(formatDuration(65, 'en')).to.equal('1:05');
    // Arabic-Indic digits prove the locale reached Intl.
    expect(formatDuration(65, 'ar-EG')).to.equal('١:٠٥');
    expect(formatDuration(65, 'not a locale!')).to.equal('1:05');
  });

  it('formats durations and knows the DTMF keys', () => {
    expect(formatDuration(0)).to.equal('0:00');
    expect(formatDuration(61.9)).to.equal('1:01');
    expect(formatDuration(3600 + 62)).to.equal('1:01:02');
    expect(formatDuration(-5)).to.equal('0:00');
    expect(['0', '9', '*', '#'].every(isDtmfKey)).to.equal(true);
    expect(['a', 'Enter', '10', ''].some(isDtmfKey)).to.equal(false);
  });
});

describe('decideCallError', () => {
  it('microphone denied (31401, 31208) is fatal with the denied message', () => {
    for (const code of [31401, 31208]) {
      expect(decideCallError({ code, message: 'PermissionDeniedError' })).to.deep.equal({
        error: { code, message: MICROPHONE_DENIED_MESSAGE },
        fatal: true,
        reason: 'microphone-denied',
      });
    }
  });
  it('no microphone (31402) is fatal with its own message', () => {
    expect(decideCallError({ code: 31402, message: 'AcquisitionFailedError' })).to.deep.equal({
      error: { code: 31402, message: MICROPHONE_UNAVAILABLE_MESSAGE },
      fatal: true,
      reason: 'microphone-unavailable',
    });
  });
  it('busy, no answer and gateway errors end only the call', () => {
    expect(decideCallError({ code: 31486, message: 'BusyHere (31486): Busy Here' })).to.deep.equal({
      error: { code: 31486, message: 'BusyHere (31486): Busy Here' },
      fatal: false,
    });
    expect(decideCallError({ code: 31480, message: 'x' }).fatal).to.equal(false);
    expect(decideCallError({ code: 31005, message: 'x' }).fatal).to.equal(false);
  });
  it('never throws on junk and has a message', () => {
    for (const junk of [undefined, null, 'oops', 42, {}, { code: 'x' }]) {
      const d = decideCallError(junk);
      expect(d.fatal).to.equal(false);
      expect(d.error.message).to.be.a('string').and.not.equal('');
    }
  });
});

describe('audio device pickers', () => {
  const mics = [
    { deviceId: 'default', label: 'Default - Built-in' },
    { deviceId: 'usb', label: 'USB Headset' },
  ];
  it('selects the current device, else default, else the first; numbers unlabeled devices', () => {
    expect(deviceChoices(mics, 'usb', 'Microphone').map((c) => c.selected)).to.deep.equal([false, true]);
    expect(deviceChoices(mics, null, 'Microphone').map((c) => c.selected)).to.deep.equal([true, false]);
    expect(deviceChoices(mics, 'gone', 'Microphone').map((c) => c.selected)).to.deep.equal([true, false]);
    expect(
      deviceChoices(
        [
          { deviceId: 'a', label: '' },
          { deviceId: 'b', label: ' ' },
        ],
        undefined,
        'Microphone',
      ),
    ).to.deep.equal([
      { id: 'a', label: 'Microphone 1', selected: true },
      { id: 'b', label: 'Microphone 2', selected: false },
    ]);
    expect(deviceChoices([{ deviceId: '', label: 'hidden' }], undefined, 'Microphone')).to.deep.equal([]);
  });
  it('shows the speaker picker only when output selection is supported and outputs exist', () => {
    const outs = [{ deviceId: 'default', label: 'Speakers' }];
    expect(audioDeviceView({ inputs: mics, outputs: outs, outputSelectionSupported: false }).speakers).to.equal(null);
    expect(audioDeviceView({ inputs: mics, outputs: [], outputSelectionSupported: true }).speakers).to.equal(null);
    expect(audioDeviceView({ inputs: mics, outputs: outs, outputSelectionSupported: true }).speakers).to.have.length(1);
  });
  it('shows no microphone picker without input devices', () => {
    expect(audioDeviceView({ inputs: [], outputs: [], outputSelectionSupported: true })).to.deep.equal({ microphones: null, speakers: null });
  });
});
