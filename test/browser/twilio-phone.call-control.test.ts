// Call control end to end: the real SDK in Chromium, the reference server endpoints
// (createVoiceEndpoint, createCallControlEndpoint; test/support/call-control-app.mjs) and the
// emulator's conferences with real mixed media. Who hears whom is decided on the received audio:
// each party sends its own tone (the browser 700 Hz, from an SDK audio processor that replaces
// Chromium's fake microphone; billing 1000 Hz, supervisor 1400 Hz, customer 600 Hz; hold music
// 400/800 Hz), the browser's levels come from a Goertzel on call.getRemoteStream(), the emulator
// parties' from GET /emulator/calls/{sid}/audio. Participant lists are compared with
// GET /emulator/conferences after each step. The levels and action latencies measured are
// printed and written to .ci/cache/call-control-figures.json (the lead quotes them).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import type { Participant } from '../../src/elements/core/call-control-messages.js';
import type { Call } from '@twilio/voice-sdk';
import { describeWithWebRTC, emulator, record, testEnv, tokenUrl, until, untilState, watchPageProblems } from './helpers.js';

const HZ = { you: 700, customer: 600, billing: 1000, supervisor: 1400, musicLow: 400, musicHigh: 800 } as const;
const FREQS = Object.values(HZ);
/** A tone is heard above this level (dBFS) and not heard below the other. */
const HEARD = -35;
const NOT_HEARD = -50;

type Levels = Record<string, number>;
interface Conference {
  name: string;
  sid: string;
  status: string;
  participants: { callSid: string; label: string | null; hold: boolean; muted: boolean }[];
}

const figures: { step: string; party: string; levels: Levels }[] = [];
const latencies: { action: string; ms: number }[] = [];

// ------------------------------------------------------------------ media

/** The browser's microphone for these tests: a 700 Hz tone, through the SDK's audio processor API (replacing the fake mic). */
function toneProcessor(hz: number) {
  let ctx: AudioContext | null = null;
  return {
    async createProcessedStream(): Promise<MediaStream> {
      ctx = new AudioContext();
      const osc = new OscillatorNode(ctx, { frequency: hz });
      const gain = new GainNode(ctx, { gain: 0.3 });
      const out = new MediaStreamAudioDestinationNode(ctx);
      osc.connect(gain).connect(out);
      osc.start();
      return out.stream;
    },
    async destroyProcessedStream(): Promise<void> {
      await ctx?.close();
      ctx = null;
    },
  };
}

/** Goertzel levels (dBFS, Hann window) of a stream's audio, the strongest of a few windows over ~0.5 s. */
async function streamLevels(stream: MediaStream): Promise<Levels> {
  const ctx = new AudioContext();
  try {
    const source = ctx.createMediaStreamSource(stream);
    const analyser = new AnalyserNode(ctx, { fftSize: 8192, smoothingTimeConstant: 0 });
    source.connect(analyser);
    const n = analyser.fftSize;
    const buf = new Float32Array(n);
    const best: Levels = Object.fromEntries(FREQS.map((f) => [String(f), -120]));
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 180));
      analyser.getFloatTimeDomainData(buf);
      for (const f of FREQS) {
        const w = (2 * Math.PI * f) / ctx.sampleRate;
        const coeff = 2 * Math.cos(w);
        let s1 = 0;
        let s2 = 0;
        for (let i = 0; i < n; i++) {
          const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
          const s0 = buf[i]! * hann + coeff * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        const amplitude = (2 * Math.sqrt(Math.max(power, 0))) / (n * 0.5);
        const db = amplitude > 1e-6 ? 20 * Math.log10(amplitude) : -120;
        best[String(f)] = Math.max(best[String(f)]!, Math.round(db * 10) / 10);
      }
    }
    return best;
  } finally {
    await ctx.close();
  }
}

const browserHears = (call: Call) => streamLevels(call.getRemoteStream()!);
async function partyHears(callSid: string): Promise<Levels> {
  return (await emulator<{ heard: Levels }>('audio', { callSid, freqs: FREQS.join(',') })).heard;
}

