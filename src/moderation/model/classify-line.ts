/** One line of `agora classify`: parse, validate, score; problems become an error record, never an exception. */
import type { Attribute, Scorer } from './scorer.js';

export type ClassifyResult = { id: unknown; scores: Record<Attribute, number> } | { id: unknown; error: string };

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

/** Where results go: a stream whose write() says false when its buffer is full, and which then emits "drain". */
interface Sink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * Scores JSON lines read in chunks from `input` and writes one result line per non-blank input line, in order.
 * Lines are handled a chunk at a time and written with one call per chunk (per-line stream objects cost more than
 * scoring does); reading waits while the sink is full, so memory stays bounded by one chunk and one long line.
 */
export async function classifyStream(scorer: Scorer, input: AsyncIterable<Buffer | string>, sink: Sink): Promise<number> {
  let rest = '';
  let count = 0;
  const flush = async (lines: string[]): Promise<void> => {
    let out = '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      out += JSON.stringify(classifyLine(scorer, line)) + '\n';
      count++;
    }
    if (out !== '' && !sink.write(out)) await new Promise<void>((resolve) => sink.once('drain', resolve));
  };
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    await flush(lines);
  }
  await flush([rest + decoder.decode()]);
  return count;
}
