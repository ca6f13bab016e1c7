// The sounds the phone gives the SDK by default: MP3 files shipped beside the
// module (resolved from import.meta.url), so a strict CSP needs nothing extra.
// Each file must load and decode with Web Audio in this engine, which is how
// the SDK preloads them (XHR + decodeAudioData).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/components/twilio-phone/define.js';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { SOUND_NAMES, soundUrlsFrom } from '../../src/elements/core/sounds.js';
import { shippedSoundUrls } from '../../src/elements/sounds/sound-files.js';
import { describeWithWebRTC, testEnv, tokenUrl, uniqueKey, until, untilState } from './helpers.js';

/** seconds of each sound, from core/sounds.ts's tone specs (tone + gap) */
const SECONDS: Record<string, number> = { incoming: 2, outgoing: 0.15, disconnect: 0.25 };

describe('shipped sound files', () => {
  it('soundUrlsFrom (the sounds-url attribute) names <base><name>.mp3, with or without a trailing slash', () => {
    expect(soundUrlsFrom('/cdn/sounds').incoming).to.equal('/cdn/sounds/incoming.mp3');
    expect(soundUrlsFrom('https://x.example/s/').dtmfh).to.equal('https://x.example/s/dtmfh.mp3');
    expect(Object.keys(soundUrlsFrom('/'))).to.deep.equal([...SOUND_NAMES]);
  });

  it('every shipped URL is an .mp3 beside the module, from the page origin, one per SDK sound', () => {
    const urls = shippedSoundUrls();
    expect(Object.keys(urls)).to.deep.equal([...SOUND_NAMES]);
    for (const [name, url] of Object.entries(urls)) {
      const u = new URL(url);
      expect(u.origin).to.equal(location.origin);
      expect(u.pathname).to.match(new RegExp(`/sounds/${name}\\.mp3$`));
    }
  });

  for (const name of SOUND_NAMES) {
    it(`${name}.mp3 loads and decodes with Web Audio, lasting as long as its tone`, async () => {
      const res = await fetch(shippedSoundUrls()[name]);
      expect(res.status).to.equal(200);
      const bytes = await res.arrayBuffer();
      expect(bytes.byteLength).to.be.within(200, 8000);
      const context = new OfflineAudioContext(1, 22050, 22050);
      const buffer = await context.decodeAudioData(bytes);
      const expected = SECONDS[name] ?? 0.12;
      // MP3 frames pad the start and end by up to a few tens of milliseconds.
      expect(buffer.duration).to.be.within(expected, expected + 0.12);
    });
  }
});

describeWithWebRTC('<twilio-phone> default sounds', function () {
  this.timeout(30000);

  it('with no sounds-url, the SDK loads the shipped MP3 files from the page origin (no data: URLs)', async () => {
    const env = await testEnv();
    performance.clearResourceTimings();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ key: uniqueKey('snd') })} signaling-host=${env.signalingHost}></twilio-phone>`,
    );
    await el.start();
    await untilState(el, 'ready', 20000);
    const loaded = () =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name))
        .filter((u) => u.pathname.endsWith('.mp3'));
    await until(() => loaded().length >= SOUND_NAMES.length, 'the SDK to preload all 15 sounds', 20000);
    const files = loaded().map((u) => u.pathname.split('/').pop()!.replace('.mp3', ''));
    expect([...new Set(files)].sort()).to.deep.equal([...SOUND_NAMES].sort());
    expect(loaded().every((u) => u.origin === location.origin)).to.equal(true);
    el.stop();
  });

  it('registering downloads no sound: the SDK builds and loads them once the phone is ready (controllers/deferred-sounds.ts)', async () => {
    const env = await testEnv();
    const el = await fixture<TwilioPhone>(
      html`<twilio-phone token-url=${tokenUrl({ key: uniqueKey('snd') })} signaling-host=${env.signalingHost}></twilio-phone>`,
    );
    let readyAt = Infinity;
    el.addEventListener('twilio-phone-state-change', (e) => {
      if (e.detail.state === 'ready') readyAt = performance.now();
    });
    const t0 = performance.now();
    await el.start();
    await untilState(el, 'ready', 20000);
    const requested = () => performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && new URL(e.name).pathname.endsWith('.mp3'));
    await until(() => requested().length >= SOUND_NAMES.length, 'the 15 sounds, after ready', 20000);
    expect(requested().filter((e) => e.startTime < readyAt).length).to.equal(0);
    // And they are the SDK's own sounds now, which the phone's ringtone silencing stops.
    const cache = (el.device as unknown as { _soundcache: Map<string, { stop?: unknown; constructor: { name: string } }> })._soundcache;
    expect([...cache.values()].every((s) => typeof s.stop === 'function' && s.constructor.name !== 'StandInSound')).to.equal(true);
    el.stop();
  });
});
