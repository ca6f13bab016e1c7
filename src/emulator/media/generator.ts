/**
 * A leg's tone/silence generator: a packet every 20 ms while it runs, caught
 * up after short stalls (at most MAX_BURST packets at once) and skipped ahead
 * after long ones, so the stream keeps wall-clock pace without bursts.
 */
import type { AudioCodec } from './codecs.js';
import type { RtpOut } from './rtp-out.js';
import { PTIME_MS, silencePacket, toneLoop } from './tones.js';

/** Generator catches up at most this many packets per tick after a stall. */
const MAX_BURST = 5;

export class Generator {
  private timer: NodeJS.Timeout | null = null;
  private start = 0;
  private sent = 0;
  private tonePhase = 0;

  constructor(
    private readonly out: RtpOut,
    /** What to play now: the tone or silence, in the negotiated codec; null when nothing can be sent. */
    private readonly now: () => { tone: boolean; codec: AudioCodec } | null,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Runs while `want`; a fresh start is a new source for the RTP numbering. */
  set(want: boolean): void {
    if (want && !this.timer) {
      this.start = performance.now();
      this.sent = 0;
      this.out.resetSource();
      this.timer = setInterval(() => this.tick(), PTIME_MS / 2);
      this.timer.unref();
      this.tick();
    } else if (!want && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private tick(): void {
    const what = this.now();
    if (!what) return;
    const due = Math.floor((performance.now() - this.start) / PTIME_MS) + 1;
    let n = due - this.sent;
    if (n > MAX_BURST) {
      // Stalled (e.g. a blocked event loop): skip ahead instead of bursting.
      this.sent = due - MAX_BURST;
      n = MAX_BURST;
    }
    for (let i = 0; i < n; i++) {
      let payload: Buffer;
      if (what.tone) {
        const loop = toneLoop(what.codec);
        payload = loop[this.tonePhase % loop.length]!;
        this.tonePhase = (this.tonePhase + 1) % loop.length;
      } else {
        payload = silencePacket(what.codec);
      }
      this.out.generated(payload);
      this.sent++;
    }
  }
}
