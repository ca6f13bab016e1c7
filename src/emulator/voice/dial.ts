/**
 * <Dial> of clients from a caller leg (a TwiML application's, or the default
 * application's `client:` destination): rings every registered device of each
 * identity (incoming.ts), bridges the first to answer, and settles the dial's
 * outcome once: the callee hung up, declined, never answered in `timeout`, or
 * the caller went away. The caller stays up afterwards.
 */
import { INVALID_CLIENT_NAME, identityProblem } from '../auth/identity.js';
import type { Call } from './call.js';
import type { DialOutcome, DialRequest } from './call-handle.js';
import type { CallBridge } from './bridge.js';
import type { IncomingCalls } from './incoming.js';
import type { CallLifecycle } from './lifecycle.js';
import { CALL_ERRORS, type CallPeer } from './types.js';

interface Target {
  identity: string;
  peers: CallPeer[];
}

export class Dialer {
  constructor(
    private readonly incoming: IncomingCalls,
    private readonly bridge: CallBridge,
    private readonly life: CallLifecycle,
    private readonly findClients: (identity: string) => CallPeer[],
    private readonly log: (line: string) => void,
  ) {}

  async dial(call: Call, req: DialRequest): Promise<DialOutcome> {
    const started = Date.now();
    const targets = this.targets(call, req.identities);
    if (!Array.isArray(targets)) return targets;
    if (!targets.length) return { status: 'no-answer', unregistered: true, duration: 0 };
    if (call.ended) return { status: 'canceled', duration: 0 };
    // Early media and the callee's invites get ready side by side.
    if (!req.answerOnBridge) void this.bridge.sendEarlyMedia(call, 'silence');
    return new Promise<DialOutcome>((resolve) => {
      let settled = false;
      const settle = (o: DialOutcome) => {
        if (settled) return;
        settled = true;
        resolve(o);
      };
      this.ring(call, req, targets, settle);
      call.endListeners.push(() => settle({ status: call.answered ? 'completed' : 'canceled', duration: Math.round((Date.now() - started) / 1000) }));
    });
  }

  /** The registered devices of each identity; a failed outcome for a name Twilio refuses. */
  private targets(call: Call, identities: string[]): Target[] | DialOutcome {
    const targets: Target[] = [];
    for (const identity of identities) {
      const problem = identityProblem(identity);
      if (problem) {
        this.log(`call ${call.sid}: <Client>${identity}: ${INVALID_CLIENT_NAME.code} ${INVALID_CLIENT_NAME.message}: ${problem}`);
        return { status: 'failed', error: { code: INVALID_CLIENT_NAME.code, message: `${INVALID_CLIENT_NAME.message}: ${problem}` }, duration: 0 };
      }
      const peers = this.findClients(identity);
      if (peers.length) targets.push({ identity, peers });
      else this.log(`call ${call.sid}: client:${identity} is not registered`);
    }
    return targets;
  }

  /** Rings the callee; `ringing` reaches the caller once the invites are out (answerOnBridge), the timeout runs from then. */
  private ring(call: Call, req: DialRequest, targets: Target[], settle: (o: DialOutcome) => void): void {
    void this.incoming
      .start({
        targets: targets.flatMap((t) => t.peers),
        identity: targets[0].identity,
        from: req.callerId ?? call.from,
        params: req.parameters,
        parent: call,
        mode: 'silence',
        codecs: [call.offerCodec ?? 'pcmu'],
        ...(req.inviteParameters ? { inviteParameters: req.inviteParameters } : {}),
        onDone: settle,
      })
      .then(
        (child) => {
          if (child.ended) return;
          if (req.answerOnBridge && !call.ringingSent && !call.answered) {
            call.ringingSent = true;
            call.peer.send('ringing', { callsid: call.sid });
          }
          this.life.timer(child, req.timeout * 1000, () => {
            if (child.answered || child.ended) return;
            this.log(`call ${child.sid}: no answer in ${req.timeout} s`);
            this.life.end(child, 'no-answer', 'cancel');
            settle({ status: 'no-answer', childSid: child.sid, duration: 0 });
          });
        },
        (err: unknown) => {
          this.log(`call ${call.sid}: ringing ${targets.map((t) => t.identity).join(', ')} failed: ${String(err)}`);
          settle({ status: 'failed', error: CALL_ERRORS.media, duration: 0 });
        },
      );
  }
}
