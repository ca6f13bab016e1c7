/**
 * Audio codecs of the emulator's media legs: PCMU and Opus, the two the Voice
 * SDK offers (`codecPreferences`, PCMU first by default). Like Twilio, an
 * answer takes the offer's preferred one: the first of the two in the offer's
 * m=audio payload list. Pure SDP helpers, no werift.
 */
export type AudioCodec = 'pcmu' | 'opus';

export const CODEC_CLOCK_RATE: Record<AudioCodec, number> = { pcmu: 8000, opus: 48000 };

/** Payload types of each codec in an SDP's rtpmap lines. */
function rtpmaps(sdp: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sdp.matchAll(/^a=rtpmap:(\d+) ([^\s/]+)\/(\d+)/gim)) out.set(m[1], `${m[2].toLowerCase()}/${m[3]}`);
  return out;
}

/** The offer's preferred codec among PCMU and Opus (its first in the m=audio list); PCMU when it names neither. */
export function preferredAudioCodec(sdp: string): AudioCodec {
  const mline = /^m=audio \S+ \S+ ([\d ]+)/m.exec(sdp);
  if (!mline) return 'pcmu';
  const maps = rtpmaps(sdp);
  for (const pt of mline[1].trim().split(/\s+/)) {
    const codec = maps.get(pt) ?? (pt === '0' ? 'pcmu/8000' : undefined);
    if (codec === 'pcmu/8000') return 'pcmu';
    if (codec === 'opus/48000') return 'opus';
  }
  return 'pcmu';
}

/**
 * Keeps only the telephone-event payload types at `clockRate` (Chrome offers
 * /48000 and /8000; werift matches codecs by name only and could pair PCMU
 * with telephone-event/48000, or Opus with /8000).
 */
export function keepTelephoneEventAt(sdp: string, clockRate: number): string {
  const lines = sdp.split('\r\n');
  const drop = new Set<string>();
  for (const l of lines) {
    const m = /^a=rtpmap:(\d+) telephone-event\/(\d+)/i.exec(l);
    if (m && Number(m[2]) !== clockRate) drop.add(m[1]);
  }
  if (drop.size === 0) return sdp;
  return lines
    .filter((l) => {
      const m = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[ /]/.exec(l);
      return !(m && drop.has(m[1]));
    })
    .map((l) => {
      if (!l.startsWith('m=audio ')) return l;
      const parts = l.split(' ');
      return [...parts.slice(0, 3), ...parts.slice(3).filter((pt) => !drop.has(pt))].join(' ');
    })
    .join('\r\n');
}
