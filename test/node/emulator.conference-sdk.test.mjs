/* global Twilio, device, once, levels, cleanup -- the test page's globals, used inside page.evaluate */
// The real Voice SDK in Chromium joins a conference through a TwiML application answering
// <Dial><Conference>, and an emulator party (billing, 1000 Hz) is added through the REST API:
// media is checked on both sides (the emulator's /audio meter for what it received from the
// browser, a WebAudio analyser in the page for what the browser receives), hold gives the
// browser the hold music, a user-defined message reaches the SDK as `messageReceived`, and an
// Opus-preferring client gets a clear error. Chromium's microphone is a file: a 700 Hz tone.
// Skipped without /usr/bin/chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import twilio from 'twilio';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { startEmulator, DEFAULT_ACCOUNT as A } from '../../dist/emulator/index.js';
import { loopbackServers } from '../support/loopback-servers.mjs';
import { callAudio, control, eventually as poll, restClient } from '../support/emulator-control.mjs';

const skip = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH}`;
const require = createRequire(import.meta.url);
const SDK = readFileSync(require.resolve('@twilio/voice-sdk').replace(/es5[/\\]twilio\.js$/, 'dist/twilio.min.js'));
const APP = 'AP' + 'c0'.repeat(16);
const KEY = A.apiKeys[0];
const MIC_HZ = 700;
const NUMBER = '+15017122661';

function mint(identity) {
  const token = new twilio.jwt.AccessToken(A.accountSid, KEY.sid, KEY.secret, { identity, ttl: 600 });
  token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: APP }));
  return token.toJwt();
}

/** 10 s of a sine as a 48 kHz mono 16-bit WAV: Chromium's fake microphone plays it in a loop. */
function toneWav(hz) {
  const rate = 48000;
  const n = rate * 10;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  return b;
}

const servers = loopbackServers();
const hooks = [];
let emulator;
let client;
let browser;
let page;
let dir;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'conference-sdk-'));
  const wav = join(dir, 'mic.wav');
  writeFileSync(wav, toneWav(MIC_HZ));
  const twiml = await servers.listen((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      hooks.push({ path: req.url, params });
      res.writeHead(200, { 'content-type': 'text/xml' });
      if (req.url === '/incoming') {
        return res.end(
          `<Response><Dial><Conference participantLabel="remote:${params.From}" endConferenceOnExit="true" beep="false" waitUrl="">tw-${params.CallSid}</Conference></Dial></Response>`,
        );
      }
      if (req.url !== '/voice') return res.end('<Response/>');
      const identity = params.From.replace(/^client:/, '');
      res.end(
        `<Response><Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="true" participantLabel="owner:${identity}" beep="false" waitUrl="" statusCallback="/events" statusCallbackEvent="start end join leave hold">tw-${params.CallSid}</Conference></Dial></Response>`,
      );
    });
  });
  emulator = await startEmulator({ applications: { [APP]: { voiceUrl: `${twiml}/voice` } }, numbers: { [NUMBER]: { voiceUrl: `${twiml}/incoming` } } });
  client = restClient(emulator);
  const origin = await servers.listen((req, res) => {
    if (req.url === '/twilio.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(SDK);
    }
    const m = /^\/token\?identity=([^&]*)$/.exec(req.url);
    if (m) return res.end(mint(decodeURIComponent(m[1])));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>conference</title><script src="/twilio.min.js"></script>');
  });
  browser = await (
    await import('playwright-core')
  ).chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      `--use-file-for-fake-audio-capture=${wav}`,
      `--host-resolver-rules=MAP voice-js.*.twilio.com 127.0.0.1:${emulator.port}, MAP *.twilio.com ~NOTFOUND`,
    ],
  });
  page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate(() => {
    window.once = (emitter, event, ms = 20000) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${event} in ${ms} ms`)), ms);
        emitter.once(event, (...args) => {
          clearTimeout(t);
          resolve(args);
        });
      });
    window.devices = [];
    window.device = async (identity, options = {}) => {
      const token = await (await fetch(`/token?identity=${encodeURIComponent(identity)}`)).text();
      const d = new Twilio.Device(token, { logLevel: 'silent', ...options });
      d.on('error', () => {});
      // A steady tone is what noise suppression removes: the microphone goes in untouched.
      await d.audio.setAudioConstraints({ echoCancellation: false, noiseSuppression: false, autoGainControl: false });
      window.devices.push(d);
      return d;
    };
    /** dB of each frequency in what the call receives, over about a quarter second (WebAudio FFT). */
    window.levels = async (call, freqs) => {
      const ctx = (window.audioCtx ??= new AudioContext());
      await ctx.resume();
      const source = ctx.createMediaStreamSource(call.getRemoteStream());
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.8;
      source.connect(analyser);
      await new Promise((r) => setTimeout(r, 400));
      const data = new Float32Array(analyser.frequencyBinCount);
      analyser.getFloatFrequencyData(data);
      source.disconnect();
      const bin = ctx.sampleRate / analyser.fftSize;
      return Object.fromEntries(freqs.map((f) => [f, Math.max(...[-1, 0, 1].map((d) => data[Math.round(f / bin) + d]))]));
    };
    window.cleanup = () => {
      for (const d of window.devices.splice(0)) d.destroy();
    };
  });
});

