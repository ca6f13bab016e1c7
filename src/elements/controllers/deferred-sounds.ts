/**
 * The SDK's sounds, built once the Device is registered instead of inside `new Device()`.
 *
 * Why: SDK 2.x builds its 15 sounds in the Device's constructor, each an audio player, a download
 * and a muted play through the shared AudioContext (device.ts updateOptions, sound.ts). That is most
 * of the construction (about 70 % of its CPU profile here) and it sits between the token and
 * `ready`; the 15 downloads then run ahead of the gateway's answers in the page's queue. The phone
 * hands the SDK stand-ins through the Device's `Sound` option (its constructor injection) and has
 * the SDK build its own sounds (`updateOptions`) once the Device is registered, in a task of its
 * own, or at the first sound the SDK plays, whichever comes first. An output chosen meanwhile is
 * kept and given to the real sounds.
 */
import type { Device } from '@twilio/voice-sdk';

/** What SDK 2.x asks of a sound (device.ts, call.ts). */
interface SdkSound {
  play(): Promise<unknown>;
  stop(): void;
  setSinkIds(sinkIds: string[]): Promise<unknown> | void;
  readonly isPlaying?: boolean;
}

type SoundCache = Map<string, SdkSound>;

export class DeferredSounds {
  /** The stand-in sound class, for the Device's `Sound` option. */
  readonly Sound: new (name: string, url: string) => SdkSound;
  private device: Device | null = null;
  private built = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** outputs chosen before the real sounds were built, by sound name */
  private readonly sinkIds = new Map<string, string[]>();

  constructor() {
    const buildNow = () => this.buildNow();
    const keepSinkIds = (name: string, sinkIds: string[]) => this.sinkIds.set(name, sinkIds);
    this.Sound = class StandInSound implements SdkSound {
      readonly isPlaying = false;
      constructor(
        readonly name: string,
        readonly url: string,
      ) {}
      play(): Promise<unknown> {
        const real = buildNow()?.get(this.name);
        return real && real !== this ? real.play() : Promise.resolve();
      }
      stop(): void {
        // Nothing of a stand-in ever plays.
      }
      setSinkIds(sinkIds: string[]): Promise<void> {
        keepSinkIds(this.name, sinkIds);
        return Promise.resolve();
      }
    };
  }

  /** The Device built with `Sound`. */
  attach(device: Device): void {
    this.device = device;
  }

  /** Registered: build the real sounds in a task of their own, after the page has seen `ready`. */
  buildSoon(): void {
    if (!this.built && this.timer === undefined) this.timer = setTimeout(() => void this.buildNow(), 0);
  }

  /** Builds the real sounds now (once); the Device's sound cache, or null when there is no live Device. */
  buildNow(): SoundCache | null {
    clearTimeout(this.timer);
    this.timer = undefined;
    const device = this.device;
    if (!device || device.state === 'destroyed') return null;
    const cache = (device as unknown as { _soundcache: SoundCache })._soundcache;
    if (this.built) return cache;
    this.built = true;
    try {
      // `Sound: undefined`: the SDK's own class again; it builds and preloads every sound.
      device.updateOptions({ Sound: undefined } as Device.Options);
    } catch {
      return null; // destroyed meanwhile
    }
    for (const [name, sinkIds] of this.sinkIds) void Promise.resolve(cache.get(name)?.setSinkIds(sinkIds)).catch(() => undefined);
    return cache;
  }

  /** The Device is gone: nothing more to build. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.device = null;
  }
}
