/** Validates what a user typed into the dialer: an E.164 number or a client identity. */
export type DialTarget = { ok: true; to: string } | { ok: false; message: string };

const E164 = /^\+[1-9]\d{6,14}$/;
const CLIENT = /^client:[A-Za-z0-9_.@-]{1,121}$/;
// The emulator's test destinations and bare identities Twilio apps commonly route.
const WORD = /^[A-Za-z][A-Za-z0-9_.@-]{0,120}$/;

export function parseDialTarget(raw: string): DialTarget {
  const trimmed = raw.trim();
  if (!trimmed) return { ok: false, message: 'Enter a number or a client name.' };
  // People type numbers with spaces, dashes, dots and parentheses.
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (compact.startsWith('+') || /^\d+$/.test(compact)) {
    if (E164.test(compact)) return { ok: true, to: compact };
    return { ok: false, message: 'Numbers need the international format, e.g. +14155550100.' };
  }
  if (CLIENT.test(trimmed) || WORD.test(trimmed)) return { ok: true, to: trimmed };
  return { ok: false, message: 'Use +E.164 (e.g. +14155550100) or client:name.' };
}

/** Formats whole seconds as m:ss or h:mm:ss. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export function isDtmfKey(key: string): boolean {
  return (DTMF_KEYS as readonly string[]).includes(key);
}
