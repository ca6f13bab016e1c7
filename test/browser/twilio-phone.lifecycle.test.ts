// The real @twilio/voice-sdk in Chromium against the emulator's signaling,
// with tokens minted by the `twilio` package. No mocked Device.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, emulator, hits, record, resetFaults, setFaults, sleep, testEnv, tokenUrl, uniqueKey, untilState } from './helpers.js';

const EVENTS = ['twilio-phone-state-change', 'twilio-phone-bad-credentials', 'twilio-phone-error'];

async function makePhone(params: Record<string, string | number>, extra: { registerTimeout?: number } = {}) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl(params)}
    signaling-host=${signalingHost}
    register-timeout=${extra.registerTimeout ?? 15000}
  ></twilio-phone>`);
  const log = record(el, EVENTS);
  return { el, log };
}

const states = (log: ReturnType<typeof record>) => log.of('twilio-phone-state-change').map((e) => e.detail.state);

// Needs WebRTC: without it the phone stops at its capability check (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> lifecycle against the emulator', function () {
  this.timeout(30000);
  afterEach(() => resetFaults());

  it('registers with good credentials and reflects each state', async () => {
    const { el, log } = await makePhone({ variant: 'good', identity: 'lifecycle-good' });
    expect(el.state).to.equal('idle');
    await el.start();
    await untilState(el, 'ready');
    expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    expect(el.getAttribute('state')).to.equal('ready');
    expect(log.of('twilio-phone-error')).to.have.length(0);
    const status = await emulator<{ registered: string[] }>('status');
    expect(status.registered).to.include('lifecycle-good');
    expect(el.device?.state).to.equal('registered');
  });

  const badCredentialCases = [
    { variant: 'wrong-secret', codes: [31202] },
    { variant: 'unknown-account', codes: [31203] },
    { variant: 'unknown-key', codes: [31202] },
    { variant: 'expired', codes: [20104] },
  ];
  for (const row of badCredentialCases) {
    it(`turns a token with ${row.variant} into bad-credentials (${row.codes.join('/')})`, async () => {
      const { el, log } = await makePhone({ variant: row.variant });
      const device = el.start().then(() => el.device);
      await untilState(el, 'bad-credentials');
      const bad = log.of('twilio-phone-bad-credentials');
      expect(bad).to.have.length(1);
      expect(bad[0].detail.source).to.equal('twilio');
      expect(row.codes).to.include(bad[0].detail.error.code);
      expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'bad-credentials']);
      expect(el.device, 'device destroyed').to.equal(null);
      // The SDK Device this start created was destroyed, which stops its reconnect loop.
      expect((await device)?.state, 'SDK device state').to.equal('destroyed');
      expect(el.lastError?.code).to.equal(bad[0].detail.error.code);
      expect(el.shadowRoot!.textContent).to.contain(String(bad[0].detail.error.code));
    });
  }

  it('stops the reconnect storm: a gateway that drops the socket after the error frame yields one error event', async () => {
    await setFaults({ closeWithoutCloseFrame: true });
    const { el, log } = await makePhone({ variant: 'wrong-secret' });
    await el.start();
    await untilState(el, 'bad-credentials');
    await sleep(1000); // a storm would emit ~10 errors a second
    expect(log.of('twilio-phone-error')).to.have.length(1);
    expect(log.of('twilio-phone-bad-credentials')).to.have.length(1);
    const status = await emulator<{ openSockets: number }>('status');
    expect(status.openSockets).to.equal(0);
  });

  it('treats 401 from the token URL as bad-credentials without a retry or an SDK socket', async () => {
    const key = uniqueKey('401');
    const { el, log } = await makePhone({ fault: '401', key });
    await el.start();
    expect(el.state).to.equal('bad-credentials');
    const [bad] = log.of('twilio-phone-bad-credentials');
    expect(bad.detail.source).to.equal('token-url');
    expect(bad.detail.error.code).to.equal(20003);
    expect(await hits(key)).to.equal(1);
  });

  it('ends in error, not stuck in registering, when the gateway drops every socket without a close frame', async () => {
    await setFaults({ dropOnListen: true });
    const { el, log } = await makePhone({ variant: 'good' }, { registerTimeout: 1500 });
    await el.start();
    await untilState(el, 'error', 5000);
    const last = log.of('twilio-phone-state-change').at(-1)!;
    expect(last.detail.reason).to.equal('register-timeout');
    expect(last.detail.error.message).to.match(/did not complete within 1\.5 s/);
    expect(el.device).to.equal(null);
    await resetFaults();
    await sleep(300);
    expect((await emulator<{ openSockets: number }>('status')).openSockets).to.equal(0);
  });

  it('goes offline when the gateway restarts after ready, then back to ready on its own', async () => {
    const { el, log } = await makePhone({ variant: 'good', identity: 'restart' });
    await el.start();
    await untilState(el, 'ready');
    await emulator('drop', {});
    await untilState(el, 'offline', 5000);
    await untilState(el, 'ready', 15000);
    expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'ready', 'offline', 'ready']);
    expect(log.of('twilio-phone-bad-credentials')).to.have.length(0);
  });

  it('recovers with a Retry after bad-credentials once the token URL is fixed', async () => {
    const { el } = await makePhone({ variant: 'wrong-secret' });
    await el.start();
    await untilState(el, 'bad-credentials');
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="start-button"]')!;
    expect(retry.textContent!.trim()).to.equal('Try again');
    el.tokenUrl = tokenUrl({ variant: 'good' });
    retry.click();
    await untilState(el, 'ready');
  });

  it('refreshes short-lived tokens and stays ready across their expiry', async () => {
    const key = uniqueKey('refresh');
    const { el, log } = await makePhone({ variant: 'good', ttl: 12, key });
    await el.start();
    await untilState(el, 'ready');
    await sleep(14000); // beyond the first token's expiry
    expect(await hits(key)).to.be.greaterThan(1);
    expect(el.state).to.equal('ready');
    expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    expect(log.of('twilio-phone-error')).to.have.length(0);
  });
});

// The page's own token source: `fetchToken()` instead of `token-url`, through the same token path
// as the URL (core/token-source.ts), for the phone and its pre-call test alike.
describeWithWebRTC('<twilio-phone> with fetchToken()', function () {
  this.timeout(30000);
  const refused = () => Object.assign(new Error('HTTP 401 from /my-token'), { status: 401 });

  it('registers with the token it resolves with; the URL is not asked', async () => {
    const { signalingHost } = await testEnv();
    const key = uniqueKey('ft-good');
    const urlKey = uniqueKey('ft-url');
    let calls = 0;
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ variant: 'good', key: urlKey })} signaling-host=${signalingHost}></twilio-phone>`,
    );
    el.fetchToken = async () => {
      calls++;
      const res = await fetch(tokenUrl({ variant: 'good', identity: 'fetch-token-good', key }));
      return ((await res.json()) as { token: string }).token;
    };
    const log = record(el, EVENTS);
    await el.start();
    await untilState(el, 'ready');
    expect(states(log)).to.deep.equal(['fetching-token', 'registering', 'ready']);
    expect(calls).to.equal(1);
    expect(await hits(urlKey)).to.equal(0);
  });

  it('a rejection with status 401 is bad-credentials from fetch-token (reason fetch-token-refused), before any SDK socket', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    el.fetchToken = async () => {
      throw refused();
    };
    const log = record(el, EVENTS);
    await el.start();
    expect(el.state).to.equal('bad-credentials');
    const [bad] = log.of('twilio-phone-bad-credentials');
    expect(bad.detail).to.deep.equal({ source: 'fetch-token', error: { code: 401, status: 401, message: 'fetchToken() failed: HTTP 401 from /my-token' } });
    const change = log.of('twilio-phone-state-change').at(-1)!;
    expect(change.detail.reason).to.equal('fetch-token-refused');
    expect(change.detail.error).to.deep.equal(bad.detail.error);
    expect(el.device).to.equal(null);
  });

  it('any other rejection is error (reason fetch-token-failed); no source at all is error (no-token-source)', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    const log = record(el, EVENTS);
    await el.start();
    expect(el.state).to.equal('error');
    expect(log.of('twilio-phone-state-change').at(-1)!.detail.reason).to.equal('no-token-source');
    el.fetchToken = async () => {
      throw new Error('offline');
    };
    await el.start();
    expect(el.state).to.equal('error');
    const change = log.of('twilio-phone-state-change').at(-1)!;
    expect(change.detail.reason).to.equal('fetch-token-failed');
    expect(change.detail.error).to.deep.equal({ message: 'fetchToken() failed: offline' });
    expect(log.of('twilio-phone-bad-credentials')).to.have.length(0);
  });

  it('preflight(): the same token path; a 401 from fetchToken() is bad-credentials with its status as the code', async () => {
    const el = await fixture<TwilioPhone>(html`<twilio-phone></twilio-phone>`);
    el.fetchToken = async () => {
      throw refused();
    };
    const failed = record(el, ['twilio-phone-preflight-failed']);
    const rejection = await el.preflight().then(
      () => null,
      (err: { reason?: string; code?: number }) => err,
    );
    expect(rejection?.reason).to.equal('bad-credentials');
    expect(rejection?.code).to.equal(401);
    expect(failed.events[0].detail).to.deep.equal({
      reason: 'bad-credentials',
      error: { code: 401, status: 401, message: 'fetchToken() failed: HTTP 401 from /my-token' },
    });
    expect(el.state, 'the phone itself is untouched').to.equal('idle');
  });
});
