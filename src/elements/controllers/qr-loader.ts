/**
 * Loads the QR encoder (`qr`) once, lazily: only a `<totp-enroll>` that shows a
 * key downloads it, so pages without one (or before enrolment) never do.
 */
import type encodeQr from 'qr';

type EncodeQr = typeof encodeQr;

let pending: Promise<EncodeQr> | undefined;

/** The QR matrix of `text` (rows of booleans, `true` = dark), medium error correction, with the standard's 4-module quiet zone. */
export async function qrMatrix(text: string): Promise<boolean[][]> {
  pending ??= import('qr').then(
    (m) => m.default,
    (err: unknown) => {
      pending = undefined; // a later enrolment may try again
      throw err;
    },
  );
  const encode = await pending;
  return encode(text, 'raw', { ecc: 'medium', border: 4 });
}
