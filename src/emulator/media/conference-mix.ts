/**
 * The plumbing around the pure mixer (mixer.ts): one port per participant
 * (a werift leg's decoded PCMU, or an emulator party's generated tone), what
 * each port heard and said over the last second (for the control API's
 * `/audio`), and the 20 ms clock a conference mixes on.
 */
import { AudioWindow } from './goertzel.js';
import { FRAME_SAMPLES } from './mixer.js';
import { SILENT_FRAME, ToneSource } from './sounds.js';
import type { MediaLeg } from './types.js';
import { PTIME_MS } from './tones.js';

/** A participant's audio, as the mixer sees it. */
export interface MixPort {
  /** What the participant said in the last 20 ms (null: nothing arrived). */
  take(): Int16Array | null;
  /** What the participant hears now. */
  give(frame: Int16Array): void;
  close(): void;
}

/** The last second of what the emulator sent to a participant (heard) and received from it (said). */
export class AudioMeter {
  readonly heard = new AudioWindow();
  readonly said = new AudioWindow();
}

/** An emulator party: says its tone, hears whatever it is given. */
export class PartyPort implements MixPort {
  private readonly tone: ToneSource;
  constructor(hz: number) {
    this.tone = new ToneSource(hz);
  }
  take(): Int16Array {
    return this.tone.next();
  }
  give(): void {
    /* a party has no ears beyond the meter */
  }
  close(): void {
    /* nothing to release */
  }
}

/** Frames queued from the network beyond this are dropped, oldest first (a 60 ms jitter buffer). */
const MAX_QUEUED = 3;

/** A browser leg (werift, PCMU): received packets decoded into a small queue; the mix sent as PCMU. */
export class LegPort implements MixPort {
  private readonly queue: Int16Array[] = [];

  constructor(private readonly leg: Required<Pick<MediaLeg, 'mix' | 'sendFrame'>>) {
    leg.mix({
      onFrame: (pcm) => {
        this.queue.push(pcm);
        if (this.queue.length > MAX_QUEUED) this.queue.shift();
      },
    });
  }

  take(): Int16Array | null {
    return this.queue.shift() ?? null;
  }

  give(frame: Int16Array): void {
    this.leg.sendFrame(frame);
  }

  close(): void {
    this.leg.mix(null);
  }
}

/** Catches up at most this many frames after a stall, then skips ahead. */
const MAX_BURST = 5;

/** Calls `tick` once per 20 ms of wall time while running. */
export class MixClock {
  private timer: NodeJS.Timeout | null = null;
  private start = 0;
  private ticks = 0;

  constructor(private readonly tick: () => void) {}

  run(on: boolean): void {
    if (on && !this.timer) {
      this.start = performance.now();
      this.ticks = 0;
      this.timer = setInterval(() => this.due(), PTIME_MS / 2);
      this.timer.unref();
    } else if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private due(): void {
    const due = Math.floor((performance.now() - this.start) / PTIME_MS);
    let n = due - this.ticks;
    if (n > MAX_BURST) {
      this.ticks = due - MAX_BURST;
      n = MAX_BURST;
    }
    for (let i = 0; i < n; i++) {
      this.ticks++;
      try {
        this.tick();
      } catch (err) {
        console.error('conference mix: tick failed', err);
      }
    }
  }
}

export { SILENT_FRAME, FRAME_SAMPLES };
