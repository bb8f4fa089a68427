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
 */

export interface NormalizedText {
  readonly text: string;
  /** starts[i] is the UTF-16 index in the input where output character i came from. */
  readonly starts: Int32Array;
  /** ends[i] is the exclusive UTF-16 end in the input of output character i's source. */
  readonly ends: Int32Array;
}

/** Normalized text only: what features and word lists are computed on. */
export function normalize(text: string): string {
  return normalizeWithOffsets(text).text;
}

// Format characters (\p{Cf}: zero-width space/joiners, bidi marks, soft hyphen, BOM), variation selectors and the
// Hangul fillers that render as blanks. Each is matched alone (the class is anchored), so combining members are meant.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /^[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]$/u;
const COMBINING = /\p{M}/gu;
const LETTER = /\p{L}/u;
const LATIN = /[a-z]/;

/** Cyrillic and Greek lowercase letters that look like a Latin letter (after lowercasing). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c',
  т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', ѡ: 'w', ь: 'b', ү: 'y', һ: 'h',
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', ς: 'c', τ: 't',
  υ: 'u', χ: 'x', ω: 'w', μ: 'u', ϲ: 'c', ɑ: 'a', ɡ: 'g', ı: 'i', ȷ: 'j', ſ: 's',
  // Latin small capitals, which NFKC leaves alone.
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n',
  ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't', '€': 'e', '£': 'l', '¢': 'c',
};
/** Characters that only count as leet when they sit between word characters (`sh!t`), not at a word's edge. */
const LEET_INNER_ONLY = new Set(['!', '|', '+', '@']);
/** Separators allowed between spelled-out letters. */
const SPELL_SEPARATOR = /^[ .\-_*,~+/|:'"`]$/;

// Per code point results repeat constantly (the same few hundred characters), so the Unicode work is cached.
const charCache = new Map<number, string>();

function foldCodePoint(cp: number, ch: string): string {
  const hit = charCache.get(cp);
  if (hit !== undefined) return hit;
  let out: string;
  if (INVISIBLE.test(ch)) out = '';
  else if (/^\s$/u.test(ch)) out = ' ';
  else out = ch.normalize('NFKC').normalize('NFD').replace(COMBINING, '').toLowerCase().normalize('NFC');
  if (/\s/u.test(out)) out = out.replace(/\s+/gu, ' ');
  if (charCache.size < 50_000) charCache.set(cp, out);
  return out;
}

/** Mutable working form: one entry per output character with its source range. */
interface Work {
  chars: string[];
  starts: number[];
  ends: number[];
}

export function normalizeWithOffsets(input: string): NormalizedText {
  const w: Work = { chars: [], starts: [], ends: [] };
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i) ?? 0;
    const len = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp, input.slice(i, i + len));
    for (const c of folded) {
      w.chars.push(c);
      w.starts.push(i);
      w.ends.push(i + len);
    }
    i += len;
  }
  mapHomoglyphs(w);
  mapLeet(w);
  const joined = joinSpelledLetters(w);
  const collapsed = collapseRuns(joined);
  return {
    text: collapsed.chars.join(''),
    starts: Int32Array.from(collapsed.starts),
    ends: Int32Array.from(collapsed.ends),
  };
}

function isLetter(c: string | undefined): boolean {
  if (c === undefined || c.length === 0) return false;
  const code = c.charCodeAt(0);
  // ASCII fast path: this runs for every character of every comment.
  if (code < 128) return code >= 97 && code <= 122;
  return LETTER.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && c >= '0' && c <= '9';
}

/** Calls fn(start, end) for each maximal run of characters for which inRun is true. */
function forEachRun(chars: string[], inRun: (c: string) => boolean, fn: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const c = chars[i];
    const member = c !== undefined && inRun(c);
    if (member && start < 0) start = i;
    else if (!member && start >= 0) {
      fn(start, i);
      start = -1;
    }
  }
}

