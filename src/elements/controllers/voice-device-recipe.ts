/**
 * The Device options of this package and the teardown, shared by the phone's session
 * (session-device.ts) and its pre-call test (preflight-runner.ts). Only of use once there is an
 * SDK: it loads with it (sdk-kit.ts, through `loadSdk()` in voice-device.ts).
 */
import type { Device } from '@twilio/voice-sdk';
import { edgeOption } from '../core/signaling-url.js';
import { deviceSounds } from '../sounds/sound-files.js';
import type { DeviceHost } from './voice-device.js';

/**
 * The Device options of this package: the host's edges, signaling host and sounds, the gateway's
 * own error codes, and no SDK console output. The phone and the pre-call test add their own.
 */
export function deviceOptions(host: DeviceHost): Record<string, unknown> {
  const options: Record<string, unknown> = {
    // The gateway's own code survives (31202/31203 would collapse into a generic 53000).
    enableImprovedSignalingErrorPrecision: true,
    // Errors reach the page as events; the SDK's own console logging would be noise.
    logLevel: 'silent',
    // Files beside the module, not data: URLs: a strict CSP (connect-src 'self') allows them as they are.
    sounds: deviceSounds(host.soundsUrl, host.sounds),
  };
  const edge = edgeOption(host.edge);
  if (edge !== undefined) options.edge = edge;
  if (host.signalingHost) {
    // Private SDK option: the signaling gateway host (the emulator). No Insights there.
    options.chunderw = host.signalingHost;
    options.publishEvents = false;
  }
  return options;
}

/** Destroys a Device of ours, whatever state it is in, and frees what the SDK would keep alive. */
export function destroyDevice(device: Device): void {
  try {
    if (device.state !== 'destroyed') device.destroy();
  } catch {
    /* already destroyed */
  }
  // SDK 2.18.5: destroy() leaves the `tokenWillExpire` timer armed (TTL minus tokenRefreshMs), and
  // its closure keeps the destroyed Device, its sounds and audio helper alive until then.
  clearTimeout((device as unknown as { _tokenWillExpireTimeout?: ReturnType<typeof setTimeout> })._tokenWillExpireTimeout);
}
