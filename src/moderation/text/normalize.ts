/**
 * Text normalization shared by the toxicity model and the word-list filter.
 *
 * Abusive posters disguise words so that naive matching misses them. `normalize` undoes the common disguises so that
 * "Ｆ.Ｕ.Ｃ.Ｋ", "fuuuuck", "f u c k", "ſhit", "$h1t" and "shіt" (Cyrillic і) all come out as plain lowercase Latin:
 *
 * 1. NFKC per code point (fullwidth, ligatures, circled and mathematical letters), then accents stripped (NFD minus
 *    combining marks) and lowercased.
 * 2. Invisible characters dropped: zero-width spaces and joiners, soft hyphens, bidi controls, variation selectors.
 * 3. Cyrillic and Greek look-alikes mapped to Latin, but only inside a word that already has Latin letters or that
 *    consists only of look-alikes: a genuine Russian or Greek word keeps its script.
 * 4. Leetspeak mapped inside words that are mostly letters (`$h1t`, `sh!t`, `b1tch`); numbers, ordinals ("1st") and
 *    punctuation at a word's edge are left alone.
 * 5. Letters spelled out one by one with spaces or punctuation between them ("f u c k", "f.u.c.k", "f-u-c-k") joined.
 * 6. A letter repeated three or more times collapsed to one ("fuuuck" → "fuck"; "good" keeps its double o).
 * 7. Runs of whitespace become one space; the result is trimmed.
 *
 * `normalizeWithOffsets` also returns, for every output character, the range of the input it came from, so that spans
 * found in normalized text can be reported on the text the user wrote.
 *
 * Every comment is normalized before it is scored, so this runs on the hot path: the text is worked on as arrays of
 * code points (one per output character, with its source range) in reused typed buffers, and the Unicode work per
 * code point is cached.
 */

export interface NormalizedText {
  readonly text: string;
  /** starts[i] is the UTF-16 index in the input where output character i came from. */
  readonly starts: Int32Array;
  /** ends[i] is the exclusive UTF-16 end in the input of output character i's source. */
  readonly ends: Int32Array;
}

// Format characters (\p{Cf}: zero-width space/joiners, bidi marks, soft hyphen, BOM), variation selectors and the
// Hangul fillers that render as blanks. Each is matched alone (the class is anchored), so combining members are meant.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /^[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]$/u;
const COMBINING = /\p{M}/gu;
const LETTER = /\p{L}/u;
const SPACE = 32;

const codePoints = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) ?? 0);
const byCodePoint = (table: Readonly<Record<string, string>>): Map<number, number> =>
  new Map(Object.entries(table).map(([k, v]) => [k.codePointAt(0) ?? 0, v.codePointAt(0) ?? 0]));

/** Cyrillic and Greek lowercase letters that look like a Latin letter (after lowercasing). */
// prettier-ignore
const HOMOGLYPHS = byCodePoint({
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c',
  т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', ѡ: 'w', ь: 'b', ү: 'y', һ: 'h',
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', ς: 'c', τ: 't',
  υ: 'u', χ: 'x', ω: 'w', μ: 'u', ϲ: 'c', ɑ: 'a', ɡ: 'g', ı: 'i', ȷ: 'j', ſ: 's',
  // Latin small capitals, which NFKC leaves alone.
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
  ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
});

// prettier-ignore
const LEET = byCodePoint({
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't', '€': 'e', '£': 'l', '¢': 'c',
});
/** Characters that only count as leet when they sit between word characters (`sh!t`), not at a word's edge. */
const LEET_INNER_ONLY = new Set(codePoints('!|+@'));
/** Separators allowed between spelled-out letters. */
const SPELL_SEPARATOR = new Set(codePoints(' .-_*,~+/|:\'"`'));
const ORDINAL_OR_UNIT = /^[0-9]+(st|nd|rd|th|s|k|m|am|pm|px|mb|gb)$/;

// Per code point results repeat constantly (the same few hundred characters), so the Unicode work is cached: what a
// code point folds to (zero or more code points) and whether it is a letter.
const FOLD_CACHE_LIMIT = 50_000;
const foldCache = new Map<number, readonly number[]>();
const letterCache = new Map<number, boolean>();

function fold(cp: number): readonly number[] {
  const hit = foldCache.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  let out: string;
  if (INVISIBLE.test(ch)) out = '';
  else if (/^\s$/u.test(ch)) out = ' ';
  else out = ch.normalize('NFKC').normalize('NFD').replace(COMBINING, '').toLowerCase().normalize('NFC');
  if (/\s/u.test(out)) out = out.replace(/\s+/gu, ' ');
  const cps = codePoints(out);
  if (foldCache.size < FOLD_CACHE_LIMIT) foldCache.set(cp, cps);
  return cps;
}
/** ASCII folds to exactly one ASCII code point (lowercase; whitespace to a space). */
const FOLD_ASCII = Int32Array.from({ length: 128 }, (_, cp) => {
  const [only, ...rest] = fold(cp);
  if (only === undefined || only >= 128 || rest.length > 0) throw new Error(`ASCII ${cp} folds to ${String(only)}`);
  return only;
});

