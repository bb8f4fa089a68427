import type { Site } from '../modules/sites/site.service.js';
import { ImportWriter, parseDate, type ImportDeps, type ImportSummary } from './common.js';
import type { ImportInput } from './input.js';
import { jsonArrayItems } from './json-stream.js';

interface IssoThread {
  id?: string;
  title?: string;
  comments?: Array<{
    id?: number | string;
    parent?: number | string | null;
    author?: string | null;
    email?: string | null;
    remote_addr?: string | null;
    created?: string | number;
    text?: string;
    mode?: number;
  }>;
}

/** Isso writes "2018-01-01 10:00:00.123456" (UTC) or epoch seconds. */
const issoDate = (v: string | number | undefined): number =>
  typeof v === 'number' ? Math.round(v * 1000) : parseDate(String(v ?? '').replace(/\.\d+$/, ''));

/**
 * Isso's generic JSON: [{id: "/path/", title, comments: [{id, parent, author, email, remote_addr, created,
 * text (Markdown), mode}]}], one thread at a time. mode 2 is pending, 4 deleted; the URL is the site's first
 * origin + the thread's path.
 */
export async function importIsso(deps: ImportDeps, opts: { input: ImportInput; site: Site; onBytes?: (n: number) => void }): Promise<ImportSummary> {
  const writer = new ImportWriter(deps, { site: opts.site, format: 'isso', dropChildlessDeleted: true });
  const origin = opts.site.origins[0];
  for await (const raw of jsonArrayItems(opts.input, '', opts.onBytes)) {
    const t = raw as IssoThread;
    if (!t.id) {
      writer.skip('thread without id');
      continue;
    }
    await writer.story({ key: t.id, identifier: t.id, url: origin && t.id.startsWith('/') ? origin + t.id : null, title: t.title ?? null });
    for (const c of t.comments ?? []) {
      if (c.id === undefined) {
        writer.skip('comment without id');
        continue;
      }
      await writer.comment({
        key: `${t.id}#${c.id}`,
        storyKey: t.id,
        parentKey: c.parent === null || c.parent === undefined || c.parent === '' ? null : `${t.id}#${c.parent}`,
        authorName: c.author ?? '',
        authorEmail: c.email ?? null,
        body: c.text ?? '',
        createdAt: issoDate(c.created),
        status: c.mode === 4 ? 'deleted' : c.mode === 2 ? 'pending' : 'approved',
        ip: c.remote_addr ?? null,
      });
    }
  }
  return writer.finish();
}
