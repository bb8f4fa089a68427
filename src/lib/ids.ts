import { randomBytes } from 'node:crypto';

export type IdGenerator = () => string;
export type Clock = () => number;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Time-ordered ids: 9 base-36 characters of milliseconds, 4 of a per-generator sequence, then 7 random ones.
 * Ids from one generator sort in creation order even within a millisecond, which keeps cursor ties stable,
 * and they are short enough for permalinks.
 */
export function timeOrderedIds(clock: Clock = Date.now): IdGenerator {
  let lastTime = -1;
  let seq = 0;
  return () => {
    const now = clock();
    seq = now === lastTime ? (seq + 1) % 36 ** 4 : 0;
    lastTime = now;
    let rand = '';
    for (const b of randomBytes(7)) rand += ALPHABET[b % 36];
    return now.toString(36).padStart(9, '0') + seq.toString(36).padStart(4, '0') + rand;
  };
}
