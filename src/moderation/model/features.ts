/**
 * Hashed features of normalized text: word unigrams and bigrams, and character 3- to 5-grams inside each word padded
 * with boundary marks (so "idiot" and "idiots" share most features, and an unseen spelling still hits known pieces).
 * Hashing keeps the model a fixed size with no vocabulary to ship. Each block (words, characters) is scaled to unit
 * length so a long comment does not get a larger score merely by being long.
 */
const WORD = /[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*|\p{Extended_Pictographic}/gu;
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_CHAR = 0x27d4eb2f;

export interface Features {
  /** Bucket indices; the same bucket may appear twice (once per block), which sums correctly in a dot product. */
  readonly index: Int32Array;
  readonly value: Float32Array;
}

export interface FeatureSpan {
  /** Offsets in the normalized text of each word, for span scoring. */
  readonly begin: number;
  readonly end: number;
}

function hashString(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function finalize(h: number, mask: number): number {
  // Murmur3's finalizer spreads FNV's weak low bits before masking to the table size.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & mask;
}

export function tokenize(normalized: string): FeatureSpan[] {
  const out: FeatureSpan[] = [];
  for (const m of normalized.matchAll(WORD)) out.push({ begin: m.index, end: m.index + m[0].length });
  return out;
}

function uniqueSorted(values: number[]): Int32Array {
  const sorted = Int32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] ?? 0;
  return sorted.subarray(0, n);
}

/** Features of already-normalized text, hashed into 2^bits buckets. */
export function extractFeatures(normalized: string, bits: number): Features {
  const mask = (1 << bits) - 1;
  const words: number[] = [];
  const chars: number[] = [];
  let previous = -1;
  for (const m of normalized.matchAll(WORD)) {
    // "don't" and "dont" are the same word; "f*ck" keeps its star, which is what makes it a new token.
    const word = m[0].replace(/'/g, '');
    const wh = hashString(word, SEED_WORD);
    words.push(finalize(wh, mask));
    if (previous >= 0) words.push(finalize(Math.imul(previous ^ SEED_BIGRAM, FNV_PRIME) ^ wh, mask));
    previous = wh;
    const padded = `<${word}>`;
    for (let i = 0; i < padded.length; i++) {
      let h = SEED_CHAR;
      for (let j = i; j < padded.length && j < i + 5; j++) {
        h = Math.imul(h ^ padded.charCodeAt(j), FNV_PRIME);
        if (j - i >= 2) chars.push(finalize(h + (j - i), mask));
      }
    }
  }
  const w = uniqueSorted(words);
  const c = uniqueSorted(chars);
  const index = new Int32Array(w.length + c.length);
  const value = new Float32Array(w.length + c.length);
  index.set(w, 0);
  index.set(c, w.length);
  value.fill(w.length > 0 ? 1 / Math.sqrt(w.length) : 0, 0, w.length);
  value.fill(c.length > 0 ? 1 / Math.sqrt(c.length) : 0, w.length);
  return { index, value };
}
