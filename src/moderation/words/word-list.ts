import { normalize, normalizeWithOffsets } from '../text/normalize.js';

export interface WordMatch {
  /** The list entry that matched, as the moderator wrote it. */
  term: string;
  /** UTF-16 range in the text as the author wrote it. */
  begin: number;
  end: number;
}

export interface WordList {
  readonly size: number;
  /** Every match in `text`, leftmost first; evasions (spacing, leetspeak, look-alikes, repeats) are undone first. */
  matches(text: string): WordMatch[];
  /** The first match, or undefined: what the pipeline needs. */
  first(text: string): WordMatch | undefined;
}

interface Entry {
  term: string;
  words: string[];
  /** The last word may continue: "idiot*" also matches "idiots", "idiotic". */
  prefix: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Compiles a moderator's list of words and phrases ("moron", "go back to*", "sc*m" is not a pattern: only a final *
 * is). Entries are normalized like comments are, so an entry written "Idiot" or "іdiot" matches the same texts.
 * Matching is by whole words: "class" never matches an entry "ass".
 */
export function compileWordList(entries: readonly string[]): WordList {
  const byFirstWord = new Map<string, Entry[]>();
  const prefixFirst: Entry[] = [];
  let size = 0;
  for (const raw of entries) {
    const prefix = raw.trim().endsWith('*');
    const words = normalize(raw.trim().replace(/\*+$/, '')).match(WORD) ?? [];
    if (words.length === 0) continue;
    const entry: Entry = { term: raw.trim(), words, prefix };
    size++;
    if (prefix && words.length === 1) prefixFirst.push(entry);
    else {
      const list = byFirstWord.get(words[0]!) ?? [];
      list.push(entry);
      byFirstWord.set(words[0]!, list);
    }
  }

  const matches = (text: string, firstOnly: boolean): WordMatch[] => {
    if (size === 0 || !text) return [];
    const norm = normalizeWithOffsets(text);
    const tokens = [...norm.text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
    const found: WordMatch[] = [];
    const toOriginal = (from: number, to: number): { begin: number; end: number } => ({
      begin: norm.starts[from] ?? 0,
      end: norm.ends[to - 1] ?? text.length,
    });
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const candidates = [...(byFirstWord.get(token.word) ?? []), ...prefixFirst.filter((e) => token.word.startsWith(e.words[0]!))];
      for (const entry of candidates) {
        const n = entry.words.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          const w = tokens[i + k]!.word;
          const want = entry.words[k]!;
          ok = k === n - 1 && entry.prefix ? w.startsWith(want) : w === want;
        }
        if (!ok) continue;
        found.push({ term: entry.term, ...toOriginal(token.start, tokens[i + n - 1]!.end) });
        if (firstOnly) return found;
        break;
      }
    }
    return found;
  };

  return {
    size,
    matches: (text) => matches(text, false),
    first: (text) => matches(text, true)[0],
  };
}
