// DeferredSounds (controllers/deferred-sounds.ts) against the real SDK: a Device built with its
// stand-in `Sound` builds no sound and downloads nothing until buildSoon()/buildNow() or the first
// sound the SDK plays; then the SDK's own sounds take their place, with any output chosen meanwhile.
// No network is needed: the Device is built, never registered.
import { expect } from '@open-wc/testing';
import { Device } from '@twilio/voice-sdk';
import { DeferredSounds } from '../../src/elements/controllers/deferred-sounds.js';
import { SOUND_NAMES } from '../../src/elements/core/sounds.js';
import { shippedSoundUrls } from '../../src/elements/sounds/sound-files.js';
import { describeWithWebRTC, tokenUrl, until } from './helpers.js';

interface CachedSound {
  play(): Promise<unknown>;
  setSinkIds(ids: string[]): unknown;
  _sinkIds?: string[];
}
const soundCache = (device: Device) => (device as unknown as { _soundcache: Map<string, CachedSound> })._soundcache;
/** The .mp3 downloads started since `since` (ms, performance.now()). */
const soundRequestsSince = (since: number) =>
  performance.getEntriesByType('resource').filter((e) => e.startTime >= since && new URL(e.name).pathname.endsWith('.mp3'));

describeWithWebRTC('DeferredSounds (the SDK builds its sounds once asked)', function () {
  this.timeout(20000);
  let token = '';
  const devices: Device[] = [];
  before(async () => {
    token = (await (await fetch(tokenUrl({ identity: 'deferred-sounds' }))).json()).token;
  });
  afterEach(() => {
    for (const d of devices.splice(0)) if (d.state !== 'destroyed') d.destroy();
  });

  function build(sounds: DeferredSounds): Device {
    // A cache-busting query per Device: every build below must download its files, not reuse them.
    const bust = `?t=${performance.now()}`;
    const urls = Object.fromEntries(Object.entries(shippedSoundUrls()).map(([k, v]) => [k, v + bust]));
    const device = new Device(token, {
      logLevel: 'silent',
      sounds: urls,
      chunderw: '127.0.0.1:9',
      publishEvents: false,
      Sound: sounds.Sound,
    } as Device.Options);
    sounds.attach(device);
    devices.push(device);
    return device;
  }

  it('the Device holds stand-ins and downloads no sound until buildSoon(); then the SDK builds and loads all 15', async () => {
    const t0 = performance.now();
    const sounds = new DeferredSounds();
    const device = build(sounds);
    const cache = soundCache(device);
    expect([...cache.keys()].sort()).to.deep.equal([...SOUND_NAMES].sort());
    const standIn = cache.get('incoming');
    expect(standIn instanceof sounds.Sound).to.equal(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(soundRequestsSince(t0).length).to.equal(0);

    sounds.buildSoon();
    expect(cache.get('incoming')).to.equal(standIn); // not in the caller's task
    await until(() => soundRequestsSince(t0).length >= SOUND_NAMES.length, 'the 15 sound downloads', 10000);
    expect(cache.get('incoming') instanceof sounds.Sound).to.equal(false);
    expect(typeof cache.get('incoming')!.play).to.equal('function');
  });

  it('a sound the SDK plays before that builds them at once and plays the real one', async () => {
    const t0 = performance.now();
    const sounds = new DeferredSounds();
    const device = build(sounds);
    const standIn = soundCache(device).get('dtmf5')!;
    // What call.ts does for a digit: play the cached sound (the stand-in, still).
    const played = standIn.play();
    const real = soundCache(device).get('dtmf5')!;
    expect(real instanceof sounds.Sound).to.equal(false);
    expect([...soundCache(device).values()].some((s) => s instanceof sounds.Sound)).to.equal(false);
    await until(() => soundRequestsSince(t0).some((e) => e.name.includes('dtmf5.mp3')), 'dtmf5.mp3 downloaded', 10000);
    // The real play settles (or is refused by the autoplay policy); either way not the stand-in's no-op.
    await played.catch(() => undefined);
  });

  it('an output chosen while the stand-ins were in place is given to the real sounds', () => {
    const sounds = new DeferredSounds();
    const device = build(sounds);
    // What device.audio.speakerDevices.set() does (device.ts _updateSpeakerSinkIds).
    void soundCache(device).get('outgoing')!.setSinkIds(['speaker-2']);
    void soundCache(device).get('incoming')!.setSinkIds(['ringer-1']);
    sounds.buildNow();
    const real = soundCache(device);
    // Chromium and Firefox can choose outputs (HTMLMediaElement.setSinkId): the SDK keeps the ids.
    if (typeof HTMLAudioElement.prototype.setSinkId !== 'function') return;
    expect(real.get('outgoing')!._sinkIds).to.deep.equal(['speaker-2']);
    expect(real.get('incoming')!._sinkIds).to.deep.equal(['ringer-1']);
    expect(real.get('disconnect')!._sinkIds).to.deep.equal(['default']);
  });

  it('a destroyed Device builds nothing: buildNow() is null, a queued build and a late play() are no-ops', async () => {
    const t0 = performance.now();
    const sounds = new DeferredSounds();
    const device = build(sounds);
    const standIn = soundCache(device).get('outgoing')!;
    sounds.buildSoon();
    device.destroy();
    expect(sounds.buildNow()).to.equal(null);
    await standIn.play();
    sounds.dispose();
    expect(sounds.buildNow()).to.equal(null);
    await new Promise((r) => setTimeout(r, 100));
    expect(soundRequestsSince(t0).length).to.equal(0);
  });
});
