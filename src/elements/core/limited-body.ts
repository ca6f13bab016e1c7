/** Reading a response body with a size cap (the token fetch and the TOTP requests). DOM-free. */

export class BodyTooLargeError extends Error {}

/** Reads at most `limit` bytes of a body; a bigger body is an error, not a truncation. */
export async function readLimitedText(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError();
  }
  if (!response.body) return '';
  // A declared length within the cap: let the browser read the body. Chromium reports a body read
  // to its end through a stream reader as a cancelled request (ERR_ABORTED, net log and DevTools)
  // on most token fetches; `text()` ends it cleanly. The cap still holds: the length is checked.
  if (Number.isFinite(declared) && response.headers.has('content-length')) {
    const text = await response.text();
    if (new TextEncoder().encode(text).byteLength > limit) throw new BodyTooLargeError();
    return text;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
