import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { classifyStream } from './classify-line.js';
import { loadScorer } from './scorer.js';

/** A sink that reports "full" after every write and drains on the next tick, recording what it got. */
class SlowSink extends EventEmitter {
  chunks: string[] = [];
  pending = false;
  write(chunk: string): boolean {
    expect(this.pending).toBe(false); // the stream waited for the previous drain
    this.chunks.push(chunk);
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.emit('drain');
    });
    return false;
  }
}

async function* chunks(...parts: Array<Buffer | string>): AsyncIterable<Buffer | string> {
  for (const p of parts) yield p;
}

describe('classifyStream', () => {
  const scorer = loadScorer();

  it('answers each line in order across chunk boundaries, split UTF-8 included, and waits for a full sink', async () => {
    const line = (id: number, text: string): string => JSON.stringify({ id, text });
    const bytes = Buffer.from(`${line(1, 'café idiot')}\n\n${line(2, 'ok')}\r\nnot json\n${line(3, 'last')}`);
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of "é"
    const sink = new SlowSink();
    const count = await classifyStream(
      scorer,
      chunks(bytes.subarray(0, cut), bytes.subarray(cut, cut + 30), bytes.subarray(cut + 30)),
      sink,
    );
    const out = sink.chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; scores?: { TOXICITY: number } });
    expect(count).toBe(4);
    expect(out.map((r) => r.id)).toEqual([1, 2, null, 3]);
    expect(out[0]).toEqual({ id: 1, scores: expect.objectContaining({ TOXICITY: expect.any(Number) }) });
    expect(out[2]).toEqual({ id: null, error: 'invalid JSON' });
    const alone = scorer.score('café idiot').TOXICITY;
    expect(out[0]?.scores?.TOXICITY).toBeCloseTo(alone, 4);
  });
});
