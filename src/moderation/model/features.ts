/**
 * Hashed features of normalized text: word unigrams and bigrams, and character 3- to 5-grams inside each word padded
 * with boundary marks (so "idiot" and "idiots" share most features, and an unseen spelling still hits known pieces).
 * Hashing keeps the model a fixed size with no vocabulary to ship. Each block (words, characters) is scaled to unit
 * length so a long comment does not get a larger score merely by being long.
 *
 * A token is what /[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*|\p{Extended_Pictographic}/u matches (features.test.ts checks
 * this against the expression), scanned by hand here because a regular expression costs more than the hashing.
 */
const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_CHAR = 0x27d4eb2f;

export interface Features {
  /** Bucket indices: the word block, then the character block; a bucket may appear once in each. */
  readonly index: Int32Array;
  readonly value: Float32Array;
  /** How many of the indices are the word block. */
  readonly words: number;
}

/**
 * The same features as two blocks of distinct buckets, without the per-feature values (each block's value is
 * `blockValue(block.length)`). Views into buffers that the next call reuses: read them before hashing another text.
 */
export interface FeatureBlocks {
  readonly words: Int32Array;
  readonly chars: Int32Array;
}

/** Every feature of a block of n has the value 1/√n (as a float32), so that each block has unit length. */
export function blockValue(n: number): number {
  return n > 0 ? Math.fround(1 / Math.sqrt(n)) : 0;
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

/** Hashes accumulate in reused buffers (feature extraction is synchronous); featureBlocks hands out views of them. */
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

// A set of the buckets seen in the current block: open addressing over a small table whose slots are valid only when
// stamped with the current generation, so starting a new block costs nothing.
let seenKeys: Int32Array = new Int32Array(4096);
let seenStamps: Uint32Array = new Uint32Array(4096);
let generation = 0;

/**
 * Removes repeated buckets from a[0..n) in place, keeping first occurrences in order; returns the count kept. Binary
 * features: a word used twice counts once. (Sorting did the same job at several times the cost; the order only
 * affects the rounding of sums, and training, evaluation and scoring all see the same order.)
 */
function unique(a: Int32Array, n: number): number {
  if (n * 2 > seenKeys.length) {
    const size = 1 << Math.ceil(Math.log2(n * 4));
    seenKeys = new Int32Array(size);
    seenStamps = new Uint32Array(size);
    generation = 0;
  }
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    seenStamps.fill(0);
    generation = 1;
  }
  const slots = seenKeys.length - 1;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i] ?? 0;
    // Buckets are already well-mixed hashes, so their low bits index the table directly.
    let slot = v & slots;
    let seen = false;
    while (seenStamps[slot] === generation) {
      if (seenKeys[slot] === v) {
        seen = true;
        break;
      }
      slot = (slot + 1) & slots;
    }
    if (seen) continue;
    seenStamps[slot] = generation;
    seenKeys[slot] = v;
    a[kept++] = v;
  }
  return kept;
}

/** The distinct feature buckets of already-normalized text, hashed into 2^bits buckets, by block. */
export function featureBlocks(normalized: string, bits: number): FeatureBlocks {
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
  return {
    words: wordHashes.subarray(0, unique(wordHashes, nWords)),
    chars: charHashes.subarray(0, unique(charHashes, nChars)),
  };
}

/** Features of already-normalized text, hashed into 2^bits buckets, as index/value pairs (for training). */
export function extractFeatures(normalized: string, bits: number): Features {
  const { words, chars } = featureBlocks(normalized, bits);
  const w = words.length;
  const index = new Int32Array(w + chars.length);
  const value = new Float32Array(w + chars.length);
  index.set(words, 0);
  index.set(chars, w);
  value.fill(blockValue(w), 0, w);
  value.fill(blockValue(chars.length), w);
  return { index, value, words: w };
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
