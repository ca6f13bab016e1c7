// Pre-call test and live call quality, for real: the real @twilio/voice-sdk in
// Chromium (fake microphone, loopback ICE) against the emulator's werift media,
// with the emulator's impairments (POST /emulator/impairments) making the
// network lossy. The emulator of this suite ends a preflight call after 5 s.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import '../../src/elements/components/device-status/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import type { DeviceStatus } from '../../src/elements/components/device-status/device-status.js';
import type { PreflightError } from '../../src/elements/controllers/preflight.js';
import { hintWarning, qualityLevel, reduceWarnings, type CallQuality } from '../../src/elements/core/call-quality.js';
import { QUALITY_WARNING_STRINGS, warningString } from '../../src/elements/core/quality-labels.js';
import type { PreflightReport } from '../../src/elements/core/preflight-report.js';
import { describeWithWebRTC, emulator, matchesState, record, resetFaults, setFaults, testEnv, tokenUrl, until, untilState } from './helpers.js';

const EVENTS = [
  'twilio-phone-state-change',
  'twilio-phone-preflight',
  'twilio-phone-preflight-failed',
  'twilio-phone-preflight-state-change',
  'twilio-phone-call-quality',
  'twilio-phone-quality-warning',
  'twilio-phone-call-state-change',
  'twilio-phone-error',
];

