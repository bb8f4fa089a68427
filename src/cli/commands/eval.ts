/** `agora eval`: scores every set's held-out split with the committed model and writes bench/reports/model-eval.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot, sharedDir } from '../../lib/paths.js';
import { loadAll } from '../../moderation/model/datasets.js';
import { evalReport, evaluate } from '../../moderation/model/evaluate.js';
import { loadScorer } from '../../moderation/model/scorer.js';
import { loadCivilSpanTest, wordLevelAuc } from '../../moderation/model/span-eval.js';

export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate the toxicity model on held-out splits; writes bench/reports/model-eval.md')
    .option('--data <dir>', 'folder of labelled sets', join(sharedDir(), 'data', 'toxicity'))
    .option('--model <file>', 'weights file (default: the committed model)')
    .option('--out <file>', 'report to write', join(packageRoot(), 'bench', 'reports', 'model-eval.md'))
    .action((opts: { data: string; model?: string; out: string }) => {
      const scorer = loadScorer(opts.model);
      const rows = evaluate(loadAll(opts.data), (t) => scorer.score(t));
      const words = wordLevelAuc(loadCivilSpanTest(opts.data), (w) => scorer.score(w).TOXICITY);
      const report =
        evalReport(rows, scorer.version) +
        '\n## Civil Comments toxic spans, word level\n\n' +
        'Each word of the held-out comments, scored alone by TOXICITY, against the set ground truth (more than\n' +
        'half the raters marked it toxic).\n\n' +
        '| words | toxic words | ROC-AUC | PR-AUC |\n|---:|---:|---:|---:|\n' +
        `| ${words.words} | ${words.toxicWords} | ${words.rocAuc.toFixed(3)} | ${words.prAuc.toFixed(3)} |\n`;
      mkdirSync(join(opts.out, '..'), { recursive: true });
      writeFileSync(opts.out, report);
      process.stdout.write(report);
    });
}
