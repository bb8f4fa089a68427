/** `agora train`: trains the toxicity model from the shared labelled sets and writes the weights file. */
import { join } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { sharedDir } from '../../lib/paths.js';
import { loadAll } from '../../moderation/model/datasets.js';
import { defaultModelPath } from '../../moderation/model/scorer.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../../moderation/model/train.js';
import { writeModel } from '../../moderation/model/weights-file.js';

export function register(program: Command): void {
  program
    .command('train')
    .description('train the toxicity model on the labelled sets and write its weights')
    .option('--data <dir>', 'folder of labelled sets', join(sharedDir(), 'data', 'toxicity'))
    .option('--out <file>', 'weights file to write', defaultModelPath())
    .option('--seed <n>', 'seed for shuffling', String(DEFAULT_TRAIN_OPTIONS.seed))
    .action((opts: { data: string; out: string; seed: string }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${opts.seed}`);
      const bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: 'training [{bar}] {percentage}% {value}/{total}' },
        cliProgress.Presets.shades_classic,
      );
      const examples = loadAll(opts.data);
      bar.start(1, 0);
      const model = trainModel(examples, {
        ...DEFAULT_TRAIN_OPTIONS,
        seed,
        onProgress: (done, total) => {
          bar.setTotal(total);
          bar.update(done);
        },
      });
      bar.stop();
      writeModel(opts.out, model);
      process.stderr.write(`wrote ${opts.out} (${model.version})\n`);
    });
}