let seq = 0;
const ident = (name: string) => `q-${name}-${Date.now().toString(36)}-${++seq}`;
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const text = (el: Element, sel: string) => $(el, sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function makePhone(params: Record<string, string | number>, attrs: { registerTimeout?: number } = {}) {
  const { signalingHost } = await testEnv();
  const el = await fixture<TwilioPhone>(html`<twilio-phone
    token-url=${tokenUrl(params)}
    signaling-host=${signalingHost}
    register-timeout=${attrs.registerTimeout ?? 15000}
  ></twilio-phone>`);
  return { el, log: record(el, EVENTS) };
}

/** The emulator's own control API (not the test bridge): what the demo's switches call. */
async function impair(body: Record<string, unknown>) {
  const { emulatorUrl } = await testEnv();
  const res = await fetch(`${emulatorUrl}/emulator/impairments${body.reset ? '/reset' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body.reset ? {} : body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`impairments: HTTP ${res.status} ${json.message}`);
  return json;
}

/**
 * Records every URL the page asks for by XHR, fetch, sendBeacon or an audio element while `fn` runs:
 * the SDK's sounds go through XHR (AudioContext) or `Audio`, Insights through fetch.
 */
async function requestsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; urls: string[] }> {
  const urls: string[] = [];
  const open = XMLHttpRequest.prototype.open;
  const originalFetch = window.fetch;
  const beacon = navigator.sendBeacon;
  const OriginalAudio = window.Audio;
  const src = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'src')!;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    urls.push(String(url));
    return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof open;
  window.fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return originalFetch(input, init);
  };
  navigator.sendBeacon = (url, data) => {
    urls.push(String(url));
    return beacon.call(navigator, url, data);
  };
  window.Audio = function (url?: string) {
    if (url) urls.push(url);
    return new OriginalAudio(url);
  } as unknown as typeof Audio;
  Object.defineProperty(HTMLMediaElement.prototype, 'src', {
    ...src,
    set(value: string) {
      urls.push(value);
      src.set!.call(this, value);
    },
  });
  try {
    return { result: await fn(), urls };
  } finally {
    XMLHttpRequest.prototype.open = open;
    window.fetch = originalFetch;
    navigator.sendBeacon = beacon;
    window.Audio = OriginalAudio;
    Object.defineProperty(HTMLMediaElement.prototype, 'src', src);
  }
}

/** Replaces getUserMedia with one that rejects like the browser does (a case Chromium's fake device cannot produce). */
async function withMicrophoneError<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const md = navigator.mediaDevices;
  const original = md.getUserMedia;
  md.getUserMedia = () => Promise.reject(new DOMException('Requested device not available', name));
  try {
    return await fn();
  } finally {
    md.getUserMedia = original;
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('quality levels', () => {
  it("match the SDK's PreflightTest.CallQuality wherever the SDK's bands are defined (MOS 1.00 … 4.50)", async () => {
    // Loaded lazily, as the phone does: a static import makes Firefox's test page too slow to start.
    const { PreflightTest } = await import('@twilio/voice-sdk');
    const sdk = (PreflightTest.prototype as unknown as { _getCallQuality(mos: number): string })._getCallQuality;
    let compared = 0;
    for (let i = 100; i <= 450; i++) {
      const mos = i / 100;
      const inGap = (mos > 4 && mos < 4.1) || (mos > 3.6 && mos < 3.7) || (mos > 3 && mos < 3.1);
      if (inGap) continue;
      expect(qualityLevel(mos), `MOS ${mos}`).to.equal(sdk.call({}, mos));
      compared++;
    }
    expect(compared).to.be.greaterThan(300);
  });
});

// Needs WebRTC: without it the test fails at once (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> pre-call test (preflight) against the emulator', function () {
  this.timeout(40000);
  afterEach(async () => {
    await resetFaults();
    await impair({ reset: true });
  });

  it('Test connection: connecting → measuring → completed, verdict and figures shown, report event, nothing fetched from Twilio, axe in each state', async () => {
    const { el, log } = await makePhone({ variant: 'good', identity: ident('clean') });
    const button = $<HTMLButtonElement>(el, '[part="preflight-button"]')!;
    expect(button.textContent!.trim()).to.equal('Test connection');
    expect($(el, '[part="preflight-result"]')!.getAttribute('role')).to.equal('status');

    const { urls } = await requestsDuring(async () => {
      button.click();
      await until(() => el.preflightState === 'connecting', 'connecting');
      await el.updateComplete;
      expect(text(el, '[part="preflight-button"]')).to.equal('Stop test');
      expect(text(el, '[part="preflight-result"]')).to.equal('Testing the connection: calling the test line…');
      expect(matchesState(el, 'preflight-connecting')).to.equal(true);
      await expect(el).to.be.accessible();
      await until(() => el.preflightState === 'measuring', 'measuring');
      await el.updateComplete;
      expect(text(el, '[part="preflight-result"]')).to.equal('Testing the connection: measuring call quality…');
      await expect(el).to.be.accessible();
      await until(() => el.preflightState === 'completed', 'completed', 20000);
    });

    const reports = log.of('twilio-phone-preflight');
    expect(reports).to.have.length(1);
    const report = reports[0]!.detail as PreflightReport;
    expect(report).to.have.keys(['callQuality', 'mos', 'rtt', 'jitter', 'packetLoss', 'edge', 'warnings', 'networkTiming', 'duration']);
    expect(report.packetLoss, JSON.stringify(report)).to.equal(0);
    expect(report.mos).to.be.within(1, 4.5);
    expect(report.callQuality).to.equal(qualityLevel(report.mos));
    expect(report.callQuality, 'a clean loopback line (only a starved machine makes it worse)').to.be.oneOf(['excellent', 'great']);
    expect(report.edge).to.equal('ashburn');
    expect(report.networkTiming.signaling?.duration).to.be.a('number');
    expect(report.duration).to.be.at.least(5000); // the emulator's test line echoes for 5 s
    expect(el.preflightReport).to.deep.equal(report);
    expect(log.of('twilio-phone-preflight-state-change').map((e) => e.detail.state)).to.deep.equal(['connecting', 'measuring', 'completed']);
    expect(log.of('twilio-phone-state-change'), 'the phone itself never moved').to.have.length(0);
    expect(el.state).to.equal('idle');

    await el.updateComplete;
    expect(text(el, '[part="preflight-result"]')).to.equal(
      report.callQuality === 'excellent' ? 'Excellent: calls will sound clear' : 'Great: calls will sound clear',
    );
    expect(text(el, '[part="preflight-figures"]')).to.match(/^MOS 4\.\d+ · round trip \d+ ms · jitter \d+ ms · loss 0 %$/);
    expect($(el, '[part="preflight"]')!.dataset.level).to.equal(report.callQuality);
    expect(matchesState(el, 'preflight-completed')).to.equal(true);
    expect(matchesState(el, 'preflight-measuring')).to.equal(false);
    await expect(el).to.be.accessible();

    // The test's own Device got the phone's sounds (the shipped files, same origin) and no Insights: nothing went to twilio.com.
    expect(
      urls.filter((u) => /twilio\.com/i.test(u)),
      urls.join('\n'),
    ).to.deep.equal([]);
    expect(
      urls.filter((u) => u.startsWith('data:')),
      'no data: URLs (a strict CSP blocks them)',
    ).to.deep.equal([]);
    expect(
      urls.some((u) => new URL(u, location.href).origin === location.origin && /\/sounds\/\w+\.mp3/.test(u)),
      urls.join('\n'),
    ).to.equal(true);
  });

  it('a registered phone is not disturbed: stays ready through the test, keeps its registration, and calls afterwards', async () => {
    const identity = ident('ready');
    const { el, log } = await makePhone({ variant: 'good', identity });
    await el.start();
    await untilState(el, 'ready');
    const before = log.events.length;
    const report = await el.preflight();
    expect(report.mos, JSON.stringify(report)).to.be.a('number');
    expect(log.events.slice(before).filter((e) => e.type === 'twilio-phone-state-change')).to.have.length(0);
    expect(el.state).to.equal('ready');
    const status = await emulator<{ registered: string[] }>('status');
    expect(status.registered).to.include(identity);
    // and the phone can still be reached: an incoming call rings it, not the test's finished Device
    await emulator('ring', { to: `client:${identity}`, from: '+15005550006' });
    await until(() => log.of('twilio-phone-incoming').length > 0 || log.of('twilio-phone-call-state-change').length > 0, 'incoming call');
    expect(log.of('twilio-phone-call-state-change').at(-1)!.detail.callState).to.equal('ringing');
    el.reject();
    await untilState(el, 'ready');
  });

  it('a call placed during the test takes over: the test stops (cancelled), the call connects', async () => {
    const { el, log } = await makePhone({ variant: 'good', identity: ident('takeover') });
    await el.start();
    await untilState(el, 'ready');
    const pending = el.preflight().catch((e: PreflightError) => e);
    await until(() => el.preflightState === 'measuring', 'measuring');
    await el.call('echo');
    expect(((await pending) as PreflightError).reason).to.equal('cancelled');
    expect(el.preflightState).to.equal('idle');
    await until(() => log.of('twilio-phone-call-state-change').some((e) => e.detail.callState === 'connected'), 'the call connected');
    el.hangup();
    await untilState(el, 'ready');
  });

  it('under 20 % packet loss the test reports the lower quality', async () => {
    // 20 %, not 10 %: the SDK's MOS is the mean of per-second samples of random loss, and at 10 % a
    // run averaged 4.12 (a fresh CI run), across the 4.1 line below. At 20 % three runs measured
    // 12–31 % loss and MOS 1.16–3.37 (a clean link gives about 4.4).
    await impair({ loss: 0.2 });
    const { el } = await makePhone({ variant: 'good', identity: ident('lossy') });
    const report = await el.preflight();
    expect(report.packetLoss).to.be.greaterThan(3);
    expect(report.mos).to.be.lessThan(4.1);
    expect(['fair', 'degraded', 'good']).to.include(report.callQuality);
    await el.updateComplete;
    expect(text(el, '[part="preflight-result"]')).to.not.contain('Excellent');
  });

  describe('failures: clear reason, readable message, the phone untouched', () => {
    const cases: Array<[string, Record<string, string | number>, () => Promise<unknown>, string, RegExp, number?]> = [
      [
        'wrong secret (Twilio refuses the token)',
        { variant: 'wrong-secret' },
        async () => undefined,
        'bad-credentials',
        /credentials were refused\. \(31202\)/,
        31202,
      ],
      ['token URL answers 401', { fault: '401' }, async () => undefined, 'bad-credentials', /credentials were refused/],
      ['token URL down (500, retried)', { fault: '500' }, async () => undefined, 'token-failed', /could not get an access token/],
      [
        'signaling gateway refuses connections',
        { variant: 'good' },
        () => setFaults({ refuseConnections: true }),
        'signaling-unreachable',
        /Twilio could not be reached/,
      ],
      [
        'signaling gateway never answers (register-timeout)',
        { variant: 'good' },
        () => setFaults({ dropOnListen: true }),
        'signaling-unreachable',
        /Twilio could not be reached/,
      ],
    ];
    for (const [name, params, arrange, reason, message, code] of cases) {
      it(`${name} → ${reason}`, async () => {
        await arrange();
        const { el, log } = await makePhone({ ...params, identity: ident('fail') }, { registerTimeout: 3000 });
        const error = (await el.preflight().then(
          () => null,
          (e: PreflightError) => e,
        ))!;
        expect(error, 'preflight() rejects').to.be.instanceOf(Error);
        expect(error.name).to.equal('PreflightError');
        expect(error.reason).to.equal(reason);
        if (code) expect(error.code).to.equal(code);
        const failed = log.of('twilio-phone-preflight-failed');
        expect(failed).to.have.length(1);
        expect(failed[0]!.detail.reason).to.equal(reason);
        expect(el.preflightState).to.equal('failed');
        expect(matchesState(el, 'preflight-failed')).to.equal(true);
        await el.updateComplete;
        expect(text(el, '[part="preflight-result"]')).to.match(message);
        expect(log.of('twilio-phone-state-change'), 'the phone stays idle').to.have.length(0);
        await expect(el).to.be.accessible();
      });
    }

    for (const [domName, reason, message] of [
      ['NotAllowedError', 'microphone-denied', /allow it for this site/],
      ['NotFoundError', 'no-microphone', /No microphone could be opened/],
    ] as const) {
      it(`microphone ${domName} → ${reason}, no token wasted on a socket`, async () => {
        const { el, log } = await makePhone({ variant: 'good', identity: ident('mic') });
        const error = await withMicrophoneError(domName, () => el.preflight().catch((e: PreflightError) => e));
        expect((error as PreflightError).reason).to.equal(reason);
        await el.updateComplete;
        expect(text(el, '[part="preflight-result"]')).to.match(message);
        expect(log.of('twilio-phone-preflight-state-change').map((e) => e.detail.state)).to.deep.equal(['connecting', 'failed']);
      });
    }

    it('Stop test: back to idle, preflight() rejects with cancelled, the test call ends at the emulator', async () => {
      const identity = ident('stop');
      const { el, log } = await makePhone({ variant: 'good', identity });
      const pending = el.preflight().catch((e: PreflightError) => e);
      expect(el.preflight(), 'a second call joins the running test').to.equal(el.preflight());
      await until(() => el.preflightState === 'measuring', 'measuring');
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part="preflight-button"]')!.click();
      expect(((await pending) as PreflightError).reason).to.equal('cancelled');
      expect(el.preflightState).to.equal('idle');
      expect(matchesState(el, 'preflight-measuring')).to.equal(false);
      expect(log.of('twilio-phone-preflight-failed').map((e) => e.detail.reason)).to.deep.equal(['cancelled']);
      await el.updateComplete;
      expect(text(el, '[part="preflight-result"]')).to.equal('');
      const testCall = async () => (await emulator<{ calls: Array<{ identity: string; state: string }> }>('status')).calls.find((c) => c.identity === identity);
      let call = await testCall();
      while (call?.state === 'in-progress') call = await testCall();
      expect(call?.state).to.equal('completed');
      expect(log.of('twilio-phone-preflight')).to.have.length(0);
    });

    it('removed from the page mid-test: stops silently (no events), the promise rejects with cancelled', async () => {
      const { el, log } = await makePhone({ variant: 'good', identity: ident('removed') });
      const pending = el.preflight().catch((e: PreflightError) => e);
      await until(() => el.preflightState === 'measuring', 'measuring');
      const before = log.events.length;
      el.remove();
      expect(((await pending) as PreflightError).reason).to.equal('cancelled');
      expect(log.events.slice(before)).to.have.length(0);
    });

    it('hide-dialer hides the control; preflight() still works from code', async () => {
      const { el } = await makePhone({ variant: 'good', identity: ident('hidden') });
      el.hideDialer = true;
      await el.updateComplete;
      expect($(el, '[part="preflight"]')).to.equal(null);
    });
  });
});

// Needs WebRTC: without it the test fails at once (twilio-phone.no-webrtc.test.ts).
describeWithWebRTC('<twilio-phone> live call quality against the emulator', function () {
  this.timeout(60000);
  afterEach(() => impair({ reset: true }));

  it('clean echo call reads excellent; 10 % loss on the call drops the MOS and raises high-packet-loss, which clears when the loss stops', async () => {
    const identity = ident('live');
    const { signalingHost } = await testEnv();
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <twilio-phone id="qp" token-url=${tokenUrl({ variant: 'good', identity })} signaling-host=${signalingHost}></twilio-phone>
      <device-status for="qp"></device-status>
    </div>`);
    const el = wrap.querySelector<TwilioPhone>('twilio-phone')!;
    const badge = wrap.querySelector<DeviceStatus>('device-status')!;
    const log = record(el, EVENTS);
    await el.start();
    await untilState(el, 'ready');
    await el.call('echo');
    await until(() => el.activeCall?.status() === 'open', 'connected');
    const callSid = log
      .of('twilio-phone-call-state-change')
      .map((e) => e.detail.callSid)
      .find(Boolean) as string;
    expect(callSid).to.match(/^CA/);

    // A second test while the call is up is refused, and the call goes on.
    const busy = await el.preflight().catch((e: PreflightError) => e);
    expect((busy as PreflightError).reason).to.equal('busy');

    // Clean: the call reads excellent, in the phone and in <device-status>. (A starved machine can
    // delay a second's packets, so this waits for the reading instead of judging the very first one.)
    const quality = () => log.of('twilio-phone-call-quality').map((e) => e.detail as CallQuality);
    await until(() => quality().at(-1)?.level === 'excellent', 'an excellent reading', 15000);
    const clean = quality().filter((q) => q.mos !== null);
    expect(
      clean.every((q) => q.packetLoss === 0),
      JSON.stringify(clean),
    ).to.equal(true);
    expect(text(el, '[part="quality-label"]')).to.equal('Call quality: excellent');
    expect($(el, '[part="quality"]')!.dataset.bars).to.equal('5');
    expect($(el, '[part="quality-bars"]')!.getAttribute('aria-hidden')).to.equal('true');
    expect(matchesState(el, 'quality-excellent')).to.equal(true);
    await badge.updateComplete;
    expect(text(badge, '[part="quality-label"]')).to.equal('Call quality: excellent');
    const indicator = $(el, '[part="quality"]');

    // 10 % loss on this call only (the emulator's per-call setting).
    const applied = await impair({ loss: 0.1, callSid });
    expect(applied.calls[callSid].loss).to.equal(0.1);
    const lossyFrom = quality().length;
    await until(() => log.of('twilio-phone-quality-warning').some((e) => e.detail.name === 'high-packet-loss' && !e.detail.cleared), 'high-packet-loss', 20000);
    // Per second the loss varies (10 % of ~50 packets), so judge the mean of every lossy second but the first.
    await until(() => quality().length - lossyFrom >= 6, 'six measurements under loss', 10000);
    const lossy = quality()
      .slice(lossyFrom + 1)
      .filter((q) => q.mos !== null);
    expect(mean(lossy.map((q) => q.packetLoss!)), JSON.stringify(lossy)).to.be.within(4, 20);
    expect(mean(lossy.map((q) => q.mos!))).to.be.lessThan(mean(clean.map((q) => q.mos!)) - 0.3);
    expect(qualityLevel(mean(lossy.map((q) => q.mos!))), JSON.stringify(lossy)).to.be.oneOf(['good', 'fair', 'degraded']);
    // The hint shows the most important active warning: packet loss, unless something worse is up too.
    const active = log.of('twilio-phone-quality-warning').reduce((a: string[], e) => reduceWarnings(a, e.detail), []);
    expect(active).to.include('high-packet-loss');
    expect(text(el, '[part="quality-hint"]')).to.equal(QUALITY_WARNING_STRINGS[warningString(hintWarning(active)!)]);
    expect($(el, '[part="quality-hint"]')!.getAttribute('role')).to.equal('status');
    expect(matchesState(el, 'quality-warning')).to.equal(true);
    expect($(el, '[part="quality"]'), 'written in place, not re-rendered').to.equal(indicator);
    const badgeLevel = () => $(badge, '[part="quality"]')?.dataset.level ?? '';
    await until(() => ['good', 'fair', 'degraded'].includes(badgeLevel()), 'the badge showing the lower quality', 15000);
    await expect(el).to.be.accessible();
    await expect(badge).to.be.accessible();

    // Loss stops: the SDK clears the warning (after ten clean seconds), and so does the hint.
    await impair({ loss: 0, callSid });
    await until(
      () => log.of('twilio-phone-quality-warning').some((e) => e.detail.name === 'high-packet-loss' && e.detail.cleared),
      'high-packet-loss cleared',
      25000,
    );
    await el.updateComplete;
    expect(text(el, '[part="quality-hint"]')).to.not.equal('Audio is being lost on the network');
    expect(el.activeCall?.status()).to.equal('open');

    // At most one measurement a second, all through the call.
    const stamps = log.of('twilio-phone-call-quality').map((e) => e.timeStamp);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!, `gap ${i}`).to.be.at.least(1000);

    el.hangup();
    await untilState(el, 'ready');
    await badge.updateComplete;
    expect($(badge, '[part="quality"]'), 'the badge drops the indicator after the call').to.equal(null);
    expect(matchesState(el, 'quality-excellent') || matchesState(el, 'quality-fair') || matchesState(el, 'quality-warning')).to.equal(false);
  });
});
