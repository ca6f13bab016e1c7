/**
 * The phone's sound, beyond the SDK's defaults: noticing that the browser blocks playback
 * (autoplay policy) and unlocking it on the first gesture, silencing a ringing call's ringtone,
 * and the speaker test. One job: what the person hears from the phone itself.
 *
 * Blocked: the SDK plays its sounds through one shared AudioContext (`Device.audioContext`); a
 * context the page may not start stays `suspended`. Resuming it inside a gesture (any click or key
 * on the page, or the phone's "Enable sound") starts the sounds already queued, so a ringtone that
 * was silent starts to be heard; the call itself keeps ringing on screen all along.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { TwilioPhoneAudioBlockedEvent, type PhoneAudioBlockedDetail } from '../events/call-events.js';

export interface PhoneSoundHost extends ReactiveControllerHost, HTMLElement {}

type SdkDeviceClass = { audioContext?: AudioContext };
/** The SDK's private sound cache (twilio/twilio-voice.js #222: no public way to stop a ringtone that plays). */
type SoundCache = Map<string, { stop(): void; isPlaying?: boolean }>;

const GESTURES = ['pointerdown', 'keydown', 'touchend'] as const;

export class PhoneSoundController implements ReactiveController {
  /** the browser refuses to play sound until a gesture */
  blocked = false;
  /** the ringing call's ringtone was silenced */
  silenced = false;
  private context: AudioContext | null = null;
  /** `twilio-phone-audio-blocked` told the page about the call ringing now */
  private reportedRingtone = false;
  private readonly onGesture = () => this.unlock();
  private readonly onStateChange = () => this.check();

  constructor(
    private readonly host: PhoneSoundHost,
    private readonly getDevice: () => Device | null,
    private readonly ringing: () => boolean,
    /** the file the speaker test plays */
    private readonly testSoundUrl: () => Promise<string>,
  ) {
    host.addController(this);
  }

  /** Before each render, so what it finds renders in the same update. */
  hostUpdate(): void {
    // Lit also updates a removed element (an update asked for before, or a chunk arriving after, its
    // removal): the context is shared by every Device of the page, so a listener added then would
    // keep this element alive for good. Only a connected phone listens.
    const device = this.host.isConnected ? this.getDevice() : null;
    const context = (device?.constructor as SdkDeviceClass | undefined)?.audioContext ?? null;
    if (context !== this.context) {
      this.context?.removeEventListener('statechange', this.onStateChange);
      this.context = context;
      context?.addEventListener('statechange', this.onStateChange);
    }
    // The next incoming call rings at full volume again, and is reported again if blocked.
    if (!this.ringing()) {
      this.silenced = false;
      this.reportedRingtone = false;
    }
    this.check();
  }

  hostDisconnected(): void {
    this.context?.removeEventListener('statechange', this.onStateChange);
    this.context = null;
    this.listen(false);
  }

  /** Resumes the SDK's audio; inside a gesture this is what browsers allow. */
  unlock(): void {
    const context = this.context;
    if (context && context.state === 'suspended') void context.resume().catch(() => undefined);
  }

  /**
   * Stops the ringtone of the ringing incoming call; the call still rings on screen and can be
   * accepted or rejected. Returns false when there was nothing to silence.
   */
  silence(): boolean {
    const device = this.getDevice();
    if (!device || !this.ringing()) return false;
    // `device.audio.incoming(false)` only keeps the ringtone of later calls from starting (it is read
    // when a call arrives); the one playing is stopped through the SDK's own sound object.
    const cache = (device as unknown as { _soundcache?: SoundCache })._soundcache;
    const incoming = cache instanceof Map ? cache.get('incoming') : undefined;
    if (typeof incoming?.stop !== 'function') return false;
    incoming.stop();
    this.silenced = true;
    this.host.requestUpdate();
    return true;
  }

  /**
   * Plays a short sound on the selected output(s) through the SDK's own output test; where the
   * browser cannot choose outputs (or knows none yet), on the default one. Resolves when it starts playing.
   */
  async testSpeaker(): Promise<void> {
    const audio = this.getDevice()?.audio;
    if (!audio) throw new Error('The phone is not started: there is no speaker to test yet.');
    this.unlock();
    const url = await this.testSoundUrl();
    // The SDK's test needs an output it knows (Firefox lists none until one is chosen): else the default output.
    if (audio.isOutputSelectionSupported && audio.speakerDevices.get().size > 0) {
      await audio.speakerDevices.test(url);
      return;
    }
    const element = new Audio(url);
    await element.play();
  }

  private check(): void {
    const blocked = !!this.context && this.context.state === 'suspended' && !navigator.userActivation?.isActive;
    if (blocked !== this.blocked) {
      this.blocked = blocked;
      this.listen(blocked);
      if (blocked) this.report(this.ringing() ? 'ringtone' : 'audio');
      this.host.requestUpdate();
    } else if (blocked && this.ringing() && !this.reportedRingtone) this.report('ringtone');
  }

  /** Once when sound becomes blocked, and once more for each call that rings while it is. */
  private report(what: PhoneAudioBlockedDetail['what']): void {
    if (what === 'ringtone') this.reportedRingtone = true;
    this.host.dispatchEvent(new TwilioPhoneAudioBlockedEvent({ what }));
  }

  private listen(on: boolean): void {
    for (const type of GESTURES) {
      if (on) document.addEventListener(type, this.onGesture, { capture: true });
      else document.removeEventListener(type, this.onGesture, { capture: true });
    }
  }
}
