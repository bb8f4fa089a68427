import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { Db } from '../db/database.js';
import { CommentRepository } from '../modules/comments/comment.repository.js';
import { SiteRepository } from '../modules/sites/site.repository.js';
import { toSite } from '../modules/sites/site.service.js';
import { StoryRepository } from '../modules/stories/story.repository.js';
import { toStory } from '../modules/stories/story.service.js';

export const AGORA_EXPORT_VERSION = 1;

/**
 * Writes Agora's JSON export: {format, version, exportedAt, sites: [{…site, stories: [{…story, comments}]}]}.
 * Streams one story at a time, so memory stays flat whatever the site's size. Authors' emails are included:
 * an export is an operator's backup, not a public document.
 */
export async function exportAgoraJson(opts: { db: Db; out: Writable; siteId?: string; storyId?: string; now: number }): Promise<{ stories: number; comments: number }> {
  const write = async (chunk: string) => {
    if (!opts.out.write(chunk)) await once(opts.out, 'drain');
  };
  const sites = (await new SiteRepository(opts.db).list()).filter((s) => !opts.siteId || s.id === opts.siteId).map(toSite);
  const storyRepo = new StoryRepository(opts.db);
  const commentRepo = new CommentRepository(opts.db);
  let stories = 0;
  let comments = 0;
  await write(`{"format":"agora","version":${AGORA_EXPORT_VERSION},"exportedAt":${JSON.stringify(new Date(opts.now).toISOString())},"sites":[`);
  for (const [si, site] of sites.entries()) {
    await write(`${si ? ',' : ''}\n${JSON.stringify({ id: site.id, name: site.name, origins: site.origins, settings: site.settings }).slice(0, -1)},"stories":[`);
    let first = true;
    let before: { publishedAt: number; id: string } | undefined;
    for (;;) {
      const page = await storyRepo.listBySite(site.id, 200, before);
      for (const row of page) {
        if (opts.storyId && row.id !== opts.storyId) continue;
        const story = toStory(row);
        const rows = await commentRepo.listByStoryWithAuthors(story.id);
        const out = {
          id: story.id,
          identifier: story.identifier,
          url: story.url,
          title: story.title,
          body: story.body,
          image: story.image,
          publishedAt: story.publishedAt,
          closed: story.closed,
          createdAt: story.createdAt,
          comments: rows.map((c) => ({
            id: c.id,
            parentId: c.parent_id,
            status: c.status,
            author: { name: c.author_name, email: c.author_email },
            body: c.body,
            createdAt: c.created_at,
            editedAt: c.edited_at,
            deletedAt: c.deleted_at,
            upvotes: c.upvotes,
            downvotes: c.downvotes,
            reasons: JSON.parse(c.reasons) as unknown,
            importKey: c.import_key,
          })),
        };
        await write(`${first ? '' : ','}\n${JSON.stringify(out)}`);
        first = false;
        stories++;
        comments += rows.length;
      }
      const last = page.at(-1);
      if (page.length < 200 || !last) break;
      before = { publishedAt: last.published_at ?? 0, id: last.id };
    }
    await write(']}');
  }
  await write('\n]}\n');
  return { stories, comments };
}
