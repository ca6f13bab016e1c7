/**
 * What tests drive: the emulator's control surface, the same in JS (the
 * `Emulator` object extends it) and over HTTP (the control API, api.ts).
 */
import type { RegistrationInfo } from '../signaling/registrations.js';
import type { SignalingFaults } from '../signaling/faults.js';
import type { Impairment, ImpairmentSnapshot } from '../media/impairment.js';
import type { EmulatorPhoneNumber, TwimlApplication, TwimlApplicationInput } from '../twiml/applications.js';
import type { CallInfo, RingOptions } from '../voice/types.js';

export interface ControlTarget {
  /** The current fault switches (a live object; change it through setFaults). */
  readonly faults: SignalingFaults;
  setFaults(p: Partial<SignalingFaults>): void;
  /** All fault switches off. */
  resetFaults(): void;
  /** The network impairments now in force: the global one and per-call overrides. */
  readonly impairments: ImpairmentSnapshot;
  /** Merges `patch` into the global impairment, or into one call's (that call then ignores the global one). Returns what now applies. */
  setImpairment(patch: Partial<Impairment>, callSid?: string): Impairment;
  /** A clean network again: for one call, or everywhere. */
  resetImpairments(callSid?: string): void;
  /** Verify: whether wrong TOTP codes are answered the pre-Oct-2021 way (403 60311/60324). */
  readonly legacyTotpErrors: boolean;
  setLegacyTotpErrors(on: boolean): void;
  /** Adds or replaces a TwiML application (throws EmulatorError 400 on a bad SID, URL or method). */
  setApplication(sid: string, app: TwimlApplicationInput): TwimlApplication;
  removeApplication(sid: string): boolean;
  applications(): TwimlApplication[];
  /** Adds or replaces a phone number of the account with its Voice URL. */
  setPhoneNumber(phoneNumber: string, app: TwimlApplicationInput): EmulatorPhoneNumber;
  phoneNumbers(): EmulatorPhoneNumber[];
  registeredIdentities(): string[];
  /** Every registered socket with its liveness (`stale`: heartbeats went unanswered; calls to it are not delivered). */
  registrations(): RegistrationInfo[];
  openSockets(): number;
  /** Client signaling frames received so far, by type (heartbeats apart). */
  framesReceived(): Record<string, number>;
  /** Gateway restart: terminates every signaling socket without a close frame. Returns how many. */
  dropAllSockets(): number;
  calls(): CallInfo[];
  call(callSid: string): CallInfo | undefined;
  /** Rings every registered device of a client (incoming call); rejects with EmulatorError 404 if none is registered. */
  ring(opts: RingOptions): Promise<CallInfo>;
  /** Withdraws a ringing incoming call (S→C `cancel`). */
  cancel(callSid: string): CallInfo;
  /** Hangs up a call from the far end (S→C `hangup`). */
  hangup(callSid: string): CallInfo;
  /** Every conference (live and recently ended) with its participants. */
  conferences(): Array<{
    name: string;
    sid: string;
    status: string;
    participants: Array<{ callSid: string; label: string | null; hold: boolean; muted: boolean }>;
  }>;
  /** A conference leg's levels (dBFS) at `freqs` over the last second: heard = what the emulator sent it, said = what it received. */
  callAudio(callSid: string, freqs: number[]): { heard: Record<string, number>; said: Record<string, number> };
  /** Records what a call's browser leg sends (PCMU decoded, 8 kHz), and returns it. */
  record(callSid: string): { recording: true };
  recording(callSid: string): { rate: number; seconds: number; skipped: number; pcm: string };
  /** An emulator party (default `customer`) calls one of the account's numbers; its Voice URL runs. */
  inbound(o: { to: string; from?: string; party?: string }): CallInfo;
}
