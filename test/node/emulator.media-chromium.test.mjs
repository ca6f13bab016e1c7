/* global pc -- the test page's global, used inside page.evaluate */
// Real Chromium <-> emulator media leg (werift) over loopback, both call
// directions. The browser's SDP is sent without candidates, as the Voice SDK
// does. Skipped when /usr/bin/chromium (or CHROMIUM_PATH) is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { createMediaLeg } from '../../dist/emulator/media/werift-leg.js';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const skip = existsSync(executablePath) ? false : `no Chromium at ${executablePath}`;

let browser;
let server;
let origin;
before(async () => {
  if (skip) return;
  const { chromium } = await import('playwright-core');
  server = http.createServer((_req, res) => res.end('<!doctype html><title>media</title>')).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  origin = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--allow-loopback-in-peer-connection',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--disable-background-networking',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

const stripCandidates = (sdp) =>
  sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .join('\r\n');

async function newPage() {
  const page = await browser.newPage();
  await page.goto(origin);
  await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection();
    window.pc = pc;
    pc.addTrack(stream.getAudioTracks()[0], stream);
    pc.ontrack = (e) => {
      window.remoteStreams = e.streams.length;
      const audio = new Audio();
      audio.srcObject = e.streams[0];
      audio.play().catch(() => {});
    };
  });
  return page;
}

const browserStats = (page) =>
  page.evaluate(async () => {
    const out = { ice: pc.iceConnectionState, remoteStreams: window.remoteStreams ?? 0, inPackets: 0, outPackets: 0, audioLevel: 0 };
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        out.inPackets = r.packetsReceived;
        out.audioLevel = r.audioLevel ?? 0;
      }
      if (r.type === 'outbound-rtp' && r.kind === 'audio') out.outPackets = r.packetsSent;
    });
    return out;
  });

async function exercise(page, leg) {
  const digits = [];
  leg.onDtmf((d) => digits.push(d));
  const deadline = Date.now() + 8000;
  let s;
  for (;;) {
    s = await browserStats(page);
    if (s.inPackets >= 50 && leg.stats().packetsReceived >= 50 && s.audioLevel > 0.1) break;
    if (Date.now() > deadline) assert.fail(`no media: browser ${JSON.stringify(s)} leg ${JSON.stringify(leg.stats())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(['connected', 'completed'].includes(s.ice), s.ice);
  assert.ok(['connected', 'completed'].includes(leg.stats().iceState));
  assert.equal(s.remoteStreams, 1, 'ontrack has a stream (a=msid)');
  await page.evaluate(() => pc.getSenders()[0].dtmf.insertDTMF('12#', 100, 70));
  const until = Date.now() + 5000;
  while (leg.stats().dtmf.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.equal(leg.stats().dtmf, '12#');
  assert.deepEqual(digits, ['1', '2', '#']);
  return s;
}

test('Chromium calls the emulator (browser offers, werift answers)', { skip, timeout: 30000 }, async () => {
  const page = await newPage();
  const leg = createMediaLeg({ mode: 'tone' });
  try {
    const offer = await page.evaluate(async () => {
      await pc.setLocalDescription(await pc.createOffer());
      return pc.localDescription.sdp;
    });
    const answer = await leg.answer(stripCandidates(offer));
    await page.evaluate((sdp) => pc.setRemoteDescription({ type: 'answer', sdp }), answer);
    await exercise(page, leg);
  } finally {
    await leg.close();
    await page.close();
  }
});

test('the emulator calls Chromium (werift offers, browser answers)', { skip, timeout: 30000 }, async () => {
  const page = await newPage();
  const leg = createMediaLeg({ mode: 'tone' });
  try {
    const offer = await leg.createOffer();
    const answer = await page.evaluate(async (sdp) => {
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      return pc.localDescription.sdp;
    }, offer);
    await leg.acceptAnswer(stripCandidates(answer));
    await exercise(page, leg);
  } finally {
    await leg.close();
    await page.close();
  }
});
