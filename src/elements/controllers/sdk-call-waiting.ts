/**
 * Call waiting against the Voice SDK's Device, which knows one active call: every Call it makes
 * carries a `beforeAccept` option that disconnects the Device's active call when another is
 * accepted (@twilio/voice-sdk 2.18, lib/twilio/device.ts `_makeCall`). For call waiting the
 * first call must stay up (held), so the option is cleared on the call being accepted. The
 * Device then counts the new call as active and no longer sees the held one: this phone ends
 * that one itself (CallSessionController.end).
 */
import type { Call } from '@twilio/voice-sdk';

interface CallInternals {
  _options?: { beforeAccept?: unknown };
}

/** Lets `call.accept()` leave the Device's active call up. */
export function acceptBesideActiveCall(call: Call): void {
  const options = (call as unknown as CallInternals)._options;
  if (options && 'beforeAccept' in options) options.beforeAccept = undefined;
}
