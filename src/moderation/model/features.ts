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

// What a code point is to the word pattern (cached, since comments use few distinct characters):
const OTHER = 0;
/** \p{L} or \p{N}: part of a word. */
const WORD_CHARACTER = 1;
/** ' or *: joins two runs of word characters ("don't", "f*ck"). */
const JOINER = 2;
/** \p{Extended_Pictographic}: a token on its own (emoji). */
const PICTOGRAPH_CHARACTER = 3;
type Kind = typeof OTHER | typeof WORD_CHARACTER | typeof JOINER | typeof PICTOGRAPH_CHARACTER;

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const kinds = new Uint8Array(0x10000 + 1);
const KNOWN = 0x80;

function kindOf(cp: number): Kind {
  if (cp < 128) {
    if ((cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90)) return WORD_CHARACTER;
    return cp === 39 || cp === 42 ? JOINER : OTHER;
  }
  const slot = cp <= 0xffff ? cp : 0x10000;
  const cached = kinds[slot] ?? 0;
  if (cached & KNOWN && slot !== 0x10000) return (cached & ~KNOWN) as Kind;
  const ch = String.fromCodePoint(cp);
  const kind = WORD_CHAR.test(ch) ? WORD_CHARACTER : PICTOGRAPH.test(ch) ? PICTOGRAPH_CHARACTER : OTHER;
  if (slot !== 0x10000) kinds[slot] = kind | KNOWN;
  return kind;
}

/** Hashes accumulate in reused buffers (feature extraction is synchronous) and are copied out once per text. */
let wordHashes: Int32Array = new Int32Array(1024);
let charHashes: Int32Array = new Int32Array(4096);
let nWords = 0;
let nChars = 0;
/** The current token's UTF-16 units, apostrophes removed, between the boundary marks "<" and ">". */
let padded = new Uint16Array(256);

function pushWord(h: number): void {
  if (nWords === wordHashes.length) wordHashes = grow(wordHashes);
  wordHashes[nWords++] = h;
}

function pushChar(h: number): void {
  if (nChars === charHashes.length) charHashes = grow(charHashes);
  charHashes[nChars++] = h;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const buckets = new Int32Array(257);
let scratch: Int32Array = new Int32Array(4096);

/**
 * Sorts and de-duplicates a[0..n) (values in [0, 2^bits)) in place; returns the count kept. A comment has a few
 * hundred features spread over 2^19 buckets, so one counting pass on the top 8 bits leaves each value at most a few
 * places from home and an insertion sort finishes: several times faster than TypedArray.prototype.sort here.
 */
function uniqueSorted(a: Int32Array, n: number, bits: number): number {
  if (scratch.length < n) scratch = new Int32Array(n * 2);
  const shift = Math.max(0, bits - 8);
  buckets.fill(0);
  for (let i = 0; i < n; i++) {
    const b = ((a[i] ?? 0) >>> shift) + 1;
    buckets[b] = (buckets[b] ?? 0) + 1;
  }
  for (let b = 1; b < 257; b++) buckets[b] = (buckets[b] ?? 0) + (buckets[b - 1] ?? 0);
  for (let i = 0; i < n; i++) {
    const v = a[i] ?? 0;
    const slot = buckets[v >>> shift] ?? 0;
    buckets[v >>> shift] = slot + 1;
    scratch[slot] = v;
  }
  for (let i = 1; i < n; i++) {
    const v = scratch[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (scratch[j] ?? 0) > v) {
      scratch[j + 1] = scratch[j] ?? 0;
      j--;
    }
    scratch[j + 1] = v;
  }
  let kept = 0;
  for (let i = 0; i < n; i++) if (i === 0 || scratch[i] !== scratch[i - 1]) a[kept++] = scratch[i] ?? 0;
  return kept;
}

/** Features of already-normalized text, hashed into 2^bits buckets. */
export function extractFeatures(normalized: string, bits: number): Features {
  const mask = (1 << bits) - 1;
  nWords = 0;
  nChars = 0;
  let previous = -1;
  const end = normalized.length;
  for (let i = 0; i < end;) {
    const cp = normalized.codePointAt(i) ?? 0;
    const kind = kindOf(cp);
    if (kind === WORD_CHARACTER) {
      const tokenEnd = wordEnd(normalized, i);
      previous = addToken(normalized, i, tokenEnd, previous, mask);
      i = tokenEnd;
    } else if (kind === PICTOGRAPH_CHARACTER) {
      const tokenEnd = i + (cp > 0xffff ? 2 : 1);
      previous = addToken(normalized, i, tokenEnd, previous, mask);
      i = tokenEnd;
    } else i += cp > 0xffff ? 2 : 1;
  }
  const w = uniqueSorted(wordHashes, nWords, bits);
  const c = uniqueSorted(charHashes, nChars, bits);
  const index = new Int32Array(w + c);
  const value = new Float32Array(w + c);
  index.set(wordHashes.subarray(0, w), 0);
  index.set(charHashes.subarray(0, c), w);
  value.fill(w > 0 ? 1 / Math.sqrt(w) : 0, 0, w);
  value.fill(c > 0 ? 1 / Math.sqrt(c) : 0, w);
  return { index, value };
}

/** The end of the word starting at `start`: runs of word characters, joined by runs of ' and * between them. */
function wordEnd(text: string, start: number): number {
  let end = skip(text, start, WORD_CHARACTER);
  for (;;) {
    const afterJoiners = skip(text, end, JOINER);
    if (afterJoiners === end || afterJoiners >= text.length) return end;
    const afterWord = skip(text, afterJoiners, WORD_CHARACTER);
    if (afterWord === afterJoiners) return end;
    end = afterWord;
  }
}

function skip(text: string, from: number, kind: Kind): number {
  let i = from;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    if (kindOf(cp) !== kind) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** Adds the word, the bigram with the previous word and the character n-grams of text[begin, end); returns its hash. */
function addToken(text: string, begin: number, end: number, previous: number, mask: number): number {
  // "don't" and "dont" are the same word; "f*ck" keeps its star, which is what makes it a new token.
  if (padded.length < end - begin + 2) padded = new Uint16Array((end - begin + 2) * 2);
  let length = 0;
  padded[length++] = 60; // <
  let wh = SEED_WORD;
  for (let i = begin; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 39) continue;
    padded[length++] = unit;
    wh = Math.imul(wh ^ unit, FNV_PRIME);
  }
  padded[length++] = 62; // >
  wh >>>= 0;
  pushWord(finalize(wh, mask));
  if (previous >= 0) pushWord(finalize(Math.imul(previous ^ SEED_BIGRAM, FNV_PRIME) ^ wh, mask));
  for (let i = 0; i < length; i++) {
    let h = SEED_CHAR;
    for (let j = i; j < length && j < i + 5; j++) {
      h = Math.imul(h ^ (padded[j] ?? 0), FNV_PRIME);
      if (j - i >= 2) pushChar(finalize(h + (j - i), mask));
    }
  }
  return wh;
}
