import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ensureSite } from '../../demo/seed.js';
import { AppError } from '../../errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../importers/common.js';
import { fileInput } from '../../importers/input.js';
import { describeSummary, runImport } from '../../importers/run.js';
import { fail, withDeps } from '../context.js';

const DESCRIPTIONS: Record<ImportFormat, string> = {
  disqus: 'a Disqus XML export',
  wordpress: 'a WordPress export (WXR 1.0–1.2)',
  commento: 'a Commento JSON export',
  remark42: 'a Remark42 backup (line-delimited JSON)',
  isso: "Isso's generic JSON export",
  agora: "Agora's own JSON export (export --format json)",
};

/** `import disqus|wordpress|commento|remark42|isso|json FILE`: streamed, with a progress bar on stderr. */
export function registerFormatImports(imp: Command): void {
  for (const format of IMPORT_FORMATS) {
    imp
      .command(format === 'agora' ? 'json' : format)
      .description(`import ${DESCRIPTIONS[format]}; importing again adds only what is new`)
      .argument('<file>', 'the export file')
      .option('--site <id>', format === 'agora' ? 'only this site of the file' : 'site to import into (created if missing)', format === 'agora' ? undefined : 'demo')
      .option('--no-progress', 'no progress bar')
      .action(async (file: string, opts: { site?: string; progress: boolean }) => {
        let input;
        try {
          input = await fileInput(file);
        } catch (err) {
          return fail(`cannot read ${file}: ${(err as Error).message}`);
        }
        const bar = opts.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: '{bar} {percentage}% | {value}/{total} bytes | {duration_formatted}' }, cliProgress.Presets.shades_classic) : null;
        bar?.start(input.size ?? 0, 0);
        await withDeps(async (deps) => {
          try {
            const summaries = await runImport(format, deps, {
              input,
              reopen: () => fileInput(file),
              site: () => ensureSite(deps, opts.site ?? 'demo'),
              ...(opts.site ? { siteId: opts.site } : {}),
              ...(bar ? { onBytes: (n: number) => bar.update(n) } : {}),
            });
            bar?.stop();
            for (const s of summaries) console.log(describeSummary(s));
          } catch (err) {
            bar?.stop();
            if (err instanceof AppError) return fail(err.message);
            throw err;
          }
        });
      });
  }
}
