/**
 * The media legs of calls (media/, werift): made through the factory (loaded
 * on first use), their in-band DTMF added to the call, and closed in the
 * background; close() of the call layer waits for the closing ones.
 */
import type { AudioCodec } from '../media/codecs.js';
import type { MediaLeg, MediaMode } from '../media/types.js';
import type { Call } from './call.js';
import type { MediaLegFactory } from './types.js';

export class CallLegs {
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly getMediaFactory: () => Promise<MediaLegFactory>,
    private readonly log: (line: string) => void,
  ) {}

  async create(call: Call, mode: MediaMode, codecs?: readonly AudioCodec[]): Promise<MediaLeg> {
    const factory = await this.getMediaFactory();
    const leg = factory({ mode, callSid: call.sid, ...(codecs ? { codecs } : {}) });
    leg.onDtmf((digit) => {
      call.dtmf += digit;
    });
    return leg;
  }

  /** Takes the call's leg off it (its last stats kept, bridges undone) and closes it. */
  close(call: Call): void {
    const leg = call.leg;
    if (!leg) return;
    call.leg = null;
    try {
      call.finalStats = leg.stats();
    } catch {
      /* stats are best effort */
    }
    try {
      leg.bridgeTo(null);
      call.other?.leg?.bridgeTo(null);
    } catch {
      /* ignore */
    }
    this.closeLater(call, leg);
  }

  closeLater(call: Call, leg: MediaLeg): void {
    const p: Promise<void> = Promise.resolve()
      .then(() => leg.close())
      .catch((err: unknown) => this.log(`call ${call.sid}: closing media leg failed: ${String(err)}`))
      .finally(() => this.closing.delete(p));
    this.closing.add(p);
  }

  /** Resolves once every leg being closed is closed. */
  async settle(): Promise<void> {
    while (this.closing.size) await Promise.allSettled([...this.closing]);
  }
}
