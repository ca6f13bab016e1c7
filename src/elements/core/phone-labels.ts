import type { PhoneState } from './phone-state.js';

/** Default English labels of each phone state; every element lets a page override them. */
export const DEFAULT_STATE_LABELS: Record<PhoneState, string> = {
  idle: 'Not started',
  'fetching-token': 'Getting access token…',
  registering: 'Connecting…',
  ready: 'Ready',
  busy: 'On a call',
  offline: 'Offline, reconnecting…',
  standby: 'Active in another tab',
  'bad-credentials': 'Wrong Twilio credentials',
  error: 'Error',
};

/** The badge's colour family per state; styles map tones to custom properties. */
export type StatusTone = 'neutral' | 'progress' | 'success' | 'busy' | 'warning' | 'danger';

export const STATE_TONES: Record<PhoneState, StatusTone> = {
  idle: 'neutral',
  'fetching-token': 'progress',
  registering: 'progress',
  ready: 'success',
  busy: 'busy',
  offline: 'warning',
  standby: 'neutral',
  'bad-credentials': 'danger',
  error: 'danger',
};
