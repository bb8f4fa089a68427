import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db } from '../db/database.js';
import { CommentRepository } from '../modules/comments/comment.repository.js';
import { SiteRepository } from '../modules/sites/site.repository.js';
import { StoryRepository } from '../modules/stories/story.repository.js';
import type { StoryRow } from '../modules/stories/story.table.js';

/** What XML 1.0 cannot carry at all (most control characters, U+FFFE, U+FFFF): everything outside its Char set. */
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\ud7ff\ud800-\udfff\ue000-\ufffd]/g;
const esc = (v: unknown): string =>
  String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    .replace(INVALID_XML_CHARS, '');
const cdata = (v: string): string => `<![CDATA[${v.replace(INVALID_XML_CHARS, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const iso = (ms: number | null): string => new Date(ms ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Writes the Disqus XML export format (what Disqus's importer reads): every <thread> first, then every <post>
 * pointing at its thread and parent by dsq:id. Streams story by story in two passes, so memory holds one story's
 * comments at most. Statuses: deleted → isDeleted, pending → isApproved false, rejected → isSpam (Disqus has no
 * "rejected"; its importers, ours included, leave spam out).
 */
export async function exportDisqusXml(opts: { db: Db; out: Writable; siteId?: string; storyId?: string }): Promise<{ stories: number; comments: number }> {
  const write = async (chunk: string) => {
    if (!opts.out.write(chunk)) await once(opts.out, 'drain');
  };
  const sites = (await new SiteRepository(opts.db).list()).filter((s) => !opts.siteId || s.id === opts.siteId);
  const storyRepo = new StoryRepository(opts.db);
  const commentRepo = new CommentRepository(opts.db);
  const eachStory = async (fn: (story: StoryRow, forum: string) => Promise<void>) => {
    for (const site of sites) {
      let before: { publishedAt: number; id: string } | undefined;
      for (;;) {
        const page = await storyRepo.listBySite(site.id, 200, before);
        for (const row of page) if (!opts.storyId || row.id === opts.storyId) await fn(row, site.id);
        const last = page.at(-1);
        if (page.length < 200 || !last) break;
        before = { publishedAt: last.published_at ?? 0, id: last.id };
      }
    }
  };
  let stories = 0;
  let comments = 0;
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n',
  );
  for (const site of sites) {
    await write(`  <category dsq:id="${esc(site.id)}"><forum>${esc(site.id)}</forum><title>General</title><isDefault>true</isDefault></category>\n`);
  }
  await eachStory(async (s, forum) => {
    stories++;
    await write(
      `  <thread dsq:id="${esc(s.id)}"><id>${esc(s.identifier)}</id><forum>${esc(forum)}</forum><category dsq:id="${esc(forum)}"/>` +
        `<link>${esc(s.url ?? '')}</link><title>${esc(s.title)}</title><message>${cdata(s.body)}</message>` +
        `<createdAt>${iso(s.published_at ?? s.created_at)}</createdAt><isClosed>${s.closed ? 'true' : 'false'}</isClosed><isDeleted>false</isDeleted></thread>\n`,
    );
  });
  await eachStory(async (s) => {
    for (const c of await commentRepo.listByStoryWithAuthors(s.id)) {
      comments++;
      await write(
        `  <post dsq:id="${esc(c.id)}"><id/><message>${cdata(c.html)}</message><createdAt>${iso(c.created_at)}</createdAt>` +
          `<isDeleted>${c.status === 'deleted'}</isDeleted><isSpam>${c.status === 'rejected'}</isSpam>` +
          (c.status === 'pending' ? '<isApproved>false</isApproved>' : '') +
          `<author>${c.author_email ? `<email>${esc(c.author_email)}</email>` : ''}<name>${esc(c.author_name)}</name><isAnonymous>true</isAnonymous></author>` +
          (c.ip ? `<ipAddress>${esc(c.ip)}</ipAddress>` : '') +
          `<thread dsq:id="${esc(s.id)}"/>${c.parent_id ? `<parent dsq:id="${esc(c.parent_id)}"/>` : ''}</post>\n`,
      );
    }
  });
  await write('</disqus>\n');
  return { stories, comments };
}
