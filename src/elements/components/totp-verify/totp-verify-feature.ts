/**
 * What `<totp-verify>` needs once a code is to be sent, a chunk of its own: the request (the send
 * event, the POST, its timeout and abort), what the answer means (the status and legacy error-code
 * tables) and its texts, the result events, and a 429's countdown. The element fetches it when
 * someone starts on a code (focus or input in it, with `verify-url` set), so the POST waits for
 * nothing; at the latest on submit, or for an `outcome` attribute's text.
 */
import type { TotpStrings } from '../../core/totp-code.js';
import { retryWait } from '../../core/retry-wait.js';

export { TotpVerificationController } from '../../controllers/totp-verification.js';
export { TOTP_ANSWER_STRINGS, totpAnswerText } from '../../core/totp-outcome.js';
export { RetryCountdown } from '../../controllers/retry-countdown.js';

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
