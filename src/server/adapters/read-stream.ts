/** Reads a Node stream up to `limit` bytes; past it, stops reading (the adapter closes the connection after its answer) and rejects with 413. */
import type { Readable } from 'node:stream';
import { tooLarge } from '../body.js';

export function readNodeStream(stream: Readable, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer | string): void => {
      if (done) return;
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        stream.off('data', onData);
        stream.pause(); // read no further: the 413 goes out with `Connection: close`
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}
