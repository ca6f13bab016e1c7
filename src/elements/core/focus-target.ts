/**
 * Where keyboard focus goes when the control that had it leaves the screen (pure): the control a
 * keyboard user needs next in what the phone shows now. After Start: Start stays (as "Starting…")
 * and then the number field; after Call and Accept: Hang up; after Hang up and Reject: the number
 * field; while ringing: Accept. Never nothing when a control is on screen: focus never falls to `<body>`.
 */
import type { PhoneState } from './phone-state.js';

export interface PhoneFocusView {
  state: PhoneState;
  /** the call on screen: `ringing-in` an incoming call not answered yet */
  call: 'none' | 'ringing-in' | 'outgoing' | 'connected';
  hideDialer: boolean;
  /** Start / Try again is on screen (not with `autostart` while idle) */
  startShown: boolean;
}

/** The `part` to focus, or null when the phone shows no control (e.g. `hide-dialer` while ready). */
export function phoneFocusTarget(v: PhoneFocusView): string | null {
  if (v.call === 'ringing-in') return 'accept-button';
  if (v.call !== 'none') return 'hangup-button';
  switch (v.state) {
    case 'ready':
    case 'offline':
      return v.hideDialer ? null : 'dial-input';
    case 'standby':
      return 'take-over-button';
    case 'busy':
      return null;
    default:
      return v.startShown ? 'start-button' : null;
  }
}
