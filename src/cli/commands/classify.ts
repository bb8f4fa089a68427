/**
 * `agora classify`: JSON lines `{"id","text"}` on stdin, `{"id","scores"}` lines on stdout. Streams with
 * backpressure (reading pauses while stdout is full), so any volume runs in constant memory. A bad line yields
 * `{"id", "error"}` and the run continues.
 */
import type { Command } from 'commander';
import { classifyStream } from '../../moderation/model/classify-line.js';
import { loadScorer } from '../../moderation/model/scorer.js';

export function register(program: Command): void {
  program
    .command('classify')
    .description('score JSON lines {"id","text"} from stdin, write {"id","scores"} lines to stdout')
    .option('--model <file>', 'weights file (default: the committed model)')
    .action(async (opts: { model?: string }) => {
      const scorer = loadScorer(opts.model);
      // A reader that stops early (`| head`) is not an error: stop quietly, as Unix tools do.
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
        process.exit(0);
      });
      await classifyStream(scorer, process.stdin, process.stdout);
    });
}
