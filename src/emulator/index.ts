/**
 * twilio-widgets/emulator: checks its optional peers (ws, werift, otpauth,
 * selfsigned) first, then loads the emulator (emulator.ts, where the types come
 * from). The dynamic import is what lets the check run before Node links them.
 */
import { assertPeersInstalled } from '../server/peers.js';

assertPeersInstalled('twilio-widgets/emulator');

export const {
  createEmulator,
  startEmulator,
  DEFAULT_ACCOUNT,
  defaultFaults,
  EmulatorError,
  validateAccessToken,
  TOKEN_ERRORS,
  MAX_TOKEN_TTL_SECONDS,
  generateLocalhostCertificate,
} = await import('./emulator.js');
