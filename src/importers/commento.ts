import type { Site } from '../modules/sites/site.service.js';
import { ImportWriter, parseDate, type ImportDeps, type ImportSummary } from './common.js';
import type { ImportInput } from './input.js';
import { jsonArrayItems } from './json-stream.js';

interface CommentoComment {
  commentHex?: string;
  domain?: string;
  path?: string;
  commenterHex?: string;
  markdown?: string;
  parentHex?: string;
  state?: string;
  creationDate?: string;
  deleted?: boolean;
}
interface CommentoCommenter {
  commenterHex?: string;
  email?: string;
  name?: string;
}

/**
 * Commento's JSON export: {version, comments: [...], commenters: [...]}. Comments name their author by
 * commenterHex and the list of commenters comes after them, so the file is read twice: once for the commenters
 * (kept in memory: one small entry per person), then for the comments, streamed.
 */
export async function importCommento(
  deps: ImportDeps,
  opts: { input: ImportInput; reopen?: () => Promise<ImportInput>; site: Site; onBytes?: (n: number) => void },
): Promise<ImportSummary> {
  const writer = new ImportWriter(deps, { site: opts.site, format: 'commento', dropChildlessDeleted: true });
  const people = new Map<string, { name: string; email: string | null }>();
  for await (const raw of jsonArrayItems(opts.input, 'commenters')) {
    const c = raw as CommentoCommenter;
    if (c.commenterHex) people.set(c.commenterHex, { name: c.name ?? '', email: c.email ?? null });
  }
  const second = opts.reopen ? await opts.reopen() : null;
  if (!second) throw new Error('the Commento importer reads its file twice: give reopen');
  for await (const raw of jsonArrayItems(second, 'comments', opts.onBytes)) {
    const c = raw as CommentoComment;
    if (!c.commentHex || !c.path) {
      writer.skip('comment without id or page');
      continue;
    }
    const storyKey = `${c.domain ?? ''}${c.path}`;
    if (!writer.hasStory(storyKey)) {
      await writer.story({ key: storyKey, identifier: c.path, url: c.domain ? `https://${c.domain}${c.path}` : null, title: null });
    }
    const who = people.get(c.commenterHex ?? '') ?? { name: c.commenterHex === 'anonymous' ? 'Anonymous' : '', email: null };
    await writer.comment({
      key: c.commentHex,
      storyKey,
      parentKey: c.parentHex && c.parentHex !== 'root' ? c.parentHex : null,
      authorName: who.name,
      authorEmail: who.email,
      body: c.markdown ?? '',
      createdAt: parseDate(c.creationDate),
      status: c.deleted ? 'deleted' : c.state === 'approved' ? 'approved' : 'pending',
    });
  }
  return writer.finish();
}
