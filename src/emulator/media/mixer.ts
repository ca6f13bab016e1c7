/**
 * A conference's audio, one 20 ms frame (160 samples, 8 kHz, 16-bit) at a
 * time, as pure functions: each member hears the sum of the others who may be
 * heard (not held, not muted), clipped to 16 bits; a held member hears hold
 * music and is not heard; before the conference starts a member hears the
 * wait sound (silence or music: Twilio plays waitUrl only then), and one left
 * alone in a started conference hears silence. The werift plumbing and the
 * clock are in conference-mix.ts; table-tested in
 * test/node/emulator.conference-rules.test.mjs.
 */
export const SAMPLE_RATE = 8000;
export const FRAME_SAMPLES = 160;

export interface MixMember {
  id: string;
  /** What the member said in this frame (null: nothing arrived). */
  input: Int16Array | null;
  hold: boolean;
  muted: boolean;
  /** Before the conference starts: music rather than silence (waitUrl). */
  waitMusic: boolean;
}

export interface MixContext {
  /** The conference has started (a startConferenceOnEnter participant is in). */
  started: boolean;
  /** The music a held member hears in this frame (and a waiting one with waitMusic). */
  musicFrame: Int16Array;
  /** Played on top of what the listed members hear (an announcement), if any. */
  announce?: { frame: Int16Array; to: ReadonlySet<string> | 'all' } | null;
}

const SILENCE = new Int16Array(FRAME_SAMPLES);

function clip(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

/** Sums frames into a new one, clipped. */
export function sumFrames(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(FRAME_SAMPLES);
  if (!frames.length) return out;
  const acc = new Int32Array(FRAME_SAMPLES);
  for (const f of frames) for (let i = 0; i < FRAME_SAMPLES; i++) acc[i] += f[i] ?? 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = clip(acc[i]);
  return out;
}

/** What each member hears in this frame, by id. */
export function mixFrame(members: readonly MixMember[], ctx: MixContext): Map<string, Int16Array> {
  const out = new Map<string, Int16Array>();
  const audible = members.filter((m) => !m.hold && !m.muted && m.input);
  for (const m of members) {
    let frame: Int16Array;
    if (m.hold) frame = ctx.musicFrame;
    else if (!ctx.started) frame = m.waitMusic ? ctx.musicFrame : SILENCE;
    else {
      const others = audible.filter((o) => o !== m).map((o) => o.input as Int16Array);
      frame = others.length ? sumFrames(others) : SILENCE;
    }
    const a = ctx.announce;
    if (a && !m.hold && (a.to === 'all' || a.to.has(m.id))) frame = sumFrames([frame, a.frame]);
    out.set(m.id, frame);
  }
  return out;
}
