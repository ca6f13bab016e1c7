/** Validates what a user typed into the dialer: an E.164 number or a client identity. */
/** Why an entry cannot be dialled; pages translate it through the phone's `strings`. */
export type DialProblem = 'empty' | 'needs-e164' | 'invalid';
export type DialTarget = { ok: true; to: string } | { ok: false; problem: DialProblem; message: string };

const E164 = /^\+[1-9]\d{6,14}$/;
const CLIENT = /^client:[A-Za-z0-9_.@-]{1,121}$/;
// The emulator's test destinations and bare identities Twilio apps commonly route.
const WORD = /^[A-Za-z][A-Za-z0-9_.@-]{0,120}$/;

export function parseDialTarget(raw: string): DialTarget {
  const trimmed = raw.trim();
  if (!trimmed) return { ok: false, problem: 'empty', message: 'Enter a number or a client name.' };
  // People type numbers with spaces, dashes, dots and parentheses.
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (compact.startsWith('+') || /^\d+$/.test(compact)) {
    if (E164.test(compact)) return { ok: true, to: compact };
    return { ok: false, problem: 'needs-e164', message: 'Numbers need the international format, e.g. +14155550100.' };
  }
  if (CLIENT.test(trimmed) || WORD.test(trimmed)) return { ok: true, to: trimmed };
  return { ok: false, problem: 'invalid', message: 'Use +E.164 (e.g. +14155550100) or client:name.' };
}

/** Formats whole seconds as m:ss or h:mm:ss, with the locale's digits (`Intl.NumberFormat`). */
export function formatDuration(totalSeconds: number, locale?: string): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  let plain: Intl.NumberFormat;
  let padded: Intl.NumberFormat;
  try {
    plain = new Intl.NumberFormat(locale, { useGrouping: false });
    padded = new Intl.NumberFormat(locale, { useGrouping: false, minimumIntegerDigits: 2 });
  } catch {
    // An invalid locale tag: the runtime's default digits.
    plain = new Intl.NumberFormat(undefined, { useGrouping: false });
    padded = new Intl.NumberFormat(undefined, { useGrouping: false, minimumIntegerDigits: 2 });
  }
  return hours ? `${plain.format(hours)}:${padded.format(minutes)}:${padded.format(seconds)}` : `${plain.format(minutes)}:${padded.format(seconds)}`;
}

export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export function isDtmfKey(key: string): boolean {
  return (DTMF_KEYS as readonly string[]).includes(key);
}
