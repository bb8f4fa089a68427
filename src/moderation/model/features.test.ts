import { describe, expect, it } from 'vitest';
import { extractFeatures } from './features.js';
import { seededRandom } from './hash.js';

/** The features' definition, written plainly with a regular expression; extractFeatures is a faster equal. */
function reference(text: string, bits: number): { index: number[]; value: number[]; words: number } {
  const mask = (1 << bits) - 1;
  const fnv = (s: string, seed: number): number => {
    let h = seed;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const finalize = (x: number): number => {
    let h = x;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) & mask;
  };
  const words: number[] = [];
  const chars: number[] = [];
  let previous = -1;
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*|\p{Extended_Pictographic}/gu)) {
    const word = m[0].replace(/'/g, '');
    const wh = fnv(word, 0x811c9dc5);
    words.push(finalize(wh));
    if (previous >= 0) words.push(finalize(Math.imul(previous ^ 0x5bd1e995, 0x01000193) ^ wh));
    previous = wh;
    const padded = `<${word}>`;
    for (let i = 0; i < padded.length; i++) {
      for (let n = 3; n <= 5 && i + n <= padded.length; n++) chars.push(finalize(fnv(padded.slice(i, i + n), 0x27d4eb2f) + n - 1));
    }
  }
  // Each bucket once, in order of first occurrence.
  const unique = (a: number[]): number[] => [...new Set(a)];
  const w = unique(words);
  const c = unique(chars);
  return {
    words: w.length,
    index: [...w, ...c],
    value: [...w.map(() => Math.fround(1 / Math.sqrt(w.length))), ...c.map(() => Math.fround(1 / Math.sqrt(c.length)))],
  };
}

const plain = (f: { index: ArrayLike<number>; value: ArrayLike<number>; words: number }) => ({
  index: Array.from(f.index),
  value: Array.from(f.value),
  words: f.words,
});

describe('extractFeatures', () => {
  it.each([
    '',
    'you are an idiot',
    "don't dont do''nt it's 'quoted' rock'n'roll",
    'f*ck f**k *star* a*',
    '😀 emoji😀mixed 👍🏽 ©',
    'привет мир 東京 ١٢٣',
    'x'.repeat(3000),
    'lone \uD800 surrogate \uDC00 and 𝔞𝔟 pairs',
    'a b c',
  ])('matches the definition for %j', (text) => {
    expect(plain(extractFeatures(text, 19))).toEqual(reference(text, 19));
    expect(plain(extractFeatures(text, 8))).toEqual(reference(text, 8));
  });

  it('matches the definition on random text', () => {
    const random = seededRandom(3);
    const alphabet = ['a', 'b', 'z', '0', '9', "'", '*', ' ', '.', 'é', 'ж', '😀', '\uD800', '𝔞', '-', '\n'];
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(plain(extractFeatures(text, 12))).toEqual(reference(text, 12));
    }
  });
});