/** Polls `measure` until `ok` holds for its levels (media settles in a few frames); records the levels for the report. */
async function expectLevels(step: string, party: string, measure: () => Promise<Levels>, ok: (l: Levels) => boolean, timeoutMs = 8000): Promise<Levels> {
  const end = performance.now() + timeoutMs;
  let levels: Levels;
  for (;;) {
    levels = await measure();
    if (ok(levels)) break;
    if (performance.now() > end) throw new Error(`${step}: ${party} heard ${JSON.stringify(levels)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  figures.push({ step, party, levels });
  return levels;
}
const heard = (l: Levels, hz: number) => l[String(hz)]! > HEARD;
const notHeard = (l: Levels, hz: number) => l[String(hz)]! < NOT_HEARD;
const music = (l: Levels) => heard(l, HZ.musicLow) || heard(l, HZ.musicHigh);

// ------------------------------------------------------------------ the phone, the server, the emulator

let seq = 0;
const ident = (name: string) => `${name}-${Date.now().toString(36)}-${++seq}`;

/** `app`: false gives a token of the emulator's default application (echo, tone…): calls in no conference. */
async function makePhone(identity: string, tone = true, app = true) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl({ variant: 'good', identity, ...(app ? { app: 'call-control' } : {}) })}
    signaling-host=${signalingHost}
    call-control-url=${`/__cc?as=${identity}`}
  ></twilio-phone>`);
  const log = record(el, ['twilio-phone-call-control', 'twilio-phone-participants-change', 'twilio-phone-incoming', 'twilio-phone-call-state-change']);
  await el.start();
  await untilState(el, 'ready');
  if (tone) await el.device!.audio!.addProcessor(toneProcessor(HZ.you));
  return { el, log };
}

async function conferences(): Promise<Conference[]> {
  return emulator<Conference[]>('conferences');
}
async function conferenceOf(callSid: string): Promise<Conference | undefined> {
  return (await conferences()).find((c) => c.status !== 'completed' && c.participants.some((p) => p.callSid === callSid));
}
async function untilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10000) {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The label's party (`remote:billing` → billing). */
const partyOf = (label: string | null) => (label ?? '').split(':').slice(1).join(':');
async function partySid(callSid: string, party: string): Promise<string> {
  let sid = '';
  await untilAsync(async () => {
    sid = (await conferenceOf(callSid))?.participants.find((p) => partyOf(p.label) === party)?.callSid ?? '';
    return !!sid;
  }, `${party} in the conference`);
  return sid;
}

/** The element's list and the emulator's conference agree: the same legs, the same hold marks. */
async function listsAgree(el: TwilioPhone, what: string) {
  const callSid = el.activeCall!.parameters.CallSid!;
  const norm = (ps: { id: string; onHold: boolean }[]) =>
    ps
      .map((p) => `${p.id}:${p.onHold}`)
      .sort()
      .join(',');
  let mine = '';
  let theirs = '';
  await untilAsync(async () => {
    const conf = await conferenceOf(callSid);
    mine = norm(el.participants);
    theirs = norm((conf?.participants ?? []).map((p) => ({ id: p.callSid, onHold: p.hold })));
    return mine === theirs;
  }, `${what}: participants ${mine} vs the conference ${theirs}`);
  expect(el.participants.find((p) => p.role === 'you')?.id).to.equal(callSid);
}

async function timed(action: string, run: () => Promise<void>) {
  const t0 = performance.now();
  await run();
  latencies.push({ action, ms: Math.round(performance.now() - t0) });
}

async function connectTo(el: TwilioPhone, log: ReturnType<typeof record>, to: string) {
  await el.call(to);
  await until(() => log.of('twilio-phone-call-state-change').some((e) => e.detail.callState === 'connected'), 'connected');
  const call = el.activeCall!;
  const remoteSid = await partySid(call.parameters.CallSid!, to);
  await until(() => el.participants.length === 2, 'two participants', 10000);
  return { call, remoteSid };
}

async function hangUp(el: TwilioPhone) {
  el.hangup();
  await untilState(el, 'ready');
}

after(async () => {
  const lines = [
    ...figures.map((f) => `${f.step} · ${f.party} hears ${FREQS.map((hz) => `${hz}:${f.levels[String(hz)]}`).join(' ')}`),
    ...latencies.map((l) => `latency ${l.action}: ${l.ms} ms`),
  ];
  console.log(`call-control figures (dBFS; ${HEARD} heard / ${NOT_HEARD} not heard)\n${lines.join('\n')}`);
  await fetch('/__cc-figures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ figures, latencies }) });
});

describeWithWebRTC('twilio-phone call control: real SDK, reference server, emulator conferences', function () {
  this.timeout(90000);

  it('hold: the remote hears music and not you, you do not hear them; unhold restores both ways', async () => {
    const { el, log } = await makePhone(ident('e2e-hold'));
    const { call, remoteSid } = await connectTo(el, log, 'customer');
    await listsAgree(el, 'connected');
    await expectLevels(
      'connected',
      'customer',
      () => partyHears(remoteSid),
      (l) => heard(l, HZ.you),
    );
    await expectLevels(
      'connected',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.customer),
    );
    await timed('hold', () => el.hold());
    await listsAgree(el, 'held');
    expect(el.participants.find((p) => p.role === 'remote')!.onHold).to.equal(true);
    await expectLevels(
      'held',
      'customer',
      () => partyHears(remoteSid),
      (l) => music(l) && notHeard(l, HZ.you),
    );
    await expectLevels(
      'held',
      'browser',
      () => browserHears(call),
      (l) => notHeard(l, HZ.customer),
    );
    await timed('unhold', () => el.unhold());
    await listsAgree(el, 'unheld');
    await expectLevels(
      'unheld',
      'customer',
      () => partyHears(remoteSid),
      (l) => heard(l, HZ.you) && !music(l),
    );
    await expectLevels(
      'unheld',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.customer),
    );
    expect(log.of('twilio-phone-call-control').map((e) => `${e.detail.action}:${e.detail.outcome}`)).to.include.members(['hold:done', 'unhold:done']);
    await hangUp(el);
  });

  it('call-control-url set during a call: the call already up gets its participants and controls', async () => {
    // Call control's code arrives with the attribute (a lazy chunk): a call that was up before it,
    // like the first call of a page on a slow network, must not go unseen.
    const identity = ident('e2e-late');
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(html`<twilio-phone
      token-url=${tokenUrl({ variant: 'good', identity, app: 'call-control' })}
      signaling-host=${signalingHost}
    ></twilio-phone>`);
    const log = record(el, ['twilio-phone-call-state-change', 'twilio-phone-participants-change']);
    await el.start();
    await untilState(el, 'ready');
    await el.call('customer');
    await until(() => log.of('twilio-phone-call-state-change').some((e) => e.detail.callState === 'connected'), 'connected');
    const call = el.activeCall!;
    await partySid(call.parameters.CallSid!, 'customer');
    expect(el.participants, 'no call control yet').to.deep.equal([]);
    el.callControlUrl = `/__cc?as=${identity}`;
    await until(() => el.participants.length === 2, 'two participants after the attribute', 10000);
    await listsAgree(el, 'late attribute');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="hold-button"]'), 'the Hold control').to.exist;
    await hangUp(el);
  });

  it('cold transfer: the caller and the target hear each other; your leg ends', async () => {
    const { el, log } = await makePhone(ident('e2e-cold'));
    const { call, remoteSid } = await connectTo(el, log, 'customer');
    const mySid = call.parameters.CallSid!;
    const conf = (await conferenceOf(mySid))!;
    await timed('transfer cold', () => el.transfer('billing', { mode: 'cold' }));
    await untilState(el, 'ready');
    expect(el.activeCall).to.equal(null);
    expect(el.participants).to.deep.equal([]);
    const billingSid = await partySid(remoteSid, 'billing');
    await expectLevels(
      'cold transfer',
      'customer',
      () => partyHears(remoteSid),
      (l) => heard(l, HZ.billing) && notHeard(l, HZ.you),
    );
    await expectLevels(
      'cold transfer',
      'billing',
      () => partyHears(billingSid),
      (l) => heard(l, HZ.customer) && notHeard(l, HZ.you),
    );
    const afterTransfer = (await conferences()).find((c) => c.sid === conf.sid)!;
    expect(afterTransfer.participants.map((p) => p.callSid).sort()).to.deep.equal([remoteSid, billingSid].sort());
    await emulator('hangup', { callSid: remoteSid }).catch(() => undefined);
  });

  it('warm transfer: the caller is held while you talk to the target; Complete leaves them talking', async () => {
    const { el, log } = await makePhone(ident('e2e-warm'));
    const { call, remoteSid } = await connectTo(el, log, 'customer');
    await timed('transfer warm', () => el.transfer('billing', { mode: 'warm' }));
    const billingSid = await partySid(call.parameters.CallSid!, 'billing');
    await until(() => el.participants.some((p) => p.role === 'consulted'), 'the consulted party listed');
    await listsAgree(el, 'consulting');
    await expectLevels(
      'consulting',
      'customer',
      () => partyHears(remoteSid),
      (l) => music(l) && notHeard(l, HZ.you) && notHeard(l, HZ.billing),
    );
    await expectLevels(
      'consulting',
      'billing',
      () => partyHears(billingSid),
      (l) => heard(l, HZ.you) && notHeard(l, HZ.customer),
    );
    await expectLevels(
      'consulting',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.billing) && notHeard(l, HZ.customer),
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="complete-transfer-button"]')).to.not.equal(null);
    await timed('complete-transfer', () => el.completeTransfer());
    await untilState(el, 'ready');
    await expectLevels(
      'transfer completed',
      'customer',
      () => partyHears(remoteSid),
      (l) => heard(l, HZ.billing) && !music(l) && notHeard(l, HZ.you),
    );
    await expectLevels(
      'transfer completed',
      'billing',
      () => partyHears(billingSid),
      (l) => heard(l, HZ.customer) && notHeard(l, HZ.you),
    );
    await emulator('hangup', { callSid: remoteSid }).catch(() => undefined);
  });

  it('warm transfer: Cancel removes the target and brings the caller back', async () => {
    const { el, log } = await makePhone(ident('e2e-cancel'));
    const { call, remoteSid } = await connectTo(el, log, 'customer');
    await el.transfer('billing', { mode: 'warm' });
    const billingSid = await partySid(call.parameters.CallSid!, 'billing');
    await expectLevels(
      'consulting',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.billing),
    );
    await timed('cancel-transfer', () => el.cancelTransfer());
    await untilAsync(async () => !(await conferenceOf(call.parameters.CallSid!))?.participants.some((p) => p.callSid === billingSid), 'billing gone');
    await listsAgree(el, 'transfer cancelled');
    expect(el.participants.map((p) => p.role).sort()).to.deep.equal(['remote', 'you']);
    await expectLevels(
      'transfer cancelled',
      'customer',
      () => partyHears(remoteSid),
      (l) => heard(l, HZ.you) && !music(l),
    );
    await expectLevels(
      'transfer cancelled',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.customer) && notHeard(l, HZ.billing),
    );
    await hangUp(el);
  });

  it('three parties: everyone hears the other two; remove takes the third out', async () => {
    const { el, log } = await makePhone(ident('e2e-add'));
    const { call, remoteSid } = await connectTo(el, log, 'customer');
    await timed('add', () => el.addParticipant('supervisor'));
    const supervisorSid = await partySid(call.parameters.CallSid!, 'supervisor');
    await until(() => el.participants.length === 3, 'three participants');
    await listsAgree(el, 'three parties');
    await expectLevels(
      'three parties',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.customer) && heard(l, HZ.supervisor),
    );
    await expectLevels(
      'three parties',
      'customer',
      () => partyHears(remoteSid),
      (l) => heard(l, HZ.you) && heard(l, HZ.supervisor),
    );
    await expectLevels(
      'three parties',
      'supervisor',
      () => partyHears(supervisorSid),
      (l) => heard(l, HZ.you) && heard(l, HZ.customer),
    );
    const added = el.participants.find((p: Participant) => p.role === 'added')!;
    expect(added.id).to.equal(supervisorSid);
    await timed('remove', () => el.removeParticipant(added.id));
    await until(() => el.participants.length === 2, 'two participants again');
    await listsAgree(el, 'removed');
    await expectLevels(
      'removed',
      'browser',
      () => browserHears(call),
      (l) => heard(l, HZ.customer) && notHeard(l, HZ.supervisor),
    );
    await hangUp(el);
  });

  it('a second page added to the call (client:) keeps the same list from call messages alone; hold shows on both', async () => {
    const { el: a, log: logA } = await makePhone(ident('e2e-pa'));
    const idB = ident('e2e-pb');
    const { el: b, log: logB } = await makePhone(idB, false);
    const { call } = await connectTo(a, logA, 'customer');
    const conferenceSid = (await conferenceOf(call.parameters.CallSid!))!.sid;
    const messagesB: unknown[] = [];
    await a.addParticipant(`client:${idB}`);
    await until(() => logB.of('twilio-phone-incoming').length === 1, 'the second page rings');
    b.activeCall!.on('messageReceived', (m: unknown) => messagesB.push(m));
    b.accept();
    await until(() => a.participants.length === 3 && b.participants.length === 3, 'three parties on both pages');
    /** Both pages and the conference: the same legs with the same hold marks. */
    const agree = async (what: string) => {
      const norm = (ps: { id: string; onHold: boolean }[]) =>
        ps
          .map((p) => `${p.id}:${p.onHold}`)
          .sort()
          .join(',');
      let lists: string[] = [];
      await untilAsync(
        async () => {
          const conf = (await conferences()).find((c) => c.sid === conferenceSid)!;
          lists = [norm(a.participants), norm(b.participants), norm(conf.participants.map((p) => ({ id: p.callSid, onHold: p.hold })))];
          return lists[0] === lists[1] && lists[1] === lists[2];
        },
        `${what}: ${JSON.stringify(lists)}`,
      );
    };
    await agree('added');
    expect(b.participants.find((p) => p.role === 'you')!.id).to.equal(b.activeCall!.parameters.CallSid);
    expect(a.participants.find((p) => p.role === 'added')!.id).to.equal(b.activeCall!.parameters.CallSid);
    await a.hold();
    await agree('held by the first page');
    expect(b.participants.find((p) => p.role === 'you')!.onHold).to.equal(true);
    await a.unhold();
    await agree('unheld');
    // The second page acted only once (its re-sync when it connected): its list came from the server's call messages.
    expect(logB.of('twilio-phone-call-control').map((e) => e.detail.action)).to.deep.equal(['participants']);
    expect(messagesB.length).to.be.greaterThan(0);
    b.hangup();
    await untilState(b, 'ready');
    await until(() => a.participants.length === 2, 'the first page sees the second leave');
    await hangUp(a);
  });

  describe('a call in no conference (the demo\'s echo call, "Ring me")', () => {
    const problems = watchPageProblems();

    it('the re-sync is quiet (200, an empty list): no controls, no failed request or event, actions refused locally', async () => {
      const id = ident('e2e-plain');
      const { el, log } = await makePhone(id, false, false);
      // The statuses of the call-control requests this phone made (an observer: the page's resource-timing buffer may be full by now).
      const statuses: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries() as PerformanceResourceTiming[]) if (e.name.endsWith(`/__cc?as=${id}`)) statuses.push(e.responseStatus);
      });
      observer.observe({ type: 'resource' });
      const requests = () => statuses;
      const outcomes = () => log.of('twilio-phone-call-control').map((e) => `${e.detail.action}:${e.detail.outcome}`);
      const expectNoControls = async (what: string) => {
        await el.updateComplete;
        expect(el.participants, what).to.deep.equal([]);
        expect(log.of('twilio-phone-participants-change'), what).to.have.length(0);
        expect(el.shadowRoot!.querySelector('[part="call-control"]'), `${what}: no controls`).to.equal(null);
      };

      await el.call('echo');
      await until(() => outcomes().length === 1 && requests().length === 1, 'the echo call re-synced');
      expect(outcomes()).to.deep.equal(['participants:done']);
      expect(requests(), 'no call-control request failed').to.deep.equal([200]);
      await expectNoControls('echo');
      const err = await el.hold().then(
        () => null,
        (e: Error & { code?: string }) => e,
      );
      expect(err?.code, 'an action on it is refused').to.equal('call-control-unavailable');
      expect(requests(), 'without a request').to.have.length(1);
      await hangUp(el);

      await emulator('ring', { to: id, from: '+15005550009' });
      await until(() => log.of('twilio-phone-incoming').length === 1, 'Ring me rings');
      el.accept();
      await until(() => outcomes().length === 3 && requests().length === 2, 'the rung call re-synced');
      expect(outcomes().join(', ')).to.equal('participants:done, hold:failed, participants:done');
      expect(requests(), 'no call-control request failed').to.deep.equal([200, 200]);
      await expectNoControls('Ring me');
      await hangUp(el);
      observer.disconnect();
      expect(problems, 'no console error, no unhandled rejection').to.deep.equal([]);
    });
  });

  describe('call waiting', () => {
    async function secondCall(identity: string, log: ReturnType<typeof record>) {
      const { number } = await (await fetch(`/__cc-inbound-identity?identity=${identity}`)).json();
      const inbound = await emulator<{ callSid: string }>('inbound', { to: number, party: 'customer' });
      await until(() => log.of('twilio-phone-incoming').length === 1, 'the waiting call rings', 15000);
      expect(log.of('twilio-phone-incoming')[0]!.detail.waiting).to.equal(true);
      return inbound.callSid;
    }

    it('accept: the first call is held (its party hears music, not you), the second is connected both ways', async () => {
      const id = ident('e2e-cw');
      const { el, log } = await makePhone(id);
      const first = await connectTo(el, log, 'supervisor');
      const customerSid = await secondCall(id, log);
      await timed('accept waiting (hold + answer)', async () => {
        el.accept();
        await until(() => !!el.activeCall && el.activeCall !== first.call && el.activeCall.status() === 'open', 'the second call in front');
      });
      const second = el.activeCall!;
      expect(first.call.status(), 'the first call stays up').to.equal('open');
      expect(first.call.isMuted()).to.equal(true);
      await expectLevels(
        'waiting accepted',
        'first remote (supervisor)',
        () => partyHears(first.remoteSid),
        (l) => music(l) && notHeard(l, HZ.you),
      );
      await expectLevels(
        'waiting accepted',
        'caller (customer)',
        () => partyHears(customerSid),
        (l) => heard(l, HZ.you),
      );
      await expectLevels(
        'waiting accepted',
        'browser, second call',
        () => browserHears(second),
        (l) => heard(l, HZ.customer) && notHeard(l, HZ.supervisor),
      );
      await listsAgree(el, 'second call');
      // The second call ends: the first is resumed.
      el.hangup();
      await until(() => el.activeCall === first.call, 'the first call resumed');
      await until(() => !first.call.isMuted(), 'unmuted');
      await expectLevels(
        'resumed',
        'first remote (supervisor)',
        () => partyHears(first.remoteSid),
        (l) => heard(l, HZ.you) && !music(l),
      );
      await listsAgree(el, 'resumed');
      await hangUp(el);
    });

    it('reject: the first call is left as it was', async () => {
      const id = ident('e2e-cwr');
      const { el, log } = await makePhone(id);
      const first = await connectTo(el, log, 'supervisor');
      const before = el.participants;
      await secondCall(id, log);
      el.reject();
      await until(() => log.of('twilio-phone-call-state-change').at(-1)?.detail.callState === 'ended', 'the waiting call rejected');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="waiting"]')).to.equal(null);
      expect(log.of('twilio-phone-call-control').map((e) => e.detail.action)).to.not.include('hold');
      expect(el.activeCall).to.equal(first.call);
      expect(first.call.isMuted()).to.equal(false);
      expect(el.participants).to.deep.equal(before);
      await expectLevels(
        'waiting rejected',
        'first remote (supervisor)',
        () => partyHears(first.remoteSid),
        (l) => heard(l, HZ.you) && !music(l),
      );
      await expectLevels(
        'waiting rejected',
        'browser',
        () => browserHears(first.call),
        (l) => heard(l, HZ.supervisor),
      );
      await hangUp(el);
    });
  });
});