function mapHomoglyphs(w: Work): void {
  forEachRun(w.chars, isLetter, (start, end) => {
    let hasLatin = false;
    let allConfusable = true;
    let anyConfusable = false;
    for (let i = start; i < end; i++) {
      const c = w.chars[i] ?? '';
      if (LATIN.test(c)) hasLatin = true;
      else if (HOMOGLYPHS[c] !== undefined) anyConfusable = true;
      else allConfusable = false;
    }
    if (!anyConfusable || (!hasLatin && !allConfusable)) return;
    for (let i = start; i < end; i++) w.chars[i] = HOMOGLYPHS[w.chars[i] ?? ''] ?? w.chars[i] ?? '';
  });
}

function mapLeet(w: Work): void {
  const inToken = (c: string): boolean => isLetter(c) || isDigit(c) || LEET[c] !== undefined;
  forEachRun(w.chars, inToken, (start, end) => {
    let letters = 0;
    let digits = 0;
    for (let i = start; i < end; i++) {
      const c = w.chars[i] ?? '';
      if (isLetter(c)) letters++;
      else if (isDigit(c)) digits++;
    }
    if (letters < 2 || digits * 2 > letters + digits) return;
    const token = w.chars.slice(start, end).join('');
    if (/^[0-9]+(st|nd|rd|th|s|k|m|am|pm|px|mb|gb)$/.test(token)) return;
    // Only the part between the first and last word character is considered, so "idiot!" keeps its "!".
    let first = start;
    while (first < end && !isLetter(w.chars[first]) && !(isDigit(w.chars[first]) || w.chars[first] === '$')) first++;
    let last = end - 1;
    while (last > first && !isLetter(w.chars[last]) && !isDigit(w.chars[last])) last--;
    for (let i = first; i <= last; i++) {
      const c = w.chars[i] ?? '';
      const mapped = LEET[c];
      if (mapped === undefined) continue;
      if (LEET_INNER_ONLY.has(c) && (i === first || i === last)) continue;
      w.chars[i] = mapped;
    }
  });
}

/** Joins runs of three or more single letters separated by short runs of separators: "f . u . c . k" → "fuck". */
function joinSpelledLetters(w: Work): Work {
  const { chars } = w;
  const drop = new Uint8Array(chars.length);
  const isSingle = (i: number): boolean => isLetter(chars[i]) && !isLetter(chars[i - 1]) && !isLetter(chars[i + 1]);
  let i = 0;
  while (i < chars.length) {
    if (!isSingle(i)) {
      i++;
      continue;
    }
    const letters = [i];
    let j = i + 1;
    for (;;) {
      let k = j;
      while (k < chars.length && k - j < 3 && SPELL_SEPARATOR.test(chars[k] ?? '')) k++;
      if (k === j || !isSingle(k)) break;
      letters.push(k);
      j = k + 1;
    }
    if (letters.length >= 3) {
      for (let n = 0; n + 1 < letters.length; n++) {
        for (let m = (letters[n] ?? 0) + 1; m < (letters[n + 1] ?? 0); m++) drop[m] = 1;
      }
    }
    i = (letters[letters.length - 1] ?? i) + 1;
  }
  const out: Work = { chars: [], starts: [], ends: [] };
  for (let n = 0; n < chars.length; n++) {
    if (drop[n]) continue;
    out.chars.push(chars[n] ?? '');
    out.starts.push(w.starts[n] ?? 0);
    out.ends.push(w.ends[n] ?? 0);
  }
  return out;
}

/** Collapses a letter repeated 3+ times to one and whitespace runs to one space; trims. */
function collapseRuns(w: Work): Work {
  const out: Work = { chars: [], starts: [], ends: [] };
  const { chars } = w;
  for (let i = 0; i < chars.length; ) {
    const c = chars[i] ?? '';
    let j = i + 1;
    while (j < chars.length && chars[j] === c) j++;
    const run = j - i;
    const keep = c === ' ' ? 1 : isLetter(c) && run >= 3 ? 1 : run;
    const atEdge = c === ' ' && (out.chars.length === 0 || j === chars.length);
    if (!atEdge) {
      for (let n = 0; n < keep; n++) {
        out.chars.push(c);
        // A collapsed run maps back to the whole run in the input.
        out.starts.push(w.starts[keep === run ? i + n : i] ?? 0);
        out.ends.push(w.ends[keep === run ? i + n : j - 1] ?? 0);
      }
    }
    i = j;
  }
  return out;
}
