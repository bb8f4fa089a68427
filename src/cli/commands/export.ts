import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportAgoraJson } from '../../exporters/agora-json.js';
import { exportDisqusXml } from '../../exporters/disqus-xml.js';
import { fail, withDeps } from '../context.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('export sites, stories and comments')
    .option('--format <format>', 'export format: json (Agora JSON, re-importable with import json) or disqus (Disqus XML)', 'json')
    .option('--site <id>', 'only this site')
    .option('--story <id>', 'only this story')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { format: string; site?: string; story?: string; out?: string }) => {
      if (opts.format !== 'json' && opts.format !== 'disqus') return fail(`unknown format "${opts.format}"; formats: json, disqus`, 2);
      await withDeps(async (deps) => {
        const out = opts.out ? createWriteStream(opts.out) : process.stdout;
        const scope = { ...(opts.site ? { siteId: opts.site } : {}), ...(opts.story ? { storyId: opts.story } : {}) };
        const r = opts.format === 'disqus' ? await exportDisqusXml({ db: deps.store.db, out, ...scope }) : await exportAgoraJson({ db: deps.store.db, out, now: deps.clock(), ...scope });
        if (opts.out) {
          out.end();
          await finished(out);
        }
        console.error(`exported ${r.stories} stories, ${r.comments} comments`);
      });
    });
}
