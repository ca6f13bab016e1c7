/**
 * The control surface (target.ts) over the emulator's parts: what
 * `emulator.*` and the control API do, in one place.
 */
import { EmulatorError } from '../http/errors.js';
import type { Impairments } from '../media/impairment.js';
import type { TwilioRestApi } from '../rest/api.js';
import type { WebhookHostEntry } from '../security/webhook-hosts.js';
import { defaultFaults, type SignalingFaults } from '../signaling/faults.js';
import type { SignalingGateway } from '../signaling/gateway.js';
import type { RegistrationTracker } from '../signaling/registrations.js';
import { parseApplication, parsePhoneNumber, type ApplicationRegistry } from '../twiml/applications.js';
import type { Voice } from '../voice/voice.js';
import type { ControlTarget } from './target.js';

export interface ControlParts {
  /** The live fault switches the gateway reads. */
  faults: SignalingFaults;
  impairments: Impairments;
  voice: Voice;
  gateway: Pick<SignalingGateway, 'registeredIdentities' | 'openSockets' | 'framesReceived' | 'dropAllSockets'>;
  registrations: RegistrationTracker;
  applications: ApplicationRegistry;
  /** Where application and number URLs may point (security/webhook-hosts.ts). */
  webhookHosts: readonly WebhookHostEntry[];
  rest: Pick<TwilioRestApi, 'setLegacyTotpErrors'>;
  legacyTotpErrors: boolean;
  /** The account inbound calls (POST /emulator/inbound) belong to. */
  accountSid: string;
  log: (line: string) => void;
}

/** The control surface, with `entry`'s members (the HTTP entry points, close) on the same object. */
export function controlSurface<E extends object>(p: ControlParts, entry: E): ControlTarget & E {
  const { faults, impairments, voice, gateway, applications, log } = p;
  let legacyTotpErrors = p.legacyTotpErrors;
  return {
    ...entry,
    faults,
    setFaults(patch) {
      Object.assign(faults, patch);
    },
    resetFaults() {
      Object.assign(faults, defaultFaults());
    },
    get impairments() {
      return impairments.snapshot();
    },
    setImpairment(patch, callSid) {
      if (callSid) {
        const call = voice.get(callSid);
        if (!call) throw new EmulatorError(404, 20404, `Call ${callSid} not found`);
        if (call.endTime) throw new EmulatorError(409, 409, `Call ${callSid} has already ended (state ${call.state})`);
      }
      return impairments.set(patch, callSid);
    },
    resetImpairments(callSid) {
      impairments.reset(callSid);
    },
    get legacyTotpErrors() {
      return legacyTotpErrors;
    },
    setLegacyTotpErrors(on) {
      legacyTotpErrors = !!on;
      p.rest.setLegacyTotpErrors(legacyTotpErrors);
    },
    setApplication: (sid, app) => {
      const parsed = applications.set(parseApplication(sid, app, p.webhookHosts));
      log(`application ${sid}: ${parsed.voiceMethod} ${parsed.voiceUrl}`);
      return parsed;
    },
    removeApplication: (sid) => applications.delete(sid),
    applications: () => applications.list(),
    setPhoneNumber: (phoneNumber, app) => applications.setNumber(parsePhoneNumber(phoneNumber, app, p.webhookHosts)),
    phoneNumbers: () => applications.listNumbers(),
    registeredIdentities: () => gateway.registeredIdentities(),
    registrations: () => p.registrations.list(),
    openSockets: () => gateway.openSockets(),
    framesReceived: () => gateway.framesReceived(),
    dropAllSockets: () => gateway.dropAllSockets(),
    calls: () => voice.list(),
    call: (sid) => voice.get(sid),
    ring: (o) => voice.ring(o),
    cancel: (sid) => voice.cancel(sid),
    hangup: (sid) => voice.hangup(sid),
    conferences: () => voice.conferences.summaries(),
    callAudio: (sid, freqs) => voice.conferences.audio(sid, freqs),
    record: (sid) => voice.record(sid),
    recording: (sid) => voice.recording(sid),
    inbound: (o) => voice.inbound({ accountSid: p.accountSid, ...o }),
  };
}
