import type { Site } from '../modules/sites/site.service.js';
import { htmlToMarkdown, ImportWriter, parseDate, type ImportDeps, type ImportSummary } from './common.js';
import { lines, type ImportInput } from './input.js';

interface Remark42Comment {
  id?: string;
  pid?: string;
  text?: string;
  orig?: string;
  user?: { name?: string; id?: string; email?: string };
  locator?: { site?: string; url?: string };
  time?: string;
  title?: string;
  delete?: boolean;
}

/**
 * A Remark42 backup: line-delimited JSON, a meta line ({version, users, posts}) and then one comment per line
 * ({id, pid, text (HTML), orig (Markdown), user, locator {site, url}, time, delete}). Read line by line.
 * Remark42 stores only hashed IPs, so none are imported.
 */
export async function importRemark42(deps: ImportDeps, opts: { input: ImportInput; site: Site; onBytes?: (n: number) => void }): Promise<ImportSummary> {
  const writer = new ImportWriter(deps, { site: opts.site, format: 'remark42', dropChildlessDeleted: true });
  for await (const line of lines(opts.input, opts.onBytes)) {
    if (!line.trim()) continue;
    let c: Remark42Comment;
    try {
      c = JSON.parse(line) as Remark42Comment;
    } catch {
      writer.summary.warnings++;
      continue;
    }
    if (!c.locator) continue; // the meta line
    if (!c.id || !c.locator.url) {
      writer.skip('comment without id or url');
      continue;
    }
    const storyKey = c.locator.url;
    if (!writer.hasStory(storyKey)) await writer.story({ key: storyKey, url: c.locator.url, title: c.title ?? null });
    await writer.comment({
      key: c.id,
      storyKey,
      parentKey: c.pid || null,
      authorName: c.user?.name ?? '',
      authorEmail: c.user?.email ?? null,
      body: c.orig?.trim() ? c.orig : htmlToMarkdown(c.text ?? ''),
      createdAt: parseDate(c.time),
      status: c.delete ? 'deleted' : 'approved',
    });
  }
  return writer.finish();
}
