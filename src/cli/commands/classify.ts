/**
 * `agora classify`: JSON lines `{"id","text"}` on stdin, `{"id","scores"}` lines on stdout. Streams with
 * backpressure (the pipeline pauses reading while stdout is full), so any volume runs in constant memory. A bad line
 * yields `{"id", "error"}` and the run continues.
 */
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { classifyLine } from '../../moderation/model/classify-line.js';
import { loadScorer } from '../../moderation/model/scorer.js';

export function register(program: Command): void {
  program
    .command('classify')
    .description('score JSON lines {"id","text"} from stdin, write {"id","scores"} lines to stdout')
    .option('--model <file>', 'weights file (default: the committed model)')
    .action(async (opts: { model?: string }) => {
      const scorer = loadScorer(opts.model);
      const lines = Readable.from(createInterface({ input: process.stdin, crlfDelay: Infinity }));
      const toJson = new Transform({
        objectMode: true,
        transform(line: string, _enc, done) {
          if (line.trim() === '') return done();
          done(null, JSON.stringify(classifyLine(scorer, line)) + '\n');
        },
      });
      await pipeline(lines, toJson, process.stdout);
    });
}
