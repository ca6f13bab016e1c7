/**
 * Registering a booted phone's socket ahead of the SDK from the CDN entry (register-ahead.ts): a
 * copy of the token URL's first answer, judged as the element's token path will judge it
 * (the same `readTokenAnswer` and `fromTokenUrl`); a good token registers the socket at once
 * (`listen()`, signaling-early-register.ts), while the elements file is still on its way or being
 * evaluated. Anything else does nothing here: the element reads its own copy, reports the problem
 * and drops the socket. A lazy chunk: its token code is the element's, needed here only early.
 */
import { fromTokenUrl } from '../core/token-source.js';
import { readTokenAnswer, TOKEN_FETCH_DEFAULTS } from '../core/token-fetch.js';
import type { TokenAnswer } from '../core/token-response.js';
import type { PrewarmedSocket } from './signaling-prewarm.js';

/** Never rejects. */
export async function listenOnTokenAnswer(answer: Response, prewarm: PrewarmedSocket): Promise<void> {
  let read: TokenAnswer;
  try {
    read = await readTokenAnswer(answer, TOKEN_FETCH_DEFAULTS.maxBodyBytes);
  } catch {
    return; // aborted (the element stopped or timed out) or too big: the element says which
  }
  const result = fromTokenUrl(read, Date.now() / 1000);
  if (result.ok) prewarm.listen(result.token);
}
