// The phone registers its prewarmed socket ahead of the SDK (controllers/signaling-early-register.ts):
// `listen` once the socket is open and the token good, `register` once the gateway said `connected`,
// while the SDK downloads; the SDK's own twins of those frames are not sent again, and it gets the
// gateway's answers in order. Against the emulator, whose count of frames received is the proof.
import { frameTypeOf as typeOf, opened, sent } from './counting-websocket.js'; // must stay the first import
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { registerEarly } from '../../src/elements/controllers/signaling-early-register.js';
import { REGISTER_FRAME, listenFrame } from '../../src/elements/core/early-register.js';
import { describeWithWebRTC, emulator, record, release, testEnv, tokenUrl, uniqueKey, until, untilEmulatorSockets, untilState } from './helpers.js';

interface Status {
  framesReceived: Record<string, number>;
  registered: string[];
}
const status = () => emulator<Status>('status');
const received = async () => {
  const f = (await status()).framesReceived;
  return { listen: f.listen ?? 0, register: f.register ?? 0 };
};
const sentOn = (socket: WebSocket, type: string) => sent.filter((f) => f.socket === socket && typeOf(f.data) === type);

describeWithWebRTC('<twilio-phone> registers ahead of the SDK', function () {
  this.timeout(30000);
  beforeEach(async () => {
    opened.length = 0;
    sent.length = 0;
    await untilEmulatorSockets(0);
  });

  for (const round of ['SDK not loaded yet', 'SDK already loaded']) {
    it(`one listen and one register reach the gateway, the listen sent ahead (${round})`, async () => {
      const before = await received();
      const hold = uniqueKey('hold');
      const { signalingHost } = await testEnv();
      const el = await fixture<TwilioPhone>(
        html`<twilio-phone token-url=${tokenUrl({ identity: uniqueKey('early'), hold })} signaling-host=${signalingHost}></twilio-phone>`,
      );
      const log = record(el, ['twilio-phone-error']);
      void el.start();
      // The socket opens while the token is held: listen goes out the moment the token is good.
      await until(() => opened.length === 1 && opened[0]!.socket.readyState === WebSocket.OPEN, 'the prewarmed socket open');
      await release(hold);
      await untilState(el, 'ready');
      const { socket } = opened[0]!;
      expect(opened, 'no second socket').to.have.length(1);
      expect(el.device?.state).to.equal('registered');
      const listens = sentOn(socket, 'listen');
      expect(listens, 'listen frames on the wire').to.have.length(1);
      expect(listens[0]!.early, 'the listen on the wire is the one sent ahead of the SDK').to.equal(true);
      expect(sentOn(socket, 'register'), 'register frames on the wire').to.have.length(1);
      expect(await received(), 'at the gateway').to.deep.equal({ listen: before.listen + 1, register: before.register + 1 });
      // Nothing left in between: the socket's own send is the SDK's again.
      await until(() => !Object.hasOwn(socket, 'send'), 'the early registration let go of the socket');
      expect(log.of('twilio-phone-error')).to.have.length(0);
      el.remove();
      await untilEmulatorSockets(0);
    });
  }

  it('a refused token: nothing is sent on the socket, which closes', async () => {
    const before = await received();
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(html`<twilio-phone token-url=${tokenUrl({ fault: '401' })} signaling-host=${signalingHost}></twilio-phone>`);
    void el.start();
    await untilState(el, 'bad-credentials');
    await untilEmulatorSockets(0);
    expect(
      sent.filter((f) => f.data !== '\n'),
      'frames sent',
    ).to.have.length(0);
    expect(await received()).to.deep.equal(before);
  });

  it('wrong credentials: the refusal of the listen sent ahead reaches the SDK on the same socket, worded as without it', async () => {
    const { signalingHost } = await testEnv();
    const phone = async (singleTab: boolean) => {
      opened.length = 0;
      sent.length = 0;
      const hold = uniqueKey('hold');
      const el = await fixture<TwilioPhone>(
        html`<twilio-phone ?single-tab=${singleTab} token-url=${tokenUrl({ identity: uniqueKey('wrong'), variant: 'wrong-secret', hold })} signaling-host=${signalingHost}></twilio-phone>`,
      );
      const log = record(el, ['twilio-phone-bad-credentials']);
      void el.start();
      await until(() => opened.length === 1 && opened[0]!.socket.readyState === WebSocket.OPEN, 'the prewarmed socket open');
      await release(hold);
      await untilState(el, 'bad-credentials');
      const early = sent.filter((f) => typeOf(f.data) === 'listen').map((f) => f.early);
      const detail = (log.of('twilio-phone-bad-credentials')[0] as CustomEvent).detail as unknown;
      const sockets = opened.length;
      el.remove();
      await untilEmulatorSockets(0);
      return { early, detail, sockets };
    };
    const ahead = await phone(false);
    const sdkOnly = await phone(true); // single-tab: nothing is sent ahead
    expect(ahead.early, 'the one listen, sent ahead').to.deep.equal([true]);
    expect(sdkOnly.early, 'the one listen, the SDK’s').to.deep.equal([false]);
    expect(ahead.sockets, 'no second socket').to.equal(1);
    expect(ahead.detail, 'the same bad-credentials event either way').to.deep.equal(sdkOnly.detail);
    expect((ahead.detail as { source: string }).source).to.equal('twilio');
  });

  it('single-tab: the phone waits for its tab to lead, so nothing is sent ahead', async () => {
    const { signalingHost } = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone single-tab token-url=${tokenUrl({ identity: uniqueKey('tab') })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    void el.start();
    await untilState(el, 'ready');
    const listens = sent.filter((f) => typeOf(f.data) === 'listen');
    expect(listens, 'one listen, from the SDK').to.have.length(1);
    expect(listens[0]!.early).to.equal(false);
    el.remove();
    await untilEmulatorSockets(0);
  });
});

// The SDK's side played by hand on a real socket to the emulator: the orderings the real SDK makes
// depend on download timing (its frames before or after the gateway's answers), so each is reached here on purpose.
describeWithWebRTC('early registration with the SDK’s side played by hand', function () {
  this.timeout(30000);
  let socket: WebSocket;
  let url: string;
  let token: string;
  let identity: string;
  let gone = 0;
  const got: string[] = [];
  beforeEach(async () => {
    await untilEmulatorSockets(0);
    identity = uniqueKey('by-hand');
    token = ((await (await fetch(tokenUrl({ identity }))).json()) as { token: string }).token;
    url = `wss://${(await testEnv()).signalingHost}/signal`;
    socket = new WebSocket(url);
    got.length = 0;
    gone = 0;
  });
  afterEach(async () => {
    socket.close();
    await untilEmulatorSockets(0);
  });
  /** What the SDK would do on taking the socket: listen to it. */
  const takeOver = () => socket.addEventListener('message', (e: MessageEvent) => e.data !== '\n' && got.push(typeOf(e.data)));
  const registered = async () => (await status()).registered.includes(identity);

  it('registers with no SDK at all; the SDK’s listen and register are then answered from what was kept', async () => {
    const before = await received();
    const early = registerEarly(socket, token, () => gone++);
    for (let i = 0; i < 400 && !(await registered()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await registered(), 'registered before any SDK').to.equal(true);
    early.handOver();
    takeOver();
    await new Promise((r) => setTimeout(r, 50));
    expect(got, 'nothing before the SDK’s own listen').to.deep.equal([]);
    socket.send(listenFrame(token, navigator));
    await until(() => got.length === 1, 'connected');
    await new Promise((r) => setTimeout(r, 50));
    expect(got, '`ready` waits for the SDK’s register').to.deep.equal(['connected']);
    socket.send(REGISTER_FRAME);
    await until(() => got.length === 2, 'ready');
    expect(got).to.deep.equal(['connected', 'ready']);
    expect(await received(), 'neither sent twice').to.deep.equal({ listen: before.listen + 1, register: before.register + 1 });
    expect(Object.hasOwn(socket, 'send'), 'the socket is the SDK’s alone').to.equal(false);
  });

  it('the SDK’s listen differs (another SDK release): its frames go out too, and it sees one ready, its own', async () => {
    const before = await received();
    const early = registerEarly(socket, token, () => gone++);
    for (let i = 0; i < 400 && !(await registered()); i++) await new Promise((r) => setTimeout(r, 25));
    early.handOver();
    takeOver();
    const other = JSON.parse(listenFrame(token, navigator)) as { payload: { browserinfo: { v: string } } };
    other.payload.browserinfo.v = '2.99.0';
    socket.send(JSON.stringify(other));
    await until(() => got.filter((t) => t === 'connected').length === 2, 'both connected frames');
    expect(got, 'the ready to the early register is dropped').to.deep.equal(['connected', 'connected']);
    socket.send(REGISTER_FRAME);
    await until(() => got.includes('ready'), 'ready');
    await until(() => !Object.hasOwn(socket, 'send'), 'let go');
    expect(got).to.deep.equal(['connected', 'connected', 'ready']);
    expect(await received()).to.deep.equal({ listen: before.listen + 2, register: before.register + 2 });
  });

  it('taken before the socket opened: it sends nothing and lets the SDK do it all', async () => {
    const before = await received();
    socket.close();
    socket = new WebSocket(url); // this one still connecting
    const early = registerEarly(socket, token, () => gone++);
    expect(socket.readyState).to.equal(WebSocket.CONNECTING);
    early.handOver();
    takeOver();
    await until(() => socket.readyState === WebSocket.OPEN, 'open');
    await new Promise((r) => setTimeout(r, 100));
    expect(await received()).to.deep.equal(before);
    expect(Object.hasOwn(socket, 'send')).to.equal(false);
  });

  it('the gateway refuses the token and closes: the SDK still reads the refusal, then the close, on the same socket', async () => {
    const before = await received();
    const bad = ((await (await fetch(tokenUrl({ identity, variant: 'wrong-secret' }))).json()) as { token: string }).token;
    const early = registerEarly(socket, bad, () => gone++);
    let closes = 0;
    socket.addEventListener('close', () => closes++);
    await until(() => closes === 1, 'the gateway closed the socket');
    expect(gone, 'kept: it holds the refusal').to.equal(0);
    early.handOver();
    expect(socket.readyState, 'open to the SDK’s eyes').to.equal(WebSocket.OPEN);
    takeOver();
    socket.send(listenFrame(bad, navigator));
    await until(() => closes === 2, 'the close, replayed after the frames');
    expect(got, 'the refusal, then the close frame').to.deep.equal(['error', 'close']);
    expect(socket.readyState).to.equal(WebSocket.CLOSED);
    const after = await received();
    expect(after.listen, 'one listen').to.equal(before.listen + 1);
    expect(after.register, 'no register after a refused listen').to.equal(before.register);
  });

  it('the socket closes with nothing to replay: it is given up', async () => {
    registerEarly(socket, token, () => gone++);
    await until(() => socket.readyState === WebSocket.OPEN, 'open');
    await emulator('drop', {});
    await until(() => gone === 1, 'given up');
  });
});
