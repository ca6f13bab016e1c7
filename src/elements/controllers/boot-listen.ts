/**
 * Registering a booted phone's socket ahead of the SDK from the CDN entry (register-ahead.ts): a
 * copy of the token URL's first answer, judged as the element's token path will judge it
 * (core/token-response.ts, then the JWT's claims); a good token registers the socket at once
 * (`listen()`, signaling-early-register.ts), while the elements file is still on its way or being
 * evaluated. Anything else does nothing here: the element reads its own copy, reports the problem
 * and drops the socket. A lazy chunk: its token code is the element's, needed here only early.
 */
import { interpretTokenResponse } from '../core/token-response.js';
import { checkAccessToken } from '../core/token-source.js';
import { readLimitedText, TOKEN_FETCH_DEFAULTS } from '../core/token-fetch.js';
import type { PrewarmedSocket } from './signaling-prewarm.js';

/** Never rejects. */
export async function listenOnTokenAnswer(answer: Response, prewarm: PrewarmedSocket): Promise<void> {
  let body: string;
  try {
    body = await readLimitedText(answer, TOKEN_FETCH_DEFAULTS.maxBodyBytes);
  } catch {
    return; // aborted (the element stopped or timed out) or too big: the element says which
  }
  const judged = interpretTokenResponse({ status: answer.status, contentType: answer.headers.get('content-type') ?? '', body });
  if (judged.kind !== 'token') return;
  const checked = checkAccessToken(judged.token, 'token-url', Date.now() / 1000);
  if (checked.ok) prewarm.listen(checked.token);
}