function isLetter(cp: number): boolean {
  // ASCII fast path: this runs for every character of every comment. Folded text is lowercase.
  if (cp < 128) return cp >= 97 && cp <= 122;
  let hit = letterCache.get(cp);
  if (hit === undefined) {
    hit = LETTER.test(String.fromCodePoint(cp));
    if (letterCache.size < FOLD_CACHE_LIMIT) letterCache.set(cp, hit);
  }
  return hit;
}

const isDigit = (cp: number): boolean => cp >= 48 && cp <= 57;
const isLatin = (cp: number): boolean => cp >= 97 && cp <= 122;

/**
 * The text being worked on: code point i of the output so far came from input[starts[i], ends[i]). Buffers are
 * reused between calls (normalization is synchronous, so calls never overlap) and grow as needed.
 */
class Work {
  cps: Int32Array = new Int32Array(256);
  starts: Int32Array = new Int32Array(256);
  ends: Int32Array = new Int32Array(256);
  length = 0;

  reset(capacity: number): void {
    this.length = 0;
    if (this.cps.length < capacity) this.grow(capacity);
  }

  push(cp: number, start: number, end: number): void {
    if (this.length === this.cps.length) this.grow(this.length * 2);
    const n = this.length++;
    this.cps[n] = cp;
    this.starts[n] = start;
    this.ends[n] = end;
  }

  private grow(capacity: number): void {
    const copy = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.cps = copy(this.cps);
    this.starts = copy(this.starts);
    this.ends = copy(this.ends);
  }
}

const folded = new Work();
const joined = new Work();
const collapsed = new Work();

/** Normalized text only: what features and word lists are computed on. */
export function normalize(text: string): string {
  return toText(run(text));
}

export function normalizeWithOffsets(input: string): NormalizedText {
  const w = run(input);
  return { text: toText(w), starts: w.starts.slice(0, w.length), ends: w.ends.slice(0, w.length) };
}

function run(input: string): Work {
  folded.reset(input.length);
  let ascii = true;
  for (let i = 0; i < input.length;) {
    const cp = input.codePointAt(i) ?? 0;
    if (cp < 128) {
      folded.push(FOLD_ASCII[cp] ?? 0, i, i + 1);
      i++;
      continue;
    }
    ascii = false;
    const len = cp > 0xffff ? 2 : 1;
    const cps = fold(cp);
    for (let k = 0; k < cps.length; k++) folded.push(cps[k] ?? 0, i, i + len);
    i += len;
  }
  // Look-alikes are never ASCII, and ASCII folds to ASCII.
  if (!ascii) mapHomoglyphs(folded);
  mapLeet(folded);
  collapseRuns(joinSpelledLetters(folded, joined), collapsed);
  return collapsed;
}

const units = new Uint16Array(4096);
const unitsToString = (n: number): string => String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);

function toText(w: Work): string {
  let text = '';
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    if (n > units.length - 2) {
      text += unitsToString(n);
      n = 0;
    }
    const cp = w.cps[i] ?? 0;
    if (cp > 0xffff) {
      units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    } else units[n++] = cp;
  }
  return text + unitsToString(n);
}

const LEET_ASCII = Int32Array.from({ length: 128 }, (_, cp) => LEET.get(cp) ?? -1);
/** What a code point reads as in leetspeak, or -1. */
const leetOf = (cp: number): number => (cp < 128 ? (LEET_ASCII[cp] ?? -1) : (LEET.get(cp) ?? -1));
const isLeetToken = (c: number): boolean => isLetter(c) || isDigit(c) || leetOf(c) >= 0;

/** The end of the run of code points from `start` for which inRun is true. */
function runEnd(w: Work, start: number, inRun: (cp: number) => boolean): number {
  let end = start;
  while (end < w.length && inRun(w.cps[end] ?? 0)) end++;
  return end;
}

/** Maps look-alikes in each word (run of letters) that is Latin with look-alikes or made only of look-alikes. */
function mapHomoglyphs(w: Work): void {
  const { cps } = w;
  for (let start = 0; start < w.length;) {
    if (!isLetter(cps[start] ?? 0)) {
      start++;
      continue;
    }
    const end = runEnd(w, start, isLetter);
    let hasLatin = false;
    let allConfusable = true;
    let anyConfusable = false;
    for (let i = start; i < end; i++) {
      const c = cps[i] ?? 0;
      if (isLatin(c)) hasLatin = true;
      else if (HOMOGLYPHS.has(c)) anyConfusable = true;
      else allConfusable = false;
    }
    if (anyConfusable && (hasLatin || allConfusable)) {
      for (let i = start; i < end; i++) cps[i] = HOMOGLYPHS.get(cps[i] ?? 0) ?? cps[i] ?? 0;
    }
    start = end;
  }
}

