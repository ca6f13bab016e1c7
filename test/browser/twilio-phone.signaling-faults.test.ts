// Signaling fault matrix: the emulator's fault switches against the real SDK.
// Each row sets up a fault, drives the phone, and asserts where it ends and
// the path it took there: a defined state, no bad-credentials for transport
// trouble, and no unhandled rejection or console error.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import {
  describeWithWebRTC,
  emulator,
  hits,
  record,
  resetFaults,
  setFaults,
  sleep,
  testEnv,
  tokenUrl,
  uniqueKey,
  until,
  untilState,
  watchPageProblems,
} from './helpers.js';

type Log = ReturnType<typeof record>;
interface Ctx {
  el: TwilioPhone;
  log: Log;
  key: string;
}
interface Row {
  name: string;
  /** token URL parameters beyond a good token */
  token?: Record<string, string | number>;
  registerTimeout?: number;
  /** faults set before start() */
  before?: Record<string, unknown>;
  /** drives the phone from start() on and asserts the path */
  run(ctx: Ctx): Promise<void>;
  final: string;
}

const states = (log: Log) => log.of('twilio-phone-state-change').map((e) => e.detail.state);
const callStates = (log: Log) => log.of('twilio-phone-call-state-change').map((e) => e.detail.callState);

async function echoCall(ctx: Ctx) {
  await ctx.el.call('echo');
  await until(() => callStates(ctx.log).at(-1) === 'connected', 'connected');
}

const rows: Row[] = [
  {
    name: 'gateway down at start, then up: registering while the SDK retries, then ready on its own',
    before: { refuseConnections: true },
    async run({ el, log }) {
      // The SDK never had a registration to lose, so it stays `registering` and retries with backoff.
      await until(() => log.of('twilio-phone-error').length > 0, 'a transport error event', 10000);
      expect(el.state).to.equal('registering');
      expect(log.of('twilio-phone-error')[0].detail.fatal).to.equal(false);
      await resetFaults();
      await untilState(el, 'ready', 15000);
      expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    },
    final: 'ready',
  },
  {
    name: 'gateway restarted while ready: offline, then ready',
    async run({ el, log }) {
      await untilState(el, 'ready');
      await emulator('drop', {});
      await untilState(el, 'offline', 5000);
      await untilState(el, 'ready', 15000);
      expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'ready', 'offline', 'ready']);
    },
    final: 'ready',
  },
  {
    name: 'gateway restarted during a call: reconnecting, then reconnected, call goes on',
    async run(ctx) {
      await untilState(ctx.el, 'ready');
      await echoCall(ctx);
      await emulator('drop', {});
      await until(() => callStates(ctx.log).includes('reconnecting'), 'reconnecting', 10000);
      await until(() => callStates(ctx.log).at(-1) === 'connected', 'reconnected', 20000);
      expect(ctx.el.state).to.equal('busy');
      ctx.el.hangup();
      await untilState(ctx.el, 'ready', 15000);
    },
    final: 'ready',
  },
  {
    name: 'meaningless JSON frames (no type, unknown type) around every reply: still ready',
    before: { garbageFrames: true },
    async run({ el }) {
      await untilState(el, 'ready');
    },
    final: 'ready',
  },
  {
    name: 'replies delayed by 400 ms: still ready',
    before: { delayMs: 400 },
    async run({ el }) {
      await untilState(el, 'ready');
    },
    final: 'ready',
  },
  {
    name: 'register never answered: the watchdog ends it in error',
    before: { neverAnswerRegister: true },
    registerTimeout: 1500,
    async run({ el, log }) {
      await untilState(el, 'error', 5000);
      expect(log.of('twilio-phone-state-change').at(-1)!.detail.reason).to.equal('register-timeout');
      expect(el.device).to.equal(null);
    },
    final: 'error',
  },
  {
    name: 'socket dropped on listen (no close frame): watchdog, not stuck in registering',
    before: { dropOnListen: true },
    registerTimeout: 1500,
    async run({ el }) {
      await untilState(el, 'error', 5000);
    },
    final: 'error',
  },
  {
    name: 'error with retryAfter on listen, then healed: transport trouble, never bad-credentials',
    before: { errorOnListen: { code: 31005, message: 'Gateway busy', retryAfter: 1 }, closeWithoutCloseFrame: true },
    async run({ el, log }) {
      await until(() => log.of('twilio-phone-error').length > 0, 'an error event', 5000);
      expect(log.of('twilio-phone-error')[0].detail.fatal).to.equal(false);
      await resetFaults();
      await untilState(el, 'ready', 15000);
      expect(log.of('twilio-phone-bad-credentials')).to.have.length(0);
      // The storm of 31005s while it retried was reported once per state, not per frame.
      expect(log.of('twilio-phone-error').length).to.be.at.most(3);
    },
    final: 'ready',
  },
  {
    name: 'heartbeats stopped: the SDK drops the silent socket (15 s), offline, then ready',
    async run({ el, log }) {
      await untilState(el, 'ready');
      await setFaults({ stopHeartbeats: true });
      await untilState(el, 'offline', 25000);
      await resetFaults();
      await untilState(el, 'ready', 15000);
      expect(states(log).slice(-2)).to.deep.equal(['offline', 'ready']);
    },
    final: 'ready',
  },
  {
    name: 'token expiring during a call: refreshed, the call survives',
    token: { ttl: 12 },
    async run(ctx) {
      await untilState(ctx.el, 'ready');
      await echoCall(ctx);
      await sleep(14000); // past the first token's expiry
      expect(await hits(ctx.key)).to.be.greaterThan(1);
      expect(callStates(ctx.log).at(-1)).to.equal('connected');
      expect(ctx.el.state).to.equal('busy');
      ctx.el.hangup();
      await untilState(ctx.el, 'ready');
    },
    final: 'ready',
  },
];

// Needs WebRTC: without it the phone stops at its capability check (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> signaling fault matrix', function () {
  this.timeout(60000);
  const problems = watchPageProblems();
  beforeEach(async () => {
    problems.length = 0;
    await resetFaults();
  });
  afterEach(() => resetFaults());

  for (const row of rows) {
    it(row.name, async () => {
      const { signalingHost } = await testEnv();
      const key = uniqueKey('sf');
      if (row.before) await setFaults(row.before);
      const el = await fixture<TwilioPhone>(html`<twilio-phone
        token-url=${tokenUrl({ variant: 'good', identity: key, key, ...row.token })}
        signaling-host=${signalingHost}
        register-timeout=${row.registerTimeout ?? 15000}
      ></twilio-phone>`);
      const log = record(el, ['twilio-phone-state-change', 'twilio-phone-bad-credentials', 'twilio-phone-error', 'twilio-phone-call-state-change']);
      await el.start();
      await row.run({ el, log, key });
      expect(el.state).to.equal(row.final);
      expect(log.of('twilio-phone-bad-credentials')).to.have.length(0);
      expect(problems).to.deep.equal([]);
      el.stop();
    });
  }
});
