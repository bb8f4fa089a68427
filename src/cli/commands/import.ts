import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { importPage } from '../../importers/page/import.js';
import { ensureSite } from '../../demo/seed.js';
import { fail, withDeps } from '../context.js';
import { registerFormatImports } from './import-formats.js';

export function register(program: Command): void {
  const imp = program.command('import').description('import stories and comments from other systems');
  registerFormatImports(imp);
  imp
    .command('page')
    .description('import a news page saved as text: headline, caption, body, then a • bulleted comment tree')
    .argument('<file>', 'the page file')
    .option('--site <id>', 'site to import into (created if missing)', 'demo')
    .option('--url <url>', 'the story URL on the site')
    .option('--identifier <id>', "the site's own id for the story")
    .action(async (file: string, opts: { site: string; url?: string; identifier?: string }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        return fail(`cannot read ${file}: ${(err as Error).message}`);
      }
      await withDeps(async (deps) => {
        try {
          const site = await ensureSite(deps, opts.site, opts.url);
          const r = await importPage(deps, { text, site, ...(opts.url ? { url: opts.url } : {}), ...(opts.identifier ? { identifier: opts.identifier } : {}) });
          const c = r.comments;
          console.log(
            `${r.storyCreated ? 'created' : 'updated'} story ${r.story.id} "${r.story.title}"\n` +
              `comments: ${c.imported} imported (${c.approved} approved, ${c.pending} held for review, ${c.rejected} rejected), ${c.existing} already present`,
          );
        } catch (err) {
          if (err instanceof AppError) return fail(err.message);
          throw err;
        }
      });
    });
}
