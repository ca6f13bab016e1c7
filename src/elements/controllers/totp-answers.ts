/**
 * What `<totp-verify>` needs once a code is on its way, a chunk of its own: reading the answer,
 * deciding its outcome (the status and legacy error-code tables) and its text, and a 429's
 * countdown. Loaded beside the POST (`loadTotpAnswers`), so the request waits for nothing, and
 * when the page renders an `outcome` attribute; a focus in the element fetches it ahead.
 */
import type { TotpStrings } from '../core/totp-code.js';
import { retryWait } from '../core/retry-wait.js';

export { readTotpResponse } from '../core/totp-response.js';
export { TOTP_DEFAULT_STRINGS, totpAnswer, totpAnswerText } from '../core/totp-outcome.js';
export { RetryCountdown } from './retry-countdown.js';

/** The countdown's text for `msLeft` (numbers in the page's `lang`), and whether the wait is over. */
export function retryWaitText(msLeft: number, strings: TotpStrings, lang: string | undefined): { text: string; over: boolean } {
  const wait = retryWait(msLeft);
  const n = (v: number) => new Intl.NumberFormat(lang).format(v);
  const key = wait.unit === 'now' ? 'retryNow' : wait.unit === 'seconds' ? 'retryInSeconds' : 'retryInMinutes';
  return {
    text: strings[key].replace('{minutes}', () => n(wait.minutes)).replace('{seconds}', () => n(wait.seconds)),
    over: wait.unit === 'now',
  };
}