after(async () => {
  await page?.evaluate(() => window.cleanup()).catch(() => {});
  await browser?.close();
  await emulator?.stop();
  await servers.closeAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function audio(callSid, freqs) {
  const { status, json } = await callAudio(emulator, callSid, freqs);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

// Every 200 ms: each poll is a new TLS request, and Chromium is sending media meanwhile.
const eventually = (check) => poll(check, 10_000, 200);

test('the SDK joins a conference with billing: each hears the other, hold brings the music, a call message arrives', { skip, timeout: 90_000 }, async () => {
  const callSid = await page.evaluate(async () => {
    const agent = await device('agent');
    window.agentCall = await agent.connect({ params: { To: 'billing' } });
    await once(window.agentCall, 'accept');
    return window.agentCall.parameters.CallSid;
  });
  const conference = `tw-${callSid}`;
  const billing = await client
    .conferences(conference)
    .participants.create({ from: '+15005550006', to: 'billing', label: 'remote:billing', endConferenceOnExit: true });
  const [room] = await client.conferences.list({ friendlyName: conference, status: 'in-progress' });
  assert.equal(room.sid, billing.conferenceSid);

  // The emulator receives the browser's microphone (700 Hz) and sends it billing's 1000 Hz, not its own voice.
  const figures = {};
  await eventually(async () => {
    const a = await audio(callSid, [MIC_HZ, 1000]);
    figures.emulator = a;
    assert.ok(a.said[MIC_HZ] > -40, `said ${JSON.stringify(a.said)}`);
    assert.ok(a.heard['1000'] > -30 && a.heard[MIC_HZ] < -60, `heard ${JSON.stringify(a.heard)}`);
    const b = await audio(billing.callSid, [MIC_HZ, 1000]);
    assert.ok(b.heard[MIC_HZ] > -40 && b.heard['1000'] < -60, `billing heard ${JSON.stringify(b.heard)}`);
  });
  // The browser really plays 1000 Hz (WebAudio on the SDK's remote stream).
  await eventually(async () => {
    const l = await page.evaluate(() => levels(window.agentCall, [400, 800, 1000, 1400]));
    figures.browser = l;
    assert.ok(l[1000] > l[1400] + 20 && l[1000] > l[400] + 20, `browser levels ${JSON.stringify(l)}`);
  });

  // Holding the browser's leg: it hears the hold music (400/800 Hz) and billing no longer hears it.
  await client.conferences(room.sid).participants(callSid).update({ hold: true });
  await eventually(async () => {
    const l = await page.evaluate(() => levels(window.agentCall, [400, 800, 1000]));
    figures.held = l;
    assert.ok(Math.max(l[400], l[800]) > l[1000] + 20, `held browser levels ${JSON.stringify(l)}`);
    const b = await audio(billing.callSid, [MIC_HZ]);
    assert.ok(b.heard[MIC_HZ] < -60, `billing heard ${JSON.stringify(b.heard)} while the browser was held`);
  });
  await client.conferences(room.sid).participants(callSid).update({ hold: false });

  // A user-defined message reaches the SDK.
  const received = page.evaluate(() => once(window.agentCall, 'messageReceived').then(([m]) => m));
  const sent = await client.calls(callSid).userDefinedMessages.create({ content: JSON.stringify({ type: 'twilio-widgets.participants', v: 1 }) });
  const message = await received;
  assert.deepEqual(message.content, { type: 'twilio-widgets.participants', v: 1 });
  assert.equal(message.voiceEventSid, sent.sid);
  assert.equal(message.messageType, 'user-defined-message');

  // Hanging up the browser (endConferenceOnExit) ends the conference and billing's leg.
  await page.evaluate(() => window.agentCall.disconnect());
  await eventually(async () => {
    assert.equal((await client.conferences(room.sid).fetch()).status, 'completed');
    assert.equal((await client.calls(billing.callSid).fetch()).status, 'completed');
  });
  const events = hooks.filter((h) => h.path === '/events' && h.params.ConferenceSid === room.sid).map((h) => h.params.StatusCallbackEvent);
  assert.deepEqual(events, [
    'participant-join',
    'conference-start',
    'participant-join',
    'participant-hold',
    'participant-unhold',
    'participant-leave',
    'participant-leave',
    'conference-end',
  ]);
  console.log(`# media figures (dBFS emulator, dB browser FFT): ${JSON.stringify(figures)}`);
});

test('a client that prefers Opus cannot join a conference: a clear error, the call fails', { skip, timeout: 60_000 }, async () => {
  const callSid = await page.evaluate(async () => {
    const d = await device('opus-agent', { codecPreferences: ['opus', 'pcmu'] });
    const call = await d.connect({ params: { To: 'billing' } });
    await once(call, 'disconnect');
    return call.parameters.CallSid;
  });
  const info = emulator.call(callSid);
  assert.equal(info.state, 'failed');
  assert.equal(info.error.code, 31000);
  assert.match(info.error.message, /PCMU/);
  await page.evaluate(() => cleanup());
});

test('an incoming call: the customer calls a number, its conference rings the browser, they hear each other', { skip, timeout: 90_000 }, async () => {
  await page.evaluate(async () => {
    const desk = await device('desk');
    await desk.register();
    window.incoming = once(desk, 'incoming');
  });
  const placed = await control(emulator, '/inbound', 'POST', { to: NUMBER, from: '+15558675310' });
  assert.equal(placed.status, 201, JSON.stringify(placed.json));
  const customerSid = placed.json.callSid;
  const conference = `tw-${customerSid}`;
  await eventually(async () => assert.equal((await client.conferences.list({ friendlyName: conference })).length, 1));
  const owner = await client.conferences(conference).participants.create({ from: NUMBER, to: 'client:desk', label: 'owner:desk', endConferenceOnExit: true });
  const from = await page.evaluate(async () => {
    const [call] = await window.incoming;
    window.deskCall = call;
    const accepted = once(call, 'accept');
    call.accept();
    await accepted;
    return call.parameters.From;
  });
  assert.equal(from, NUMBER);
  const figures = {};
  await eventually(async () => {
    const desk = await audio(owner.callSid, [600, MIC_HZ]);
    const customer = await audio(customerSid, [600, MIC_HZ]);
    figures.desk = desk;
    figures.customer = customer.heard;
    assert.ok(desk.said[MIC_HZ] > -40 && desk.heard['600'] > -30 && desk.heard[MIC_HZ] < -60, `desk ${JSON.stringify(desk)}`);
    assert.ok(customer.heard[MIC_HZ] > -40 && customer.heard['600'] < -60, `customer heard ${JSON.stringify(customer.heard)}`);
  });
  await eventually(async () => {
    const l = await page.evaluate(() => levels(window.deskCall, [400, 600, 1000]));
    figures.browser = l;
    assert.ok(l[600] > l[1000] + 20 && l[600] > l[400] + 20, `browser levels ${JSON.stringify(l)}`);
  });
  // The customer hangs up: the conference ends and so does the browser's call.
  const disconnected = page.evaluate(() => once(window.deskCall, 'disconnect').then(() => true));
  await client.calls(customerSid).update({ status: 'completed' });
  assert.equal(await disconnected, true);
  assert.equal((await client.conferences.list({ friendlyName: conference }))[0].status, 'completed');
  console.log(`# incoming media figures: ${JSON.stringify(figures)}`);
  await page.evaluate(() => cleanup());
});
