/**
 * Word-level evaluation on Civil Comments toxic spans, the task that set was built for: every word of a held-out
 * comment is positive when more than half the raters included it in a toxic span (the set's ground truth), and is
 * scored by the model on its own. Comment-level labels in this set are weak (every comment had already been rated
 * toxic by Civil Comments raters), so this shows more about whether the model knows which words are toxic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecords } from './csv.js';
import { hashSplit } from './datasets.js';
import { rocAuc, prAuc } from './metrics.js';

export interface SpanComment {
  readonly text: string;
  /** Per UTF-16 offset: 1 when more than half the raters marked it toxic. */
  readonly toxic: Uint8Array;
}

export function loadCivilSpanTest(dir: string): SpanComment[] {
  const base = join(dir, 'civil_comments_toxic_spans');
  const read = (f: string): Array<Record<string, string>> => parseRecords(readFileSync(join(base, f), 'utf8'));
  const spans = new Map<string, Array<[number, number]>>();
  for (const s of read('spans.csv')) {
    const list = spans.get(s.annotation ?? '') ?? [];
    list.push([Number(s.start), Number(s.end)]);
    spans.set(s.annotation ?? '', list);
  }
  const raters = new Map<string, string[]>();
  for (const a of read('annotations.csv')) {
    const list = raters.get(a.comment_id ?? '') ?? [];
    list.push(a.annotation ?? '');
    raters.set(a.comment_id ?? '', list);
  }
  const out: SpanComment[] = [];
  for (const c of read('comments.csv')) {
    const text = c.comment_text ?? '';
    const annotations = raters.get(c.comment_id ?? '');
    if (!annotations || hashSplit('civil', text, 20) !== 'test') continue;
    const votes = new Uint16Array(text.length);
    for (const a of annotations) {
      const marked = new Uint8Array(text.length);
      for (const [start, end] of spans.get(a) ?? []) marked.fill(1, Math.max(0, start), Math.min(text.length, end));
      marked.forEach((m, i) => (votes[i] = (votes[i] ?? 0) + m));
    }
    out.push({ text, toxic: Uint8Array.from(votes, (v) => (v * 2 > annotations.length ? 1 : 0)) });
  }
  return out;
}

export function wordLevelAuc(comments: readonly SpanComment[], scoreWord: (word: string) => number) {
  const scores: number[] = [];
  const labels: number[] = [];
  const cache = new Map<string, number>();
  for (const c of comments) {
    for (const m of c.text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'*@$!.-]*/gu)) {
      const word = m[0];
      let s = cache.get(word);
      if (s === undefined) cache.set(word, (s = scoreWord(word)));
      scores.push(s);
      labels.push(c.toxic.subarray(m.index, m.index + word.length).some((v) => v === 1) ? 1 : 0);
    }
  }
  return { words: labels.length, toxicWords: labels.filter((l) => l === 1).length, rocAuc: rocAuc(scores, labels), prAuc: prAuc(scores, labels) };
}
