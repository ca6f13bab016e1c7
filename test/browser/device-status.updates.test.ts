// <device-status> following a phone through state changes in quick succession. A plain state change
// is written straight to the badge's DOM (no Lit update: one phone may have hundreds of badges);
// one that shows or hides the error detail, or comes while an update is queued, goes through Lit.
// Every sequence must end with the badge showing the phone's last state everywhere it shows it:
// the property, the reflected attribute, the label, the tone, the custom state and the detail.
//
// The phone is a real <twilio-phone>, not started; the test dispatches its state-change events
// (TwilioPhoneStateChangeEvent, as the phone does) because a real phone never changes state twice
// in one task, and these orderings are the ones a missed update would show.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/device-status/define.js';
import '../../src/elements/components/twilio-phone/define.js';
import type { DeviceStatus } from '../../src/elements/components/device-status/device-status.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { TwilioPhoneStateChangeEvent } from '../../src/elements/events.js';
import { DEFAULT_STATE_LABELS, STATE_TONES } from '../../src/elements/core/phone-labels.js';
import { PHONE_STATES, type PhoneError, type PhoneState } from '../../src/elements/core/phone-state.js';
import { matchesState, statesSupported } from './helpers.js';

const ERROR: PhoneError = { code: 31005, message: 'Connection error' };
type Step = [PhoneState, PhoneError?];

/** What the badge shows, read from everything a page or a person can see. */
function shown(el: DeviceStatus) {
  const root = el.shadowRoot!;
  return {
    state: el.state,
    attribute: el.getAttribute('state'),
    label: root.querySelector('[part="label"]')!.textContent!.trim(),
    tone: (root.querySelector('[part="base"]') as HTMLElement).dataset.tone,
    detail: root.querySelector('[part="detail"]')?.textContent?.trim() ?? null,
    // where the browser has no CustomStateSet the attribute is all there is
    customStates: statesSupported ? PHONE_STATES.filter((s) => matchesState(el, s)) : [el.state],
  };
}

function showing(state: PhoneState, error?: PhoneError) {
  return {
    state,
    attribute: state,
    label: DEFAULT_STATE_LABELS[state],
    tone: STATE_TONES[state],
    detail: error && (state === 'error' || state === 'bad-credentials') ? `Code ${error.code}` : null,
    customStates: [state],
  };
}

let seq = 0;
/** A phone and `count` badges following it by id. */
async function setup(count = 1) {
  const id = `ds-updates-${++seq}`;
  const wrap = await fixture<HTMLElement>(html`<div>
    <twilio-phone id=${id} hide-dialer></twilio-phone>
    ${Array.from({ length: count }, () => html`<device-status for=${id}></device-status>`)}
  </div>`);
  const phone = wrap.querySelector('twilio-phone') as TwilioPhone;
  const badges = [...wrap.querySelectorAll('device-status')] as DeviceStatus[];
  await Promise.all(badges.map((b) => b.updateComplete));
  let previousState: PhoneState = phone.state;
  const emit = ([state, error]: Step) => {
    phone.dispatchEvent(new TwilioPhoneStateChangeEvent({ state, previousState, ...(error ? { error } : {}) }));
    previousState = state;
  };
  const settled = () => Promise.all(badges.map((b) => b.updateComplete));
  return { phone, badges, emit, settled };
}

describe('<device-status> quick state changes end showing the last', () => {
  const sequences: { name: string; steps: Step[] }[] = [
    { name: 'ready, offline', steps: [['ready'], ['offline']] },
    { name: 'ready, offline, ready (back to an earlier state)', steps: [['ready'], ['offline'], ['ready']] },
    { name: 'error with a code, then ready (the detail goes)', steps: [['error', ERROR], ['ready']] },
    { name: 'ready, then error with a code (the detail comes)', steps: [['ready'], ['error', ERROR]] },
    { name: 'error, offline, busy, standby', steps: [['error', ERROR], ['offline'], ['busy'], ['standby']] },
  ];

  for (const { name, steps } of sequences) {
    it(`in one task: ${name}`, async () => {
      const { badges, emit, settled } = await setup(3);
      for (const step of steps) emit(step);
      await settled();
      const last = steps[steps.length - 1];
      for (const badge of badges) expect(shown(badge)).to.deep.equal(showing(last[0], last[1]));
    });

    it(`one per task: ${name}`, async () => {
      const { badges, emit, settled } = await setup(2);
      for (const step of steps) {
        emit(step);
        await settled();
        for (const badge of badges) expect(shown(badge), `after ${step[0]}`).to.deep.equal(showing(step[0], step[1]));
      }
    });
  }

  it('strings changed in the same task as a state change: the new state in the new words', async () => {
    const { badges, emit, settled } = await setup();
    emit(['ready']);
    await settled();
    badges[0].strings = { offline: 'Hors ligne' };
    emit(['offline']);
    await settled();
    expect(shown(badges[0])).to.deep.equal({ ...showing('offline'), label: 'Hors ligne' });
  });

  it('the page sets state, then the phone changes in the same task: the phone wins', async () => {
    const { badges, emit, settled } = await setup();
    emit(['ready']);
    await settled();
    badges[0].state = 'busy';
    emit(['offline']);
    await settled();
    expect(shown(badges[0])).to.deep.equal(showing('offline'));
  });

  it('the page sets the state attribute after the phone changed: the attribute wins until the next change', async () => {
    const { badges, emit, settled } = await setup();
    emit(['ready']);
    await settled();
    badges[0].setAttribute('state', 'busy');
    await settled();
    expect(shown(badges[0])).to.deep.equal(showing('busy'));
    emit(['ready']);
    await settled();
    expect(shown(badges[0])).to.deep.equal(showing('ready'));
  });
});