/** Maps leetspeak inside each token (run of letters, digits and leet symbols) that is mostly letters. */
function mapLeet(w: Work): void {
  for (let start = 0; start < w.length;) {
    if (!isLeetToken(w.cps[start] ?? 0)) {
      start++;
      continue;
    }
    const end = runEnd(w, start, isLeetToken);
    mapLeetToken(w.cps, start, end);
    start = end;
  }
}

function mapLeetToken(cps: Int32Array, start: number, end: number): void {
  let letters = 0;
  let digits = 0;
  let leet = false;
  for (let i = start; i < end; i++) {
    const c = cps[i] ?? 0;
    if (isLetter(c)) letters++;
    else {
      if (isDigit(c)) digits++;
      leet = true;
    }
  }
  // A token of letters only (most of them) has nothing to map.
  if (!leet || letters < 2 || digits * 2 > letters + digits) return;
  if (isDigit(cps[start] ?? 0) && ORDINAL_OR_UNIT.test(String.fromCodePoint(...cps.subarray(start, end)))) return;
  // Only the part between the first and last word character is considered, so "idiot!" keeps its "!".
  let first = start;
  while (first < end && !isLetter(cps[first] ?? 0) && !isDigit(cps[first] ?? 0) && cps[first] !== 36) first++;
  let last = end - 1;
  while (last > first && !isLetter(cps[last] ?? 0) && !isDigit(cps[last] ?? 0)) last--;
  for (let i = first; i <= last; i++) {
    const c = cps[i] ?? 0;
    const mapped = leetOf(c);
    if (mapped < 0) continue;
    if (LEET_INNER_ONLY.has(c) && (i === first || i === last)) continue;
    cps[i] = mapped;
  }
}

function letterAt(w: Work, i: number): boolean {
  return i >= 0 && i < w.length && isLetter(w.cps[i] ?? 0);
}

/** A letter standing alone: no letter right before or after it. */
function isSingle(w: Work, i: number): boolean {
  return letterAt(w, i) && !letterAt(w, i - 1) && !letterAt(w, i + 1);
}

function copyRange(w: Work, out: Work, from: number, to: number): void {
  for (let n = from; n < to; n++) out.push(w.cps[n] ?? 0, w.starts[n] ?? 0, w.ends[n] ?? 0);
}

/**
 * Joins runs of three or more single letters separated by short runs of separators: "f . u . c . k" → "fuck".
 * Returns `out`, or `w` itself when there was nothing to join.
 */
function joinSpelledLetters(w: Work, out: Work): Work {
  const { cps, length } = w;
  out.reset(length);
  let copied = 0;
  let i = 0;
  while (i < length) {
    if (!isLetter(cps[i] ?? 0)) {
      i++;
      continue;
    }
    if (!isSingle(w, i)) {
      // Skip the rest of this word: none of its letters stands alone.
      while (i < length && isLetter(cps[i] ?? 0)) i++;
      continue;
    }
    let count = 1;
    let lastLetter = i;
    for (let j = i + 1; ;) {
      let k = j;
      while (k < length && k - j < 3 && SPELL_SEPARATOR.has(cps[k] ?? 0)) k++;
      if (k === j || !isSingle(w, k)) break;
      count++;
      lastLetter = k;
      j = k + 1;
    }
    if (count >= 3) {
      // Keep the letters, drop the separators between the first and the last.
      copyRange(w, out, copied, i);
      for (let n = i; n <= lastLetter; n++) if (letterAt(w, n)) copyRange(w, out, n, n + 1);
      copied = lastLetter + 1;
    }
    i = lastLetter + 1;
  }
  if (copied === 0) return w;
  copyRange(w, out, copied, length);
  return out;
}

/** Collapses a letter repeated 3+ times to one and whitespace runs to one space; trims. */
function collapseRuns(w: Work, out: Work): void {
  const { cps, starts, ends, length } = w;
  out.reset(length);
  for (let i = 0; i < length;) {
    const c = cps[i] ?? 0;
    let j = i + 1;
    while (j < length && cps[j] === c) j++;
    const run = j - i;
    const keep = c === SPACE ? 1 : isLetter(c) && run >= 3 ? 1 : run;
    const atEdge = c === SPACE && (out.length === 0 || j === length);
    if (!atEdge) {
      // A collapsed run maps back to the whole run in the input.
      if (keep === run) for (let n = i; n < j; n++) out.push(c, starts[n] ?? 0, ends[n] ?? 0);
      else out.push(c, starts[i] ?? 0, ends[j - 1] ?? 0);
    }
    i = j;
  }
}
