import type { Deps } from '../deps.js';
import type { Site } from '../modules/sites/site.service.js';
import { importAgoraJson } from './agora-json.js';
import { importCommento } from './commento.js';
import type { ImportFormat, ImportSummary } from './common.js';
import { importDisqus } from './disqus.js';
import type { ImportInput } from './input.js';
import { importIsso } from './isso.js';
import { importRemark42 } from './remark42.js';
import { importWordPress } from './wordpress.js';

type Deps4 = Pick<Deps, 'store' | 'stories' | 'comments' | 'clock' | 'sites'>;

/** Runs one format's importer. Agora JSON carries its own sites (`site` only filters); the others import into `site`. */
export async function runImport(
  format: ImportFormat,
  deps: Deps4,
  opts: { input: ImportInput; reopen?: () => Promise<ImportInput>; site: () => Promise<Site>; siteId?: string; onBytes?: (n: number) => void },
): Promise<ImportSummary[]> {
  const common = { input: opts.input, ...(opts.onBytes ? { onBytes: opts.onBytes } : {}) };
  switch (format) {
    case 'agora':
      return importAgoraJson(deps, { ...common, ...(opts.siteId ? { siteId: opts.siteId } : {}) });
    case 'disqus':
      return [await importDisqus(deps, { ...common, site: await opts.site() })];
    case 'wordpress':
      return [await importWordPress(deps, { ...common, site: await opts.site() })];
    case 'commento':
      return [await importCommento(deps, { ...common, ...(opts.reopen ? { reopen: opts.reopen } : {}), site: await opts.site() })];
    case 'remark42':
      return [await importRemark42(deps, { ...common, site: await opts.site() })];
    case 'isso':
      return [await importIsso(deps, { ...common, site: await opts.site() })];
  }
}

/** "disqus: 2 stories created, 0 found; 4 comments imported (2 approved, …); skipped: spam 1, …" */
export function describeSummary(s: ImportSummary): string {
  const c = s.comments;
  const skipped = Object.entries(s.skipped).map(([reason, n]) => `${reason} ${n}`);
  return (
    `${s.format}: stories ${s.stories.created} created, ${s.stories.existing} already present\n` +
    `comments: ${c.imported} imported (${c.approved} approved, ${c.pending} pending, ${c.rejected} rejected, ${c.deleted} tombstones), ${c.existing} already present\n` +
    `skipped: ${skipped.length ? skipped.join(', ') : 'none'}` +
    (s.orphans ? `\nreplies whose parent is missing, kept at top level: ${s.orphans}` : '') +
    (s.warnings ? `\nrecovered from ${s.warnings} problems in the file` : '')
  );
}
