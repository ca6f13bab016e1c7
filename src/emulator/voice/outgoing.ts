/**
 * Outgoing calls placed by browser clients (`invite`): run by the TwiML
 * application the token's outgoing grant names (an ApplicationLookup, wired
 * to twiml/ in emulator.ts), or by the default application: `echo`, `tone`,
 * `+E.164` (answered at once), a preflight test (echo, then hang up),
 * `busy`, `no-answer`, and `client:<identity>` (dial.ts).
 */
import { ANONYMOUS_IDENTITY } from '../auth/identity.js';
import type { Call } from './call.js';
import { iceUfrag } from './call.js';
import type { ApplicationLookup } from './call-handle.js';
import type { CallStore } from './call-store.js';
import type { CallBridge } from './bridge.js';
import { classifyDestination, defaultDialEnding } from './decisions.js';
import type { Dialer } from './dial.js';
import { callHandle } from './handle.js';
import type { ParticipantLegs } from './participants.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS, parseParams, type CallPeer } from './types.js';

/** Ring timeout of a `client:` call of the default application (Twilio's <Dial> default). */
const DEFAULT_DIAL_TIMEOUT_S = 30;

export interface OutgoingDeps {
  store: CallStore;
  bridge: CallBridge;
  life: CallLifecycle;
  dialer: Dialer;
  participants: ParticipantLegs;
  applications: ApplicationLookup;
  findClients: (identity: string) => CallPeer[];
  noAnswerMs: number;
  /** How long the echo of a call without `To` (the SDK's preflight test) lasts. */
  preflightMs: number;
  /** An answered call to an emulator party: the party says its tone (party-line.ts). */
  partyLine: (call: Call) => void;
  log: (line: string) => void;
}

export class OutgoingCalls {
  constructor(private readonly d: OutgoingDeps) {}

  async onInvite(peer: CallPeer, payload: Record<string, unknown>): Promise<void> {
    const { callsid: tempSid, sdp } = payload;
    if (typeof tempSid !== 'string' || !tempSid || typeof sdp !== 'string' || !sdp) {
      peer.send('error', { callsid: tempSid, error: { code: 31400, message: 'Malformed invite' } });
      return;
    }
    const twilio = (payload.twilio ?? {}) as Record<string, unknown>;
    const params = parseParams(twilio.params);
    const to = params.To ?? '';
    const app = this.d.applications(peer.applicationSid);
    const destination = app ? 'application' : classifyDestination(to, (identity) => this.d.findClients(identity).length > 0);
    const identity = peer.identity || ANONYMOUS_IDENTITY;
    const call = this.d.store.add({
      tempSid,
      direction: 'outgoing',
      from: `client:${identity}`,
      to,
      identity,
      destination,
      params,
      accountSid: peer.accountSid,
      peer,
      ...(app ? { applicationSid: app.sid } : {}),
    });
    call.remoteUfrag = iceUfrag(sdp);
    this.d.log(`call ${call.sid}: ${call.from} -> ${to || '(none)'} (${app ? `application ${app.sid}` : destination})`);
    if (app) {
      this.d.bridge.prepareCaller(call, sdp, 'silence');
      await app.run(callHandle(call, this.d));
      return;
    }
    peer.send('ringing', { callsid: call.sid });
    call.ringingSent = true;
    await this.runDefault(call, sdp);
  }

  /** The default application: the fixed destinations. */
  private async runDefault(call: Call, sdp: string): Promise<void> {
    const { bridge, life } = this.d;
    switch (call.destination) {
      case 'echo':
      case 'tone':
      case 'number': {
        const mode = call.destination === 'echo' ? 'echo' : 'tone';
        bridge.prepareCaller(call, sdp, mode);
        await bridge.answerCaller(call, mode);
        return;
      }
      case 'party':
        bridge.prepareCaller(call, sdp, 'silence');
        if (await bridge.answerCaller(call, 'silence')) this.d.partyLine(call);
        return;
      case 'preflight':
        // Device.runPreflight() connects without `To`: echo the audio like Twilio's preflight app, then hang up.
        bridge.prepareCaller(call, sdp, 'echo');
        await bridge.answerCaller(call, 'echo');
        if (!call.ended) life.timer(call, this.d.preflightMs, () => life.end(call, 'completed', 'hangup'));
        return;
      case 'busy':
        life.end(call, 'busy', 'hangup', CALL_ERRORS.busy);
        return;
      case 'no-answer':
        life.timer(call, this.d.noAnswerMs, () => life.end(call, 'no-answer', 'hangup', CALL_ERRORS.unavailable));
        return;
      case 'client': {
        const target = call.to.startsWith('client:') ? call.to.slice('client:'.length) : call.to;
        bridge.prepareCaller(call, sdp, 'silence');
        const parameters = Object.entries(call.params).filter(([k]) => k !== 'To');
        const outcome = await this.d.dialer.dial(call, {
          identities: [target],
          parameters,
          callerId: call.from,
          timeout: DEFAULT_DIAL_TIMEOUT_S,
          answerOnBridge: true,
        });
        if (call.ended) return;
        const ending = defaultDialEnding(outcome);
        life.end(call, ending.state, ending.notify, ending.error);
        return;
      }
      default:
        life.end(call, 'failed', 'hangup', CALL_ERRORS.notFound);
    }
  }
}
