import { Readable, Writable } from 'node:stream';
import type { ImportInput } from './input.js';

/** An input over a string or buffer, as a file would give it. */
export const stringInput = (text: string | Buffer): ImportInput => ({
  stream: Readable.from([typeof text === 'string' ? Buffer.from(text) : text]),
  size: Buffer.byteLength(text),
});

/** A writable that keeps what it is given, for exports in tests. */
export function memoryOut(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}
