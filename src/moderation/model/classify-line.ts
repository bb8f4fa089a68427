/** One line of `agora classify`: parse, validate, score; problems become an error record, never an exception. */
import type { Attribute, Scorer } from './scorer.js';

export type ClassifyResult =
  | { id: unknown; scores: Record<Attribute, number> }
  | { id: unknown; error: string };

const round = (n: number): number => Math.round(n * 1e4) / 1e4;

export function classifyLine(scorer: Scorer, line: string): ClassifyResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { id: null, error: 'invalid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { id: null, error: 'expected an object {"id","text"}' };
  }
  const { id = null, text } = parsed as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') return { id, error: 'missing string field "text"' };
  const raw = scorer.score(text);
  const scores = {} as Record<Attribute, number>;
  for (const a of scorer.attributes) scores[a] = round(raw[a]);
  return { id, scores };
}
